package org.partnerdelegation.core.memory;

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
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.InvitationStatus;
import org.partnerdelegation.core.domain.NotificationId;
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
    public List<OutboxEntry> claimDueNotifications(Instant now, Instant leaseUntil, int limit) {
        return locked(() -> {
            List<OutboxEntry> claimed = new ArrayList<>();
            List<OutboxEntry> due = pendingOutbox.values().stream()
                    .filter(e -> !e.nextAttemptAt().isAfter(now))
                    .sorted(Comparator.comparing(OutboxEntry::nextAttemptAt).thenComparing(OutboxEntry::createdAt))
                    .limit(limit)
                    .toList();
            for (OutboxEntry e : due) {
                OutboxEntry leased = new OutboxEntry(e.id(), e.type(), e.delegationId(), e.recipient(), e.status(),
                        e.attempts() + 1, e.createdAt(), leaseUntil, e.deliveredAt(), e.lastError());
                putOutbox(leased);
                claimed.add(leased);
            }
            return claimed;
        });
    }

    @Override
    public void markDelivered(NotificationId id, Instant deliveredAt) {
        locked(() -> updateOutbox(id, e -> new OutboxEntry(e.id(), e.type(), e.delegationId(), e.recipient(),
                OutboxStatus.DELIVERED, e.attempts(), e.createdAt(), e.nextAttemptAt(), Optional.of(deliveredAt), e.lastError())));
    }

    @Override
    public void recordFailure(NotificationId id, String error, Optional<Instant> retryAt) {
        locked(() -> updateOutbox(id, e -> e.status() != OutboxStatus.PENDING ? e
                : new OutboxEntry(e.id(), e.type(), e.delegationId(), e.recipient(),
                retryAt.isPresent() ? OutboxStatus.PENDING : OutboxStatus.FAILED, e.attempts(), e.createdAt(),
                retryAt.orElse(e.nextAttemptAt()), e.deliveredAt(), Optional.of(OutboxEntry.truncateError(error)))));
    }

    @Override
    public void markDiscarded(NotificationId id, String reason) {
        locked(() -> updateOutbox(id, e -> e.status() != OutboxStatus.PENDING ? e
                : new OutboxEntry(e.id(), e.type(), e.delegationId(), e.recipient(), OutboxStatus.DISCARDED, e.attempts(),
                e.createdAt(), e.nextAttemptAt(), e.deliveredAt(), Optional.of(OutboxEntry.truncateError(reason)))));
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
        public int supersedeOpenInvitationsExcept(DelegationId delegationId, TokenHash keep) {
            return supersede(delegationId, Objects.requireNonNull(keep, "keep"));
        }

        private int supersede(DelegationId delegationId, TokenHash keep) {
            requireOpen();
            List<Invitation> open = invitationsByDelegation.getOrDefault(delegationId, Set.of()).stream()
                    .map(invitations::get)
                    .filter(i -> i.status() == InvitationStatus.OPEN)
                    .filter(i -> !i.tokenHash().equals(keep))
                    .toList();
            open.forEach(i -> updateInvitation(i.superseded()));
            return open.size();
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
        public List<AuditEvent> auditTrail(DelegationId delegationId) {
            requireOpen();
            return List.copyOf(audit.getOrDefault(delegationId, List.of()));
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
        }
    }
}
