package org.partnerdelegation.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.CustomerSettings;
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
 *
 * <p>Finders return {@link Optional#empty()} or an empty list when nothing matches, never null.
 * Every method may throw a {@link org.partnerdelegation.core.domain.DelegationException} with
 * {@code STORAGE_UNAVAILABLE} when the storage fails; the unit of work is then rolled back.
 */
public interface DelegationTransaction {

    /**
     * The delegation with that id, whatever its status and its partner.
     *
     * @param id the delegation's id
     * @return the delegation; empty when there is none
     */
    Optional<Delegation> findDelegation(DelegationId id);

    /**
     * Like {@link #findDelegation}, and holds the delegation against concurrent changes until the
     * unit of work ends (a row lock where there is a database): a use case that records something
     * about a delegation without changing it (a resend, a login) then cannot interleave with a
     * transition committed meanwhile. A change committed while waiting is what it returns.
     *
     * @param id the delegation's id
     * @return the delegation as it is once held; empty when there is none
     */
    Optional<Delegation> lockDelegation(DelegationId id);

    /**
     * Like {@link #lockDelegation}, for the partner's own delegation only: a delegation of
     * another partner is neither returned nor locked, so that no one can hold up a delegation
     * that is not theirs.
     *
     * @param partner the partner tenant that must own the delegation
     * @param id      the delegation's id
     * @return the delegation as it is once held; empty when there is none or it is another partner's
     */
    Optional<Delegation> lockOwnDelegation(TenantId partner, DelegationId id);

    /**
     * The PENDING or CONNECTED delegation of this pair, if any.
     *
     * @param partner  the partner tenant
     * @param customer the customer tenant
     * @return the open delegation (there is at most one); empty when there is none
     */
    Optional<Delegation> findOpenDelegation(TenantId partner, TenantId customer);

    /**
     * The customer's CONNECTED delegation, if any (there is at most one).
     *
     * @param customer the customer tenant
     * @return the CONNECTED delegation, of whichever partner; empty when there is none
     */
    Optional<Delegation> findConnectedDelegation(TenantId customer);

    /**
     * The customer's delegation accepted most recently, whatever its status now: what a retried
     * disassociation looks at to tell "already done" from "never connected". The default finds
     * none, so that a store without it answers a retried disassociation {@code NOT_CONNECTED}.
     *
     * @param customer the customer tenant
     * @return the delegation with the latest acceptance time (ties broken by id); empty when none was ever accepted
     */
    default Optional<Delegation> findLatestAccepted(TenantId customer) {
        return Optional.empty();
    }

    /**
     * The partner's delegations in the given statuses, ordered by customer email (canonical)
     * then id, starting after {@code after}, at most {@code limit}.
     *
     * @param partner  the partner tenant
     * @param statuses the statuses to include; an empty set lists nothing
     * @param after    the position to start after; empty for the first page
     * @param limit    the most delegations to return, 1 or more
     * @return the delegations, in list order; empty when no more match
     */
    default List<Delegation> listByPartner(TenantId partner, Set<DelegationStatus> statuses, Optional<AccountCursor> after, int limit) {
        return listByPartner(partner, statuses, Optional.empty(), after, limit);
    }

    /**
     * Like {@link #listByPartner(TenantId, Set, Optional, int)}, only the delegations whose access
     * ends (renewal included, {@link org.partnerdelegation.core.domain.AccessGrant#accessUntil()})
     * at or before {@code endingBy}, when it is given: delegations without an end date are then left out.
     *
     * @param partner  the partner tenant
     * @param statuses the statuses to include; an empty set lists nothing
     * @param endingBy the latest end of access to include; empty for every delegation
     * @param after    the position to start after; empty for the first page
     * @param limit    the most delegations to return, 1 or more
     * @return the delegations, in list order; empty when no more match
     */
    List<Delegation> listByPartner(TenantId partner, Set<DelegationStatus> statuses, Optional<Instant> endingBy,
                                   Optional<AccountCursor> after, int limit);

    /**
     * PENDING delegations whose OPEN invitation expired at or before {@code now}, at most {@code limit}.
     *
     * @param now   the instant invitations are checked at
     * @param limit the most delegations to return, 1 or more
     * @return each such delegation once; empty when none
     */
    List<Delegation> findExpiredPending(Instant now, int limit);

    /**
     * CONNECTED delegations with a change request whose OPEN invitation expired at or before
     * {@code now}, at most {@code limit}.
     *
     * @param now   the instant invitations are checked at
     * @param limit the most delegations to return, 1 or more
     * @return each such delegation once; empty when none
     */
    List<Delegation> findExpiredChangeRequests(Instant now, int limit);

    /**
     * CONNECTED delegations whose current period ends at or before {@code threshold} and whose
     * ending notice has not been sent, at most {@code limit}, the earliest end first.
     *
     * @param threshold the latest end date to include (now plus the notice period)
     * @param limit     the most delegations to return, 1 or more
     * @return the delegations; empty when none
     */
    List<Delegation> findEndingUnnoticed(Instant threshold, int limit);

    /**
     * CONNECTED delegations whose current period ended at or before {@code now} (to be renewed
     * or ended), at most {@code limit}, the earliest end first. Each is held until the unit of
     * work ends, as {@link #lockDelegation} holds it; a delegation another unit of work holds at
     * that moment may be skipped (a database skips locked rows), so that several nodes sweeping
     * at once share the work instead of waiting for each other.
     *
     * @param now   the instant end dates are checked at
     * @param limit the most delegations to return, 1 or more
     * @return the delegations, held; empty when none
     */
    List<Delegation> lockEndedConnected(Instant now, int limit);

    /**
     * Adds a new delegation (version 0).
     *
     * @param delegation the delegation; its id must be new
     * @throws org.partnerdelegation.core.domain.DelegationException {@code ALREADY_LINKED_TO_ANOTHER_TENANT} for
     *         a second CONNECTED delegation of the customer, {@code CONCURRENT_UPDATE} for a second open one of
     *         the pair or an id already stored
     */
    void insert(Delegation delegation);

    /**
     * Replaces the stored delegation, which must be at {@code delegation.version() - 1}.
     *
     * @param delegation the delegation after its change, one version higher than the stored one
     * @throws org.partnerdelegation.core.domain.DelegationException {@code CONCURRENT_UPDATE} when the stored
     *         version is not one lower or the change breaks the one-open-delegation-per-pair rule,
     *         {@code ALREADY_LINKED_TO_ANOTHER_TENANT} when it would connect a customer connected already,
     *         {@code DELEGATION_NOT_FOUND} (or {@code CONCURRENT_UPDATE}) when there is no such delegation
     */
    void update(Delegation delegation);

    /**
     * Adds a newly minted invitation of a stored delegation.
     *
     * @param invitation the invitation; its token hash must be new
     * @throws org.partnerdelegation.core.domain.DelegationException {@code CONCURRENT_UPDATE} when the token hash
     *         is stored already; an invitation of an unknown delegation is refused too
     *         ({@code DELEGATION_NOT_FOUND} in memory, {@code STORAGE_UNAVAILABLE} from a database)
     */
    void insertInvitation(Invitation invitation);

    /**
     * The invitation stored under that token hash, whatever its status.
     *
     * @param tokenHash the hash of the token from the link
     * @return the invitation; empty when none has that hash (deleted, or never minted)
     */
    Optional<Invitation> findInvitation(TokenHash tokenHash);

    /**
     * Replaces the stored invitation with the same token hash (its status changed).
     *
     * @param invitation the invitation with its new status and time of use
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVITATION_INVALID} when no invitation
     *         has that token hash
     */
    void updateInvitation(Invitation invitation);

    /**
     * Marks every OPEN invitation of the delegation SUPERSEDED.
     *
     * @param delegationId the delegation whose links stop working
     * @return how many were open
     */
    int supersedeOpenInvitations(DelegationId delegationId);

    /**
     * Marks SUPERSEDED the OPEN invitations of the delegation, other than the one with
     * {@code delivered}, minted no later than it: once a newer invitation has reached the
     * customer, older links stop working. One minted later (by a later claim), or one already
     * USED, is left alone.
     *
     * @param delegationId the delegation
     * @param delivered    the hash of the invitation whose mail was just delivered; when it is no longer
     *                     stored, nothing is superseded
     * @return how many were superseded
     */
    int supersedeOpenInvitationsOlderThan(DelegationId delegationId, TokenHash delivered);

    /**
     * Deletes the invitation with that hash, if any: a token that never reached anyone.
     *
     * @param tokenHash the hash of the unsent token; an unknown hash is not an error
     */
    void deleteInvitation(TokenHash tokenHash);

    /**
     * Whether an invitation of the delegation was ever handed to the notifier (whatever became of it).
     *
     * @param delegationId the delegation
     * @return true when at least one of its invitations is stored, in any status
     */
    boolean hasInvitations(DelegationId delegationId);

    /**
     * Appends an event to the audit trail: of its delegation, or, without one, to the permission
     * changes of its target tenant.
     *
     * @param event the event; its id must be new
     */
    void append(AuditEvent event);

    /**
     * A page of the delegation's audit events in the order they happened, starting after the
     * event {@code after} (an event of that delegation), at most {@code limit}.
     *
     * @param delegationId the delegation
     * @param after        the last event of the previous page; empty for the first page
     * @param limit        the most events to return, 1 or more
     * @return the events, oldest first; empty when no more follow
     */
    List<AuditEvent> auditTrail(DelegationId delegationId, Optional<AuditEventId> after, int limit);

    /**
     * The delegation's whole audit trail, in the order it happened, read page by page.
     *
     * @param delegationId the delegation
     * @return every event of the delegation, oldest first; empty when there is none
     */
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

    /**
     * The partner permission changes of a tenant (audit events without a delegation), oldest first.
     *
     * @param tenant the tenant whose permission changed
     * @return the grants and revocations, oldest first; empty when there was none
     */
    List<AuditEvent> permissionChanges(TenantId tenant);

    /**
     * A page of the audit events concerning a tenant, oldest first: the events whose target
     * tenant it is (its delegations as customer, its permission changes) and the events of
     * delegations whose partner it is, that happened in {@code [from, to)}, starting after the
     * event {@code after}, at most {@code limit}. Events the tenant's users merely acted in are not
     * its own: an operator's tenant acts on every tenant, and its trail must not disclose theirs.
     *
     * @param tenant the tenant, as customer or partner
     * @param from   the first instant included
     * @param to     the first instant excluded
     * @param after  the last event of the previous page; empty for the first page
     * @param limit  the most events to return, 1 or more
     * @return the events, in the order they were appended; empty when no more follow
     */
    List<AuditEvent> auditEventsOfTenant(TenantId tenant, Instant from, Instant to, Optional<AuditEventId> after, int limit);

    /**
     * Writes a notification to the outbox, to be delivered once the unit of work commits. An
     * INVITATION entry also counts as an invitation asked for, for
     * {@link #lastInvitationRequestedAt(TenantId, TenantId)}.
     *
     * @param entry the entry; its id must be new
     * @throws org.partnerdelegation.core.domain.DelegationException {@code CONCURRENT_UPDATE} when an entry with
     *         that id is stored already
     */
    void enqueue(OutboxEntry entry);

    /**
     * Records the delivery of an entry claimed with fence {@code attempt}
     * ({@link DelegationStore#claimDueNotifications}): it is never claimed again.
     *
     * @param id          the entry
     * @param attempt     the claim's fence: the entry's {@link OutboxEntry#attempts()} as claimed
     * @param deliveredAt when the notifier took it
     *
     * @return false when the entry is no longer PENDING under that claim (a later claim took it
     *         over, or it was closed): nothing changed, and the caller must not act on the delivery
     */
    boolean markDelivered(NotificationId id, int attempt, Instant deliveredAt);

    /**
     * When an invitation from {@code partner} to {@code customer} was last asked for (added or resent), any delegation of the pair.
     *
     * @param partner  the partner tenant
     * @param customer the customer tenant
     * @return when the pair's latest INVITATION entry was enqueued; empty when never
     */
    Optional<Instant> lastInvitationRequestedAt(TenantId partner, TenantId customer);

    /**
     * The partner's permission epoch: 0 until its partner permission is first revoked, then one
     * more at each revocation. Sessions record the epoch they were issued under.
     *
     * @param partner the partner tenant
     * @return the current epoch, 0 or more
     */
    long partnerEpoch(TenantId partner);

    /**
     * Moves the partner's permission epoch on, so that every session issued before no longer
     * validates, whatever happens to the permission afterwards.
     *
     * @param partner the partner tenant whose permission is revoked
     * @return the new epoch
     */
    long advancePartnerEpoch(TenantId partner);

    /**
     * The settings a customer tenant chose, if it ever saved any.
     *
     * @param customer the customer tenant
     * @return its settings; empty when it never saved any (it has {@link CustomerSettings#DEFAULTS})
     */
    Optional<CustomerSettings> findCustomerSettings(TenantId customer);

    /**
     * Stores the customer tenant's settings, replacing any. When they move the tenant onto
     * {@link org.partnerdelegation.core.domain.LoginNotice#DAILY_DIGEST} from another login notice (a
     * tenant without stored settings is on the digest already), every login recorded so far counts
     * as reported: a digest never lists a login made while the tenant was told of each login, or of none.
     *
     * @param customer the customer tenant
     * @param settings its new settings
     */
    void saveCustomerSettings(TenantId customer, CustomerSettings settings);

    /**
     * Customer tenants due a login digest: on {@link org.partnerdelegation.core.domain.LoginNotice#DAILY_DIGEST}
     * (or without stored settings), with {@code DELEGATED_LOGIN} audit events not yet reported, whose last digest
     * was at or before {@code lastDigestBy} (or who never had one), at most {@code limit}.
     *
     * @param lastDigestBy the latest last digest that makes a tenant due (now minus a day)
     * @param limit        the most tenants to return, 1 or more
     * @return each such tenant once; empty when none
     */
    List<TenantId> findLoginDigestsDue(Instant lastDigestBy, int limit);

    /**
     * The customer's {@code DELEGATED_LOGIN} audit events not yet reported in a digest, oldest
     * first, at most {@code limit}, when the customer is still due a digest as
     * {@link #findLoginDigestsDue} says; its digest state is held until the unit of work ends (a row
     * lock where there is a database; a tenant without stored settings gets the defaults stored
     * first, so that there is a row to hold), so that two nodes running the digest at once never
     * report a login twice: the second finds the customer no longer due. A login committed after this read comes after every login it returns, in the
     * next digest.
     *
     * @param customer     the customer tenant
     * @param lastDigestBy the latest last digest that makes the tenant due
     * @param limit        the most events to return, 1 or more
     * @return the unreported logins, oldest first; empty when there are none or the tenant is no longer due
     */
    List<AuditEvent> lockUnreportedLogins(TenantId customer, Instant lastDigestBy, int limit);

    /**
     * Records a digest of the customer's logins: every login up to and including {@code through}
     * is reported, and the digest happened {@code at}. Called in the unit of work that called
     * {@link #lockUnreportedLogins} for the customer, after it.
     *
     * @param customer the customer tenant
     * @param through  the last login the digest reports, one {@link #lockUnreportedLogins} returned
     * @param at       when the digest was made
     */
    void markLoginsReported(TenantId customer, AuditEventId through, Instant at);

    /**
     * Deletes up to {@code limit} DELIVERED or DISCARDED outbox entries created before {@code cutoff}.
     * PENDING and FAILED entries are never deleted.
     *
     * @param cutoff entries created before this instant go
     * @param limit  the most entries to delete, 1 or more
     * @return how many were deleted
     */
    int deleteClosedNotificationsBefore(Instant cutoff, int limit);

    /**
     * Deletes up to {@code limit} audit events that happened before {@code cutoff}.
     *
     * @param cutoff events that happened before this instant go
     * @param limit  the most events to delete, 1 or more
     * @return how many were deleted
     */
    int deleteAuditEventsBefore(Instant cutoff, int limit);
}
