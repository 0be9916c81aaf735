package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
// tag::wiring[]
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.partnerdelegation.core.observation.DelegationObserver;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.micrometer.DelegationGauges;
import org.partnerdelegation.micrometer.MicrometerDelegationObserver;
// end::wiring[]
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The guide's "Metrics and traces" (docs/guide/metrics.md): the wiring without Spring, and what it measures. */
class MetricsSnippetTest {

    // tag::wiring[]
    /** Timers (and spans, with a tracing bridge's handler on the registry) of every use case and its statements. */
    static PartnerDelegation observedDelegation(JdbiStorage storage, MeterRegistry meters) {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        // add new DefaultTracingObservationHandler(tracer) here for spans (micrometer-tracing)

        DelegationObserver observer = new MicrometerDelegationObserver(observations);
        storage.observeStatements(observer);             // the statements, as children of their use case
        new DelegationGauges(storage.operationalFigures()).bindTo(meters);   // outbox and session gauges

        return PartnerDelegation.builder()
                .tenantDirectory(storage.tenantDirectory())
                .delegationStore(storage.delegationStore())
                .sessionIssuer(storage.sessionIssuer())
                .observer(observer)                      // the same observer for the use cases
                .build();
    }
    // end::wiring[]

    @Test
    void theWiringTimesEachUseCaseAndItsStatementsAndFeedsTheGauges() {
        MeterRegistry meters = new SimpleMeterRegistry();
        try (JdbiStorage storage = JdbiStorage.inMemory("readme-metrics")) {
            PartnerDelegation delegation = observedDelegation(storage, meters);
            Tenant partner = storage.tenantDirectory().register(new Tenant(TenantId.of("acme"), AccountNumber.of("P-1"),
                    EmailAddress.of("jane@acme.example"), true));
            storage.tenantDirectory().register(new Tenant(TenantId.of("initech"), AccountNumber.of("C-1"),
                    EmailAddress.of("admin@initech.example"), false));

            delegation.addCustomerAccount(Principal.administrator(partner.id(), UserId.of("jane")), EmailAddress.of("admin@initech.example"));

            assertThat(meters.get("partner.delegation.use.case").tags("use.case", "add_customer_account", "outcome", "success")
                    .timer().count()).isEqualTo(1);
            assertThat(meters.get("partner.delegation.storage.statement").tags("statement", "INSERT pd_delegation").timers()).isNotEmpty();
            assertThat(meters.get("partner.delegation.outbox.backlog").gauge().value()).isEqualTo(1);
            assertThat(meters.get("partner.delegation.outbox.oldest.due.age").timeGauge().value(TimeUnit.SECONDS)).isGreaterThanOrEqualTo(0);
            assertThat(meters.get("partner.delegation.sessions.live").gauge().value()).isZero();
        }
    }
}
