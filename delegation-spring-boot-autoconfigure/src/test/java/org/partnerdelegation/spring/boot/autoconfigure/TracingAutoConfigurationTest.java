package org.partnerdelegation.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.spring.boot.actuate.PartnerDelegationHealthIndicator;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Traces in a Spring context on H2, with the OpenTelemetry bridge of Micrometer Tracing exporting to
 * memory: a use case called through the facade bean is one span, its statements its child spans; and
 * no span, meter tag or health detail carries the test's addresses, tenant ids, account numbers, ids or tokens.
 */
class TracingAutoConfigurationTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                    PartnerDelegationJobsAutoConfiguration.class, PartnerDelegationObservationAutoConfiguration.class,
                    MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + Scenario.newH2Url(), "partner-delegation.jobs.time-limits.enabled=false",
                    "partner-delegation.metrics.figures-cache=0s")
            .withPropertyValues(Scenario.ROLE_PROPERTIES)
            // Boot's tracing auto-configuration does the same with its own Tracer: a tracing handler on the observation registry.
            .withBean(ObservationRegistry.class, ObservationRegistry::create)
            .withInitializer(context -> context.getBeanFactory().addBeanPostProcessor(new TracingHandlers(tracerProvider)));

    @AfterEach
    void close() {
        tracerProvider.close();
    }

    /** Gives the registry bean a tracing handler exporting to this test's provider. */
    private record TracingHandlers(SdkTracerProvider provider) implements BeanPostProcessor {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof ObservationRegistry observations) {
                OtelTracer tracer = new OtelTracer(provider.get("partner-delegation-test"), new OtelCurrentTraceContext(), event -> { });
                observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
            }
            return bean;
        }
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    @Test
    void aUseCaseThroughTheFacadeBeanIsOneSpanWithItsStatementsAsChildSpans() {
        runner.run(context -> {
            Scenario scenario = Scenario.in(context.getBean(JdbiStorage.class), context.getBean(PartnerDelegation.class));
            spans.reset();

            scenario.invite();

            List<SpanData> finished = spans.getFinishedSpanItems();
            List<SpanData> roots = finished.stream().filter(s -> !s.getParentSpanContext().isValid()).toList();
            assertThat(roots).extracting(SpanData::getName).containsExactly("add_customer_account");
            SpanData useCase = roots.get(0);
            assertThat(attribute(useCase, "outcome")).isEqualTo("success");
            List<SpanData> children = finished.stream().filter(s -> s != useCase).toList();
            assertThat(children).isNotEmpty().allSatisfy(child -> {
                assertThat(child.getParentSpanId()).isEqualTo(useCase.getSpanId());
                assertThat(child.getTraceId()).isEqualTo(useCase.getTraceId());
            });
            assertThat(children).extracting(SpanData::getName).contains("SELECT pd_delegation", "INSERT pd_delegation", "INSERT pd_audit_event");
        });
    }

    @Test
    void noSpanMeterTagNorHealthDetailCarriesAnythingThatIdentifiesAnyone() {
        runner.run(context -> {
            PartnerDelegation delegation = context.getBean(PartnerDelegation.class);
            Scenario scenario = Scenario.in(context.getBean(JdbiStorage.class), delegation);
            DelegationId id = scenario.connect();
            IssuedSession login = scenario.login(id, "billing:read");
            String bearer = login.token().reveal();
            DelegatedSession session = delegation.validateSession(bearer).orElseThrow();
            delegation.endSession(bearer);

            List<String> secrets = new ArrayList<>(List.of(id.value().toString(), bearer, session.id().value().toString(),
                    "jane@acme.example", "admin@initech.example"));
            for (var tenant : List.of(scenario.partner, scenario.customer)) {
                secrets.addAll(List.of(tenant.id().value(), tenant.accountNumber().value(), tenant.administratorEmail().value()));
            }
            List<String> texts = new ArrayList<>();
            for (SpanData span : spans.getFinishedSpanItems()) {
                texts.add(span.getName());
                span.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
                span.getEvents().forEach(event -> {
                    texts.add(event.getName());
                    event.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
                });
            }
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            meters.getMeters().forEach(meter -> meter.measure().forEach(m -> { }));   // the gauges read the storage
            for (Meter meter : meters.getMeters()) {
                texts.add(meter.getId().getName());
                for (Tag tag : meter.getId().getTags()) {
                    texts.add(tag.getKey() + "=" + tag.getValue());
                }
            }
            context.getBean(PartnerDelegationHealthIndicator.class).health().getDetails()
                    .forEach((key, value) -> texts.add(key + "=" + value));

            assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
                    .contains("add_customer_account", "accept_invitation", "login_to_customer", "validate_session", "deliver invitation");
            assertThat(texts).anyMatch(text -> text.startsWith("outboxBacklog=")).anyMatch(text -> text.startsWith("partner.delegation.sessions.live"));
            assertThat(texts).allSatisfy(text -> {
                String lower = text.toLowerCase(Locale.ROOT);
                assertThat(secrets).as(text).noneMatch(secret -> lower.contains(secret.toLowerCase(Locale.ROOT)));
                assertThat(text).doesNotContain("@");
            });
        });
    }
}
