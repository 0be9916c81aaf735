package org.partnerdelegation.benchmarks.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.partnerdelegation.benchmarks.load.Journal.Kind;
import org.partnerdelegation.benchmarks.load.Tally.Outcome;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;

/**
 * One load thread: acts for its partner and its customers with the mix of a host's traffic,
 * remembers what each acknowledged call established, and checks every later answer against it.
 * A call in doubt is retried until an answer resolves it; until then the entity it touched is
 * left alone. Not thread-safe: one per thread.
 */
final class Worker implements Runnable {

    /** The invitation tokens the mail server received, by customer, for the threads of one node. */
    static final class Tokens {
        private final Map<Long, String> latest = new ConcurrentHashMap<>();

        void put(int g, int i, String token) {
            latest.put(key(g, i), token);
        }

        String take(int g, int i) {
            return latest.remove(key(g, i));
        }

        boolean has(int g, int i) {
            return latest.containsKey(key(g, i));
        }

        private static long key(int g, int i) {
            return ((long) g << 32) | i;
        }
    }

    private enum State { NONE, PENDING, CONNECTED, UNKNOWN }

    private static final class Customer {
        final int i;
        final Tenant tenant;
        State state = State.NONE;
        DelegationId delegation;
        boolean doubt;

        Customer(int i, Tenant tenant) {
            this.i = i;
            this.tenant = tenant;
        }
    }

    private static final class Held {
        final String token;
        final Customer customer;
        final DelegationId delegation;
        boolean doubt;

        Held(String token, Customer customer, DelegationId delegation) {
            this.token = token;
            this.customer = customer;
            this.delegation = delegation;
        }
    }

    private record Retry(Call call, Customer customer, Held session, String token) {
    }

    /** Pages of 5 rows: a thread holds a few dozen accounts at most, and later pages must exist to be read. */
    private static final AccountQuery FIRST_PAGE = AccountQuery.firstPage().withLimit(5);
    private static final int KEEP_REVOKED = 200;
    private static final int MAX_LIVE = 40;
    private static final int KEEP_LOGGED_IN = 3;
    /** Below this many open (pending or connected) accounts a thread adds faster. */
    private static final int WARM = 8;

    private final int g;
    private final LoadTenants tenants;
    private final Tenant partner;
    private final PartnerDelegation facade;
    private final Journal journal;
    private final Tally tally;
    private final Tokens tokens;
    private final Random random;
    private final BooleanSupplier stop;
    private final List<Customer> customers = new ArrayList<>();
    private final List<Held> live = new ArrayList<>();
    private final List<Held> revoked = new ArrayList<>();
    private final Deque<Retry> retries = new ArrayDeque<>();
    private boolean permissionRevoked;
    private Optional<String> cursor = Optional.empty();
    private long seq;
    private long nextRevoke;
    private long logins;

    Worker(int g, LoadTenants tenants, PartnerDelegation facade, Journal journal, Tally tally, Tokens tokens, long seed,
           BooleanSupplier stop) {
        this.g = g;
        this.tenants = tenants;
        this.partner = tenants.partner(g);
        this.facade = facade;
        this.journal = journal;
        this.tally = tally;
        this.tokens = tokens;
        this.random = new Random(seed * 1_000_003L + g);
        this.stop = stop;
        for (int i = 0; i < tenants.customersPerThread(); i++) {
            customers.add(new Customer(i, tenants.customer(g, i)));
        }
        this.nextRevoke = System.nanoTime() + (20 + random.nextInt(60)) * 1_000_000_000L;
    }

    @Override
    public void run() {
        while (!stop.getAsBoolean()) {
            step();
        }
        settle(System.nanoTime() + 60_000_000_000L);
    }

    /** After the run: retries what is still in doubt, for as long as {@code deadline} allows; the rest is left out of the checks. */
    private void settle(long deadline) {
        while ((!retries.isEmpty() || permissionRevoked) && System.nanoTime() < deadline) {
            if (!resolveOne()) {
                pause(200);
            }
        }
        for (Retry r : retries) {
            if (r.customer() != null) {
                note(Kind.UNRESOLVED, "delegation", r.customer().delegation == null ? "customer-" + r.customer().i
                        : r.customer().delegation.value().toString());
            } else if (r.session() != null) {
                note(Kind.UNRESOLVED, "session", r.session().token);
            } else {
                note(Kind.UNRESOLVED, "partner", partner.id().value());
            }
        }
    }

    void step() {
        if (!retries.isEmpty() || permissionRevoked) {
            if (!resolveOne()) {
                // The database is still away: keep the reads going, as a host's requests do.
                if (random.nextBoolean() && !live.isEmpty()) {
                    validate();
                } else {
                    list();
                }
                return;
            }
        }
        if (System.nanoTime() >= nextRevoke) {
            // About once a minute per thread, whatever its call rate: every session of the partner ends at once.
            nextRevoke = System.nanoTime() + (45 + random.nextInt(30)) * 1_000_000_000L;
            revokePermission();
            return;
        }
        // Per 10,000 calls. The changes are rare, as in a host's traffic, and their mails must keep up with one
        // dispatcher per node; a thread with few accounts yet adds faster, so that a short run has some to work on.
        int dice = random.nextInt(10_000);
        int adds = openAccounts() < WARM ? 500 : 30;
        if (dice < adds) {
            add();
        } else if (dice < 800) {
            accept();
        } else if (dice < 1000) {
            login();
        } else if (dice < 1100) {
            endSession();
        } else if (dice < 1120) {
            delete();
        } else if (dice < 1130) {
            disassociate();
        } else if (dice < 8000) {
            validate();
        } else {
            list();
        }
    }

    // ------------------------------------------------------------------ the calls

    private void validate() {
        boolean wantLive = revoked.isEmpty() || random.nextInt(10) > 0;
        List<Held> from = wantLive ? live : revoked;
        if (from.isEmpty()) {
            // Nothing to check yet: the partner logs in first, as a host's user does.
            login();
            return;
        }
        Held s = from.get(random.nextInt(from.size()));
        long t0 = System.nanoTime();
        Optional<DelegatedSession> answer;
        try {
            answer = facade.validateSession(s.token);
        } catch (RuntimeException e) {
            failed(Call.VALIDATE_SESSION, e);
            return;
        }
        long took = System.nanoTime() - t0;
        if (s.doubt) {
            tally.ok(Call.VALIDATE_SESSION, took);
        } else if (wantLive && answer.isEmpty()) {
            wrong(Call.VALIDATE_SESSION, "no session for a live one of " + s.delegation.value());
        } else if (!wantLive && answer.isPresent()) {
            wrong(Call.VALIDATE_SESSION, "a session acknowledged ended validated: " + s.delegation.value());
        } else if (answer.isPresent() && !answer.get().delegationId().equals(s.delegation)) {
            wrong(Call.VALIDATE_SESSION, "the session of " + s.delegation.value() + " answered for " + answer.get().delegationId().value());
        } else {
            tally.ok(Call.VALIDATE_SESSION, took);
        }
    }

    /** What a thread does when the call it drew has nothing to act on: the reads of a host's requests. */
    private void read() {
        if (!live.isEmpty() && random.nextInt(4) > 0) {
            validate();
        } else {
            list();
        }
    }

    private void list() {
        boolean next = cursor.isPresent() && random.nextInt(3) == 0;
        Call call = next ? Call.LIST_NEXT_PAGE : Call.LIST_FIRST_PAGE;
        long t0 = System.nanoTime();
        try {
            Page<AccountListEntry> page = facade.listAccounts(LoadTenants.adminOf(partner),
                    next ? FIRST_PAGE.after(cursor.get()) : FIRST_PAGE);
            tally.ok(call, System.nanoTime() - t0);
            cursor = page.nextCursor();
        } catch (RuntimeException e) {
            if (next && e instanceof DelegationException d && d.code() == ErrorCode.INVALID_INPUT) {
                // A cursor whose row has gone since; a host starts from the first page again.
                cursor = Optional.empty();
            }
            failed(call, e);
        }
    }

    private void login() {
        Customer c = pick(State.CONNECTED);
        if (c == null || live.size() >= MAX_LIVE) {
            read();
            return;
        }
        String key = "load-" + tenants.run() + "-" + g + "-" + logins++;
        if (doLogin(c, key) == Result.IN_DOUBT) {
            note(Kind.LOGIN_IN_DOUBT, c.delegation.value().toString(), key);
            c.doubt = true;
            retries.add(new Retry(Call.LOGIN, c, null, key));
        }
    }

    /** A login with the host's idempotency key: its retry returns the session the first attempt opened, with a new token. */
    private Result doLogin(Customer c, String key) {
        long t0 = System.nanoTime();
        try {
            IssuedSession issued = facade.loginToCustomer(LoadTenants.adminOf(partner), c.delegation,
                    LoginRequest.allGranted().withIdempotencyKey(key));
            tally.ok(Call.LOGIN, System.nanoTime() - t0);
            c.doubt = false;
            Held s = new Held(issued.token().reveal(), c, c.delegation);
            live.add(s);
            note(Kind.LOGIN, c.delegation.value().toString(), s.token);
            return Result.DONE;
        } catch (RuntimeException e) {
            if (code(e) == ErrorCode.NOT_CONNECTED || code(e) == ErrorCode.DELEGATION_NOT_FOUND) {
                wrong(Call.LOGIN, "refused " + code(e) + " for " + c.delegation.value() + ", acknowledged connected");
                c.state = State.UNKNOWN;
                return Result.REFUSED;
            }
            return failed(Call.LOGIN, e);
        }
    }

    private void add() {
        Customer c = pick(State.NONE);
        if (c == null) {
            read();
            return;
        }
        tokens.take(g, c.i);
        if (doAdd(c) == Result.IN_DOUBT) {
            c.doubt = true;
            retries.add(new Retry(Call.ADD, c, null, null));
        }
    }

    private Result doAdd(Customer c) {
        long t0 = System.nanoTime();
        try {
            AccountListEntry row = facade.addCustomerAccount(LoadTenants.adminOf(partner), c.tenant.administratorEmail());
            tally.ok(Call.ADD, System.nanoTime() - t0);
            c.delegation = row.delegationId();
            c.state = State.PENDING;
            c.doubt = false;
            note(Kind.ADD, row.delegationId().value().toString(), c.tenant.id().value());
            return Result.DONE;
        } catch (RuntimeException e) {
            return failed(Call.ADD, e);
        }
    }

    private void accept() {
        Customer c = null;
        for (int tries = 0; tries < 8 && c == null; tries++) {
            Customer x = customers.get(random.nextInt(customers.size()));
            if (x.state == State.PENDING && !x.doubt && tokens.has(g, x.i)) {
                c = x;
            }
        }
        if (c == null) {
            read();
            return;
        }
        String token = tokens.take(g, c.i);
        if (token == null) {
            return;
        }
        if (doAccept(c, token) == Result.IN_DOUBT) {
            c.doubt = true;
            retries.add(new Retry(Call.ACCEPT, c, null, token));
        }
    }

    private Result doAccept(Customer c, String token) {
        long t0 = System.nanoTime();
        try {
            PartnerLink link = facade.acceptInvitation(LoadTenants.adminOf(c.tenant), token);
            tally.ok(Call.ACCEPT, System.nanoTime() - t0);
            c.doubt = false;
            if (!link.delegationId().equals(c.delegation) || !link.partnerTenant().equals(partner.id())) {
                wrong(Call.ACCEPT, "accepting the link of " + c.delegation.value() + " connected " + link.delegationId().value());
                c.state = State.UNKNOWN;
                return Result.DONE;
            }
            c.state = State.CONNECTED;
            note(Kind.ACCEPT, c.delegation.value().toString(), "-");
            return Result.DONE;
        } catch (RuntimeException e) {
            ErrorCode code = code(e);
            if (code == ErrorCode.INVITATION_INVALID || code == ErrorCode.INVITATION_EXPIRED) {
                // A link of a delegation ended before its mail arrived, or superseded by a later one: the host shows "invalid".
                tally.business(Call.ACCEPT, code.name());
                return Result.REFUSED;
            }
            return failed(Call.ACCEPT, e);
        }
    }

    private void endSession() {
        if (live.size() <= KEEP_LOGGED_IN) {
            // A partner keeps a few sessions open (tabs, devices), so that some live ones remain to check at the end.
            read();
            return;
        }
        Held s = live.get(random.nextInt(live.size()));
        if (s.doubt) {
            return;
        }
        Result r = doEnd(s);
        if (r == Result.IN_DOUBT) {
            s.doubt = true;
            retries.add(new Retry(Call.END_SESSION, null, s, null));
        }
    }

    private Result doEnd(Held s) {
        long t0 = System.nanoTime();
        try {
            facade.endSession(s.token);
            tally.ok(Call.END_SESSION, System.nanoTime() - t0);
            s.doubt = false;
            live.remove(s);
            keepRevoked(s);
            note(Kind.END_SESSION, s.token, "-");
            return Result.DONE;
        } catch (RuntimeException e) {
            return failed(Call.END_SESSION, e);
        }
    }

    private void delete() {
        Customer c = random.nextInt(4) == 0 ? pick(State.PENDING) : pick(State.CONNECTED);
        if (c == null) {
            read();
            return;
        }
        if (doDelete(c, false) == Result.IN_DOUBT) {
            markDoubt(c);
            retries.add(new Retry(Call.DELETE, c, null, null));
        }
    }

    private Result doDelete(Customer c, boolean retry) {
        long t0 = System.nanoTime();
        try {
            facade.deleteAccount(LoadTenants.adminOf(partner), c.delegation);
            tally.ok(Call.DELETE, System.nanoTime() - t0);
        } catch (RuntimeException e) {
            if (!(retry && code(e) == ErrorCode.DELEGATION_NOT_FOUND)) {
                return failed(Call.DELETE, e);
            }
            // The retry of a delete in doubt: only this thread ends this delegation, so it was the first call.
            tally.business(Call.DELETE, "DELEGATION_NOT_FOUND_ON_RETRY");
        }
        ended(c);
        note(Kind.DELETE, c.delegation.value().toString(), "-");
        return Result.DONE;
    }

    private void disassociate() {
        Customer c = pick(State.CONNECTED);
        if (c == null) {
            validate();
            return;
        }
        if (doDisassociate(c, false) == Result.IN_DOUBT) {
            markDoubt(c);
            retries.add(new Retry(Call.DISASSOCIATE, c, null, null));
        }
    }

    private Result doDisassociate(Customer c, boolean retry) {
        long t0 = System.nanoTime();
        try {
            facade.disassociatePartner(LoadTenants.adminOf(c.tenant));
            tally.ok(Call.DISASSOCIATE, System.nanoTime() - t0);
        } catch (RuntimeException e) {
            if (!(retry && code(e) == ErrorCode.NOT_CONNECTED)) {
                return failed(Call.DISASSOCIATE, e);
            }
            tally.business(Call.DISASSOCIATE, "NOT_CONNECTED_ON_RETRY");
        }
        ended(c);
        note(Kind.DISASSOCIATE, c.delegation.value().toString(), "-");
        return Result.DONE;
    }

    private void revokePermission() {
        Result r = doRevoke();
        if (r == Result.IN_DOUBT) {
            live.forEach(s -> s.doubt = true);
            retries.add(new Retry(Call.REVOKE_PERMISSION, null, null, null));
        }
    }

    private Result doRevoke() {
        long t0 = System.nanoTime();
        try {
            facade.revokePartnerPermission(LoadTenants.operator(), partner.id());
            tally.ok(Call.REVOKE_PERMISSION, System.nanoTime() - t0);
        } catch (RuntimeException e) {
            return failed(Call.REVOKE_PERMISSION, e);
        }
        note(Kind.REVOKE, partner.id().value(), "-");
        for (Held s : new ArrayList<>(live)) {
            s.doubt = false;
            keepRevoked(s);
        }
        live.clear();
        permissionRevoked = true;
        // Given back at once: the partner's other work goes on, and sessions from before never validate again.
        grant();
        return Result.DONE;
    }

    private Result grant() {
        long t0 = System.nanoTime();
        try {
            facade.grantPartnerPermission(LoadTenants.operator(), partner.id());
            tally.ok(Call.GRANT_PERMISSION, System.nanoTime() - t0);
        } catch (RuntimeException e) {
            return failed(Call.GRANT_PERMISSION, e);
        }
        note(Kind.GRANT, partner.id().value(), "-");
        permissionRevoked = false;
        return Result.DONE;
    }

    /** Tries the oldest call in doubt (or the grant owed after a revoke) once; true when nothing is left in doubt. */
    private boolean resolveOne() {
        if (!retries.isEmpty()) {
            Retry r = retries.peekFirst();
            Result result = switch (r.call()) {
                case ADD -> doAdd(r.customer());
                case LOGIN -> doLogin(r.customer(), r.token());
                case ACCEPT -> doAccept(r.customer(), r.token());
                case END_SESSION -> doEnd(r.session());
                case DELETE -> doDelete(r.customer(), true);
                case DISASSOCIATE -> doDisassociate(r.customer(), true);
                case REVOKE_PERMISSION -> doRevoke();
                default -> throw new IllegalStateException(r.call().name());
            };
            switch (result) {
                case DONE -> retries.removeFirst();
                case REFUSED -> {
                    // A definite refusal on the retry: what the first call did cannot be told; leave the entity out.
                    retries.removeFirst();
                    if (r.customer() != null) {
                        r.customer().state = State.UNKNOWN;
                        note(Kind.UNRESOLVED, "delegation", r.customer().delegation == null ? "customer-" + r.customer().i
                                : r.customer().delegation.value().toString());
                    }
                }
                default -> {
                    return false;
                }
            }
            return retries.isEmpty() && !permissionRevoked;
        }
        if (permissionRevoked) {
            return grant() == Result.DONE;
        }
        return true;
    }

    // ------------------------------------------------------------------ bookkeeping

    private enum Result { DONE, REFUSED, IN_DOUBT, UNAVAILABLE }

    private Result failed(Call call, RuntimeException e) {
        ErrorCode code = code(e);
        if (code == ErrorCode.STORAGE_UNAVAILABLE) {
            tally.add(call, Outcome.REFUSED);
            note(Kind.REFUSED, call.name(), "-");
            if (call.writes()) {
                note(Kind.WRITE_FAILED, call.name(), "REFUSED");
            }
            return Result.UNAVAILABLE;
        }
        if (code == ErrorCode.OUTCOME_UNKNOWN) {
            tally.add(call, Outcome.IN_DOUBT);
            note(Kind.WRITE_FAILED, call.name(), "IN_DOUBT");
            return Result.IN_DOUBT;
        }
        if (code != null) {
            tally.business(call, code.name());
            return Result.REFUSED;
        }
        tally.add(call, Outcome.RAW);
        note(Kind.RAW, call.name(), e.getClass().getName() + ": " + e.getMessage());
        return Result.REFUSED;
    }

    private void wrong(Call call, String what) {
        tally.add(call, Outcome.WRONG);
        note(Kind.WRONG, call.name(), what);
    }

    private static ErrorCode code(RuntimeException e) {
        return e instanceof DelegationException d ? d.code() : null;
    }

    private int openAccounts() {
        int n = 0;
        for (Customer c : customers) {
            if (c.state == State.PENDING || c.state == State.CONNECTED) {
                n++;
            }
        }
        return n;
    }

    private Customer pick(State state) {
        for (int tries = 0; tries < 8; tries++) {
            Customer c = customers.get(random.nextInt(customers.size()));
            if (c.state == state && !c.doubt) {
                return c;
            }
        }
        return null;
    }

    private void markDoubt(Customer c) {
        c.doubt = true;
        live.stream().filter(s -> s.customer == c).forEach(s -> s.doubt = true);
    }

    private void ended(Customer c) {
        c.state = State.NONE;
        c.doubt = false;
        for (Held s : new ArrayList<>(live)) {
            if (s.customer == c) {
                live.remove(s);
                s.doubt = false;
                keepRevoked(s);
            }
        }
    }

    private void keepRevoked(Held s) {
        revoked.add(s);
        if (revoked.size() > KEEP_REVOKED) {
            revoked.remove(0);
        }
    }

    private void note(Kind kind, String a, String b) {
        journal.record(new Journal.Entry(System.currentTimeMillis(), g, seq++, kind, a, b));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
