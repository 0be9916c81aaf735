package org.partnerdelegation.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;

/**
 * Delegations, invitations, audit events and the notification outbox.
 *
 * <p>A use case runs as one {@link #inTransaction unit of work}: its reads, its state change,
 * its audit event and its outbox entries commit together or not at all. The store enforces the
 * invariants itself, whatever the caller checked before (and across several application nodes
 * where the storage is shared):
 * <ol>
 *   <li>at most one CONNECTED delegation per customer tenant: a write that would break it fails
 *       with {@code ALREADY_LINKED_TO_ANOTHER_TENANT};</li>
 *   <li>at most one open (PENDING or CONNECTED) delegation per (partner, customer) pair, and
 *       unique invitation token hashes: a write that would break them fails with
 *       {@code CONCURRENT_UPDATE};</li>
 *   <li>optimistic locking: an update whose version is not the stored version plus one fails
 *       with {@code CONCURRENT_UPDATE}.</li>
 * </ol>
 * On any failure the unit of work is rolled back and the exception propagates. Storage failures
 * surface as a {@link org.partnerdelegation.core.domain.DelegationException} with
 * {@code STORAGE_UNAVAILABLE}, never as a raw driver exception; a connection lost while the commit
 * was under way, when the store cannot tell whether it was written, as {@code OUTCOME_UNKNOWN}.
 *
 * <p>The outbox methods below are each their own short transaction; they serve the
 * {@link org.partnerdelegation.core.outbox.OutboxDispatcher}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface DelegationStore {

    /**
     * Runs {@code work} in one transaction and returns its result once committed.
     *
     * @param <T>  what the work returns
     * @param work the reads and writes to run together; it must not keep the transaction
     * @return what {@code work} returned, once everything it wrote has committed
     * @throws org.partnerdelegation.core.domain.DelegationException {@code ALREADY_LINKED_TO_ANOTHER_TENANT} or
     *         {@code CONCURRENT_UPDATE} when a write would break an invariant above, {@code STORAGE_UNAVAILABLE}
     *         when the storage fails; whatever {@code work} throws propagates as it is. In every case
     *         nothing of the unit of work remains. {@code OUTCOME_UNKNOWN} when the connection was lost during
     *         the commit: the whole unit of work may be written, or none of it.
     */
    <T> T inTransaction(UnitOfWork<T> work);

    /**
     * Runs {@code work} that only reads, for the checks a host makes on every request. Each read
     * sees data committed before it runs; the reads need not share one snapshot, and the store may
     * run them without opening a transaction (one connection in auto-commit on a database) and
     * without keeping writers or other readers waiting. The default runs {@code work} as a
     * {@linkplain #inTransaction unit of work}.
     *
     * @param <T>  what the work returns
     * @param work reads only: a write through {@code tx} may fail or be lost
     * @return what {@code work} returned
     * @throws org.partnerdelegation.core.domain.DelegationException {@code STORAGE_UNAVAILABLE} when the storage fails;
     *         whatever {@code work} throws propagates as it is
     */
    default <T> T read(UnitOfWork<T> work) {
        return inTransaction(work);
    }

    /**
     * The {@link JoinedQueries} this store offers for exactly these sibling adapters: a storage
     * keeping the tenant directory, the delegations and the sessions in one database answers the
     * hot paths in one statement each. The facade asks once, when it is built, and composes the
     * same answers from the three ports when the store offers none (the default), for instance
     * when the host's own {@link TenantDirectory} keeps its tenants elsewhere.
     *
     * @param directory the tenant directory the facade is built with
     * @param sessions  the session issuer the facade is built with
     * @return the joined queries when this store can answer for {@code directory} and {@code sessions}
     *         itself; empty otherwise
     */
    default java.util.Optional<JoinedQueries> joinedQueries(TenantDirectory directory, SessionIssuer sessions) {
        return java.util.Optional.empty();
    }

    /**
     * Claims up to {@code limit} PENDING entries due at {@code now} and not leased (oldest first),
     * counts an attempt on each and leases them for {@code lease}, so that no other dispatcher, on
     * this node or another, claims them meanwhile.
     *
     * <p>The returned entries' {@link OutboxEntry#attempts()} is the claim's fence: recording the
     * outcome ({@link DelegationTransaction#markDelivered}, {@link #recordFailure},
     * {@link #markDiscarded}) names it and does nothing once a later claim took the entry over.
     * The lease is measured by one clock for every node: the database's where there is one
     * (the caller's {@code now} only decides what is due), the caller's in memory.
     *
     * @param now   entries whose next attempt is at or before this instant are due
     * @param lease how long the claimed entries are kept from other claims; positive
     * @param limit the most entries to claim, 1 or more
     * @return the claimed entries, each with its attempts counted; empty when none is due
     */
    List<OutboxEntry> claimDueNotifications(Instant now, Duration lease, int limit);

    /**
     * The attempt with fence {@code attempt} failed. With a {@code retryAt} the entry stays
     * PENDING until then; without one it becomes FAILED and stays visible.
     *
     * @param id      the entry
     * @param attempt the claim's fence: the entry's {@link OutboxEntry#attempts()} as claimed
     * @param error   what went wrong, for operators; cut to {@link OutboxEntry#MAX_ERROR_LENGTH}; never a token
     * @param retryAt when to try again; empty to give up
     * @return false when the entry is no longer PENDING under that claim (a later claim took it over): nothing changed
     */
    boolean recordFailure(NotificationId id, int attempt, String error, Optional<Instant> retryAt);

    /**
     * The entry claimed with fence {@code attempt} is no longer worth sending; it becomes
     * DISCARDED, with the reason.
     *
     * @param id      the entry
     * @param attempt the claim's fence: the entry's {@link OutboxEntry#attempts()} as claimed
     * @param reason  why it is not sent, for operators; kept as its last error
     * @return false when the entry is no longer PENDING under that claim: nothing changed
     */
    boolean markDiscarded(NotificationId id, int attempt, String reason);

    /**
     * Entries in the given status, oldest first, for operators and tests.
     *
     * @param status the status to list
     * @param limit  the most entries to return, 1 or more
     * @return the entries, oldest first; empty when there are none
     */
    List<OutboxEntry> outboxEntries(OutboxStatus status, int limit);

    /**
     * Work done inside a transaction.
     *
     * @param <T> what the work returns
     */
    @FunctionalInterface
    interface UnitOfWork<T> {
        /**
         * Does the work.
         *
         * @param tx the transaction to read and write through; valid only during this call
         * @return the result {@link DelegationStore#inTransaction} hands back once committed
         */
        T run(DelegationTransaction tx);
    }
}
