package org.partnerdelegation.core.domain;

/**
 * How a customer tenant is told of the delegated logins into it ({@link CustomerSettings#loginNotice()}).
 * Every login is in the audit trail whatever the choice; this only says what is mailed.
 */
public enum LoginNotice {
    /** A mail to the customer's administrator for each delegated login, written with the login. */
    EACH_LOGIN,
    /**
     * One mail a day at most listing the logins since the previous one, built by
     * {@code PartnerDelegation.enforceTimeLimits}. The default.
     */
    DAILY_DIGEST,
    /** No mail: the customer reads the logins in its audit trail. */
    NONE
}
