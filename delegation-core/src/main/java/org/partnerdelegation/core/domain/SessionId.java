package org.partnerdelegation.core.domain;

import java.util.UUID;

/** Identifies a delegated session (not secret: the token is the credential). */
public record SessionId(UUID value) {

    public SessionId {
        Validation.requireNonNull(value, "sessionId");
    }

    public static SessionId of(UUID value) {
        return new SessionId(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
