package org.partnerdelegation.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.Invitation;
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
     * Marks every OPEN invitation of the delegation SUPERSEDED but the one with {@code keep}:
     * once a newer invitation has reached the customer, older links stop working.
     *
     * @return how many were superseded
     */
    int supersedeOpenInvitationsExcept(DelegationId delegationId, TokenHash keep);

    void append(AuditEvent event);

    /** The delegation's audit events in the order they happened. */
    List<AuditEvent> auditTrail(DelegationId delegationId);

    /** The partner permission changes of a tenant (audit events without a delegation), oldest first. */
    List<AuditEvent> permissionChanges(TenantId tenant);

    void enqueue(OutboxEntry entry);
}
