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
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.Notifier;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.core.usecase.DelegationSettings;

/**
 * Delivers the notification outbox: claims due entries, hands each to the {@link Notifier},
 * marks it delivered, and on failure retries it with backoff ({@link RetryPolicy}) until it
 * gives up and keeps the entry as FAILED. Nothing is dropped silently, and an entry that was
 * delivered is never sent again. Delivery is at least once: a crash between sending and
 * marking means one more send.
 *
 * <p>Invitation tokens are minted here, at delivery, and stored only as their hash: the token
 * exists nowhere but in the notification handed to the notifier. Each attempt mints a fresh
 * token; once it has been delivered, older links of the same delegation stop working, and if
 * the delivery fails the unsent token is retired while the last delivered link keeps working.
 *
 * <p>Run it on demand with {@link #drain()}, or on a schedule in the host's process with
 * {@link #start(Duration)} and {@link #close()}. Several dispatchers, on one node or several
 * sharing a database, may run at once: claimed entries are leased, so each is sent by one.
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
    private final RetryPolicy retryPolicy;
    private final int batchSize;
    private final Duration lease;
    private final Object lifecycle = new Object();
    private ScheduledExecutorService scheduler;

    private OutboxDispatcher(Builder b) {
        this.store = Objects.requireNonNull(b.store, "delegationStore");
        this.tenants = Objects.requireNonNull(b.tenants, "tenantDirectory");
        this.notifier = Objects.requireNonNull(b.notifier, "notifier");
        this.clock = b.clock;
        this.random = b.random;
        this.invitationTtl = b.settings.invitationTtl();
        this.retryPolicy = b.retryPolicy;
        this.batchSize = b.batchSize;
        this.lease = b.lease;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Delivers every entry due now, batch after batch, until none is due. Entries that fail are
     * rescheduled for later and not retried within the same call.
     */
    public DrainResult drain() {
        DrainResult result = DrainResult.NOTHING;
        while (true) {
            Instant now = clock.instant();
            List<OutboxEntry> batch = store.claimDueNotifications(now, now.plus(lease), batchSize);
            if (batch.isEmpty()) {
                return result;
            }
            for (OutboxEntry entry : batch) {
                result = result.plus(dispatch(entry));
            }
        }
    }

    /**
     * Starts draining every {@code period} on a daemon thread of its own, until {@link #close()}.
     * A failing drain (storage down) is logged and tried again at the next tick.
     *
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

    private DrainResult dispatch(OutboxEntry entry) {
        Instant now = clock.instant();
        Optional<Notification> notification;
        try {
            notification = resolve(entry, now);
        } catch (RuntimeException e) {
            return failed(entry, now, e);
        }
        if (notification.isEmpty()) {
            store.markDiscarded(entry.id(), "the delegation is no longer pending; the invitation was not sent");
            return new DrainResult(0, 0, 0, 1);
        }
        Optional<SecretToken> token = notification.get().invitationToken();
        try {
            notifier.deliver(notification.get());
        } catch (RuntimeException e) {
            // The customer never saw this token: retire it, and leave the link of the last delivered mail working.
            token.ifPresent(t -> store.inTransaction(tx -> tx.findInvitation(t.hash())
                    .map(i -> {
                        tx.updateInvitation(i.superseded());
                        return i;
                    })));
            return failed(entry, now, e);
        }
        // Only now that the new link reached the customer do older links stop working.
        token.ifPresent(t -> store.inTransaction(tx -> tx.supersedeOpenInvitationsExcept(entry.delegationId(), t.hash())));
        store.markDelivered(entry.id(), clock.instant());
        return new DrainResult(1, 0, 0, 0);
    }

    private DrainResult failed(OutboxEntry entry, Instant now, RuntimeException e) {
        String error = OutboxEntry.truncateError(describe(e));
        if (retryPolicy.allowsAnotherAfter(entry.attempts())) {
            Instant retryAt = now.plus(retryPolicy.backoffAfter(entry.attempts()));
            LOG.log(System.Logger.Level.INFO, "Notification {0} ({1}) failed on attempt {2}; retrying at {3}: {4}",
                    entry.id(), entry.type(), entry.attempts(), retryAt, error);
            store.recordFailure(entry.id(), error, Optional.of(retryAt));
            return new DrainResult(0, 1, 0, 0);
        }
        LOG.log(System.Logger.Level.WARNING, "Notification {0} ({1}) to {2} failed {3} times; giving up and keeping it as FAILED: {4}",
                entry.id(), entry.type(), entry.recipient(), entry.attempts(), error);
        store.recordFailure(entry.id(), error, Optional.empty());
        return new DrainResult(0, 0, 1, 0);
    }

    /** What operators read in the entry's last error: the stable code where there is one, and the message. */
    private static String describe(RuntimeException e) {
        String kind = e instanceof DelegationException d ? d.code().name() : e.getClass().getSimpleName();
        return kind + ": " + e.getMessage();
    }

    /** The notification to send for the entry, or empty when it is no longer worth sending. */
    private Optional<Notification> resolve(OutboxEntry entry, Instant now) {
        // One unit of work: a directory on the store's database joins it, and a missing partner
        // rolls the new invitation back instead of leaving an unsent one open.
        if (entry.type() != NotificationType.INVITATION) {
            return store.inTransaction(tx -> {
                Delegation d = tx.findDelegation(entry.delegationId())
                        .orElseThrow(() -> new IllegalStateException("delegation " + entry.delegationId() + " is missing"));
                return Optional.of(notification(entry, d, Optional.empty(), Optional.empty()));
            });
        }
        SecretToken token = SecretToken.generate(random);
        Instant expiresAt = now.plus(invitationTtl);
        return store.inTransaction(tx -> tx.findDelegation(entry.delegationId()).filter(Delegation::isPending).map(d -> {
            tx.insertInvitation(Invitation.open(token.hash(), d.id(), now, expiresAt));
            return notification(entry, d, Optional.of(token), Optional.of(expiresAt));
        }));
    }

    private Notification notification(OutboxEntry entry, Delegation d, Optional<SecretToken> token, Optional<Instant> expiresAt) {
        Tenant partner = tenants.findById(d.partnerTenant())
                .orElseThrow(() -> new IllegalStateException("partner tenant " + d.partnerTenant() + " is missing from the directory"));
        return new Notification(entry.id(), entry.type(), entry.recipient(), d.id(), partner.accountNumber(),
                partner.administratorEmail(), d.customerAccountNumber(), d.customerEmail(), token, expiresAt);
    }

    /**
     * Assembles an {@link OutboxDispatcher}. The store, the tenant directory and the notifier
     * are required. Defaults: UTC system clock, {@link SecureRandom}, {@link DelegationSettings#defaults()}
     * (for the invitation time to live), {@link RetryPolicy#defaults()}, batches of 50, a lease
     * of 5 minutes (it must exceed the longest delivery, or a slow send may be repeated by
     * another dispatcher).
     */
    public static final class Builder {
        private DelegationStore store;
        private TenantDirectory tenants;
        private Notifier notifier;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = new SecureRandom();
        private DelegationSettings settings = DelegationSettings.defaults();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private int batchSize = 50;
        private Duration lease = Duration.ofMinutes(5);

        private Builder() {
        }

        public Builder delegationStore(DelegationStore store) {
            this.store = Objects.requireNonNull(store, "delegationStore");
            return this;
        }

        public Builder tenantDirectory(TenantDirectory tenants) {
            this.tenants = Objects.requireNonNull(tenants, "tenantDirectory");
            return this;
        }

        public Builder notifier(Notifier notifier) {
            this.notifier = Objects.requireNonNull(notifier, "notifier");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The same settings as the facade's, for the invitation time to live. */
        public Builder settings(DelegationSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 1000) {
                throw DelegationException.invalidInput("batchSize", "must be between 1 and 1000, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder lease(Duration lease) {
            Objects.requireNonNull(lease, "lease");
            if (lease.isNegative() || lease.isZero()) {
                throw DelegationException.invalidInput("lease", "must be positive");
            }
            this.lease = lease;
            return this;
        }

        public OutboxDispatcher build() {
            return new OutboxDispatcher(this);
        }
    }
}
