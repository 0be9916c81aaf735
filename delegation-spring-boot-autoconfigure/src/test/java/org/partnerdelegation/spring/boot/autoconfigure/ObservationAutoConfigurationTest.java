package org.partnerdelegation.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.observation.CallObservation;
import org.partnerdelegation.core.observation.DelegationObserver;
import org.partnerdelegation.core.observation.UseCase;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.micrometer.DelegationGauges;
import org.partnerdelegation.micrometer.MicrometerDelegationObserver;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The observer and the gauges on H2, under each condition: no registry, an observation registry, a meter registry, a host's own observer. */
class ObservationAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                    PartnerDelegationJobsAutoConfiguration.class, PartnerDelegationObservationAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + Scenario.newH2Url(), "partner-delegation.jobs.time-limits.enabled=false")
            .withPropertyValues(Scenario.ROLE_PROPERTIES);

    /** Boot's metrics auto-configuration with its simple registry, which binds MeterBinder beans as a host's actuator does. */
    private final ApplicationContextRunner withMetrics = runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

    private static Scenario scenario(AssertableApplicationContext context) {
        return Scenario.in(context.getBean(JdbiStorage.class), context.getBean(PartnerDelegation.class));
    }

    /** An observation registry timing every observation into {@code meters}. */
    private static ObservationRegistry timedInto(MeterRegistry meters) {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return observations;
    }

    @Test
    void withoutAnObservationRegistryThereIsNoObserverAndTheFacadeStillWorks() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(DelegationObserver.class).doesNotHaveBean(DelegationGauges.class);
            assertThat(context.getBean(PartnerDelegation.class).observer()).isSameAs(DelegationObserver.none());
            Scenario scenario = scenario(context);
            scenario.login(scenario.connect(), "billing:read");
        });
    }

    @Test
    void anObservationRegistryGivesAMicrometerObserverThatTheUseCasesDeliveriesAndStatementsReportTo() {
        MeterRegistry meters = new SimpleMeterRegistry();
        runner.withBean(ObservationRegistry.class, () -> timedInto(meters)).run(context -> {
            assertThat(context).hasSingleBean(MicrometerDelegationObserver.class);
            DelegationObserver observer = context.getBean(DelegationObserver.class);
            assertThat(context.getBean(PartnerDelegation.class).observer()).isSameAs(observer);

            scenario(context).connect();

            assertThat(meters.find("partner.delegation.use.case").tag("use.case", "add_customer_account").tag("outcome", "success")
                    .timer()).isNotNull().satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
            assertThat(meters.find("partner.delegation.notification.delivery").tag("notification.type", "invitation")
                    .tag("outcome", "delivered").timer()).isNotNull();
            assertThat(meters.find("partner.delegation.storage.statement").tag("statement", "INSERT pd_delegation").timer()).isNotNull();
        });
    }

    @Test
    void observationCanBeTurnedOffByItsProperty() {
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create).withPropertyValues("partner-delegation.observation.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(DelegationObserver.class);
                    assertThat(context.getBean(PartnerDelegation.class).observer()).isSameAs(DelegationObserver.none());
                });
    }

    @Test
    void aHostsOwnObserverWinsAndHearsTheUseCasesAndTheStatements() {
        RecordingObserver own = new RecordingObserver();
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create).withBean(DelegationObserver.class, () -> own).run(context -> {
            assertThat(context).doesNotHaveBean(MicrometerDelegationObserver.class);
            assertThat(context.getBean(PartnerDelegation.class).observer()).isSameAs(own);

            scenario(context).invite();

            assertThat(own.seen).contains("use case ADD_CUSTOMER_ACCOUNT", "statement INSERT pd_delegation");
        });
    }

    @Test
    void aMeterRegistryGetsTheFourGaugesReadingTheStorage() {
        withMetrics.withPropertyValues("partner-delegation.metrics.figures-cache=0s").run(context -> {
            assertThat(context).hasSingleBean(DelegationGauges.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.find(DelegationGauges.OUTBOX_BACKLOG).gauge().value()).isZero();

            Scenario scenario = scenario(context);
            scenario.invite();
            assertThat(meters.find(DelegationGauges.OUTBOX_BACKLOG).gauge().value()).isEqualTo(1);
            DelegationId id = scenario.connect();
            scenario.login(id, "billing:read");

            assertThat(meters.find(DelegationGauges.SESSIONS_LIVE).gauge().value()).isEqualTo(1);
            assertThat(meters.find(DelegationGauges.NOTIFICATIONS_FAILED).gauge().value()).isZero();
            assertThat(meters.find(DelegationGauges.OUTBOX_OLDEST_DUE_AGE).timeGauge()).isNotNull();
        });
    }

    @Test
    void withoutAMeterRegistryThereAreNoGauges() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DelegationGauges.class));
    }

    /** A host's observer of its own: writes down what it is told. */
    static final class RecordingObserver implements DelegationObserver {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public CallObservation useCase(UseCase useCase) {
            seen.add("use case " + useCase.name());
            return CallObservation.none();
        }

        @Override
        public CallObservation statement(String statement) {
            seen.add("statement " + statement);
            return CallObservation.none();
        }
    }
}
