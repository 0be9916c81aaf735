package org.partnerdelegation.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;

/**
 * What a unit of work may read and write. Valid only inside
 * {@link DelegationStore#inTransaction}; not to be kept or shared between threads.
 */
public interface DelegationTransaction {

    Optional<Delegation> findDelegation(DelegationId id);

    /**
     * Like {@link #findDelegation}, and holds the delegation against concurrent changes until the
     * unit of work ends (a row lock where there is a database): a use case that records something
     * about a delegation without changing it (a resend, a login) then cannot interleave with a
     * transition committed meanwhile. A change committed while waiting is what it returns.
     */
    Optional<Delegation> lockDelegation(DelegationId id);

    /**
     * Like {@link #lockDelegation}, for the partner's own delegation only: a delegation of
     * another partner is neither returned nor locked, so that no one can hold up a delegation
     * that is not theirs.
     */
    Optional<Delegation> lockOwnDelegation(TenantId partner, DelegationId id);

    /** The PENDING or CONNECTED delegation of this pair, if any. */
    Optional<Delegation> findOpenDelegation(TenantId partner, TenantId customer);

    /** The customer's CONNECTED delegation, if any (there is at most one). */
    Optional<Delegation> findConnectedDelegation(TenantId customer);

    /**
     * The partner's delegations in the given statuses, ordered by customer email (canonical)
     * then id, starting after {@code after}, at most {@code limit}.
     */
    List<Delegation> listByPartner(TenantId partner, Set<DelegationStatus> statuses, Optional<AccountCursor> after, int limit);

    /** PENDING delegations whose OPEN invitation expired at or before {@code now}, at most {@code limit}. */
    List<Delegation> findExpiredPending(Instant now, int limit);

    /** Adds a new delegation (version 0). */
    void insert(Delegation delegation);

    /** Replaces the stored delegation, which must be at {@code delegation.version() - 1}. */
    void update(Delegation delegation);

    void insertInvitation(Invitation invitation);

    Optional<Invitation> findInvitation(TokenHash tokenHash);

    /** Replaces the stored invitation with the same token hash (its status changed). */
    void updateInvitation(Invitation invitation);

    /**
     * Marks every OPEN invitation of the delegation SUPERSEDED.
     *
     * @return how many were open
     */
    int supersedeOpenInvitations(DelegationId delegationId);

    /**
     * Marks SUPERSEDED the OPEN invitations of the delegation, other than the one with
     * {@code delivered}, minted no later than it: once a newer invitation has reached the
     * customer, older links stop working. One minted later (by a later claim), or one already
     * USED, is left alone.
     *
     * @return how many were superseded
     */
    int supersedeOpenInvitationsOlderThan(DelegationId delegationId, TokenHash delivered);

    /** Deletes the invitation with that hash, if any: a token that never reached anyone. */
    void deleteInvitation(TokenHash tokenHash);

    /** Whether an invitation of the delegation was ever handed to the notifier (whatever became of it). */
    boolean hasInvitations(DelegationId delegationId);

    void append(AuditEvent event);

    /**
     * A page of the delegation's audit events in the order they happened, starting after the
     * event {@code after} (an event of that delegation), at most {@code limit}.
     */
    List<AuditEvent> auditTrail(DelegationId delegationId, Optional<AuditEventId> after, int limit);

    /** The delegation's whole audit trail, in the order it happened, read page by page. */
    default List<AuditEvent> auditTrail(DelegationId delegationId) {
        List<AuditEvent> all = new java.util.ArrayList<>();
        Optional<AuditEventId> after = Optional.empty();
        while (true) {
            List<AuditEvent> page = auditTrail(delegationId, after, 500);
            all.addAll(page);
            if (page.size() < 500) {
                return all;
            }
            after = Optional.of(page.get(page.size() - 1).id());
        }
    }

    /** The partner permission changes of a tenant (audit events without a delegation), oldest first. */
    List<AuditEvent> permissionChanges(TenantId tenant);

    void enqueue(OutboxEntry entry);

    /**
     * Records the delivery of an entry claimed with fence {@code attempt}
     * ({@link DelegationStore#claimDueNotifications}): it is never claimed again.
     *
     * @return false when the entry is no longer PENDING under that claim (a later claim took it
     *         over, or it was closed): nothing changed, and the caller must not act on the delivery
     */
    boolean markDelivered(NotificationId id, int attempt, Instant deliveredAt);

    /** When an invitation from {@code partner} to {@code customer} was last asked for (added or resent), any delegation of the pair. */
    Optional<Instant> lastInvitationRequestedAt(TenantId partner, TenantId customer);

    /**
     * The partner's permission epoch: 0 until its partner permission is first revoked, then one
     * more at each revocation. Sessions record the epoch they were issued under.
     */
    long partnerEpoch(TenantId partner);

    /**
     * Moves the partner's permission epoch on, so that every session issued before no longer
     * validates, whatever happens to the permission afterwards.
     *
     * @return the new epoch
     */
    long advancePartnerEpoch(TenantId partner);

    /** Deletes up to {@code limit} DELIVERED or DISCARDED outbox entries created before {@code cutoff}. */
    int deleteClosedNotificationsBefore(Instant cutoff, int limit);

    /** Deletes up to {@code limit} audit events that happened before {@code cutoff}. */
    int deleteAuditEventsBefore(Instant cutoff, int limit);
}
