package org.partnerdelegation.core.usecase;

import java.time.Duration;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * Tunable limits of the use cases. Immutable; start from {@link #defaults()} and change what
 * you need with the {@code with...} methods.
 *
 * @param invitationTtl how long an invitation link stays valid once sent: default 7 days, at most 30
 * @param sessionTtl    how long a delegated session lasts: default 1 hour, at most 24
 * @param maxPageSize   the largest account-list page a caller may ask for: default 100, at most 1000
 */
public record DelegationSettings(Duration invitationTtl, Duration sessionTtl, int maxPageSize) {

    public static final Duration DEFAULT_INVITATION_TTL = Duration.ofDays(7);
    public static final Duration MAX_INVITATION_TTL = Duration.ofDays(30);
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(1);
    public static final Duration MAX_SESSION_TTL = Duration.ofHours(24);
    public static final int DEFAULT_MAX_PAGE_SIZE = 100;

    public DelegationSettings {
        requireWithin(invitationTtl, MAX_INVITATION_TTL, "invitationTtl");
        requireWithin(sessionTtl, MAX_SESSION_TTL, "sessionTtl");
        if (maxPageSize < 1 || maxPageSize > 1000) {
            throw DelegationException.invalidInput("maxPageSize", "must be between 1 and 1000, got " + maxPageSize);
        }
    }

    public static DelegationSettings defaults() {
        return new DelegationSettings(DEFAULT_INVITATION_TTL, DEFAULT_SESSION_TTL, DEFAULT_MAX_PAGE_SIZE);
    }

    public DelegationSettings withInvitationTtl(Duration ttl) {
        return new DelegationSettings(ttl, sessionTtl, maxPageSize);
    }

    public DelegationSettings withSessionTtl(Duration ttl) {
        return new DelegationSettings(invitationTtl, ttl, maxPageSize);
    }

    public DelegationSettings withMaxPageSize(int size) {
        return new DelegationSettings(invitationTtl, sessionTtl, size);
    }

    private static void requireWithin(Duration value, Duration max, String name) {
        DelegationException.requireArgument(value, name);
        if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw DelegationException.invalidInput(name, "must be positive and at most " + max + ", got " + value);
        }
    }
}
