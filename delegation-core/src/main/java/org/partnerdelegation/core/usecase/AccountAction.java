package org.partnerdelegation.core.usecase;

/** The actions the account list offers on a row, depending on its status. */
public enum AccountAction {
    /** Log in to the customer tenant as its administrator (CONNECTED only). */
    LOGIN,
    /** Send the invitation again (PENDING only). */
    RESEND_INVITATION,
    /** Ask the customer for more roles or a longer period (CONNECTED only). */
    REQUEST_CHANGE,
    /** Delete Account: end the delegation (PENDING or CONNECTED). */
    DELETE_ACCOUNT
}
