package org.partnerdelegation.jdbi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
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

/**
 * Delegations, invitations, audit events and the notification outbox in a relational database,
 * through Jdbi SqlObjects. A unit of work is one READ COMMITTED transaction on one connection;
 * the invariants are held by the database itself (a unique partial index for the one CONNECTED
 * delegation per customer on PostgreSQL, unique generated columns on H2), so they hold across
 * application nodes sharing the database. Outbox claims use {@code FOR UPDATE SKIP LOCKED}, so
 * several dispatchers never claim the same entry at once, and lease what they claim on the
 * database's clock; the outcome of a claim is recorded only while no later claim has taken the
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
        return db.inTransaction(handle -> work.run(new Transaction(handle, db.dialect())));
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
        return db.inTransaction(h -> {
            OutboxDao dao = h.attach(OutboxDao.class);
            List<OutboxEntry> due = dao.lockDue(now, limit);
            if (due.isEmpty()) {
                return List.of();
            }
            dao.lease(due.stream().map(e -> e.id().value()).toList(), leaseMicros);
            return due.stream().map(e -> new OutboxEntry(e.id(), e.type(), e.delegationId(), e.recipient(), e.status(),
                    e.attempts() + 1, e.createdAt(), e.nextAttemptAt(), e.deliveredAt(), e.lastError())).toList();
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
        return db.inTransaction(h -> retryAt.isPresent()
                ? h.attach(OutboxDao.class).retryLater(id.value(), attempt, text, retryAt.get())
                : h.attach(OutboxDao.class).close(id.value(), attempt, OutboxStatus.FAILED.name(), text)) > 0;
    }

    @Override
    public boolean markDiscarded(NotificationId id, int attempt, String reason) {
        Objects.requireNonNull(id, "id");
        return db.inTransaction(h -> h.attach(OutboxDao.class)
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
        return db.inTransaction(h -> h.attach(OutboxDao.class).withStatus(status.name(), limit));
    }

    /** One unit of work over one handle; the DAOs are attached once and reused. */
    private static final class Transaction implements DelegationTransaction {
        private final Handle handle;
        private final Dialect dialect;
        // Attached on first use: attaching a SqlObject costs about as much as a simple query, and most
        // units of work need one or two of the four.
        private DelegationDao delegations;
        private InvitationDao invitations;
        private AuditDao audit;
        private OutboxDao outbox;
        private EpochDao epochs;

        Transaction(Handle handle, Dialect dialect) {
            this.handle = handle;
            this.dialect = dialect;
        }

        private DelegationDao delegations() {
            if (delegations == null) {
                delegations = handle.attach(DelegationDao.class);
            }
            return delegations;
        }

        private InvitationDao invitations() {
            if (invitations == null) {
                invitations = handle.attach(InvitationDao.class);
            }
            return invitations;
        }

        private AuditDao audit() {
            if (audit == null) {
                audit = handle.attach(AuditDao.class);
            }
            return audit;
        }

        private OutboxDao outbox() {
            if (outbox == null) {
                outbox = handle.attach(OutboxDao.class);
            }
            return outbox;
        }

        private EpochDao epochs() {
            if (epochs == null) {
                epochs = handle.attach(EpochDao.class);
            }
            return epochs;
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
        public List<Delegation> listByPartner(TenantId partner, Set<DelegationStatus> statuses, Optional<AccountCursor> after, int limit) {
            List<String> names = statuses.stream().map(Enum::name).sorted().toList();
            if (names.isEmpty()) {
                return List.of();
            }
            return after.isPresent()
                    ? delegations().listAfter(partner.value(), names, after.get().customerEmailCanonical(),
                    after.get().delegationId().value(), limit)
                    : delegations().listFirst(partner.value(), names, limit);
        }

        @Override
        public List<Delegation> findExpiredPending(Instant now, int limit) {
            return delegations().findExpiredPending(now, limit);
        }

        @Override
        public void insert(Delegation d) {
            delegations().insert(d.id().value(), d.partnerTenant().value(), d.customerTenant().value(), d.customerEmail().value(),
                    d.customerEmail().canonical(), d.customerAccountNumber().value(), d.status().name(), d.createdAt(),
                    d.updatedAt(), Rows.orNull(d.acceptedAt()), d.version());
        }

        @Override
        public void update(Delegation d) {
            int changed = delegations().update(d.id().value(), d.status().name(), d.updatedAt(), Rows.orNull(d.acceptedAt()), d.version());
            if (changed == 0) {
                if (delegations().find(d.id().value()).isEmpty()) {
                    throw new DelegationException(ErrorCode.DELEGATION_NOT_FOUND, "Delegation " + d.id() + " does not exist");
                }
                throw new DelegationException(ErrorCode.CONCURRENT_UPDATE,
                        "Delegation " + d.id() + " was changed by someone else since it was read; try again.");
            }
        }

        @Override
        public void insertInvitation(Invitation i) {
            invitations().insert(i.tokenHash().hex(), i.delegationId().value(), i.createdAt(), i.expiresAt(), i.status().name(),
                    Rows.orNull(i.usedAt()));
        }

        @Override
        public Optional<Invitation> findInvitation(TokenHash tokenHash) {
            return invitations().find(tokenHash.hex());
        }

        @Override
        public void updateInvitation(Invitation i) {
            if (invitations().update(i.tokenHash().hex(), i.status().name(), Rows.orNull(i.usedAt())) == 0) {
                throw new DelegationException(ErrorCode.INVITATION_INVALID, "No invitation has this token hash");
            }
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
            return invitations().anyOf(delegationId.value()).isPresent();
        }

        @Override
        public void append(AuditEvent e) {
            audit().insert(e.id().value(), e.type().name(), e.delegationId().map(DelegationId::value).orElse(null),
                    e.targetTenant().value(), e.actorTenant().value(), e.actorUser().value(),
                    e.fromStatus().map(Enum::name).orElse(null), e.toStatus().map(Enum::name).orElse(null), e.occurredAt());
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
        public List<AuditEvent> permissionChanges(TenantId tenant) {
            return audit().permissionChanges(tenant.value());
        }

        @Override
        public void enqueue(OutboxEntry e) {
            outbox().insert(e.id().value(), e.type().name(), e.delegationId().value(), e.recipient().value(), e.status().name(),
                    e.attempts(), e.createdAt(), e.nextAttemptAt(), Rows.orNull(e.deliveredAt()), e.lastError().orElse(null));
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
            return epochs().find(partner.value()).orElse(0L);
        }

        @Override
        public long advancePartnerEpoch(TenantId partner) {
            return dialect == Dialect.POSTGRESQL
                    ? epochs().advanceOnPostgres(partner.value())
                    : epochs().advanceOnH2(partner.value());
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
