package org.partnerdelegation.core.domain;

import java.util.UUID;

/** Identifies an outbox entry, and so one notification to deliver. */
public record NotificationId(UUID value) {

    public NotificationId {
        Validation.requireNonNull(value, "notificationId");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
