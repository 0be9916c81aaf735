package org.partnerdelegation.core.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.LoginNotice;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.InvitationStatus;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.OperationalFigures;
import org.partnerdelegation.core.port.DelegationTransaction;

/**
 * A {@link DelegationStore} in memory, for tests and quick embedding. It keeps every invariant
 * of the port (one CONNECTED delegation per customer, one open delegation per pair, unique
 * token hashes, optimistic locking) and rolls a failed unit of work back completely.
 *
 * <p>Thread-safe: units of work run one at a time (serializable isolation). A {@link #read read}
 * neither waits for other reads nor keeps them or writers waiting: it runs without a lock and is
 * run again under a shared lock only when a unit of work started or ended meanwhile (or when it
 * reads more than single delegations and permission epochs). Either way it sees everything as it
 * was before or after each unit of work, never a unit of work in progress or rolled back.
 * {@code read} called inside a unit of work or a read of the same thread runs in it, and sees
 * what it sees; a unit of work inside either fails with an {@link IllegalStateException}.
 * Nothing survives the JVM; use {@code delegation-jdbi} for durable storage.
 */
public final class InMemoryDelegationStore implements DelegationStore {

    // Ids compare as their text (unsigned), as databases order UUIDs; UUID.compareTo is signed and would differ.
    private static final Comparator<AccountCursor> LIST_ORDER = Comparator
            .comparing(AccountCursor::customerEmailCanonical)
            .thenComparing(c -> c.delegationId().value(), InMemoryDelegationStore::compareUnsigned);

    /**
     * Units of work and the outbox's writes hold it exclusively; reads hold it shared, or validate an
     * optimistic stamp. Not reentrant: {@link #running} tells a nested call of the same thread.
     */
    private final StampedLock lock = new StampedLock();
    /** What this thread runs in this store: a unit of work, a read, or nothing. */
    private final ThreadLocal<Running> running = ThreadLocal.withInitial(Running::new);
    // Read without a lock by an optimistic read, which may see them mid-change: concurrent maps, so that such a read
    // never throws or loops before its validation discards it. Everything else is read under the lock.
    private final Map<DelegationId, Delegation> delegations = new ConcurrentHashMap<>();
    private final Map<TenantId, TreeMap<AccountCursor, DelegationId>> byPartner = new HashMap<>();
    private final Map<TenantId, Set<DelegationId>> byCustomer = new HashMap<>();
    private final Map<TokenHash, Invitation> invitations = new HashMap<>();
    private final Map<DelegationId, List<AuditEvent>> audit = new HashMap<>();
    private final Map<TenantId, List<AuditEvent>> permissionAudit = new HashMap<>();
    /** Every event in append order, for the trail of a whole tenant. */
    private final List<AuditEvent> auditLog = new ArrayList<>();
    private final Map<NotificationId, OutboxEntry> outbox = new LinkedHashMap<>();
    // Indexes, so that delivering and superseding cost what is open, not the whole history.
    private final Map<NotificationId, OutboxEntry> pendingOutbox = new HashMap<>();
    private final Map<DelegationId, Set<TokenHash>> invitationsByDelegation = new HashMap<>();
    private final Map<TenantId, Long> partnerEpochs = new ConcurrentHashMap<>();
    /** Claimed entries and when their lease runs out (by the claimant's clock: one process, one clock). */
    private final Map<NotificationId, Instant> leases = new HashMap<>();
    /** Per partner, per customer: when an invitation was last asked for. */
    private final Map<TenantId, Map<TenantId, Instant>> lastInvitation = new HashMap<>();
    /** The settings customers saved, with their digest state; no entry means the defaults and nothing reported. */
    private final Map<TenantId, StoredSettings> customerSettings = new HashMap<>();
    /** Each customer's DELEGATED_LOGIN events by their place in the audit trail (a sequence never reused). */
    private final Map<TenantId, TreeMap<Long, AuditEvent>> loginsByCustomer = new HashMap<>();
    /** The place of each login event kept in {@link #loginsByCustomer}. */
    private final Map<AuditEventId, Long> loginSequence = new HashMap<>();
    /** The last audit sequence handed out. */
    private long auditSequence;

    /**
     * A customer's saved settings and digest state: logins up to {@code reportedThrough} (a place in
     * the audit trail) are reported, the last digest was at {@code lastDigestAt}.
     */
    private record StoredSettings(CustomerSettings settings, long reportedThrough, Optional<Instant> lastDigestAt) {
    }

    @Override
    public <T> T inTransaction(UnitOfWork<T> work) {
        Objects.requireNonNull(work, "work");
        Running running = this.running.get();
        if (running.tx != null) {
            throw nested(running.tx);
        }
        long stamp = lock.writeLock();
        Transaction tx = new Transaction(Mode.WRITE);
        running.tx = tx;
        try {
            T result = work.run(tx);
            tx.undo.clear();
            return result;
        } catch (Throwable e) {
            // Throwable, not RuntimeException: Kotlin callers (or sneaky throws) pass checked exceptions through.
            tx.rollback();
            throw e;
        } finally {
            tx.open = false;
            running.tx = null;
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Runs {@code work} first without any lock, and keeps its answer only when no unit of work
     * started or ended meanwhile; otherwise (or when it reads what only the lock protects) runs it
     * again under the shared lock, beside other reads. Its transaction refuses every write with an
     * {@link IllegalStateException}. Inside a unit of work or a read of this thread, {@code work}
     * runs in that transaction.
     */
    @Override
    public <T> T read(UnitOfWork<T> work) {
        Objects.requireNonNull(work, "work");
        Running running = this.running.get();
        if (running.tx != null) {
            // The lock is held (or validated) by the enclosing call already; taking it again could deadlock.
            return work.run(running.tx);
        }
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0L) {
            Transaction tx = new Transaction(Mode.OPTIMISTIC);
            running.tx = tx;
            try {
                T result = work.run(tx);
                if (tx.validate(stamp)) {
                    return result;
                }
            } catch (Throwable e) {
                // What a read that saw a unit of work half done throws means nothing: it runs again under the lock.
                if (tx.validate(stamp)) {
                    throw e;
                }
            } finally {
                tx.open = false;
                running.tx = null;
            }
        }
        stamp = lock.readLock();
        Transaction tx = new Transaction(Mode.READ);
        running.tx = tx;
        try {
            return work.run(tx);
        } finally {
            tx.open = false;
            running.tx = null;
            lock.unlockRead(stamp);
        }
    }

    private static IllegalStateException nested(Transaction enclosing) {
        return new IllegalStateException(enclosing.mode == Mode.WRITE
                ? "Units of work do not nest: use the transaction you were given"
                : "A read does not open a unit of work: run the unit of work on its own");
    }

    @Override
    public List<OutboxEntry> claimDueNotifications(Instant now, Duration lease, int limit) {
        Objects.requireNonNull(now, "now");
        Instant leaseUntil = now.plus(Objects.requireNonNull(lease, "lease"));
        return locked(() -> {
            List<OutboxEntry> claimed = new ArrayList<>();
            List<OutboxEntry> due = pendingOutbox.values().stream()
                    .filter(e -> !e.nextAttemptAt().isAfter(now))
                    .filter(e -> !leases.getOrDefault(e.id(), now).isAfter(now))
                    .sorted(Comparator.comparing(OutboxEntry::nextAttemptAt).thenComparing(OutboxEntry::createdAt))
                    .limit(limit)
                    .toList();
            for (OutboxEntry e : due) {
                OutboxEntry counted = e.with(e.status(), e.attempts() + 1, e.nextAttemptAt(), e.deliveredAt(), e.lastError());
                putOutbox(counted);
                leases.put(e.id(), leaseUntil);
                claimed.add(counted);
            }
            return claimed;
        });
    }

    @Override
    public boolean recordFailure(NotificationId id, int attempt, String error, Optional<Instant> retryAt) {
        Objects.requireNonNull(retryAt, "retryAt");
        return locked(() -> updateClaimed(id, attempt, e -> e.with(
                retryAt.isPresent() ? OutboxStatus.PENDING : OutboxStatus.FAILED, e.attempts(),
                retryAt.orElse(e.nextAttemptAt()), e.deliveredAt(), Optional.of(OutboxEntry.truncateError(error)))));
    }

    @Override
    public boolean markDiscarded(NotificationId id, int attempt, String reason) {
        return locked(() -> updateClaimed(id, attempt, e -> e.with(
                OutboxStatus.DISCARDED, e.attempts(), e.nextAttemptAt(), e.deliveredAt(),
                Optional.of(OutboxEntry.truncateError(reason)))));
    }

    /** Applies {@code change} to a PENDING entry still under the claim with that fence; false otherwise. */
    private boolean updateClaimed(NotificationId id, int attempt, java.util.function.UnaryOperator<OutboxEntry> change) {
        OutboxEntry stored = outbox.get(Objects.requireNonNull(id, "id"));
        if (stored == null || stored.status() != OutboxStatus.PENDING || stored.attempts() != attempt) {
            return false;
        }
        putOutbox(change.apply(stored));
        leases.remove(id);
        return true;
    }

    /** The outbox's part of {@link InMemoryOperationalFigures}: due entries, the oldest due time, failed entries. */
    OperationalFigures.Figures outboxFigures(Instant now) {
        return readLocked(() -> {
            long due = 0;
            Instant oldest = null;
            for (OutboxEntry e : pendingOutbox.values()) {
                if (!e.nextAttemptAt().isAfter(now)) {
                    due++;
                    oldest = oldest == null || e.nextAttemptAt().isBefore(oldest) ? e.nextAttemptAt() : oldest;
                }
            }
            long failed = outbox.values().stream().filter(e -> e.status() == OutboxStatus.FAILED).count();
            return new OperationalFigures.Figures(due, Optional.ofNullable(oldest), failed, 0);
        });
    }

    @Override
    public List<OutboxEntry> outboxEntries(OutboxStatus status, int limit) {
        Objects.requireNonNull(status, "status");
        return readLocked(() -> outbox.values().stream()
                .filter(e -> e.status() == status)
                .sorted(Comparator.comparing(OutboxEntry::createdAt))
                .limit(limit)
                .toList());
    }

    private static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private OutboxEntry updateOutbox(NotificationId id, java.util.function.UnaryOperator<OutboxEntry> change) {
        OutboxEntry stored = outbox.get(id);
        return stored == null ? null : putOutbox(change.apply(stored));
    }

    private OutboxEntry putOutbox(OutboxEntry entry) {
        outbox.put(entry.id(), entry);
        if (entry.status() == OutboxStatus.PENDING) {
            pendingOutbox.put(entry.id(), entry);
        } else {
            pendingOutbox.remove(entry.id());
        }
        return entry;
    }

    private void removeOutbox(NotificationId id) {
        outbox.remove(id);
        pendingOutbox.remove(id);
        leases.remove(id);
    }

    /** Runs a write of the outbox under the exclusive lock, or in this thread's unit of work, which holds it. */
    private <T> T locked(java.util.function.Supplier<T> action) {
        Transaction enclosing = running.get().tx;
        if (enclosing != null) {
            enclosing.requireWritable();
            return action.get();
        }
        long stamp = lock.writeLock();
        try {
            return action.get();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Runs a read of the outbox under the shared lock, or in this thread's unit of work or read. */
    private <T> T readLocked(java.util.function.Supplier<T> action) {
        Transaction enclosing = running.get().tx;
        if (enclosing != null) {
            enclosing.requireLocked();
            return action.get();
        }
        long stamp = lock.readLock();
        try {
            return action.get();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private static DelegationException conflict(String message) {
        return new DelegationException(ErrorCode.CONCURRENT_UPDATE, message);
    }

    /** What a thread runs in this store. */
    private static final class Running {
        /** The unit of work or read the thread is in; null when none. */
        Transaction tx;
    }

    /** How a {@link Transaction} holds the lock. */
    private enum Mode {
        /** A unit of work, under the exclusive lock. */
        WRITE,
        /** A read under the shared lock. */
        READ,
        /** A read without a lock, kept only if the lock's stamp still validates after it. */
        OPTIMISTIC
    }

    /** Thrown where an optimistic read reaches what only the lock protects; the read runs again under the lock. */
    private static final class NeedsLock extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NeedsLock() {
            super("this read runs again under the lock", null, false, false);
        }
    }

    /** One for all: it carries no stack trace and nothing of the read. */
    private static final NeedsLock NEEDS_LOCK = new NeedsLock();

    /**
     * One unit of work, or one read. A unit of work's writes apply at once (the exclusive lock
     * isolates them) and are undone on failure; a read writes nothing.
     */
    private final class Transaction implements DelegationTransaction {
        private final Mode mode;
        private final Deque<Runnable> undo;
        private boolean open = true;
        /** An optimistic read reached what it may not read without the lock: its answer is not kept. */
        private boolean needsLock;

        Transaction(Mode mode) {
            this.mode = mode;
            this.undo = mode == Mode.WRITE ? new ArrayDeque<>() : null;
        }

        /** True when this optimistic read saw only committed state: no unit of work ran meanwhile. */
        boolean validate(long stamp) {
            return !needsLock && lock.validate(stamp);
        }

        /** For what an optimistic read may read: the concurrent maps, one key at a time. */
        private void requireOpen() {
            if (!open) {
                throw new IllegalStateException("This transaction has ended");
            }
        }

        /** For reads of the plain collections: an optimistic read stops here and runs again under the lock. */
        private void requireLocked() {
            requireOpen();
            if (mode == Mode.OPTIMISTIC) {
                needsLock = true;
                throw NEEDS_LOCK;
            }
        }

        private void requireWritable() {
            requireOpen();
            if (mode != Mode.WRITE) {
                throw new IllegalStateException("A read does not write: run the writes in a unit of work");
            }
        }

        void rollback() {
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
        }

        @Override
        public Optional<Delegation> findDelegation(DelegationId id) {
            requireOpen();
            // A concurrent map refuses a null key, where the plain map before found nothing.
            return id == null ? Optional.empty() : Optional.ofNullable(delegations.get(id));
        }

        @Override
        public Optional<Delegation> lockDelegation(DelegationId id) {
            // Units of work run one at a time here, and a read keeps them out (or sees none ran): reading is holding.
            return findDelegation(id);
        }

        @Override
        public Optional<Delegation> lockOwnDelegation(TenantId partner, DelegationId id) {
            Objects.requireNonNull(partner, "partner");
            return findDelegation(id).filter(d -> d.partnerTenant().equals(partner));
        }

        @Override
        public Optional<Delegation> findOpenDelegation(TenantId partner, TenantId customer) {
            requireLocked();
            return ofCustomer(customer).filter(d -> d.partnerTenant().equals(partner) && d.status().isOpen()).findFirst();
        }

        @Override
        public Optional<Delegation> findConnectedDelegation(TenantId customer) {
            requireLocked();
            return ofCustomer(customer).filter(Delegation::isConnected).findFirst();
        }

        @Override
        public Optional<Delegation> findLatestAccepted(TenantId customer) {
            requireLocked();
            return ofCustomer(customer).filter(d -> d.acceptedAt().isPresent())
                    .max(java.util.Comparator.comparing((Delegation d) -> d.acceptedAt().orElseThrow())
                            .thenComparing(d -> d.id().value()));
        }

        private java.util.stream.Stream<Delegation> ofCustomer(TenantId customer) {
            return byCustomer.getOrDefault(customer, Set.of()).stream().map(delegations::get);
        }

        @Override
        public List<Delegation> listByPartner(TenantId partner, Set<DelegationStatus> statuses, Optional<Instant> endingBy,
                                              Optional<AccountCursor> after, int limit) {
            requireLocked();
            TreeMap<AccountCursor, DelegationId> index = byPartner.get(partner);
            if (index == null) {
                return List.of();
            }
            Map<AccountCursor, DelegationId> tail = after.isPresent() ? index.tailMap(after.get(), false) : index;
            List<Delegation> page = new ArrayList<>();
            for (DelegationId id : tail.values()) {
                Delegation d = delegations.get(id);
                boolean endsInTime = endingBy.isEmpty()
                        || d.grant().accessUntil().filter(until -> !until.isAfter(endingBy.get())).isPresent();
                if (statuses.contains(d.status()) && endsInTime) {
                    page.add(d);
                    if (page.size() == limit) {
                        break;
                    }
                }
            }
            return page;
        }

        @Override
        public List<Delegation> findExpiredPending(Instant now, int limit) {
            requireLocked();
            return invitations.values().stream()
                    .filter(i -> i.status() == InvitationStatus.OPEN && i.isExpiredAt(now))
                    .map(i -> delegations.get(i.delegationId()))
                    .filter(d -> d != null && d.isPending())
                    .distinct()
                    .limit(limit)
                    .toList();
        }

        @Override
        public List<Delegation> findExpiredChangeRequests(Instant now, int limit) {
            requireLocked();
            return invitations.values().stream()
                    .filter(i -> i.status() == InvitationStatus.OPEN && i.isExpiredAt(now))
                    .map(i -> delegations.get(i.delegationId()))
                    .filter(d -> d != null && d.isConnected() && d.requestedChange().isPresent())
                    .distinct()
                    .limit(limit)
                    .toList();
        }

        @Override
        public List<Delegation> findEndingUnnoticed(Instant threshold, int limit) {
            requireLocked();
            return delegations.values().stream()
                    .filter(d -> d.isConnected() && !d.grant().endingNoticeSent()
                            && d.grant().endsAt().filter(end -> !end.isAfter(threshold)).isPresent())
                    .sorted(java.util.Comparator.comparing((Delegation d) -> d.grant().endsAt().orElseThrow()))
                    .limit(limit)
                    .toList();
        }

        @Override
        public List<Delegation> lockEndedConnected(Instant now, int limit) {
            // The store's one lock is held for the whole unit of work already.
            requireLocked();
            return delegations.values().stream()
                    .filter(d -> d.isConnected() && d.grant().endsAt().filter(end -> !end.isAfter(now)).isPresent())
                    .sorted(java.util.Comparator.comparing((Delegation d) -> d.grant().endsAt().orElseThrow()))
                    .limit(limit)
                    .toList();
        }

        @Override
        public void insert(Delegation d) {
            requireWritable();
            Objects.requireNonNull(d, "delegation");
            if (delegations.containsKey(d.id())) {
                throw conflict("Delegation " + d.id() + " already exists");
            }
            checkInvariants(d);
            delegations.put(d.id(), d);
            AccountCursor key = AccountCursor.after(d);
            byPartner.computeIfAbsent(d.partnerTenant(), k -> new TreeMap<>(LIST_ORDER)).put(key, d.id());
            byCustomer.computeIfAbsent(d.customerTenant(), k -> new HashSet<>()).add(d.id());
            undo.push(() -> {
                delegations.remove(d.id());
                byPartner.get(d.partnerTenant()).remove(key);
                byCustomer.get(d.customerTenant()).remove(d.id());
            });
        }

        @Override
        public void update(Delegation d) {
            requireWritable();
            Objects.requireNonNull(d, "delegation");
            Delegation stored = delegations.get(d.id());
            if (stored == null) {
                throw new DelegationException(ErrorCode.DELEGATION_NOT_FOUND, "Delegation " + d.id() + " does not exist");
            }
            if (stored.version() != d.version() - 1) {
                throw conflict("Delegation " + d.id() + " was changed by someone else (stored version " + stored.version()
                        + ", update from version " + (d.version() - 1) + ")");
            }
            checkInvariants(d);
            delegations.put(d.id(), d);
            undo.push(() -> delegations.put(d.id(), stored));
        }

        private void checkInvariants(Delegation d) {
            for (Delegation other : ofCustomer(d.customerTenant()).toList()) {
                if (other.id().equals(d.id())) {
                    continue;
                }
                if (d.isConnected() && other.isConnected()) {
                    throw DelegationException.alreadyLinked();
                }
                if (d.status().isOpen() && other.status().isOpen() && other.partnerTenant().equals(d.partnerTenant())) {
                    throw conflict("Partner " + d.partnerTenant() + " already has an open delegation to " + d.customerTenant());
                }
            }
        }

        @Override
        public void insertInvitation(Invitation invitation) {
            requireWritable();
            Objects.requireNonNull(invitation, "invitation");
            if (invitations.containsKey(invitation.tokenHash())) {
                throw conflict("An invitation with this token hash already exists");
            }
            if (!delegations.containsKey(invitation.delegationId())) {
                throw new DelegationException(ErrorCode.DELEGATION_NOT_FOUND, "Delegation " + invitation.delegationId() + " does not exist");
            }
            invitations.put(invitation.tokenHash(), invitation);
            Set<TokenHash> ofDelegation = invitationsByDelegation.computeIfAbsent(invitation.delegationId(), k -> new HashSet<>());
            ofDelegation.add(invitation.tokenHash());
            undo.push(() -> {
                invitations.remove(invitation.tokenHash());
                ofDelegation.remove(invitation.tokenHash());
            });
        }

        @Override
        public Optional<Invitation> findInvitation(TokenHash tokenHash) {
            requireLocked();
            return Optional.ofNullable(invitations.get(tokenHash));
        }

        @Override
        public void updateInvitation(Invitation invitation) {
            requireWritable();
            Invitation stored = invitations.get(invitation.tokenHash());
            if (stored == null) {
                throw new DelegationException(ErrorCode.INVITATION_INVALID, "No invitation has this token hash");
            }
            invitations.put(invitation.tokenHash(), invitation);
            undo.push(() -> invitations.put(stored.tokenHash(), stored));
        }

        @Override
        public int supersedeOpenInvitations(DelegationId delegationId) {
            return supersede(delegationId, null);
        }

        @Override
        public int supersedeOpenInvitationsOlderThan(DelegationId delegationId, TokenHash delivered) {
            requireWritable();
            Invitation newest = invitations.get(Objects.requireNonNull(delivered, "delivered"));
            if (newest == null) {
                return 0;
            }
            return supersede(delegationId, newest);
        }

        /** Supersedes the delegation's OPEN invitations minted no later than {@code delivered}, but it (all of them when null). */
        private int supersede(DelegationId delegationId, Invitation delivered) {
            requireWritable();
            List<Invitation> open = invitationsByDelegation.getOrDefault(delegationId, Set.of()).stream()
                    .map(invitations::get)
                    .filter(i -> i.status() == InvitationStatus.OPEN)
                    .filter(i -> delivered == null
                            || (!i.createdAt().isAfter(delivered.createdAt()) && !i.tokenHash().equals(delivered.tokenHash())))
                    .toList();
            open.forEach(i -> updateInvitation(i.superseded()));
            return open.size();
        }

        @Override
        public void deleteInvitation(TokenHash tokenHash) {
            requireWritable();
            Invitation stored = invitations.remove(Objects.requireNonNull(tokenHash, "tokenHash"));
            if (stored == null) {
                return;
            }
            Set<TokenHash> ofDelegation = invitationsByDelegation.get(stored.delegationId());
            ofDelegation.remove(tokenHash);
            undo.push(() -> {
                invitations.put(tokenHash, stored);
                ofDelegation.add(tokenHash);
            });
        }

        @Override
        public boolean hasInvitations(DelegationId delegationId) {
            requireLocked();
            return !invitationsByDelegation.getOrDefault(delegationId, Set.of()).isEmpty();
        }

        @Override
        public void append(AuditEvent event) {
            requireWritable();
            Objects.requireNonNull(event, "event");
            List<AuditEvent> list = event.delegationId().isPresent()
                    ? audit.computeIfAbsent(event.delegationId().get(), k -> new ArrayList<>())
                    : permissionAudit.computeIfAbsent(event.targetTenant(), k -> new ArrayList<>());
            list.add(event);
            auditLog.add(event);
            undo.push(() -> {
                list.remove(list.size() - 1);
                auditLog.remove(auditLog.size() - 1);
            });
            if (event.type() == AuditEventType.DELEGATED_LOGIN) {
                long seq = ++auditSequence;
                TreeMap<Long, AuditEvent> logins = loginsByCustomer.computeIfAbsent(event.targetTenant(), k -> new TreeMap<>());
                logins.put(seq, event);
                loginSequence.put(event.id(), seq);
                undo.push(() -> {
                    logins.remove(seq);
                    loginSequence.remove(event.id());
                });
            }
        }

        @Override
        public Optional<CustomerSettings> findCustomerSettings(TenantId customer) {
            requireLocked();
            Objects.requireNonNull(customer, "customer");
            return Optional.ofNullable(customerSettings.get(customer)).map(StoredSettings::settings);
        }

        @Override
        public void saveCustomerSettings(TenantId customer, CustomerSettings settings) {
            requireWritable();
            Objects.requireNonNull(customer, "customer");
            Objects.requireNonNull(settings, "settings");
            StoredSettings before = customerSettings.get(customer);
            StoredSettings after;
            if (before == null) {
                after = new StoredSettings(settings, 0, Optional.empty());
            } else if (settings.loginNotice() == LoginNotice.DAILY_DIGEST && before.settings().loginNotice() != LoginNotice.DAILY_DIGEST) {
                // Onto the digest: what happened before is not the digest's to report.
                TreeMap<Long, AuditEvent> logins = loginsByCustomer.get(customer);
                long through = logins == null || logins.isEmpty() ? before.reportedThrough() : logins.lastKey();
                after = new StoredSettings(settings, Math.max(through, before.reportedThrough()), before.lastDigestAt());
            } else {
                after = new StoredSettings(settings, before.reportedThrough(), before.lastDigestAt());
            }
            putSettings(customer, after, before);
        }

        private void putSettings(TenantId customer, StoredSettings after, StoredSettings before) {
            customerSettings.put(customer, after);
            undo.push(() -> {
                if (before == null) {
                    customerSettings.remove(customer);
                } else {
                    customerSettings.put(customer, before);
                }
            });
        }

        @Override
        public List<TenantId> findLoginDigestsDue(Instant lastDigestBy, int limit) {
            requireLocked();
            Objects.requireNonNull(lastDigestBy, "lastDigestBy");
            List<TenantId> due = new ArrayList<>();
            for (Map.Entry<TenantId, TreeMap<Long, AuditEvent>> e : loginsByCustomer.entrySet()) {
                if (due.size() >= limit) {
                    break;
                }
                if (dueDigest(e.getKey(), lastDigestBy)) {
                    due.add(e.getKey());
                }
            }
            return due;
        }

        /** Whether the customer is on the digest, has unreported logins, and had its last digest by {@code lastDigestBy}. */
        private boolean dueDigest(TenantId customer, Instant lastDigestBy) {
            TreeMap<Long, AuditEvent> logins = loginsByCustomer.get(customer);
            if (logins == null || logins.isEmpty()) {
                return false;
            }
            StoredSettings stored = customerSettings.get(customer);
            if (stored == null) {
                return true;
            }
            return stored.settings().loginNotice() == LoginNotice.DAILY_DIGEST
                    && logins.lastKey() > stored.reportedThrough()
                    && stored.lastDigestAt().map(at -> !at.isAfter(lastDigestBy)).orElse(true);
        }

        @Override
        public List<AuditEvent> lockUnreportedLogins(TenantId customer, Instant lastDigestBy, int limit) {
            requireLocked();
            Objects.requireNonNull(customer, "customer");
            Objects.requireNonNull(lastDigestBy, "lastDigestBy");
            if (!dueDigest(customer, lastDigestBy)) {
                return List.of();
            }
            StoredSettings stored = customerSettings.get(customer);
            long after = stored == null ? 0 : stored.reportedThrough();
            return loginsByCustomer.get(customer).tailMap(after, false).values().stream().limit(limit).toList();
        }

        @Override
        public void markLoginsReported(TenantId customer, AuditEventId through, Instant at) {
            requireWritable();
            Objects.requireNonNull(customer, "customer");
            Objects.requireNonNull(at, "at");
            Long seq = loginSequence.get(Objects.requireNonNull(through, "through"));
            if (seq == null) {
                throw DelegationException.invalidInput("through", "is not a stored delegated login");
            }
            StoredSettings before = customerSettings.get(customer);
            CustomerSettings settings = before == null ? CustomerSettings.DEFAULTS : before.settings();
            long reported = before == null ? seq : Math.max(seq, before.reportedThrough());
            putSettings(customer, new StoredSettings(settings, reported, Optional.of(at)), before);
        }

        @Override
        public List<AuditEvent> auditEventsOfTenant(TenantId tenant, Instant from, Instant to, Optional<AuditEventId> after,
                                                    int limit) {
            requireLocked();
            int start = 0;
            if (after.isPresent()) {
                start = auditLog.size();
                for (int i = 0; i < auditLog.size(); i++) {
                    if (auditLog.get(i).id().equals(after.get())) {
                        start = i + 1;
                        break;
                    }
                }
            }
            List<AuditEvent> page = new ArrayList<>();
            for (int i = start; i < auditLog.size() && page.size() < limit; i++) {
                AuditEvent e = auditLog.get(i);
                boolean concerns = e.targetTenant().equals(tenant)
                        || e.delegationId().map(delegations::get).filter(d -> d.partnerTenant().equals(tenant)).isPresent();
                if (concerns && !e.occurredAt().isBefore(from) && e.occurredAt().isBefore(to)) {
                    page.add(e);
                }
            }
            return page;
        }

        @Override
        public List<AuditEvent> permissionChanges(TenantId tenant) {
            requireLocked();
            // Events without a delegation are also the customer's settings changes: only the permission's are asked for.
            return permissionAudit.getOrDefault(tenant, List.of()).stream()
                    .filter(e -> e.type() == AuditEventType.PARTNER_PERMISSION_GRANTED
                            || e.type() == AuditEventType.PARTNER_PERMISSION_REVOKED)
                    .toList();
        }

        @Override
        public List<AuditEvent> auditTrail(DelegationId delegationId, Optional<AuditEventId> after, int limit) {
            requireLocked();
            List<AuditEvent> all = audit.getOrDefault(delegationId, List.of());
            int from = 0;
            if (after.isPresent()) {
                from = all.size();
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).id().equals(after.get())) {
                        from = i + 1;
                        break;
                    }
                }
            }
            return List.copyOf(all.subList(from, Math.min(all.size(), from + limit)));
        }

        @Override
        public void enqueue(OutboxEntry entry) {
            requireWritable();
            Objects.requireNonNull(entry, "entry");
            if (outbox.containsKey(entry.id())) {
                throw conflict("Outbox entry " + entry.id() + " already exists");
            }
            putOutbox(entry);
            undo.push(() -> removeOutbox(entry.id()));
            Delegation d = delegations.get(entry.delegationId());
            if (entry.type() == NotificationType.INVITATION && d != null) {
                Map<TenantId, Instant> ofPartner = lastInvitation.computeIfAbsent(d.partnerTenant(), k -> new HashMap<>());
                Instant previous = ofPartner.put(d.customerTenant(), entry.createdAt());
                undo.push(() -> {
                    if (previous == null) {
                        ofPartner.remove(d.customerTenant());
                    } else {
                        ofPartner.put(d.customerTenant(), previous);
                    }
                });
            }
        }

        @Override
        public boolean markDelivered(NotificationId id, int attempt, Instant deliveredAt) {
            requireWritable();
            Objects.requireNonNull(deliveredAt, "deliveredAt");
            OutboxEntry stored = outbox.get(id);
            Instant lease = leases.get(id);
            boolean changed = updateClaimed(id, attempt, e -> e.with(
                    OutboxStatus.DELIVERED, e.attempts(), e.nextAttemptAt(), Optional.of(deliveredAt), e.lastError()));
            if (changed) {
                undo.push(() -> {
                    putOutbox(stored);
                    leases.put(id, lease);
                });
            }
            return changed;
        }

        @Override
        public Optional<Instant> lastInvitationRequestedAt(TenantId partner, TenantId customer) {
            requireLocked();
            return Optional.ofNullable(lastInvitation.getOrDefault(partner, Map.of()).get(customer));
        }

        @Override
        public long partnerEpoch(TenantId partner) {
            requireOpen();
            return partnerEpochs.getOrDefault(Objects.requireNonNull(partner, "partner"), 0L);
        }

        @Override
        public long advancePartnerEpoch(TenantId partner) {
            requireWritable();
            Long previous = partnerEpochs.get(Objects.requireNonNull(partner, "partner"));
            long next = (previous == null ? 0L : previous) + 1;
            partnerEpochs.put(partner, next);
            undo.push(() -> {
                if (previous == null) {
                    partnerEpochs.remove(partner);
                } else {
                    partnerEpochs.put(partner, previous);
                }
            });
            return next;
        }

        @Override
        public int deleteClosedNotificationsBefore(Instant cutoff, int limit) {
            requireWritable();
            List<OutboxEntry> old = outbox.values().stream()
                    .filter(e -> e.status() == OutboxStatus.DELIVERED || e.status() == OutboxStatus.DISCARDED)
                    .filter(e -> e.createdAt().isBefore(cutoff))
                    .limit(limit)
                    .toList();
            for (OutboxEntry e : old) {
                removeOutbox(e.id());
                undo.push(() -> putOutbox(e));
            }
            return old.size();
        }

        @Override
        public int deleteAuditEventsBefore(Instant cutoff, int limit) {
            requireWritable();
            int deleted = 0;
            Set<AuditEventId> gone = new HashSet<>();
            for (List<AuditEvent> trail : java.util.stream.Stream.concat(audit.values().stream(), permissionAudit.values().stream()).toList()) {
                List<AuditEvent> before = List.copyOf(trail);
                boolean removed = false;
                for (java.util.Iterator<AuditEvent> it = trail.iterator(); it.hasNext() && deleted < limit; ) {
                    AuditEvent event = it.next();
                    if (event.occurredAt().isBefore(cutoff)) {
                        it.remove();
                        gone.add(event.id());
                        deleted++;
                        removed = true;
                    }
                }
                if (removed) {
                    undo.push(() -> {
                        trail.clear();
                        trail.addAll(before);
                    });
                }
                if (deleted >= limit) {
                    break;
                }
            }
            if (!gone.isEmpty()) {
                List<AuditEvent> logBefore = List.copyOf(auditLog);
                for (AuditEvent e : auditLog) {
                    Long seq = gone.contains(e.id()) ? loginSequence.remove(e.id()) : null;
                    if (seq != null) {
                        TreeMap<Long, AuditEvent> logins = loginsByCustomer.get(e.targetTenant());
                        logins.remove(seq);
                        undo.push(() -> {
                            logins.put(seq, e);
                            loginSequence.put(e.id(), seq);
                        });
                    }
                }
                auditLog.removeIf(e -> gone.contains(e.id()));
                undo.push(() -> {
                    auditLog.clear();
                    auditLog.addAll(logBefore);
                });
            }
            return deleted;
        }
    }
}
