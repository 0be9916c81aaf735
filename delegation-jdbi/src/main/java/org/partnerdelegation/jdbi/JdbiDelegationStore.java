package org.partnerdelegation.jdbi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.sql.Connection;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.DelegationTransaction;
import org.partnerdelegation.core.port.JoinedQueries;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * Delegations, invitations, audit events and the notification outbox in a relational database.
 * The units of work and their statements run on a pooled connection through plain JDBC (see
 * {@link Sql} and {@link Database} for why). A unit of work's writes are held back until its next
 * statement (a read sends them first) or its commit, and on PostgreSQL go as one statement
 * ({@link Sql.Deferred}): a use case's writes cost one round trip. A unit of work is one READ
 * COMMITTED transaction on one connection;
 * the invariants are held by the database itself (a unique partial index for the one CONNECTED
 * delegation per customer on PostgreSQL, unique generated columns on H2), so they hold across
 * application nodes sharing the database. Outbox claims use {@code FOR UPDATE SKIP LOCKED}, so
 * several dispatchers never claim the same entry at once, and lease what they claim on the
 * database's clock (the end-date sweep skips locked rows too, so several nodes sweeping at once
 * share the work); the outcome of a claim is recorded only while no later claim has taken the
 * entry over (the attempt count is the fence). Database failures surface as
 * {@link DelegationException} ({@code STORAGE_UNAVAILABLE}, {@code CONCURRENT_UPDATE},
 * {@code ALREADY_LINKED_TO_ANOTHER_TENANT}), never as raw SQL exceptions.
 *
 * <p>Obtain it from {@link JdbiStorage#delegationStore()}. Thread-safe.
 */
public final class JdbiDelegationStore implements DelegationStore {

    /** The longest lease a claim takes: a year, far beyond any delivery, and a timestamp the databases can add. */
    static final Duration LONGEST_LEASE = Duration.ofDays(365);

    private final Database db;

    JdbiDelegationStore(Database db) {
        this.db = db;
    }

    @Override
    public <T> T inTransaction(UnitOfWork<T> work) {
        Objects.requireNonNull(work, "work");
        return db.inTransaction(c -> work.run(new Transaction(c, db.dialect())));
    }

    /**
     * {@inheritDoc}
     *
     * <p>On one connection in auto-commit (or in the unit of work this thread is in): no BEGIN or
     * COMMIT round trips. The tenant directory and the session issuer of the same storage join it.
     */
    @Override
    public <T> T read(UnitOfWork<T> work) {
        Objects.requireNonNull(work, "work");
        return db.read(c -> work.run(new Transaction(c, db.dialect())));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Offered when {@code directory} and {@code sessions} are this storage's own
     * ({@link JdbiStorage#tenantDirectory()}, {@link JdbiStorage#sessionIssuer()}): then one
     * statement answers {@code validateSession} and the account list, and a login takes three
     * round trips to PostgreSQL, commit included.
     */
    @Override
    public Optional<JoinedQueries> joinedQueries(TenantDirectory directory, SessionIssuer sessions) {
        boolean siblings = directory instanceof JdbiTenantDirectory tenants && tenants.database() == db
                && sessions instanceof JdbiSessionIssuer issuer && issuer.database() == db;
        return siblings ? Optional.of(new JdbiJoinedQueries(db)) : Optional.empty();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Two statements whatever the batch size: read and lock the due entries whose lease ran out
     * (others' locks skipped), then count an attempt on them all and lease them until the
     * database's {@code CURRENT_TIMESTAMP} plus {@code lease}, in a column of its own
     * ({@code leased_until}): every node measures the lease on one clock, and {@code now} only
     * decides what is due. The entries come back with their attempt counted and their due time as
     * stored.
     */
    @Override
    public List<OutboxEntry> claimDueNotifications(Instant now, Duration lease, int limit) {
        Objects.requireNonNull(now, "now");
        long leaseMicros = leaseMicros(lease);
        if (limit < 1) {
            return List.of();
        }
        return db.inTransaction(c -> {
            OutboxDao dao = new OutboxDao(c);
            List<OutboxEntry> due = dao.lockDue(now, limit);
            if (due.isEmpty()) {
                return List.of();
            }
            dao.lease(due.stream().map(e -> e.id().value()).toList(), leaseMicros);
            return due.stream().map(e -> e.with(e.status(), e.attempts() + 1, e.nextAttemptAt(), e.deliveredAt(), e.lastError()))
                    .toList();
        });
    }

    /**
     * The lease in microseconds, the precision both databases keep; at most {@link #LONGEST_LEASE},
     * so that the database's clock plus the lease stays a timestamp it can hold.
     */
    static long leaseMicros(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw DelegationException.invalidInput("lease", "must be positive, got " + lease);
        }
        Duration kept = lease.compareTo(LONGEST_LEASE) > 0 ? LONGEST_LEASE : lease;
        return Math.max(1, TimeUnit.MICROSECONDS.convert(kept));
    }

    @Override
    public boolean recordFailure(NotificationId id, int attempt, String error, Optional<Instant> retryAt) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(retryAt, "retryAt");
        String text = storableText(error);
        return db.inTransaction(c -> retryAt.isPresent()
                ? new OutboxDao(c).retryLater(id.value(), attempt, text, retryAt.get())
                : new OutboxDao(c).close(id.value(), attempt, OutboxStatus.FAILED.name(), text)) > 0;
    }

    @Override
    public boolean markDiscarded(NotificationId id, int attempt, String reason) {
        Objects.requireNonNull(id, "id");
        return db.inTransaction(c -> new OutboxDao(c)
                .close(id.value(), attempt, OutboxStatus.DISCARDED.name(), storableText(reason))) > 0;
    }

    /**
     * An error text as the outbox keeps it: cut to {@link OutboxEntry#MAX_ERROR_LENGTH}, with NUL
     * characters (which PostgreSQL refuses in text) and unpaired surrogates (which a cut may leave,
     * and which the drivers would mangle differently) replaced by U+FFFD. Error texts come from the
     * notifier, a mail server's reply for instance, and may carry anything; failing to record a
     * failure would leave the entry leased and retried without a trace of why.
     */
    static String storableText(String error) {
        String text = OutboxEntry.truncateError(error);
        StringBuilder kept = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            boolean storable = c != '\0' && (paired || !Character.isSurrogate(c));
            if (!storable && kept == null) {
                kept = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (kept != null) {
                kept.append(storable ? c : '\uFFFD');
                if (paired) {
                    kept.append(text.charAt(i + 1));
                }
            }
            if (paired) {
                i++;
            }
        }
        return kept == null ? text : kept.toString();
    }

    @Override
    public List<OutboxEntry> outboxEntries(OutboxStatus status, int limit) {
        Objects.requireNonNull(status, "status");
        return db.read(c -> new OutboxDao(c).withStatus(status.name(), limit));
    }

    /** One unit of work over one connection; the statement groups are made on first use. */
    private static final class Transaction implements DelegationTransaction {
        private final Connection connection;
        private final Dialect dialect;
        private DelegationDao delegations;
        private InvitationDao invitations;
        private AuditDao audit;
        private OutboxDao outbox;
        private EpochDao epochs;
        private CustomerSettingsDao customerSettings;

        Transaction(Connection connection, Dialect dialect) {
            this.connection = connection;
            this.dialect = dialect;
        }

        private DelegationDao delegations() {
            if (delegations == null) {
                delegations = new DelegationDao(connection);
            }
            return delegations;
        }

        private InvitationDao invitations() {
            if (invitations == null) {
                invitations = new InvitationDao(connection);
            }
            return invitations;
        }

        private AuditDao audit() {
            if (audit == null) {
                audit = new AuditDao(connection);
            }
            return audit;
        }

        private OutboxDao outbox() {
            if (outbox == null) {
                outbox = new OutboxDao(connection);
            }
            return outbox;
        }

        private EpochDao epochs() {
            if (epochs == null) {
                epochs = new EpochDao(connection, dialect);
            }
            return epochs;
        }

        private CustomerSettingsDao customerSettings() {
            if (customerSettings == null) {
                customerSettings = new CustomerSettingsDao(connection, dialect);
            }
            return customerSettings;
        }

        @Override
        public Optional<CustomerSettings> findCustomerSettings(TenantId customer) {
            return customerSettings().find(customer.value());
        }

        @Override
        public void saveCustomerSettings(TenantId customer, CustomerSettings settings) {
            Objects.requireNonNull(settings, "settings");
            customerSettings().save(customer.value(), settings);
        }

        @Override
        public List<TenantId> findLoginDigestsDue(Instant lastDigestBy, int limit) {
            Objects.requireNonNull(lastDigestBy, "lastDigestBy");
            return limit < 1 ? List.of() : customerSettings().due(lastDigestBy, limit).stream().map(TenantId::of).toList();
        }

        @Override
        public List<AuditEvent> lockUnreportedLogins(TenantId customer, Instant lastDigestBy, int limit) {
            Objects.requireNonNull(lastDigestBy, "lastDigestBy");
            return limit < 1 ? List.of() : customerSettings().lockUnreported(customer.value(), lastDigestBy, limit);
        }

        @Override
        public void markLoginsReported(TenantId customer, AuditEventId through, Instant at) {
            Objects.requireNonNull(at, "at");
            customerSettings().mark(customer.value(), through.value(), at);
        }

        @Override
        public Optional<Delegation> findDelegation(DelegationId id) {
            return delegations().find(id.value());
        }

        @Override
        public Optional<Delegation> lockDelegation(DelegationId id) {
            return delegations().lock(id.value());
        }

        @Override
        public Optional<Delegation> lockOwnDelegation(TenantId partner, DelegationId id) {
            Objects.requireNonNull(partner, "partner");
            return delegations().lockOwn(partner.value(), id.value());
        }

        @Override
        public Optional<Delegation> findOpenDelegation(TenantId partner, TenantId customer) {
            return delegations().findOpen(partner.value(), customer.value());
        }

        @Override
        public Optional<Delegation> findConnectedDelegation(TenantId customer) {
            return delegations().findConnected(customer.value());
        }

        @Override
        public Optional<Delegation> findLatestAccepted(TenantId customer) {
            return delegations().findLatestAccepted(customer.value());
        }

        @Override
        public List<Delegation> listByPartner(TenantId partner, Set<DelegationStatus> statuses, Optional<Instant> endingBy,
                                              Optional<AccountCursor> after, int limit) {
            Objects.requireNonNull(endingBy, "endingBy");
            List<String> names = AccountPages.statusNames(statuses);
            if (names.isEmpty()) {
                return List.of();
            }
            return delegations().list(partner.value(), names, endingBy, AccountPages.position(after), limit);
        }

        @Override
        public List<Delegation> findExpiredPending(Instant now, int limit) {
            return delegations().findExpiredPending(now, limit);
        }

        @Override
        public List<Delegation> findExpiredChangeRequests(Instant now, int limit) {
            Objects.requireNonNull(now, "now");
            return limit < 1 ? List.of() : delegations().findExpiredChangeRequests(now, limit);
        }

        @Override
        public List<Delegation> findEndingUnnoticed(Instant threshold, int limit) {
            Objects.requireNonNull(threshold, "threshold");
            return limit < 1 ? List.of() : delegations().findEndingUnnoticed(threshold, limit);
        }

        /**
         * {@inheritDoc}
         *
         * <p>One statement, {@code FOR UPDATE SKIP LOCKED} on both databases: a row another unit of
         * work holds (another node's sweep, or a use case on that delegation) is skipped, and found by
         * the next sweep. Only the rows returned are locked (H2 needs the batch chosen in a subquery
         * for that).
         */
        @Override
        public List<Delegation> lockEndedConnected(Instant now, int limit) {
            Objects.requireNonNull(now, "now");
            return limit < 1 ? List.of() : delegations().lockEndedConnected(now, limit, dialect);
        }

        @Override
        public void insert(Delegation d) {
            delegations().insert(d);
        }

        /** Held back with the unit of work's other writes; a lost race is refused when it is sent, before the commit. */
        @Override
        public void update(Delegation d) {
            delegations().update(d, changed -> {
                if (changed == 0) {
                    if (delegations().find(d.id().value()).isEmpty()) {
                        throw new DelegationException(ErrorCode.DELEGATION_NOT_FOUND, "Delegation " + d.id() + " does not exist");
                    }
                    throw new DelegationException(ErrorCode.CONCURRENT_UPDATE,
                            "Delegation " + d.id() + " was changed by someone else since it was read; try again.");
                }
            });
        }

        @Override
        public void insertInvitation(Invitation i) {
            invitations().insert(i);
        }

        @Override
        public Optional<Invitation> findInvitation(TokenHash tokenHash) {
            return invitations().find(tokenHash.hex());
        }

        @Override
        public void updateInvitation(Invitation i) {
            invitations().update(i, changed -> {
                if (changed == 0) {
                    throw new DelegationException(ErrorCode.INVITATION_INVALID, "No invitation has this token hash");
                }
            });
        }

        @Override
        public int supersedeOpenInvitations(DelegationId delegationId) {
            return invitations().supersedeOpen(delegationId.value());
        }

        @Override
        public int supersedeOpenInvitationsOlderThan(DelegationId delegationId, TokenHash delivered) {
            Objects.requireNonNull(delivered, "delivered");
            return invitations().supersedeOpenOlderThan(delegationId.value(), delivered.hex());
        }

        @Override
        public void deleteInvitation(TokenHash tokenHash) {
            Objects.requireNonNull(tokenHash, "tokenHash");
            invitations().delete(tokenHash.hex());
        }

        @Override
        public boolean hasInvitations(DelegationId delegationId) {
            return invitations().anyOf(delegationId.value());
        }

        @Override
        public void append(AuditEvent e) {
            audit().insert(e);
        }

        @Override
        public List<AuditEvent> auditTrail(DelegationId delegationId, Optional<AuditEventId> after, int limit) {
            Objects.requireNonNull(after, "after");
            if (limit < 1) {
                return List.of();
            }
            return after.isPresent()
                    ? audit().ofDelegationAfter(delegationId.value(), after.get().value(), limit)
                    : audit().firstOfDelegation(delegationId.value(), limit);
        }

        @Override
        public List<AuditEvent> auditEventsOfTenant(TenantId tenant, Instant from, Instant to, Optional<AuditEventId> after,
                                                    int limit) {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(after, "after");
            if (limit < 1) {
                return List.of();
            }
            return audit().ofTenant(tenant.value(), from, to, after.map(AuditEventId::value), limit, dialect);
        }

        @Override
        public List<AuditEvent> permissionChanges(TenantId tenant) {
            return audit().permissionChanges(tenant.value());
        }

        @Override
        public void enqueue(OutboxEntry e) {
            outbox().insert(e);
        }

        @Override
        public boolean markDelivered(NotificationId id, int attempt, Instant deliveredAt) {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(deliveredAt, "deliveredAt");
            return outbox().markDelivered(id.value(), attempt, deliveredAt) > 0;
        }

        @Override
        public Optional<Instant> lastInvitationRequestedAt(TenantId partner, TenantId customer) {
            return outbox().lastInvitationCreatedAt(partner.value(), customer.value());
        }

        @Override
        public long partnerEpoch(TenantId partner) {
            return epochs().find(partner.value());
        }

        @Override
        public long advancePartnerEpoch(TenantId partner) {
            return epochs().advance(partner.value());
        }

        @Override
        public int deleteClosedNotificationsBefore(Instant cutoff, int limit) {
            Objects.requireNonNull(cutoff, "cutoff");
            return limit < 1 ? 0 : outbox().deleteClosedBefore(cutoff, limit);
        }

        @Override
        public int deleteAuditEventsBefore(Instant cutoff, int limit) {
            Objects.requireNonNull(cutoff, "cutoff");
            return limit < 1 ? 0 : audit().deleteBefore(cutoff, limit);
        }
    }
}
