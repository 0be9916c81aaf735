package org.partnerdelegation.core.domain;

import java.util.UUID;

/** Identifies an audit event. */
public record AuditEventId(UUID value) {

    public AuditEventId {
        Validation.requireNonNull(value, "auditEventId");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
