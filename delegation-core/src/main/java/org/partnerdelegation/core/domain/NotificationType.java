package org.partnerdelegation.core.domain;

/** The notifications the library sends, each with the side that receives it. */
public enum NotificationType {
    /** To the customer: the invitation, with the Accept and Login link carrying the token. */
    INVITATION(Side.CUSTOMER),
    /** To the customer: you accepted, your partner can now manage your tenant. */
    ACCEPTANCE_CONFIRMATION(Side.CUSTOMER),
    /** To the partner: the customer accepted. */
    ACCEPTANCE_NOTICE(Side.PARTNER),
    /** To the partner: the customer declined. */
    DECLINE_NOTICE(Side.PARTNER),
    /** To the partner: the invitation expired unanswered. */
    EXPIRY_NOTICE(Side.PARTNER),
    /** To the partner: the delegation was removed (by either side). */
    REMOVAL_NOTICE_TO_PARTNER(Side.PARTNER),
    /** To the customer: the delegation was removed (by either side). */
    REMOVAL_NOTICE_TO_CUSTOMER(Side.CUSTOMER),
    /** To the customer: the partner asks for more roles or a longer period, with an Approve link carrying a token. */
    CHANGE_REQUEST(Side.CUSTOMER),
    /** To the partner: the customer approved the change request. */
    CHANGE_APPROVED_NOTICE(Side.PARTNER),
    /** To the partner: the customer declined the change request, or it expired; the grant in force stays. */
    CHANGE_DECLINED_NOTICE(Side.PARTNER),
    /** To the partner: the customer reduced the grant (fewer roles, an earlier end). */
    GRANT_REDUCED_NOTICE(Side.PARTNER),
    /** To the partner: the delegation's end date is coming. */
    ENDING_NOTICE_TO_PARTNER(Side.PARTNER),
    /** To the customer: the delegation's end date is coming. */
    ENDING_NOTICE_TO_CUSTOMER(Side.CUSTOMER),
    /** To the partner: the end date passed; access ended. */
    END_NOTICE_TO_PARTNER(Side.PARTNER),
    /** To the customer: the end date passed; the partner's access ended. */
    END_NOTICE_TO_CUSTOMER(Side.CUSTOMER),
    /** To the partner: the delegation was renewed automatically for one more period. */
    RENEWAL_NOTICE_TO_PARTNER(Side.PARTNER),
    /** To the customer: the delegation was renewed automatically for one more period. */
    RENEWAL_NOTICE_TO_CUSTOMER(Side.CUSTOMER),
    /** To the customer on {@link LoginNotice#EACH_LOGIN}: a partner user logged in to your tenant. */
    DELEGATED_LOGIN_NOTICE(Side.CUSTOMER),
    /** To the customer on {@link LoginNotice#DAILY_DIGEST}: the delegated logins since the previous digest. */
    DELEGATED_LOGIN_DIGEST(Side.CUSTOMER);

    /** Which side of the delegation receives a notification. */
    public enum Side {
        /** The partner tenant's administrator. */
        PARTNER,
        /** The customer tenant's administrator. */
        CUSTOMER
    }

    private final Side recipientSide;

    NotificationType(Side recipientSide) {
        this.recipientSide = recipientSide;
    }

    /**
     * Whether the notification carries a token minted at delivery: the invitation, and the change
     * request (whose link approves or declines the change).
     *
     * @return true for {@link #INVITATION} and {@link #CHANGE_REQUEST}
     */
    public boolean carriesInvitation() {
        return this == INVITATION || this == CHANGE_REQUEST;
    }

    /**
     * Whether the notification reports delegated logins ({@link Notification#logins()}): the login
     * notice and the digest.
     *
     * @return true for {@link #DELEGATED_LOGIN_NOTICE} and {@link #DELEGATED_LOGIN_DIGEST}
     */
    public boolean reportsLogins() {
        return this == DELEGATED_LOGIN_NOTICE || this == DELEGATED_LOGIN_DIGEST;
    }

    /** {@return which side of the delegation this notification goes to} */
    public Side recipientSide() {
        return recipientSide;
    }
}
