package org.partnerdelegation.core.usecase;

/**
 * The customer's rules for the grant it approves: one automatic renewal at the end date, and a
 * reason for every session holding a sensitive role. Set when accepting, changed later with
 * {@link PartnerDelegation#changeGrantRules}. Immutable and thread-safe.
 *
 * @param autoRenew              renew once, at the end date, for another period of the same length. Refused
 *                               ({@code RENEWAL_NOT_ALLOWED}) without an end date, and for a role the host keeps
 *                               from automatic renewal ({@code tenant:administrator} unless it allows it)
 * @param requireReasonForSensitiveRoles a login holding a role the host marks sensitive must give a reason
 */
public record GrantRules(boolean autoRenew, boolean requireReasonForSensitiveRoles) {

    /** {@return no automatic renewal, no reason required: the grant exactly as requested} */
    public static GrantRules asRequested() {
        return new GrantRules(false, false);
    }

    /**
     * A copy with automatic renewal on or off.
     *
     * @param renew whether to renew once automatically
     * @return the changed copy
     */
    public GrantRules withAutoRenew(boolean renew) {
        return new GrantRules(renew, requireReasonForSensitiveRoles);
    }

    /**
     * A copy requiring, or not, a reason for sessions holding a sensitive role.
     *
     * @param required whether a reason is required
     * @return the changed copy
     */
    public GrantRules withReasonRequired(boolean required) {
        return new GrantRules(autoRenew, required);
    }
}
