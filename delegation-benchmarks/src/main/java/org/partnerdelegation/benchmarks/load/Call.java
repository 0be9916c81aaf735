package org.partnerdelegation.benchmarks.load;

/**
 * The calls the load makes, each a use case of the facade as a host calls it. Whether the call
 * writes decides whether a failure of it counts towards the write outage.
 */
public enum Call {
    /** {@code validateSession}, on every request of a delegated session. */
    VALIDATE_SESSION(false),
    /** {@code listAccounts}, the first page. */
    LIST_FIRST_PAGE(false),
    /** {@code listAccounts}, a later page through the cursor. */
    LIST_NEXT_PAGE(false),
    /** {@code loginToCustomer}. */
    LOGIN(true),
    /** {@code addCustomerAccount}. */
    ADD(true),
    /** {@code acceptInvitation}, the customer following the mailed link. */
    ACCEPT(true),
    /** {@code endSession}. */
    END_SESSION(true),
    /** {@code deleteAccount}. */
    DELETE(true),
    /** {@code disassociatePartner}. */
    DISASSOCIATE(true),
    /** {@code revokePartnerPermission}. */
    REVOKE_PERMISSION(true),
    /** {@code grantPartnerPermission}, giving the permission back after a revoke. */
    GRANT_PERMISSION(true);

    private final boolean writes;

    Call(boolean writes) {
        this.writes = writes;
    }

    /** {@return whether the call changes the database} */
    public boolean writes() {
        return writes;
    }
}
