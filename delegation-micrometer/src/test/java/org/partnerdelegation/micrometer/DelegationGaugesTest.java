package org.partnerdelegation.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.port.OperationalFigures;
import org.partnerdelegation.core.port.OperationalFigures.Figures;
import org.partnerdelegation.jdbi.Databases;
import org.partnerdelegation.jdbi.JdbiAdapterFixture;

/** The gauges: their names, units and values from the figures, and one read of the figures per cache period. */
class DelegationGaugesTest {

    private static final Duration CACHE = Duration.ofSeconds(5);

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = MutableClock.startingNow();
    private JdbiAdapterFixture adapters;

    @AfterEach
    void close() {
        if (adapters != null) {
            adapters.close();
        }
    }

    /** Figures that count their reads, and fail while told to. */
    private static final class CountingFigures implements OperationalFigures {
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean down;
        volatile Figures figures = new Figures(3, Optional.empty(), 2, 7);

        @Override
        public Figures figuresAt(Instant now) {
            reads.incrementAndGet();
            if (down) {
                throw new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, "the database is down");
            }
            return figures;
        }
    }

    private double scrapeAll() {
        return meters.get(DelegationGauges.OUTBOX_BACKLOG).gauge().value()
                + meters.get(DelegationGauges.OUTBOX_OLDEST_DUE_AGE).timeGauge().value(TimeUnit.SECONDS)
                + meters.get(DelegationGauges.NOTIFICATIONS_FAILED).gauge().value()
                + meters.get(DelegationGauges.SESSIONS_LIVE).gauge().value();
    }

    @Test
    void everyGaugeHasItsNameDescriptionAndBaseUnit() {
        new DelegationGauges(new CountingFigures(), clock, CACHE).bindTo(meters);

        Gauge backlog = meters.get(DelegationGauges.OUTBOX_BACKLOG).gauge();
        assertThat(backlog.getId().getBaseUnit()).isEqualTo("notifications");
        assertThat(backlog.getId().getDescription()).isNotBlank();
        TimeGauge age = meters.get(DelegationGauges.OUTBOX_OLDEST_DUE_AGE).timeGauge();
        assertThat(age.baseTimeUnit()).isEqualTo(TimeUnit.SECONDS);
        assertThat(age.getId().getDescription()).isNotBlank();
        assertThat(meters.get(DelegationGauges.NOTIFICATIONS_FAILED).gauge().getId().getBaseUnit()).isEqualTo("notifications");
        assertThat(meters.get(DelegationGauges.SESSIONS_LIVE).gauge().getId().getBaseUnit()).isEqualTo("sessions");
        assertThat(meters.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getName()).startsWith("partner.delegation."));
    }

    @Test
    void theFiguresAreReadOncePerCachePeriodWhateverTheScrapes() {
        CountingFigures figures = new CountingFigures();
        new DelegationGauges(figures, clock, CACHE).bindTo(meters);

        scrapeAll();
        scrapeAll();
        assertThat(figures.reads).as("two scrapes of four gauges at one instant").hasValue(1);
        clock.advance(CACHE.minusMillis(1));
        scrapeAll();
        assertThat(figures.reads).as("just before the period ends").hasValue(1);
        clock.advance(Duration.ofMillis(1));
        scrapeAll();
        assertThat(figures.reads).as("at its end").hasValue(2);
    }

    @Test
    void theGaugesReadNaNWhileTheStorageIsDownAndTryAgainNextPeriod() {
        CountingFigures figures = new CountingFigures();
        figures.down = true;
        new DelegationGauges(figures, clock, CACHE).bindTo(meters);

        assertThat(meters.get(DelegationGauges.OUTBOX_BACKLOG).gauge().value()).isNaN();
        assertThat(meters.get(DelegationGauges.SESSIONS_LIVE).gauge().value()).isNaN();
        assertThat(figures.reads).as("a failed read is not repeated within the period").hasValue(1);
        figures.down = false;
        clock.advance(CACHE);

        assertThat(meters.get(DelegationGauges.OUTBOX_BACKLOG).gauge().value()).isEqualTo(3);
        assertThat(meters.get(DelegationGauges.SESSIONS_LIVE).gauge().value()).isEqualTo(7);
    }

    @Test
    void theGaugesFollowTheOutboxAndTheSessionsOfJdbiStorage() {
        adapters = Databases.h2();
        DelegationHarness world = new DelegationHarness(adapters);
        world.register(partner(1));
        world.register(customer(1));
        new DelegationGauges(adapters.storage().operationalFigures(), world.clock, Duration.ZERO).bindTo(meters);

        world.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail());
        world.clock.advance(Duration.ofSeconds(90));
        assertThat(meters.get(DelegationGauges.OUTBOX_BACKLOG).gauge().value()).isEqualTo(1);
        assertThat(meters.get(DelegationGauges.OUTBOX_OLDEST_DUE_AGE).timeGauge().value(TimeUnit.SECONDS)).isBetween(89.99, 90.01);

        world.delegation.acceptInvitation(adminOf(customer(1)), world.invitationTokenFor(customer(1)));
        world.dispatcher.drain();
        world.delegation.loginToCustomer(adminOf(partner(1)),
                world.delegation.listAccounts(adminOf(partner(1)), org.partnerdelegation.core.usecase.AccountQuery.firstPage())
                        .items().get(0).delegationId());

        assertThat(meters.get(DelegationGauges.OUTBOX_BACKLOG).gauge().value()).isZero();
        assertThat(meters.get(DelegationGauges.OUTBOX_OLDEST_DUE_AGE).timeGauge().value(TimeUnit.SECONDS)).isZero();
        assertThat(meters.get(DelegationGauges.NOTIFICATIONS_FAILED).gauge().value()).isZero();
        assertThat(meters.get(DelegationGauges.SESSIONS_LIVE).gauge().value()).isEqualTo(1);
    }

    @Test
    void aBinderNobodyKeepsStillFeedsItsGaugesAfterAGarbageCollection() {
        new DelegationGauges(new CountingFigures(), clock, CACHE).bindTo(meters);

        for (int i = 0; i < 3; i++) {
            System.gc();
        }

        assertThat(meters.get(DelegationGauges.OUTBOX_BACKLOG).gauge().value()).isEqualTo(3);
        assertThat(meters.get(DelegationGauges.OUTBOX_OLDEST_DUE_AGE).timeGauge().value(TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aNegativeCachePeriodIsRefused() {
        DelegationException refusal = catchThrowableOfType(DelegationException.class,
                () -> new DelegationGauges(new CountingFigures(), clock, Duration.ofSeconds(-1)));

        assertThat(refusal.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refusal.getMessage()).contains("cacheFor");
    }
}
