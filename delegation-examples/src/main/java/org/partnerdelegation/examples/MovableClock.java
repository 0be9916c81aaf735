package org.partnerdelegation.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the walkthrough can move forward, to show what happens when an end date passes: the
 * base clock's time plus an offset. Thread-safe.
 */
final class MovableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;

    MovableClock(Clock base) {
        this(base, new AtomicReference<>(Duration.ZERO));
    }

    private MovableClock(Clock base, AtomicReference<Duration> offset) {
        this.base = Objects.requireNonNull(base, "base");
        this.offset = offset;
    }

    /** Moves the time on by {@code by}, for every reader of this clock. */
    void advance(Duration by) {
        offset.accumulateAndGet(Objects.requireNonNull(by, "by"), Duration::plus);
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MovableClock(base.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }
}
