package org.partnerdelegation.core.outbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.partnerdelegation.core.domain.AccessGrant;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.GrantChange;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.StorageTime;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.observation.DeliveryObservation;
import org.partnerdelegation.core.observation.DeliveryOutcome;
import org.partnerdelegation.core.observation.DelegationObserver;
import org.partnerdelegation.core.observation.Observing;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.Notifier;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * Delivers the notification outbox: claims due entries, hands each to the {@link Notifier},
 * marks it delivered, and on failure retries it with backoff ({@link RetryPolicy}) until it
 * gives up and keeps the entry as FAILED. Nothing is dropped silently, and an entry that was
 * delivered is never sent again. Delivery is at least once: a crash between sending and
 * marking means one more send.
 *
 * <p>Invitation tokens are minted here, at delivery, and stored only as their hash: the token
 * exists nowhere but in the notification handed to the notifier. Each attempt mints a fresh
 * token; once it has been delivered, links minted before it stop working (a newer one, or one
 * already used, is left alone), and if the delivery fails the unsent token is deleted while the
 * last delivered link keeps working. An invitation whose partner left the directory or lost the
 * partner permission is not sent: the entry is DISCARDED with the reason, and the partner may
 * resend once the permission is back.
 *
 * <p>Build it from the facade, {@code OutboxDispatcher.builder(delegation).notifier(notifier).build()},
 * so that both use the same store, directory, clock and settings (the invitation time to live
 * has one place). Run it on demand with {@link #drain()}, or on a schedule in the host's process
 * with {@link #start(Duration)} and {@link #close()}. Several dispatchers, on one node or several
 * sharing a database, may run at once: claimed entries are leased (measured by the database's
 * clock on Jdbi), and each claim carries a fence, its attempt number. A delivery that outlasts
 * its lease may be claimed and sent again by another dispatcher, but the late one then records
 * nothing: it neither marks the entry nor supersedes the newer link.
 * Each delivery attempt is reported to the facade's {@link DelegationObserver} with its outcome.
 * Thread-safe.
 */
public final class OutboxDispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OutboxDispatcher.class.getName());

    private final DelegationStore store;
    private final TenantDirectory tenants;
    private final Notifier notifier;
    private final Clock clock;
    private final RandomGenerator random;
    private final Duration invitationTtl;
    private final RoleCatalogue catalogue;
    private final RetryPolicy retryPolicy;
    private final int batchSize;
    private final Duration lease;
    private final DelegationObserver observer;
    private final Object lifecycle = new Object();
    private ScheduledExecutorService scheduler;

    private OutboxDispatcher(Builder b) {
        this.store = b.facade.delegationStore();
        this.tenants = b.facade.tenantDirectory();
        this.clock = b.facade.clock();
        this.invitationTtl = b.facade.settings().invitationTtl();
        this.catalogue = b.facade.roleCatalogue();
        this.observer = b.facade.observer();
        this.notifier = Objects.requireNonNull(b.notifier, "notifier");
        this.random = b.random;
        this.retryPolicy = b.retryPolicy;
        this.batchSize = b.batchSize;
        this.lease = b.lease;
    }

    /**
     * Starts assembling a dispatcher for the facade's store, directory, clock and settings; only
     * the notifier is required besides.
     *
     * @param facade the facade whose store, directory, clock and settings the dispatcher uses
     * @return a builder with the defaults described on {@link Builder}
     * @throws NullPointerException when {@code facade} is null
     */
    public static Builder builder(PartnerDelegation facade) {
        return new Builder(Objects.requireNonNull(facade, "facade"));
    }

    /**
     * Delivers every entry due now, batch after batch, until none is due. Entries that fail are
     * rescheduled for later and not retried within the same call. A notifier's failure is recorded
     * on its entry, never thrown.
     *
     * @return what this call did; {@link DrainResult#NOTHING} when nothing was due
     * @throws DelegationException {@code STORAGE_UNAVAILABLE} when the store fails; entries already
     *                             handled keep what was recorded for them
     */
    public DrainResult drain() {
        DrainResult result = DrainResult.NOTHING;
        while (true) {
            Instant now = StorageTime.now(clock);
            List<OutboxEntry> batch = store.claimDueNotifications(now, lease, batchSize);
            if (batch.isEmpty()) {
                return result;
            }
            for (OutboxEntry entry : batch) {
                result = result.plus(observedDispatch(entry));
            }
        }
    }

    /**
     * Starts draining every {@code period} on a daemon thread of its own, until {@link #close()}.
     * A failing drain (storage down) is logged and tried again at the next tick. Once closed, it may
     * be started again.
     *
     * @param period the delay between the end of one drain and the start of the next; positive
     * @throws NullPointerException  when {@code period} is null
     * @throws DelegationException   {@code INVALID_INPUT} when {@code period} is zero or negative
     * @throws IllegalStateException when already started
     */
    public void start(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw DelegationException.invalidInput("period", "must be positive");
        }
        synchronized (lifecycle) {
            if (scheduler != null) {
                throw new IllegalStateException("The outbox dispatcher is already running");
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "partner-delegation-outbox");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::drainLogged, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the schedule started by {@link #start(Duration)}, letting a drain in progress finish. Idempotent. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (lifecycle) {
            running = scheduler;
            scheduler = null;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(30, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void drainLogged() {
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Draining the notification outbox failed; trying again at the next tick", e);
        }
    }

    /** One delivery attempt inside its observation, ended by what the attempt recorded. */
    private DrainResult observedDispatch(OutboxEntry entry) {
        DeliveryObservation observation = Observing.delivery(observer, entry.type());
        DrainResult result;
        try {
            result = dispatch(entry);
        } catch (RuntimeException | Error e) {
            Observing.failed(observation, e);
            throw e;
        }
        Observing.ended(observation, result.delivered() > 0 ? DeliveryOutcome.DELIVERED : result.retried() > 0 ? DeliveryOutcome.RETRY
                : result.failed() > 0 ? DeliveryOutcome.FAILED : DeliveryOutcome.DISCARDED);
        return result;
    }

    private DrainResult dispatch(OutboxEntry entry) {
        Instant now = StorageTime.now(clock);
        Resolved resolved;
        try {
            resolved = resolve(entry, now);
        } catch (RuntimeException e) {
            return failed(entry, now, e);
        }
        if (resolved.notification().isEmpty()) {
            store.markDiscarded(entry.id(), entry.attempts(), resolved.discardReason());
            return new DrainResult(0, 0, 0, 1);
        }
        Notification notification = resolved.notification().get();
        Optional<SecretToken> token = notification.invitationToken();
        try {
            notifier.deliver(notification);
        } catch (RuntimeException e) {
            // The customer never saw this token: delete it, and leave the link of the last delivered mail working.
            token.ifPresent(t -> store.inTransaction(tx -> {
                tx.deleteInvitation(t.hash());
                return null;
            }));
            return failed(entry, now, e);
        }
        // Fenced: only the claim still holding the entry records the delivery and retires the older links.
        boolean recorded = store.inTransaction(tx -> {
            if (!tx.markDelivered(entry.id(), entry.attempts(), StorageTime.now(clock))) {
                return false;
            }
            token.ifPresent(t -> tx.supersedeOpenInvitationsOlderThan(entry.delegationId(), t.hash()));
            return true;
        });
        if (!recorded) {
            LOG.log(System.Logger.Level.INFO, "Notification {0} ({1}) was delivered after its lease ran out and another "
                    + "dispatcher claimed it (attempt {2}); recording nothing", entry.id(), entry.type(), entry.attempts());
        }
        return new DrainResult(1, 0, 0, 0);
    }

    private DrainResult failed(OutboxEntry entry, Instant now, RuntimeException e) {
        String error = OutboxEntry.truncateError(describe(e));
        if (retryPolicy.allowsAnotherAfter(entry.attempts())) {
            Instant retryAt = now.plus(retryPolicy.backoffAfter(entry.attempts()));
            LOG.log(System.Logger.Level.INFO, "Notification {0} ({1}) failed on attempt {2}; retrying at {3}: {4}",
                    entry.id(), entry.type(), entry.attempts(), retryAt, error);
            store.recordFailure(entry.id(), entry.attempts(), error, Optional.of(retryAt));
            return new DrainResult(0, 1, 0, 0);
        }
        LOG.log(System.Logger.Level.WARNING, "Notification {0} ({1}) to {2} failed {3} times; giving up and keeping it as FAILED: {4}",
                entry.id(), entry.type(), entry.recipient().masked(), entry.attempts(), error);
        store.recordFailure(entry.id(), entry.attempts(), error, Optional.empty());
        return new DrainResult(0, 0, 1, 0);
    }

    /**
     * What operators read in the entry's last error and the log: the stable code where there is
     * one, and the message with every email address in it masked, since a notifier's message may
     * carry the recipient's.
     */
    static String describe(RuntimeException e) {
        String kind = e instanceof DelegationException d ? d.code().name() : e.getClass().getSimpleName();
        return kind + ": " + maskLocalParts(String.valueOf(e.getMessage()));
    }

    /**
     * Masks the local part of anything shaped like an address, its first code point kept: a run of
     * characters other than whitespace and {@code @<>"'(),;:[]}, directly followed by {@code @} and,
     * before the next whitespace or {@code @}, by at least one character and then a dot. What follows
     * the {@code @} is kept. One pass, in linear time: a regular expression of this rule tries every
     * start in a long run again (a 40 KB message without {@code @} took 1.8 s), and the message is
     * text from outside: a notifier's, often a mail server's reply.
     */
    static String maskLocalParts(String text) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (!inLocalPart(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && inLocalPart(text.charAt(i))) {
                i++;
            }
            // The run ends at i; no start inside it can end anywhere else, so it is decided once.
            if (i < n && text.charAt(i) == '@' && dotAfterFirstCharacter(text, i + 1)) {
                if (out == null) {
                    out = new StringBuilder(n + 16);
                }
                out.append(text, copied, start + Character.charCount(text.codePointAt(start))).append("***");
                copied = i;
            }
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    private static boolean inLocalPart(char c) {
        return switch (c) {
            case ' ', '\t', '\n', '\u000B', '\f', '\r', '@', '<', '>', '"', '\'', '(', ')', ',', ';', ':', '[', ']' -> false;
            default -> true;
        };
    }

    /**
     * Whether the run from {@code from} up to the next whitespace or {@code @} holds a dot after its
     * first character. Each such scan stops at the next {@code @}, so the scans of all the at signs
     * of a text read each character once.
     */
    private static boolean dotAfterFirstCharacter(String text, int from) {
        for (int k = from; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '@' || c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                return false;
            }
            if (c == '.' && k > from) {
                return true;
            }
        }
        return false;
    }

    /** The notification to send, or why it is no longer worth sending. */
    private record Resolved(Optional<Notification> notification, String discardReason) {
        static Resolved send(Notification n) {
            return new Resolved(Optional.of(n), "");
        }

        static Resolved discard(String reason) {
            return new Resolved(Optional.empty(), reason);
        }
    }

    private Resolved resolve(OutboxEntry entry, Instant now) {
        // One unit of work: a directory on the store's database joins it, and a missing partner
        // rolls the new invitation back instead of leaving an unsent one open.
        if (!entry.type().carriesInvitation()) {
            return store.inTransaction(tx -> {
                Delegation d = tx.findDelegation(entry.delegationId())
                        .orElseThrow(() -> new IllegalStateException("delegation " + entry.delegationId() + " is missing"));
                return Resolved.send(notification(entry, d, partnerOf(d), Optional.empty(), Optional.empty()));
            });
        }
        boolean changeRequest = entry.type() == NotificationType.CHANGE_REQUEST;
        SecretToken token = SecretToken.generate(random);
        Instant expiresAt = now.plus(invitationTtl);
        return store.inTransaction(tx -> {
            // Held, so that a removal racing this delivery either sees the invitation (and tells the customer)
            // or ends the delegation first (and this mail is not sent).
            Optional<Delegation> pending = tx.lockDelegation(entry.delegationId())
                    .filter(d -> changeRequest ? d.isConnected() && d.requestedChange().isPresent() : d.isPending());
            if (pending.isEmpty()) {
                return Resolved.discard(changeRequest
                        ? "the change request was answered, replaced or ended with its delegation; it was not sent"
                        : "the delegation is no longer pending; the invitation was not sent");
            }
            Delegation d = pending.get();
            Optional<Tenant> partner = tenants.findById(d.partnerTenant()).filter(Tenant::partnerPermission);
            if (partner.isEmpty()) {
                return Resolved.discard("the partner no longer holds the partner permission; the invitation was not sent "
                        + "(the partner may resend it once the permission is granted back)");
            }
            tx.insertInvitation(Invitation.open(token.hash(), d.id(), now, expiresAt));
            return Resolved.send(notification(entry, d, partner.get(), Optional.of(token), Optional.of(expiresAt)));
        });
    }

    private Tenant partnerOf(Delegation d) {
        return tenants.findById(d.partnerTenant())
                .orElseThrow(() -> new IllegalStateException("partner tenant " + d.partnerTenant() + " is missing from the directory"));
    }

    /**
     * The notification with the grant it concerns: what an invitation or a change request asks
     * for, and for the other notices what is granted now, as the catalogue describes the roles.
     */
    private Notification notification(OutboxEntry entry, Delegation d, Tenant partner, Optional<SecretToken> token,
                                      Optional<Instant> expiresAt) {
        AccessGrant grant = d.grant();
        List<RoleKey> roles = List.copyOf(grant.roles());
        Optional<Duration> term = grant.term();
        Optional<Instant> endsAt = d.isPending() ? Optional.empty() : grant.endsAt();
        if (entry.type() == NotificationType.CHANGE_REQUEST && d.requestedChange().isPresent()) {
            GrantChange change = d.requestedChange().get();
            roles = List.copyOf(change.roles());
            term = change.term();
        }
        // The names as the directory has them now: the customer's tenant may have left it (no name, then).
        Optional<String> customerName = tenants.findById(d.customerTenant()).flatMap(t -> t.profile().displayName());
        return new Notification(entry.id(), entry.type(), entry.recipient(), d.id(), partner.accountNumber(),
                partner.administratorEmail(), d.customerAccountNumber(), d.customerEmail(), token, expiresAt,
                catalogue.describe(roles), term, endsAt, grant.autoRenew() && !d.isPending(), logins(entry, partner),
                partner.profile().displayName(), customerName);
    }

    /**
     * The logins a login notice or digest reports, each with its partner as the directory has it
     * now (a digest may span partners, when the customer changed partner within the day) and its
     * roles as the catalogue describes them.
     */
    private List<Notification.Login> logins(OutboxEntry entry, Tenant delegationPartner) {
        java.util.Map<org.partnerdelegation.core.domain.TenantId, Tenant> partners = new java.util.HashMap<>();
        partners.put(delegationPartner.id(), delegationPartner);
        return entry.logins().stream().map(login -> {
            Tenant partner = partners.computeIfAbsent(login.partnerTenant(), id -> tenants.findById(id)
                    .orElseThrow(() -> new IllegalStateException("partner tenant " + id + " is missing from the directory")));
            return new Notification.Login(partner.accountNumber(), partner.administratorEmail(), login.partnerUser(), login.at(),
                    catalogue.describe(List.copyOf(login.roles())), login.reason(), partner.profile().displayName());
        }).toList();
    }

    /**
     * Assembles an {@link OutboxDispatcher} for a facade: its store, directory, clock and
     * settings (the invitation time to live). The notifier is required. Defaults:
     * {@link SecureRandom} for tokens, {@link RetryPolicy#defaults()}, batches of 50, a lease of
     * 5 minutes (longer than the longest delivery, or a slow send may be repeated by another
     * dispatcher; the repeat is harmless but the customer gets two mails). Not thread-safe; the
     * dispatcher it builds is.
     */
    public static final class Builder {
        private final PartnerDelegation facade;
        private Notifier notifier;
        private RandomGenerator random = new SecureRandom();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private int batchSize = 50;
        private Duration lease = Duration.ofMinutes(5);

        private Builder(PartnerDelegation facade) {
            this.facade = facade;
        }

        /**
         * Sets who delivers each notification (required; there is no default).
         *
         * @param notifier the notifier, called outside any transaction
         * @return this builder
         * @throws NullPointerException when {@code notifier} is null
         */
        public Builder notifier(Notifier notifier) {
            this.notifier = Objects.requireNonNull(notifier, "notifier");
            return this;
        }

        /**
         * Sets the source of invitation tokens. Tokens are secrets: in production keep the default {@link SecureRandom}.
         *
         * @param random the source; tests pass a seeded one to repeat tokens
         * @return this builder
         * @throws NullPointerException when {@code random} is null
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Sets how often and how late a failed delivery is tried again; {@link RetryPolicy#defaults()} otherwise.
         *
         * @param retryPolicy the policy
         * @return this builder
         * @throws NullPointerException when {@code retryPolicy} is null
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * Sets how many entries one claim takes, 1 to 1000; 50 otherwise.
         *
         * @param batchSize entries per claim
         * @return this builder
         * @throws DelegationException {@code INVALID_INPUT} when it is below 1 or above 1000
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 1000) {
                throw DelegationException.invalidInput("batchSize", "must be between 1 and 1000, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets how long a claimed entry is kept from other dispatchers while it is being delivered; 5 minutes otherwise.
         *
         * @param lease the lease; longer than the slowest delivery
         * @return this builder
         * @throws NullPointerException when {@code lease} is null
         * @throws DelegationException  {@code INVALID_INPUT} when it is zero or negative
         */
        public Builder lease(Duration lease) {
            Objects.requireNonNull(lease, "lease");
            if (lease.isNegative() || lease.isZero()) {
                throw DelegationException.invalidInput("lease", "must be positive");
            }
            this.lease = lease;
            return this;
        }

        /**
         * Builds the dispatcher; it starts nothing by itself.
         *
         * @return the dispatcher, not yet started
         * @throws NullPointerException when no notifier was given
         */
        public OutboxDispatcher build() {
            return new OutboxDispatcher(this);
        }
    }
}
