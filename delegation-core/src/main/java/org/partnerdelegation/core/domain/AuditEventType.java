package org.partnerdelegation.core.domain;

/** What an {@link AuditEvent} records. */
public enum AuditEventType {
    /** A partner added a customer account: the delegation became PENDING. */
    CUSTOMER_ADDED,
    /** A partner asked for the invitation to be sent again. */
    INVITATION_RESENT,
    /** The customer accepted: PENDING to CONNECTED. */
    INVITATION_ACCEPTED,
    /** The customer declined: PENDING to DECLINED. */
    INVITATION_DECLINED,
    /** The invitation's time to live passed: PENDING to EXPIRED. */
    INVITATION_EXPIRED,
    /** The partner deleted the account: to REMOVED. */
    ACCOUNT_DELETED,
    /** The customer disassociated its partner: CONNECTED to REMOVED. */
    PARTNER_DISASSOCIATED,
    /** A partner user logged in to the customer tenant. */
    DELEGATED_LOGIN,
    /** The customer's administrator ended every delegated session into its tenant, keeping the link. */
    SESSIONS_ENDED,
    /** An operator granted the partner permission to a tenant. */
    PARTNER_PERMISSION_GRANTED,
    /** An operator revoked the partner permission of a tenant. */
    PARTNER_PERMISSION_REVOKED
}
