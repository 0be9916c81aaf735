package org.partnerdelegation.core.observation;

import java.util.Locale;

/**
 * The use cases of {@link org.partnerdelegation.core.usecase.PartnerDelegation} as an observer sees
 * them: one constant per public use case (the overloads of a method share it), each with a stable
 * name of lower-case words joined by underscores ({@code add_customer_account}), meant for metric
 * tags and span names. A name never changes between releases; new use cases add constants.
 */
public enum UseCase {
    /** {@code addCustomerAccount}. */
    ADD_CUSTOMER_ACCOUNT,
    /** {@code requestGrantChange}. */
    REQUEST_GRANT_CHANGE,
    /** {@code listAccounts}. */
    LIST_ACCOUNTS,
    /** {@code resendInvitation}. */
    RESEND_INVITATION,
    /** {@code viewAccounts}. */
    VIEW_ACCOUNTS,
    /** {@code loginToCustomer}. */
    LOGIN_TO_CUSTOMER,
    /** {@code deleteAccount}. */
    DELETE_ACCOUNT,
    /** {@code endSessionsOfUser}. */
    END_SESSIONS_OF_USER,
    /** {@code acceptInvitation}. */
    ACCEPT_INVITATION,
    /** {@code reviewInvitation}. */
    REVIEW_INVITATION,
    /** {@code declineInvitation}. */
    DECLINE_INVITATION,
    /** {@code disassociatePartner}. */
    DISASSOCIATE_PARTNER,
    /** {@code currentPartner}. */
    CURRENT_PARTNER,
    /** {@code endSessionsIntoTenant}. */
    END_SESSIONS_INTO_TENANT,
    /** {@code restrictPartnerAccess}. */
    RESTRICT_PARTNER_ACCESS,
    /** {@code changeGrantRules}. */
    CHANGE_GRANT_RULES,
    /** {@code delegatedSessions}. */
    DELEGATED_SESSIONS,
    /** {@code endDelegatedSession}. */
    END_DELEGATED_SESSION,
    /** {@code customerSettings}. */
    CUSTOMER_SETTINGS,
    /** {@code changeCustomerSettings}. */
    CHANGE_CUSTOMER_SETTINGS,
    /** {@code validateSession}: the check on every request of a delegated session. */
    VALIDATE_SESSION,
    /** {@code endSession}. */
    END_SESSION,
    /** {@code grantPartnerPermission}. */
    GRANT_PARTNER_PERMISSION,
    /** {@code revokePartnerPermission}. */
    REVOKE_PARTNER_PERMISSION,
    /** {@code expireInvitations}. */
    EXPIRE_INVITATIONS,
    /** {@code enforceTimeLimits}. */
    ENFORCE_TIME_LIMITS,
    /** {@code auditTrailOfTenant}. */
    AUDIT_TRAIL_OF_TENANT,
    /** {@code exportAuditTrail}. */
    EXPORT_AUDIT_TRAIL,
    /** {@code auditTrail}. */
    AUDIT_TRAIL,
    /** {@code permissionAuditTrail}. */
    PERMISSION_AUDIT_TRAIL,
    /** {@code applyRetention}. */
    APPLY_RETENTION;

    private final String observedName = name().toLowerCase(Locale.ROOT);

    /** {@return the stable name, e.g. {@code add_customer_account}} */
    public String observedName() {
        return observedName;
    }
}
