package org.partnerdelegation.core.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * What a customer tenant chose about the partner access to it: how it is told of delegated
 * logins, and how recent the partner user's strong authentication must be for a login. A tenant
 * that never chose has {@link #DEFAULTS}. Immutable and thread-safe.
 *
 * @param loginNotice  how the customer's administrator is told of delegated logins; {@link LoginNotice#DAILY_DIGEST} by default
 * @param stepUpMaxAge the oldest a partner user's multi-factor authentication may be at a delegated login into
 *                     this tenant, stricter than the host's policy; empty (the default) for the host's policy alone
 */
public record CustomerSettings(LoginNotice loginNotice, Optional<Duration> stepUpMaxAge) {

    /** The longest {@link #stepUpMaxAge()} a customer may set. */
    public static final Duration MAX_STEP_UP_AGE = Duration.ofHours(24);

    /** What a tenant that never chose has: the daily digest, and the host's step-up policy alone. */
    public static final CustomerSettings DEFAULTS = new CustomerSettings(LoginNotice.DAILY_DIGEST, Optional.empty());

    /**
     * Validates the settings.
     *
     * @param loginNotice  how the customer is told of delegated logins
     * @param stepUpMaxAge the oldest a partner user's strong authentication may be; when present, positive, in whole
     *                     seconds, at most {@link #MAX_STEP_UP_AGE}
     * @throws DelegationException {@code INVALID_INPUT} naming a component that is null or out of range
     */
    public CustomerSettings {
        Validation.requireNonNull(loginNotice, "loginNotice");
        Validation.requireNonNull(stepUpMaxAge, "stepUpMaxAge");
        if (stepUpMaxAge.isPresent()) {
            Duration age = stepUpMaxAge.get();
            if (age.isNegative() || age.isZero()) {
                throw DelegationException.invalidInput("stepUpMaxAge", "must be positive, got " + age);
            }
            if (age.compareTo(MAX_STEP_UP_AGE) > 0) {
                throw DelegationException.invalidInput("stepUpMaxAge", "must be at most " + MAX_STEP_UP_AGE + ", got " + age);
            }
            if (age.getNano() != 0) {
                // Storage keeps whole seconds: a fraction would come back different from what was saved.
                throw DelegationException.invalidInput("stepUpMaxAge", "must be whole seconds, got " + age);
            }
        }
    }

    /**
     * A copy with another login notice.
     *
     * @param notice how the customer is told of delegated logins
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when {@code notice} is null
     */
    public CustomerSettings withLoginNotice(LoginNotice notice) {
        return new CustomerSettings(notice, stepUpMaxAge);
    }

    /**
     * A copy with another step-up age.
     *
     * @param maxAge the oldest a partner user's strong authentication may be; empty for the host's policy alone
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} as the constructor
     */
    public CustomerSettings withStepUpMaxAge(Optional<Duration> maxAge) {
        return new CustomerSettings(loginNotice, maxAge);
    }
}
