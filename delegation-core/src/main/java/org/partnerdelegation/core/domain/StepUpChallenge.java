package org.partnerdelegation.core.domain;

import java.time.Duration;

/**
 * What a host must ask of the user before the library lets them act, carried by a
 * {@code STEP_UP_REQUIRED} refusal ({@link DelegationException#stepUpChallenge()}): authenticate
 * again, with more than one factor when {@link #multiFactor()} says so, and then retry within
 * {@link #maxAge()}. With OpenID Connect: an authorization request with {@code max_age} (in
 * seconds, here 0 is fine: the user has just been asked) and the host's {@code acr_values} for
 * multi-factor authentication, then {@code auth_time} and {@code amr} of the new ID token into
 * {@link Authentication}. Immutable and thread-safe.
 *
 * @param multiFactor whether the new authentication must be multi-factor
 * @param maxAge      how old the authentication may be when the call is retried
 */
public record StepUpChallenge(boolean multiFactor, Duration maxAge) {

    /**
     * Checks the age is present and positive.
     *
     * @param multiFactor whether the new authentication must be multi-factor
     * @param maxAge      how old the authentication may be; positive
     * @throws DelegationException {@code INVALID_INPUT} when {@code maxAge} is null, zero or negative
     */
    public StepUpChallenge {
        Validation.requireNonNull(maxAge, "maxAge");
        if (maxAge.isZero() || maxAge.isNegative()) {
            throw DelegationException.invalidInput("maxAge", "must be positive, got " + maxAge);
        }
    }
}
