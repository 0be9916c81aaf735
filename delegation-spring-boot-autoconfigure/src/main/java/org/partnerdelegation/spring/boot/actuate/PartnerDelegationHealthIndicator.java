package org.partnerdelegation.spring.boot.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.port.OperationalFigures;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of partner delegation, from one read of its {@link OperationalFigures}:
 *
 * <ul>
 * <li>{@code UP}: the storage answers and no due outbox entry has waited longer than the maximum age;</li>
 * <li>{@link #DEGRADED}: the storage answers, but the oldest due entry has waited longer than the
 *     maximum age (mail is not going out: invitations and notices are late);</li>
 * <li>{@code DOWN}: the storage cannot be read ({@code STORAGE_UNAVAILABLE}, or any other failure).</li>
 * </ul>
 *
 * <p>The details are counts and durations only: {@code outboxBacklog}, {@code outboxOldestDueAge} (ISO-8601),
 * {@code outboxMaxAge}, {@code failedNotifications}; when DOWN, {@code error}: the error code or the
 * exception's type, never its message (a storage error's message may quote values). Nothing that
 * identifies a tenant, a user, a delegation or a token.
 *
 * <p>{@code DEGRADED} is not one of Boot's statuses: Boot's aggregation leaves out a status that
 * {@code management.endpoint.health.status.order} does not name, so that the overall health reads it
 * only once the order lists it (e.g. {@code down,out-of-service,degraded,up,unknown}); it maps to HTTP 200
 * unless {@code management.endpoint.health.status.http-mapping.degraded} says otherwise. It is not
 * {@code OUT_OF_SERVICE} (503), which would take every instance out of its load balancer for late mail
 * that none of them causes. Thread-safe.
 */
public final class PartnerDelegationHealthIndicator implements HealthIndicator {

    /** The status while the outbox is behind: the application serves requests, but mail is late. */
    public static final Status DEGRADED = new Status("DEGRADED", "The outbox is behind: notifications are late");

    private final OperationalFigures figures;
    private final Clock clock;
    private final Duration outboxMaxAge;

    /**
     * A health indicator over these figures.
     *
     * @param figures      where the numbers come from, e.g. {@code JdbiStorage.operationalFigures()}
     * @param clock        what "now" is
     * @param outboxMaxAge how long the oldest due outbox entry may wait before the health reads {@link #DEGRADED}
     * @throws NullPointerException when an argument is null
     * @throws DelegationException  {@code INVALID_INPUT} when {@code outboxMaxAge} is not positive
     */
    public PartnerDelegationHealthIndicator(OperationalFigures figures, Clock clock, Duration outboxMaxAge) {
        this.figures = Objects.requireNonNull(figures, "figures");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outboxMaxAge = Objects.requireNonNull(outboxMaxAge, "outboxMaxAge");
        if (outboxMaxAge.isNegative() || outboxMaxAge.isZero()) {
            throw DelegationException.invalidInput("partner-delegation.health.outbox-max-age",
                    "must be positive, got " + outboxMaxAge + "; it is how long a due notification may wait, e.g. 15m");
        }
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        OperationalFigures.Figures current;
        try {
            current = figures.figuresAt(now);
        } catch (DelegationException e) {
            return Health.down().withDetail("error", e.code().name()).build();
        } catch (RuntimeException e) {
            // Not withException(e): its message may quote a statement's values.
            return Health.down().withDetail("error", e.getClass().getName()).build();
        }
        Duration age = current.oldestDueAge(now);
        Health.Builder health = age.compareTo(outboxMaxAge) > 0 ? Health.status(DEGRADED) : Health.up();
        return health.withDetail("outboxBacklog", current.outboxBacklog())
                .withDetail("outboxOldestDueAge", age.toString())
                .withDetail("outboxMaxAge", outboxMaxAge.toString())
                .withDetail("failedNotifications", current.failedNotifications())
                .build();
    }
}
