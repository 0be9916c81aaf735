package org.partnerdelegation.core.domain;

/**
 * The stable codes a {@link DelegationException} carries. Hosts may switch on them, map them
 * to HTTP statuses or translate their messages; a code never changes meaning between releases.
 */
public enum ErrorCode {
    /** The acting tenant does not hold the partner permission. */
    PARTNER_PERMISSION_REQUIRED,
    /** The acting user is not an administrator of its tenant, and the action needs one. */
    ADMINISTRATOR_REQUIRED,
    /** The action is reserved to an operator of the host. */
    OPERATOR_REQUIRED,
    /** No tenant has that account email (or id). */
    ACCOUNT_NOT_FOUND,
    /** The customer already authorized another partner; the message is fixed by the product. */
    ALREADY_LINKED_TO_ANOTHER_TENANT,
    /** A partner tried to add its own account as a customer. */
    CANNOT_LINK_OWN_ACCOUNT,
    /** No delegation with that id is visible to the acting principal. */
    DELEGATION_NOT_FOUND,
    /** The action needs a CONNECTED delegation and there is none. */
    NOT_CONNECTED,
    /** The action needs a PENDING delegation and the delegation is no longer pending. */
    NOT_PENDING,
    /** The invitation token is unknown, malformed, already used or superseded. */
    INVITATION_INVALID,
    /** The invitation token is genuine but its time to live has passed. */
    INVITATION_EXPIRED,
    /** The invitation was sent to another account than the one of the acting principal. */
    INVITATION_FOR_ANOTHER_ACCOUNT,
    /** An argument was missing, malformed or too long; nothing was written. */
    INVALID_INPUT,
    /**
     * Another transaction changed the same delegation at the same time, and retrying did not
     * resolve it. Transient: the caller may retry.
     */
    CONCURRENT_UPDATE,
    /**
     * The storage could not be reached or failed; nothing was written. Usually transient: the
     * caller may retry. When a storage adapter is opened without the database driver its URL
     * needs, the message names the dependency to add, and retrying does not help.
     */
    STORAGE_UNAVAILABLE,
    /**
     * The connection to the storage was lost while the change was being committed, so whether it
     * was written is not known: it may be there. Transient: the caller retries the same call, which
     * every use case answers safely (an end that already happened answers as done, an add returns
     * the open row, an accept of the link it used answers Connected, a login with the same
     * idempotency key returns the same session).
     */
    OUTCOME_UNKNOWN,
    /** The notifier could not deliver; the outbox keeps the entry and retries. */
    NOTIFICATION_FAILED,
    /**
     * The principal acts through a delegated session, and the use case would act beyond the
     * customer tenant the session was issued for (manage delegations, answer invitations, end the
     * link, operate the host): no chained delegation.
     */
    DELEGATED_SESSION_NOT_ALLOWED,
    /**
     * The partner who sent the invitation can no longer manage customers: it left the directory
     * or lost the partner permission. The invitation cannot be accepted.
     */
    INVITING_PARTNER_UNAVAILABLE,
    /**
     * The same thing was asked too soon after the last time (an invitation mailed to the same
     * account); {@link DelegationException#retryAt()} says when to try again.
     */
    TOO_MANY_REQUESTS,
    /** The database behind a storage adapter is of a kind the adapter does not support. */
    UNSUPPORTED_DATABASE,
    /** A login asked for a role the delegation does not grant (the customer approved fewer, or reduced them). */
    ROLE_NOT_GRANTED,
    /**
     * The customer requires a reason (a ticket number, free text) for sessions holding a sensitive
     * role, and the login gave none.
     */
    REASON_REQUIRED,
    /**
     * Automatic renewal was asked for a delegation that cannot have it: without an end date, or
     * granting a role the host keeps from automatic renewal ({@code tenant:administrator} unless it allows it).
     */
    RENEWAL_NOT_ALLOWED,
    /** No delegated session with that id acts in the customer's tenant. */
    SESSION_NOT_FOUND,
    /**
     * The action needs a fresher or stronger authentication than the principal carries: a
     * delegated login needs multi-factor authentication no older than the policy allows.
     * {@link DelegationException#stepUpChallenge()} says what to ask the user for; the message
     * says which factor or age is missing.
     */
    STEP_UP_REQUIRED
}
