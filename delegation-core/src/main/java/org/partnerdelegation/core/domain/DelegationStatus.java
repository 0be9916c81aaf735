package org.partnerdelegation.core.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a delegation and the transitions between them:
 * <pre>
 * PENDING   --accept-->                 CONNECTED
 * PENDING   --decline-->                DECLINED  (final)
 * PENDING   --ttl passes-->             EXPIRED   (final)
 * PENDING   --delete / cancel-->        REMOVED   (final)
 * CONNECTED --delete / disassociate-->  REMOVED   (final; sessions revoked)
 * CONNECTED --end date passes-->        ENDED     (final; sessions revoked)
 * </pre>
 */
public enum DelegationStatus {
    /** The partner added the customer and the invitation awaits an answer; open. */
    PENDING("Pending"),
    /** The customer accepted: the partner may log in to the customer tenant; open. */
    CONNECTED("Connected"),
    /** The customer declined the invitation; final. */
    DECLINED("Declined"),
    /** The invitation's time to live passed unanswered; final. */
    EXPIRED("Expired"),
    /** The partner deleted the account or the customer disassociated the partner; final. */
    REMOVED("Removed"),
    /** The end date of the grant passed (renewal included); final. */
    ENDED("Ended");

    /** The states the account list shows by default: the ones still open. */
    public static final Set<DelegationStatus> OPEN = Set.copyOf(EnumSet.of(PENDING, CONNECTED));

    private final String label;

    DelegationStatus(String label) {
        this.label = label;
    }

    /** {@return the label shown to people in the account list, such as {@code "Pending"}} */
    public String label() {
        return label;
    }

    /**
     * Open states still allow a transition; final ones stay in history only.
     *
     * @return true for PENDING and CONNECTED
     */
    public boolean isOpen() {
        return this == PENDING || this == CONNECTED;
    }

    /** {@return true for DECLINED, EXPIRED, REMOVED and ENDED, which allow no transition} */
    public boolean isFinal() {
        return !isOpen();
    }

    /**
     * Whether the state machine allows going from this state to {@code target}.
     *
     * @param target the state to go to
     * @return true when the transition is in the state machine above
     */
    public boolean canBecome(DelegationStatus target) {
        return switch (this) {
            case PENDING -> target == CONNECTED || target == DECLINED || target == EXPIRED || target == REMOVED;
            case CONNECTED -> target == REMOVED || target == ENDED;
            case DECLINED, EXPIRED, REMOVED, ENDED -> false;
        };
    }
}
