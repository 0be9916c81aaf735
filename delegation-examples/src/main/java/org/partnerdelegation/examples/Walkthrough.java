package org.partnerdelegation.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.outbox.DrainResult;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.InvitationReview;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.usecase.TimeLimitResult;
import org.partnerdelegation.examples.DemoInbox.ReceivedMail;

/**
 * Plays the seed scenario of partner delegation over the embedded H2 database and narrates it:
 * the partner Acme Reseller adds two customers, the invitations are mailed, customer 1 accepts,
 * the partner logs in to it, the partner's delegated session is refused anything beyond customer 1
 * (no chained delegation), a second partner is refused, and customer 1 disassociates. Then the
 * least-privilege part: the partner asks customer 3 for read-only billing access ({@code billing:read})
 * for 30 days, the customer reviews and approves it, a session holds that role only and is refused
 * the administrator role, the time moves on (the walkthrough's clock is moved forward): both sides
 * get the ending notice, and once the end date passes the session stops validating at once and the
 * scheduled job ends the delegation. After each step it prints the partner's account list.
 *
 * <p>The mails really go out: {@code delegation-mail}'s notifier sends them through SMTP to an
 * SMTP server the run starts in-process on a free loopback port, and the walkthrough reads them
 * back from that server's mailboxes ({@link DemoInbox}). Customer 1 accepts with the token of the
 * link in the mail it received, signed in as the invited account: its administrator, with the
 * verified email the invitation was mailed to ({@link SeedTenants#administratorOf(Tenant)}).
 * Requests made with the delegated session's token act as the principal the library derives from
 * the session, {@code validateSession(token).map(DelegatedSession::principal)}, never as an
 * administrator principal the host builds itself.
 *
 * <p>Every run starts from a fresh, empty database (a temporary directory, deleted afterwards) and
 * empty mailboxes. The walkthrough checks what it shows: when the library does not behave as the
 * scenario expects, {@link #run(PrintStream)} throws {@link IllegalStateException}. Session tokens
 * are never printed; the invitation link is, as it is the content of the invitation mail.
 * Instances are immutable; each run is independent, and stops every thread it started.
 */
public final class Walkthrough {

    private final Clock baseClock;

    /** A walkthrough on the system clock (UTC), ticking in whole seconds so that the times print short. */
    public Walkthrough() {
        this(Clock.tick(Clock.systemUTC(), Duration.ofSeconds(1)));
    }

    /** A walkthrough whose use cases read "now" from {@code clock}. */
    public Walkthrough(Clock clock) {
        this.baseClock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Plays the whole scenario, printing it to {@code out}.
     *
     * @throws IllegalStateException when a step does not turn out as the scenario expects
     * @throws DelegationException   when a use case fails where the scenario expects success
     */
    public void run(PrintStream out) {
        Objects.requireNonNull(out, "out");
        Path directory;
        try {
            directory = Files.createTempDirectory("partner-delegation-walkthrough");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the embedded database", e);
        }
        try {
            run(out, directory);
        } finally {
            deleteQuietly(directory);
        }
    }

    /**
     * Plays the whole scenario over an embedded H2 database in {@code dataDirectory}, which must
     * not hold an earlier run's database (the scenario starts from empty tables).
     */
    public void run(PrintStream out, Path dataDirectory) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        // The scenario moves time on to show an end date passing; each run starts from the given clock.
        MovableClock clock = new MovableClock(baseClock);
        try (DemoWiring wiring = DemoWiring.create(dataDirectory, clock)) {
            out.println("Storage: embedded H2 database in " + dataDirectory.toAbsolutePath());
            new Run(out, wiring, clock).play();
        }
    }

    /**
     * Runs {@code action}, which the scenario expects the library to refuse with {@code expected},
     * and returns the refusal.
     *
     * @param what what the action is, for the failure message
     * @throws IllegalStateException when the action is allowed, or refused with another code (the refusal as its cause)
     */
    static DelegationException expectRefusal(ErrorCode expected, String what, Runnable action) {
        Objects.requireNonNull(expected, "expected");
        try {
            action.run();
        } catch (DelegationException refused) {
            if (refused.code() != expected) {
                throw new IllegalStateException("Walkthrough failed: expected " + what + " to be refused with " + expected
                        + ", but it was refused with " + refused.code(), refused);
            }
            return refused;
        }
        throw new IllegalStateException("Walkthrough failed: expected " + what + " to be refused with " + expected
                + ", but it was allowed");
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    /** One play of the scenario: its wiring and its output. */
    private static final class Run {
        private final PrintStream out;
        private final DemoWiring wiring;
        private final PartnerDelegation delegation;
        private final Tenant acme = SeedTenants.acmeReseller();
        private final Tenant globex = SeedTenants.globexServices();
        private final Tenant initech = SeedTenants.initech();
        private final Tenant umbrella = SeedTenants.umbrella();
        private final Tenant hooli = SeedTenants.hooli();
        private final MovableClock clock;
        private final Principal jane = SeedTenants.janeAtAcme();
        private final Principal gary = SeedTenants.garyAtGlobex();

        /**
         * Jane as the host states her just after a sign-in with a password and a one-time code: a
         * delegated login asks for a multi-factor authentication of the last 15 minutes.
         */
        private Principal janeSteppedUp() {
            return jane.withAuthentication(Authentication.of(clock.instant(), "pwd", "otp"));
        }
        private int step;

        Run(PrintStream out, DemoWiring wiring, MovableClock clock) {
            this.out = out;
            this.wiring = wiring;
            this.clock = clock;
            this.delegation = wiring.delegation();
        }

        void play() {
            seed();
            DelegationId initechRow = addCustomers();
            deliverInvitations();
            accept();
            String sessionToken = login(initechRow);
            refuseChainedDelegation(sessionToken);
            refuseSecondPartner();
            disassociate(sessionToken);
            DelegationId hooliRow = requestScopedAccess();
            approveScopedAccess();
            loginWithTheGrantedRoleOnly(hooliRow);
            noticeBeforeTheEnd();
            endDateEndsAccess(hooliRow);
            out.println();
            out.println("Walkthrough complete.");
        }

        private void seed() {
            heading("The host's tenants");
            for (Tenant tenant : List.of(acme, globex, initech, umbrella, hooli)) {
                wiring.tenants().register(tenant);
                out.printf("  %-16s account %-7s administrator %-30s partner permission: %s%n", tenant.id(),
                        tenant.accountNumber(), tenant.administratorEmail(), tenant.partnerPermission() ? "yes" : "no");
            }
            partnerTable();
        }

        private DelegationId addCustomers() {
            heading("Acme Reseller adds two customers by their administrator emails");
            AccountListEntry first = delegation.addCustomerAccount(jane, initech.administratorEmail());
            out.println("  Added " + first.email() + " (account " + first.accountNumber() + "): " + first.status().label());
            AccountListEntry second = delegation.addCustomerAccount(jane, umbrella.administratorEmail());
            out.println("  Added " + second.email() + " (account " + second.accountNumber() + "): " + second.status().label());
            expect(first.status() == DelegationStatus.PENDING && second.status() == DelegationStatus.PENDING,
                    "new customer accounts start Pending");
            partnerTable();
            return first.delegationId();
        }

        private void deliverInvitations() {
            heading("The outbox dispatcher mails the invitations");
            out.println("  Tokens are minted now, at delivery; storage keeps only their SHA-256 hashes.");
            out.println("  The mails go through SMTP to the in-process server at " + wiring.inbox().serverAddress()
                    + "; its mailboxes received:");
            deliverMail();
            expect(invitationTo(initech.administratorEmail()).isPresent() && invitationTo(umbrella.administratorEmail()).isPresent(),
                    "both customers received an invitation with an Accept and Login link");
            partnerTable();
        }

        private void accept() {
            heading("Initech's administrator opens the link and accepts");
            String acceptLink = invitationTo(initech.administratorEmail())
                    .flatMap(ReceivedMail::acceptLink)
                    .orElseThrow(() -> new IllegalStateException("Walkthrough failed: no invitation for " + initech.administratorEmail()));
            // What the host's Accept and Login page does: read the token parameter of the link it was opened with.
            String token = DemoInbox.tokenFrom(acceptLink);
            out.println("  The page the link in Initech's mail opens has Initech's administrator log in, reads the link's"
                    + " token parameter and calls acceptInvitation with it.");
            out.println("  Only the invited account may accept: an administrator of Initech whose email the host verified as "
                    + initech.administratorEmail() + ".");
            // Only the invited account may answer: Initech's administrator, with the email the host verified for it.
            PartnerLink link = delegation.acceptInvitation(SeedTenants.administratorOf(initech), token);
            out.println("  You accepted: " + link.partnerEmail().map(EmailAddress::value).orElse("(a partner no longer listed)")
                    + " (account " + link.partnerAccountNumber().map(AccountNumber::value).orElse("unknown")
                    + ") now manages your tenant. Status: " + link.status().label());
            expect(link.status() == DelegationStatus.CONNECTED, "the delegation is Connected once accepted");
            deliverMail();
            partnerTable();
        }

        private String login(DelegationId initechRow) {
            heading("Jane at Acme Reseller logs in to Initech");
            DelegationException passwordOnly = expectRefusal(ErrorCode.STEP_UP_REQUIRED, "a login after a password-only sign-in",
                    () -> delegation.loginToCustomer(jane.withAuthentication(Authentication.of(clock.instant(), "pwd")), initechRow));
            out.println("  Signed in with her password only: refused until she steps up with a second factor");
            printRefusal(passwordOnly);
            out.println("  She confirms with a one-time code (amr pwd otp) and logs in:");
            IssuedSession issued = delegation.loginToCustomer(janeSteppedUp(), initechRow);
            DelegatedSession session = issued.session();
            out.println("  Delegated session issued (its bearer token goes to Jane's browser only, not shown here):");
            out.println("    subject: " + session.subject() + " (Initech's administrator account)");
            out.println("    actor:   " + session.actorUser() + " of tenant " + session.actorTenant());
            out.println("    scope:   " + session.scope());
            out.println("    expires: " + session.expiresAt());
            String sessionToken = issued.token().reveal();
            Optional<DelegatedSession> validated = delegation.validateSession(sessionToken);
            expect(validated.isPresent(), "a fresh delegated session validates");
            out.println("  validateSession: valid, acting as " + validated.get().subject() + " on behalf of " + validated.get().actorUser());
            partnerTable();
            return sessionToken;
        }

        /**
         * No chained delegation: the principal of a request made with Jane's delegated session acts in
         * Initech, but the library refuses it anything beyond Initech or on the delegation itself.
         */
        private void refuseChainedDelegation(String sessionToken) {
            heading("Jane, signed in to Initech through her delegated session, tries to delegate further");
            // What the host does on every request that carries the session's bearer token, and nothing else.
            Principal asInitech = delegation.validateSession(sessionToken).map(DelegatedSession::principal)
                    .orElseThrow(() -> new IllegalStateException("Walkthrough failed: expected that the delegated session validates"));
            out.println("  Each request with the session's token acts as validateSession(token).map(DelegatedSession::principal):");
            out.println("    " + asInitech);
            Optional<PartnerLink> partnerOfInitech = delegation.currentPartner(asInitech);
            expect(partnerOfInitech.filter(l -> l.partnerTenant().equals(acme.id())).isPresent(),
                    "the delegated session reads Initech's own partner link");
            out.println("  Within Initech it may read Initech's partner link: account "
                    + partnerOfInitech.get().partnerAccountNumber().map(AccountNumber::value).orElse("unknown") + ", "
                    + partnerOfInitech.get().status().label());

            DelegationException addRefused = expectRefusal(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED,
                    "the delegated session adding a customer of Initech",
                    () -> delegation.addCustomerAccount(asInitech, umbrella.administratorEmail()));
            out.println("  Adding " + umbrella.administratorEmail() + " as a customer of Initech: refused");
            printRefusal(addRefused);
            DelegationException disassociateRefused = expectRefusal(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED,
                    "the delegated session disassociating Initech from its partner",
                    () -> delegation.disassociatePartner(asInitech));
            out.println("  Disassociating Initech from its partner (ending the delegation it acts under): refused");
            printRefusal(disassociateRefused);

            expect(delegation.currentPartner(SeedTenants.administratorOf(initech)).map(PartnerLink::status)
                            .filter(status -> status == DelegationStatus.CONNECTED).isPresent(),
                    "Initech is still connected to Acme Reseller after the refusals");
            expect(delegation.validateSession(sessionToken).isPresent(), "the delegated session still validates after the refusals");
            out.println("  Nothing changed: Initech is still Connected, and the session still validates.");
            partnerTable();
        }

        private void refuseSecondPartner() {
            heading("An operator lets Globex Services act as a partner; Globex then adds Initech");
            Tenant granted = delegation.grantPartnerPermission(SeedTenants.operator(), globex.id());
            out.println("  Operator granted the partner permission to " + granted.id() + " (account " + granted.accountNumber() + ")");
            DelegationException refused = expectRefusal(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT,
                    "a second partner adding a connected customer", () -> delegation.addCustomerAccount(gary, initech.administratorEmail()));
            out.println("  Refused:");
            printRefusal(refused);
            partnerTable();
        }

        private void disassociate(String sessionToken) {
            heading("Initech disassociates its partner");
            Principal initechAdmin = SeedTenants.administratorOf(initech);
            delegation.disassociatePartner(initechAdmin);
            expect(delegation.currentPartner(initechAdmin).isEmpty(), "Initech has no partner after disassociating");
            out.println("  Initech has no partner any more.");
            boolean stillValid = delegation.validateSession(sessionToken).isPresent();
            expect(!stillValid, "the delegated session stops validating once the delegation is removed");
            out.println("  validateSession: the session issued at the login no longer validates (access ended at once).");
            deliverMail();
            partnerTable();
            out.println();
            out.println("  History, all statuses (ended delegations stay for the audit):");
            indent(AccountTable.render(delegation.listAccounts(jane,
                    AccountQuery.firstPage().withStatuses(EnumSet.allOf(DelegationStatus.class))).items()));
        }

        /** Least privilege: the partner asks for one role, for a period, instead of the whole tenant for ever. */
        private DelegationId requestScopedAccess() {
            heading("Acme Reseller asks Hooli for read-only billing access for 30 days");
            out.println("  The roles the host lets partners request:");
            for (DelegableRole role : delegation.roleCatalogue().roles()) {
                out.printf("    %-22s %-22s %s%s%n", role.key(), role.name(), role.description(),
                        role.sensitive() ? " (sensitive)" : "");
            }
            AccountListEntry row = delegation.addCustomerAccount(jane, hooli.administratorEmail(),
                    GrantRequest.roles(DemoRoles.BILLING_READ.value()).forTerm(Duration.ofDays(30)));
            expect(row.status() == DelegationStatus.PENDING && row.roles().equals(Set.of(DemoRoles.BILLING_READ)),
                    "the new row is Pending, requesting billing:read");
            out.println("  Added " + row.email() + " (account " + row.accountNumber() + "): " + row.status().label()
                    + ", requesting " + RoleKey.join(row.roles()) + " for 30 days");
            deliverMail();
            ReceivedMail invitation = invitationTo(hooli.administratorEmail())
                    .orElseThrow(() -> new IllegalStateException("Walkthrough failed: no invitation for " + hooli.administratorEmail()));
            out.println("    The mail, in German (Hooli's administrator reads German), lists what is asked:");
            invitation.text().lines().filter(line -> line.startsWith("- ") || line.startsWith("Zeitraum:"))
                    .forEach(line -> out.println("      " + line));
            expect(invitation.text().contains("Billing (read only)") && invitation.text().contains("30 Tage"),
                    "the invitation mail lists the role and the period requested, in German");
            partnerTable();
            return row.delegationId();
        }

        private void approveScopedAccess() {
            heading("Hooli's administrator reviews the request and approves it");
            String token = DemoInbox.tokenFrom(invitationTo(hooli.administratorEmail()).flatMap(ReceivedMail::acceptLink)
                    .orElseThrow(() -> new IllegalStateException("Walkthrough failed: no invitation for " + hooli.administratorEmail())));
            Principal hooliAdmin = SeedTenants.administratorOf(hooli);
            InvitationReview review = delegation.reviewInvitation(hooliAdmin, token);
            out.println("  The accept page shows what " + review.partnerEmail().map(EmailAddress::value).orElse("the partner")
                    + " asks for:");
            review.requestedRoles().forEach(role -> out.println("    " + role.name() + ": " + role.description()));
            out.println("    for " + review.requestedTerm().map(t -> t.toDays() + " days from the approval").orElse("no end date"));
            PartnerLink link = delegation.acceptInvitation(hooliAdmin, token);
            expect(link.endsAt().isPresent() && link.roles().size() == 1, "the approved grant has one role and an end date");
            out.println("  Approved as a whole: " + link.roles().get(0).key() + " until " + link.endsAt().get()
                    + ". Status: " + link.status().label());
            deliverMail();
            partnerTable();
        }

        private void loginWithTheGrantedRoleOnly(DelegationId hooliRow) {
            heading("Jane logs in to Hooli: the session holds billing:read and nothing else");
            IssuedSession issued = delegation.loginToCustomer(janeSteppedUp(), hooliRow);
            String token = issued.token().reveal();
            DelegatedSession session = delegation.validateSession(token)
                    .orElseThrow(() -> new IllegalStateException("Walkthrough failed: expected the new session to validate"));
            out.println("    roles:   " + session.scope());
            out.println("    expires: " + session.expiresAt());
            // What the host does on each request of the session: check the role the request needs.
            expect(session.hasRole(DemoRoles.BILLING_READ.value()), "the session may read billing");
            expect(!session.hasRole(RoleKey.TENANT_ADMINISTRATOR.value()), "the session is not the tenant's administrator");
            out.println("  The host checks each request against the session's roles:");
            out.println("    GET /billing/invoices   needs billing:read          -> served");
            out.println("    GET /admin/users        needs tenant:administrator  -> refused (403): the session lacks the role");
            DelegationException refused = expectRefusal(ErrorCode.ROLE_NOT_GRANTED, "a login asking for a role Hooli did not grant",
                    () -> delegation.loginToCustomer(janeSteppedUp(), hooliRow, LoginRequest.roles(RoleKey.TENANT_ADMINISTRATOR.value())));
            out.println("  Logging in asking for tenant:administrator: refused");
            printRefusal(refused);
        }

        private void noticeBeforeTheEnd() {
            heading("17 days pass; the scheduled job tells both sides that the access ends soon");
            clock.advance(Duration.ofDays(17));
            TimeLimitResult result = delegation.enforceTimeLimits(SeedTenants.operator());
            expect(result.endingNotices() == 1, "one delegation's end is within the 14-day notice, but " + result);
            out.println("  enforceTimeLimits: " + result.endingNotices() + " ending notice, " + result.invitationsExpired()
                    + " invitation expired (Umbrella's, unanswered for 7 days)");
            deliverMail();
            partnerTable();
        }

        private void endDateEndsAccess(DelegationId hooliRow) {
            heading("The end date passes: access ends by itself");
            clock.advance(Duration.ofDays(12).plusHours(23).plusMinutes(30));
            IssuedSession late = delegation.loginToCustomer(janeSteppedUp(), hooliRow);
            String token = late.token().reveal();
            out.println("  Half an hour before the end Jane logs in again; the session never outlives the grant:");
            out.println("    expires: " + late.session().expiresAt());
            expect(delegation.validateSession(token).isPresent(), "the session validates before the end");
            clock.advance(Duration.ofMinutes(31));
            expect(delegation.validateSession(token).isEmpty(), "the session stops validating at the end date");
            out.println("  One minute after the end: validateSession no longer accepts the session, before any job has run.");
            DelegationException refused = expectRefusal(ErrorCode.NOT_CONNECTED, "a login after the end date",
                    () -> delegation.loginToCustomer(janeSteppedUp(), hooliRow));
            out.println("  Logging in again: refused");
            printRefusal(refused);
            TimeLimitResult result = delegation.enforceTimeLimits(SeedTenants.operator());
            expect(result.ended() == 1, "the scheduled job ends one delegation, but " + result);
            out.println("  enforceTimeLimits: " + result.ended() + " delegation ended; its sessions are revoked and both sides told");
            deliverMail();
            partnerTable();
            out.println();
            out.println("  History, all statuses:");
            indent(AccountTable.render(delegation.listAccounts(jane,
                    AccountQuery.firstPage().withStatuses(EnumSet.allOf(DelegationStatus.class))).items()));
        }

        /**
         * Drains the outbox, which mails through SMTP, and prints what the server's mailboxes received
         * since the last call: each mail's recipient and subject, and an invitation's link as its text shows it.
         */
        private void deliverMail() {
            DrainResult result = wiring.dispatcher().drain();
            expect(result.retried() == 0 && result.failed() == 0, "the SMTP server accepted every mail, but " + result);
            List<ReceivedMail> received = wiring.inbox().unread();
            expect(received.size() == result.delivered(),
                    "the SMTP server received each of the " + result.delivered() + " mails delivered, but it received " + received.size());
            for (ReceivedMail mail : received) {
                out.println("  Mail to " + mail.recipient() + ": " + mail.subject());
                mail.acceptLink().ifPresent(link -> out.println("    Accept and Login: " + link));
            }
        }

        private void printRefusal(DelegationException refused) {
            out.println("    code:    " + refused.code());
            out.println("    message: " + refused.getMessage());
        }

        private Optional<ReceivedMail> invitationTo(EmailAddress recipient) {
            return wiring.inbox().latestInvitationTo(recipient.value());
        }

        private void partnerTable() {
            out.println();
            out.println("  Acme Reseller's customer accounts:");
            indent(AccountTable.render(delegation.listAccounts(jane, AccountQuery.firstPage()).items()));
        }

        private void indent(String text) {
            text.lines().forEach(line -> out.println("    " + line));
        }

        private void heading(String title) {
            out.println();
            out.println(step == 0 ? "== " + title : "== Step " + step + ": " + title);
            step++;
        }

        private static void expect(boolean condition, String what) {
            if (!condition) {
                throw new IllegalStateException("Walkthrough failed: expected that " + what);
            }
        }
    }
}
