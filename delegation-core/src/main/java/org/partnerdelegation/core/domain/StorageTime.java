package org.partnerdelegation.core.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one place "now" is read: kept to microseconds, the precision both databases keep, so
 * that an instant a use case returns is exactly the one a later read gives back (the JDK's
 * system clock has nanoseconds).
 */
public final class StorageTime {

    private StorageTime() {
    }

    /** The clock's instant, truncated to microseconds. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
