package org.partnerdelegation.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.jdbi.Databases;
import org.partnerdelegation.jdbi.JdbiAdapterFixture;

/**
 * With the OpenTelemetry bridge of Micrometer Tracing, over Jdbi on H2: a use case is one span named
 * after it, its statements are its child spans, a refusal carries its error code, and no span or
 * meter carries anything that identifies a tenant, a user, an address, a delegation or a token.
 */
class OpenTelemetryTracingTest {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant NOT_A_PARTNER = customer(2);

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final JdbiAdapterFixture adapters = Databases.h2();
    private DelegationHarness world;

    @BeforeEach
    void wire() {
        OtelCurrentTraceContext context = new OtelCurrentTraceContext();
        OtelTracer tracer = new OtelTracer(tracerProvider.get("partner-delegation-test"), context, event -> { });
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig()
                .observationHandler(new DefaultMeterObservationHandler(meters))
                .observationHandler(new DefaultTracingObservationHandler(tracer));
        MicrometerDelegationObserver observer = new MicrometerDelegationObserver(observations);
        adapters.storage().observeStatements(observer);
        world = DelegationHarness.observedBy(adapters, observer);
        world.register(PARTNER);
        world.register(CUSTOMER);
        world.register(NOT_A_PARTNER);
        spans.reset();
    }

    @AfterEach
    void close() {
        adapters.close();
        tracerProvider.close();
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    @Test
    void addingACustomerIsOneSpanWithItsStatementsAsChildSpans() {
        world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());

        List<SpanData> finished = spans.getFinishedSpanItems();
        List<SpanData> roots = finished.stream().filter(s -> !s.getParentSpanContext().isValid()).toList();
        assertThat(roots).hasSize(1);
        SpanData useCase = roots.get(0);
        assertThat(useCase.getName()).isEqualTo("add_customer_account");
        assertThat(attribute(useCase, "outcome")).isEqualTo("success");
        List<SpanData> children = finished.stream().filter(s -> s != useCase).toList();
        assertThat(children).isNotEmpty().allSatisfy(child -> {
            assertThat(child.getParentSpanId()).isEqualTo(useCase.getSpanId());
            assertThat(child.getTraceId()).isEqualTo(useCase.getTraceId());
            assertThat(attribute(child, "statement")).isEqualTo(child.getName());
        });
        assertThat(children).extracting(SpanData::getName).contains("SELECT pd_delegation", "INSERT pd_delegation", "INSERT pd_audit_event");
    }

    @Test
    void aRefusedUseCaseCarriesItsErrorCodeAndIsNotAnErrorSpan() {
        catchThrowableOfType(DelegationException.class,
                () -> world.delegation.addCustomerAccount(adminOf(NOT_A_PARTNER), CUSTOMER.administratorEmail()));

        SpanData useCase = spans.getFinishedSpanItems().stream().filter(s -> !s.getParentSpanContext().isValid()).findFirst().orElseThrow();
        assertThat(useCase.getName()).isEqualTo("add_customer_account");
        assertThat(attribute(useCase, "outcome")).isEqualTo("refused");
        assertThat(attribute(useCase, "error.code")).isEqualTo(ErrorCode.PARTNER_PERMISSION_REQUIRED.name());
        assertThat(useCase.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    }

    @Test
    void aFailedUseCaseIsAnErrorSpanWhoseExceptionHasNoMessageOfItsOwn() {
        adapters.storage().close();

        catchThrowableOfType(DelegationException.class,
                () -> world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()));

        SpanData useCase = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("add_customer_account")).findFirst()
                .orElseThrow();
        assertThat(useCase.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(useCase.getEvents()).allSatisfy(event -> assertThat(event.getAttributes().asMap().values())
                .allSatisfy(value -> assertThat(String.valueOf(value)).doesNotContain("@").doesNotContain("jdbc:")));
    }

    @Test
    void noSpanNorMeterCarriesAnythingThatIdentifiesAnyone() {
        Principal partnerAdmin = adminOf(PARTNER);
        DelegationId id = world.delegation.addCustomerAccount(partnerAdmin, CUSTOMER.administratorEmail()).delegationId();
        String invitationToken = world.invitationTokenFor(CUSTOMER);
        world.delegation.acceptInvitation(adminOf(CUSTOMER), invitationToken);
        world.dispatcher.drain();
        IssuedSession login = world.delegation.loginToCustomer(partnerAdmin, id);
        String bearer = login.token().reveal();
        DelegatedSession session = world.delegation.validateSession(bearer).orElseThrow();
        world.delegation.listAccounts(partnerAdmin, AccountQuery.firstPage());
        catchThrowableOfType(DelegationException.class,
                () -> world.delegation.addCustomerAccount(adminOf(NOT_A_PARTNER), CUSTOMER.administratorEmail()));
        catchThrowableOfType(DelegationException.class, () -> world.delegation.acceptInvitation(adminOf(CUSTOMER), invitationToken));
        world.delegation.endSession(bearer);
        world.delegation.deleteAccount(partnerAdmin, id, Reason.of("ticket 4711 for admin@customer1.example"));
        world.delegation.enforceTimeLimits(operator());
        world.dispatcher.drain();

        List<String> secrets = new ArrayList<>();
        for (Tenant t : List.of(PARTNER, CUSTOMER, NOT_A_PARTNER)) {
            secrets.addAll(List.of(t.id().value(), t.accountNumber().value(), t.administratorEmail().value(), adminOf(t).userId().value()));
        }
        secrets.addAll(List.of(id.value().toString(), invitationToken, bearer, session.id().value().toString(), "4711"));
        List<String> texts = new ArrayList<>();
        for (SpanData span : spans.getFinishedSpanItems()) {
            texts.add(span.getName());
            span.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
            span.getEvents().forEach(event -> {
                texts.add(event.getName());
                event.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
            });
        }
        for (Meter meter : meters.getMeters()) {
            texts.add(meter.getId().getName());
            for (Tag tag : meter.getId().getTags()) {
                texts.add(tag.getKey() + "=" + tag.getValue());
            }
        }

        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
                .contains("add_customer_account", "accept_invitation", "login_to_customer", "validate_session", "deliver invitation");
        assertThat(texts).allSatisfy(text -> {
            String lower = text.toLowerCase(Locale.ROOT);
            assertThat(secrets).as(text).noneMatch(secret -> lower.contains(secret.toLowerCase(Locale.ROOT)));
            assertThat(text).doesNotContain("@");
        });
    }
}
