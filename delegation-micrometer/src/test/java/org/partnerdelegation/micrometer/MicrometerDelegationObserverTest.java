package org.partnerdelegation.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.jdbi.Databases;
import org.partnerdelegation.jdbi.JdbiAdapterFixture;

/**
 * The observations, and the timers a meter handler makes of them, over Jdbi on H2: named after the
 * use case, tagged with its outcome and error code, the statements nested inside the use case.
 */
class MicrometerDelegationObserverTest {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant NOT_A_PARTNER = customer(2);

    private final TestObservationRegistry observations = TestObservationRegistry.create();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final JdbiAdapterFixture adapters = Databases.h2();
    private DelegationHarness world;

    @BeforeEach
    void wire() {
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        MicrometerDelegationObserver observer = new MicrometerDelegationObserver(observations);
        adapters.storage().observeStatements(observer);
        world = DelegationHarness.observedBy(adapters, observer);
        world.register(PARTNER);
        world.register(CUSTOMER);
        world.register(NOT_A_PARTNER);
    }

    @AfterEach
    void close() {
        adapters.close();
    }

    @Test
    void aUseCaseIsOneObservationNamedAfterItAndTimedByItsOutcome() {
        world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());

        assertThat(observations).hasObservationWithNameEqualTo(MicrometerDelegationObserver.USE_CASE).that()
                .hasContextualNameEqualTo("add_customer_account")
                .hasLowCardinalityKeyValue("use.case", "add_customer_account")
                .hasLowCardinalityKeyValue("outcome", "success")
                .hasLowCardinalityKeyValue("error.code", "none")
                .hasBeenStarted().hasBeenStopped();
        Timer timer = meters.get(MicrometerDelegationObserver.USE_CASE).tags("use.case", "add_customer_account", "outcome", "success")
                .timer();
        assertThat(timer.count()).isEqualTo(1);
    }

    @Test
    void theStatementsOfAUseCaseAreItsChildObservations() {
        world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());

        assertThat(observations).hasObservationWithNameEqualTo(MicrometerDelegationObserver.STATEMENT).that()
                .hasParentObservationContextMatching(parent -> parent.getName().equals(MicrometerDelegationObserver.USE_CASE))
                .hasLowCardinalityKeyValue("outcome", "success");
        assertThat(meters.get(MicrometerDelegationObserver.STATEMENT).tags("statement", "INSERT pd_delegation").timers()).isNotEmpty();
    }

    @Test
    void aRefusedUseCaseCarriesItsErrorCodeAndIsNotAnError() {
        DelegationException refusal = catchThrowableOfType(DelegationException.class,
                () -> world.delegation.addCustomerAccount(adminOf(NOT_A_PARTNER), CUSTOMER.administratorEmail()));

        assertThat(refusal.code()).isEqualTo(ErrorCode.PARTNER_PERMISSION_REQUIRED);
        assertThat(observations).hasObservationWithNameEqualTo(MicrometerDelegationObserver.USE_CASE).that()
                .hasLowCardinalityKeyValue("outcome", "refused")
                .hasLowCardinalityKeyValue("error.code", "PARTNER_PERMISSION_REQUIRED")
                .doesNotHaveError();
        assertThat(meters.get(MicrometerDelegationObserver.USE_CASE)
                .tags("outcome", "refused", "error.code", "PARTNER_PERMISSION_REQUIRED").timer().count()).isEqualTo(1);
    }

    @Test
    void aStorageFailureIsAnErrorRecordedByItsCodeAlone() {
        adapters.storage().close();

        DelegationException failure = catchThrowableOfType(DelegationException.class,
                () -> world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()));

        assertThat(failure.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        assertThat(observations).hasObservationWithNameEqualTo(MicrometerDelegationObserver.USE_CASE).that()
                .hasLowCardinalityKeyValue("outcome", "failed")
                .hasLowCardinalityKeyValue("error.code", "STORAGE_UNAVAILABLE")
                .assertThatError().isInstanceOf(ObservedError.class).hasMessage("STORAGE_UNAVAILABLE").hasNoCause();
    }

    @Test
    void eachDeliveryAttemptIsTimedByItsOutcome() {
        world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        world.notifier.simulateOutage(true);
        world.dispatcher.drain();
        world.notifier.simulateOutage(false);
        world.clock.advance(Duration.ofMinutes(1));
        world.dispatcher.drain();

        assertThat(meters.get(MicrometerDelegationObserver.DELIVERY).tags("notification.type", "invitation", "outcome", "retry")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get(MicrometerDelegationObserver.DELIVERY).tags("notification.type", "invitation", "outcome", "delivered")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void statementsOutsideAnyObservationAreNotObserved() {
        world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        observations.clear();

        adapters.storage().operationalFigures().figuresAt(world.clock.instant());

        assertThat(observations).doesNotHaveAnyObservation();
    }
}
