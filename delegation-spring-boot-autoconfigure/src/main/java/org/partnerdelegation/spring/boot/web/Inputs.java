package org.partnerdelegation.spring.boot.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;

/**
 * Turns request values into the core's value types. Whatever the core validates itself is left to
 * it, so a bad value gives the library's own {@code INVALID_INPUT} and message; this class only parses
 * what JSON carries as text (instants, durations, enums, UUIDs).
 */
final class Inputs {

    /** More than the core accepts in any list, so that the core's own limit and message apply. */
    private static final int MAX_LIST = RoleKey.MAX_ROLES + 1;

    private Inputs() {
    }

    static Set<RoleKey> roles(List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            return Set.of();
        }
        if (keys.size() > MAX_LIST) {
            throw DelegationException.invalidInput("roles", "must name at most " + RoleKey.MAX_ROLES + " roles, got " + keys.size());
        }
        return RoleKey.requireSome(keys.stream().map(RoleKey::of).toList(), "roles");
    }

    static Optional<Duration> duration(String text, String name) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(text.strip()));
        } catch (DateTimeParseException e) {
            throw DelegationException.invalidInput(name, "must be an ISO-8601 duration such as P90D or PT12H");
        }
    }

    static Optional<Instant> instant(String text, String name) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.strip()));
        } catch (DateTimeParseException e) {
            throw DelegationException.invalidInput(name, "must be an ISO-8601 instant such as 2030-01-31T00:00:00Z");
        }
    }

    static Instant requiredInstant(String text, String name) {
        return instant(text, name).orElseThrow(() -> DelegationException.invalidInput(name, "is required"));
    }

    static Optional<Reason> reason(ApiJson.EndingReason body) {
        return body == null || body.reason() == null ? Optional.empty() : Optional.of(Reason.of(body.reason()));
    }

    static Set<DelegationStatus> statuses(List<String> names) {
        if (names == null || names.isEmpty()) {
            return DelegationStatus.OPEN;
        }
        EnumSet<DelegationStatus> statuses = EnumSet.noneOf(DelegationStatus.class);
        for (String name : names) {
            try {
                statuses.add(DelegationStatus.valueOf(name.strip()));
            } catch (IllegalArgumentException e) {
                throw DelegationException.invalidInput("status", "must be one of " + EnumSet.allOf(DelegationStatus.class));
            }
        }
        return statuses;
    }

    static SessionId sessionId(String text) {
        if (text == null || text.length() != 36) {
            throw DelegationException.invalidInput("sessionId", "must be a UUID such as 123e4567-e89b-42d3-a456-426614174000");
        }
        try {
            return SessionId.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw DelegationException.invalidInput("sessionId", "must be a UUID such as 123e4567-e89b-42d3-a456-426614174000");
        }
    }

    static String token(String token) {
        return DelegationException.requireArgument(token, "token");
    }

    static <T> T body(T body, String name) {
        return DelegationException.requireArgument(body, name);
    }
}
