package org.partnerdelegation.core.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one place "now" is read: kept to microseconds, the precision both databases keep, so
 * that an instant a use case returns is exactly the one a later read gives back (the JDK's
 * system clock has nanoseconds). Stateless and thread-safe.
 */
public final class StorageTime {

    private StorageTime() {
    }

    /**
     * The clock's instant, truncated to microseconds.
     *
     * @param clock the clock to read
     * @return its current instant, without the sub-microsecond part
     */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * An instant as storage keeps it: truncated to microseconds (an end date a host passes in).
     *
     * @param instant the instant
     * @return it without the sub-microsecond part
     */
    public static Instant of(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
