package org.partnerdelegation.core.outbox;

import java.time.Duration;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * How the outbox dispatcher retries a failed delivery: exponential backoff from
 * {@code initialBackoff}, doubling up to {@code maxBackoff}, for at most {@code maxAttempts}
 * attempts in all; after the last one the entry is kept as FAILED. Immutable and thread-safe.
 *
 * @param maxAttempts    attempts in all, at least 1 (default 8)
 * @param initialBackoff wait after the first failure (default 30 seconds)
 * @param maxBackoff     longest wait between attempts (default 1 hour)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /**
     * Validates the policy.
     *
     * @param maxAttempts    attempts in all, at least 1
     * @param initialBackoff wait after the first failure; positive
     * @param maxBackoff     longest wait between attempts; at least {@code initialBackoff}
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} when an argument is
     *         missing or out of range
     */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw DelegationException.invalidInput("maxAttempts", "must be at least 1, got " + maxAttempts);
        }
        DelegationException.requireArgument(initialBackoff, "initialBackoff");
        DelegationException.requireArgument(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw DelegationException.invalidInput("initialBackoff", "must be positive and at most maxBackoff");
        }
    }

    /** {@return 8 attempts, waiting 30 seconds after the first failure and doubling up to 1 hour} */
    public static RetryPolicy defaults() {
        return new RetryPolicy(8, Duration.ofSeconds(30), Duration.ofHours(1));
    }

    /**
     * The wait after the given failed attempt (1 for the first).
     *
     * @param attempt the attempt that failed, 1 for the first
     * @return {@code initialBackoff} doubled once per earlier attempt, at most {@code maxBackoff}
     */
    public Duration backoffAfter(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        Duration wait = initialBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /**
     * Whether another attempt may follow the given one.
     *
     * @param attempt the attempt that failed, 1 for the first
     * @return true while fewer than {@code maxAttempts} attempts were made
     */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }
}
