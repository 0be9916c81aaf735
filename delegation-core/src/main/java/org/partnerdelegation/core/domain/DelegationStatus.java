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
 * </pre>
 */
public enum DelegationStatus {
    PENDING("Pending"),
    CONNECTED("Connected"),
    DECLINED("Declined"),
    EXPIRED("Expired"),
    REMOVED("Removed");

    /** The states the account list shows by default: the ones still open. */
    public static final Set<DelegationStatus> OPEN = Set.copyOf(EnumSet.of(PENDING, CONNECTED));

    private final String label;

    DelegationStatus(String label) {
        this.label = label;
    }

    /** The label shown to people in the account list. */
    public String label() {
        return label;
    }

    /** Open states still allow a transition; final ones stay in history only. */
    public boolean isOpen() {
        return this == PENDING || this == CONNECTED;
    }

    public boolean isFinal() {
        return !isOpen();
    }

    /** Whether the state machine allows going from this state to {@code target}. */
    public boolean canBecome(DelegationStatus target) {
        return switch (this) {
            case PENDING -> target == CONNECTED || target == DECLINED || target == EXPIRED || target == REMOVED;
            case CONNECTED -> target == REMOVED;
            case DECLINED, EXPIRED, REMOVED -> false;
        };
    }
}
