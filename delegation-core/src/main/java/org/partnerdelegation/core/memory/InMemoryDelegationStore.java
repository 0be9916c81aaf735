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
import java.util.concurrent.locks.ReentrantLock;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
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
import org.partnerdelegation.core.port.DelegationTransaction;

/**
 * A {@link DelegationStore} in memory, for tests and quick embedding. It keeps every invariant
 * of the port (one CONNECTED delegation per customer, one open delegation per pair, unique
 * token hashes, optimistic locking) and rolls a failed unit of work back completely.
 *
 * <p>Thread-safe: units of work run one at a time (serializable isolation). Nothing survives
 * the JVM; use {@code delegation-jdbi} for durable storage.
 */
public final class InMemoryDelegationStore implements DelegationStore {

    // Ids compare as their text (unsigned), as databases order UUIDs; UUID.compareTo is signed and would differ.
    private static final Comparator<AccountCursor> LIST_ORDER = Comparator
            .comparing(AccountCursor::customerEmailCanonical)
            .thenComparing(c -> c.delegationId().value(), InMemoryDelegationStore::compareUnsigned);

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<DelegationId, Delegation> delegations = new HashMap<>();
    private final Map<TenantId, TreeMap<AccountCursor, DelegationId>> byPartner = new HashMap<>();
    private final Map<TenantId, Set<DelegationId>> byCustomer = new HashMap<>();
    private final Map<TokenHash, Invitation> invitations = new HashMap<>();
    private final Map<DelegationId, List<AuditEvent>> audit = new HashMap<>();
    private final Map<TenantId, List<AuditEvent>> permissionAudit = new HashMap<>();
    private final Map<NotificationId, OutboxEntry> outbox = new LinkedHashMap<>();
    // Indexes, so that delivering and superseding cost what is open, not the whole history.
    private final Map<NotificationId, OutboxEntry> pendingOutbox = new HashMap<>();
    private final Map<DelegationId, Set<TokenHash>> invitationsByDelegation = new HashMap<>();
    private final Map<TenantId, Long> partnerEpochs = new HashMap<>();
    /** Claimed entries and when their lease runs out (by the claimant's clock: one process, one clock). */
    private final Map<NotificationId, Instant> leases = new HashMap<>();
    /** Per partner, per customer: when an invitation was last asked for. */
    private final Map<TenantId, Map<TenantId, Instant>> lastInvitation = new HashMap<>();
    private Transaction current;

    @Override
    public <T> T inTransaction(UnitOfWork<T> work) {
        Objects.requireNonNull(work, "work");
        lock.lock();
        try {
            if (current != null) {
                throw new IllegalStateException("Units of work do not nest: use the transaction you were given");
            }
            Transaction tx = new Transaction();
            current = tx;
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
                current = null;
            }
        } finally {
            lock.unlock();
        }
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
                OutboxEntry counted = new OutboxEntry(e.id(), e.type(), e.delegationId(), e.recipient(), e.status(),
                        e.attempts() + 1, e.createdAt(), e.nextAttemptAt(), e.deliveredAt(), e.lastError());
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
        return locked(() -> updateClaimed(id, attempt, e -> new OutboxEntry(e.id(), e.type(), e.delegationId(), e.recipient(),
                retryAt.isPresent() ? OutboxStatus.PENDING : OutboxStatus.FAILED, e.attempts(), e.createdAt(),
                retryAt.orElse(e.nextAttemptAt()), e.deliveredAt(), Optional.of(OutboxEntry.truncateError(error)))));
    }

    @Override
    public boolean markDiscarded(NotificationId id, int attempt, String reason) {
        return locked(() -> updateClaimed(id, attempt, e -> new OutboxEntry(e.id(), e.type(), e.delegationId(), e.recipient(),
                OutboxStatus.DISCARDED, e.attempts(), e.createdAt(), e.nextAttemptAt(), e.deliveredAt(),
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

    @Override
    public List<OutboxEntry> outboxEntries(OutboxStatus status, int limit) {
        Objects.requireNonNull(status, "status");
        return locked(() -> outbox.values().stream()
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

    private <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static DelegationException conflict(String message) {
        return new DelegationException(ErrorCode.CONCURRENT_UPDATE, message);
    }

    /** One unit of work: writes apply at once (the lock isolates them) and are undone on failure. */
    private final class Transaction implements DelegationTransaction {
        private final Deque<Runnable> undo = new ArrayDeque<>();
        private boolean open = true;

        private void requireOpen() {
            if (!open) {
                throw new IllegalStateException("This transaction has ended");
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
            return Optional.ofNullable(delegations.get(id));
        }

        @Override
        public Optional<Delegation> lockDelegation(DelegationId id) {
            // Units of work run one at a time here: reading is holding.
            return findDelegation(id);
        }

        @Override
        public Optional<Delegation> lockOwnDelegation(TenantId partner, DelegationId id) {
            Objects.requireNonNull(partner, "partner");
            return findDelegation(id).filter(d -> d.partnerTenant().equals(partner));
        }

        @Override
        public Optional<Delegation> findOpenDelegation(TenantId partner, TenantId customer) {
            requireOpen();
            return ofCustomer(customer).filter(d -> d.partnerTenant().equals(partner) && d.status().isOpen()).findFirst();
        }

        @Override
        public Optional<Delegation> findConnectedDelegation(TenantId customer) {
            requireOpen();
            return ofCustomer(customer).filter(Delegation::isConnected).findFirst();
        }

        private java.util.stream.Stream<Delegation> ofCustomer(TenantId customer) {
            return byCustomer.getOrDefault(customer, Set.of()).stream().map(delegations::get);
        }

        @Override
        public List<Delegation> listByPartner(TenantId partner, Set<DelegationStatus> statuses, Optional<AccountCursor> after, int limit) {
            requireOpen();
            TreeMap<AccountCursor, DelegationId> index = byPartner.get(partner);
            if (index == null) {
                return List.of();
            }
            Map<AccountCursor, DelegationId> tail = after.isPresent() ? index.tailMap(after.get(), false) : index;
            List<Delegation> page = new ArrayList<>();
            for (DelegationId id : tail.values()) {
                Delegation d = delegations.get(id);
                if (statuses.contains(d.status())) {
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
            requireOpen();
            return invitations.values().stream()
                    .filter(i -> i.status() == InvitationStatus.OPEN && i.isExpiredAt(now))
                    .map(i -> delegations.get(i.delegationId()))
                    .filter(d -> d != null && d.isPending())
                    .distinct()
                    .limit(limit)
                    .toList();
        }

        @Override
        public void insert(Delegation d) {
            requireOpen();
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
            requireOpen();
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
            requireOpen();
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
            requireOpen();
            return Optional.ofNullable(invitations.get(tokenHash));
        }

        @Override
        public void updateInvitation(Invitation invitation) {
            requireOpen();
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
            Invitation newest = invitations.get(Objects.requireNonNull(delivered, "delivered"));
            if (newest == null) {
                return 0;
            }
            return supersede(delegationId, newest);
        }

        /** Supersedes the delegation's OPEN invitations minted no later than {@code delivered}, but it (all of them when null). */
        private int supersede(DelegationId delegationId, Invitation delivered) {
            requireOpen();
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
            requireOpen();
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
            requireOpen();
            return !invitationsByDelegation.getOrDefault(delegationId, Set.of()).isEmpty();
        }

        @Override
        public void append(AuditEvent event) {
            requireOpen();
            Objects.requireNonNull(event, "event");
            List<AuditEvent> list = event.delegationId().isPresent()
                    ? audit.computeIfAbsent(event.delegationId().get(), k -> new ArrayList<>())
                    : permissionAudit.computeIfAbsent(event.targetTenant(), k -> new ArrayList<>());
            list.add(event);
            undo.push(() -> list.remove(list.size() - 1));
        }

        @Override
        public List<AuditEvent> permissionChanges(TenantId tenant) {
            requireOpen();
            return List.copyOf(permissionAudit.getOrDefault(tenant, List.of()));
        }

        @Override
        public List<AuditEvent> auditTrail(DelegationId delegationId, Optional<AuditEventId> after, int limit) {
            requireOpen();
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
            requireOpen();
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
            requireOpen();
            Objects.requireNonNull(deliveredAt, "deliveredAt");
            OutboxEntry stored = outbox.get(id);
            Instant lease = leases.get(id);
            boolean changed = updateClaimed(id, attempt, e -> new OutboxEntry(e.id(), e.type(), e.delegationId(), e.recipient(),
                    OutboxStatus.DELIVERED, e.attempts(), e.createdAt(), e.nextAttemptAt(), Optional.of(deliveredAt), e.lastError()));
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
            requireOpen();
            return Optional.ofNullable(lastInvitation.getOrDefault(partner, Map.of()).get(customer));
        }

        @Override
        public long partnerEpoch(TenantId partner) {
            requireOpen();
            return partnerEpochs.getOrDefault(Objects.requireNonNull(partner, "partner"), 0L);
        }

        @Override
        public long advancePartnerEpoch(TenantId partner) {
            requireOpen();
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
            requireOpen();
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
            requireOpen();
            int deleted = 0;
            for (List<AuditEvent> trail : java.util.stream.Stream.concat(audit.values().stream(), permissionAudit.values().stream()).toList()) {
                List<AuditEvent> before = List.copyOf(trail);
                boolean removed = false;
                for (java.util.Iterator<AuditEvent> it = trail.iterator(); it.hasNext() && deleted < limit; ) {
                    if (it.next().occurredAt().isBefore(cutoff)) {
                        it.remove();
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
            return deleted;
        }
    }
}
