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
    REMOVAL_NOTICE_TO_CUSTOMER(Side.CUSTOMER);

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

    /** {@return which side of the delegation this notification goes to} */
    public Side recipientSide() {
        return recipientSide;
    }
}
