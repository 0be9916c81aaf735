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
    PARTNER_PERMISSION_REVOKED,
    /** The partner asked the customer to change a CONNECTED delegation's grant (more roles, a longer period). */
    GRANT_CHANGE_REQUESTED,
    /** The customer approved the change request: the new grant is in force. */
    GRANT_CHANGE_APPROVED,
    /** The customer declined the change request: the grant in force stays. */
    GRANT_CHANGE_DECLINED,
    /** The change request's invitation expired unanswered: the grant in force stays. */
    GRANT_CHANGE_EXPIRED,
    /** The customer reduced the grant (fewer roles, an earlier end), without the partner's consent. */
    GRANT_REDUCED,
    /** The customer changed its rules for the grant: automatic renewal, reasons for sensitive roles. */
    GRANT_RULES_CHANGED,
    /** The grant was renewed automatically for one more period, as the customer approved. */
    DELEGATION_RENEWED,
    /** The grant's end date passed: CONNECTED to ENDED, sessions revoked. */
    DELEGATION_ENDED,
    /** The customer's administrator ended one delegated session into its tenant. */
    SESSION_ENDED,
    /**
     * The customer's administrator changed the tenant's {@link CustomerSettings} (login notices,
     * step-up age). An event of the tenant, without a delegation.
     */
    CUSTOMER_SETTINGS_CHANGED,
    /**
     * A login of the same partner user into the same delegation ended this user's oldest live session, which held the
     * event's roles and reason: the user was at the cap on live sessions ({@code DelegationSettings.maxLiveSessions}).
     */
    SESSION_DISPLACED
}
