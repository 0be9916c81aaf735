package org.partnerdelegation.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.port.OperationalFigures;
import org.partnerdelegation.core.port.OperationalFigures.Figures;

/**
 * Gauges of what an operator watches, read from {@link OperationalFigures}:
 *
 * <table>
 * <caption>The gauges</caption>
 * <tr><th>name</th><th>base unit</th><th>what</th></tr>
 * <tr><td>{@value #OUTBOX_BACKLOG}</td><td>notifications</td><td>outbox entries due and not yet delivered</td></tr>
 * <tr><td>{@value #OUTBOX_OLDEST_DUE_AGE}</td><td>seconds</td><td>how long the longest-waiting due entry has waited (0 when none)</td></tr>
 * <tr><td>{@value #NOTIFICATIONS_FAILED}</td><td>notifications</td><td>entries that gave up after their last attempt, kept for an operator</td></tr>
 * <tr><td>{@value #SESSIONS_LIVE}</td><td>sessions</td><td>delegated sessions neither revoked nor expired</td></tr>
 * </table>
 *
 * <p>The figures are read at most once per cache period (5 seconds unless given), whichever gauge
 * asks and however often the registry is scraped: one storage read serves them all. When the read
 * fails (the database is down) the gauges read NaN, which registries leave out, until the next
 * period; the first failure after a good read is logged at WARNING, the ones after it at DEBUG (logger
 * {@code org.partnerdelegation.micrometer.DelegationGauges}), so that a database down for an hour
 * does not write a line every few seconds.
 * The age is measured from the figures' oldest due time to now, so it keeps growing between reads.
 *
 * <pre>{@code
 * MeterRegistry meters = new SimpleMeterRegistry();        // or the host's Prometheus, OTLP... registry
 * new DelegationGauges(storage.operationalFigures()).bindTo(meters);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class DelegationGauges implements MeterBinder {

    /** Outbox entries due and not yet delivered. */
    public static final String OUTBOX_BACKLOG = "partner.delegation.outbox.backlog";
    /** How long the longest-waiting due outbox entry has waited. */
    public static final String OUTBOX_OLDEST_DUE_AGE = "partner.delegation.outbox.oldest.due.age";
    /** Notifications that gave up after their last allowed attempt. */
    public static final String NOTIFICATIONS_FAILED = "partner.delegation.notifications.failed";
    /** Delegated sessions neither revoked nor expired. */
    public static final String SESSIONS_LIVE = "partner.delegation.sessions.live";

    private static final System.Logger LOG = System.getLogger(DelegationGauges.class.getName());
    private static final Duration DEFAULT_CACHE = Duration.ofSeconds(5);

    private final OperationalFigures figures;
    private final Clock clock;
    private final Duration cacheFor;
    private final Object lock = new Object();
    private Instant readAt;
    private Figures last;
    private boolean failing;

    /**
     * Gauges of these figures, read at most every 5 seconds by the system clock.
     *
     * @param figures where the numbers come from, e.g. {@code JdbiStorage.operationalFigures()}
     * @throws NullPointerException when it is null
     */
    public DelegationGauges(OperationalFigures figures) {
        this(figures, Clock.systemUTC(), DEFAULT_CACHE);
    }

    /**
     * Gauges of these figures, read at most once per {@code cacheFor} by {@code clock}.
     *
     * @param figures  where the numbers come from
     * @param clock    what "now" is: the instant the figures are read at, and when the cache runs out
     * @param cacheFor how long one read serves; zero reads on every gauge read
     * @throws NullPointerException when an argument is null
     * @throws DelegationException  {@code INVALID_INPUT} when {@code cacheFor} is negative
     */
    public DelegationGauges(OperationalFigures figures, Clock clock, Duration cacheFor) {
        this.figures = Objects.requireNonNull(figures, "figures");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cacheFor = Objects.requireNonNull(cacheFor, "cacheFor");
        if (cacheFor.isNegative()) {
            throw DelegationException.invalidInput("cacheFor", "must not be negative, got " + cacheFor);
        }
    }

    /**
     * Registers the four gauges. They hold this binder strongly (a gauge holds its object weakly
     * otherwise, and a binder made with {@code new} and bound would read NaN after the next
     * garbage collection).
     *
     * @param registry where the gauges go
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(OUTBOX_BACKLOG, this, figure(Figures::outboxBacklog))
                .description("Outbox entries due and not yet delivered").baseUnit("notifications").strongReference(true).register(registry);
        TimeGauge.builder(OUTBOX_OLDEST_DUE_AGE, this, TimeUnit.SECONDS, DelegationGauges::oldestDueAgeSeconds)
                .description("How long the longest-waiting due outbox entry has waited; 0 when none is due").strongReference(true).register(registry);
        Gauge.builder(NOTIFICATIONS_FAILED, this, figure(Figures::failedNotifications))
                .description("Notifications that gave up after their last allowed attempt").baseUnit("notifications").strongReference(true).register(registry);
        Gauge.builder(SESSIONS_LIVE, this, figure(Figures::liveSessions))
                .description("Delegated sessions neither revoked nor expired").baseUnit("sessions").strongReference(true).register(registry);
    }

    private static ToDoubleFunction<DelegationGauges> figure(ToDoubleFunction<Figures> read) {
        return gauges -> {
            Figures current = gauges.current();
            return current == null ? Double.NaN : read.applyAsDouble(current);
        };
    }

    private double oldestDueAgeSeconds() {
        Figures current = current();
        if (current == null) {
            return Double.NaN;
        }
        Duration age = current.oldestDueAge(clock.instant());
        return age.getSeconds() + age.getNano() / 1e9;
    }

    /** The cached figures, read again once the cache period has passed; null when the last read failed. */
    private Figures current() {
        synchronized (lock) {
            Instant now = clock.instant();
            if (readAt == null || !now.isBefore(readAt.plus(cacheFor))) {
                readAt = now;
                try {
                    last = figures.figuresAt(now);
                    failing = false;
                } catch (RuntimeException e) {
                    last = null;
                    LOG.log(failing ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                            "Reading the operational figures failed; the gauges read NaN until a read succeeds", e);
                    failing = true;
                }
            }
            return last;
        }
    }
}
