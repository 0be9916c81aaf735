package org.partnerdelegation.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.observation.CallObservation;
import org.partnerdelegation.core.observation.DelegationObserver;
import org.partnerdelegation.core.observation.DeliveryObservation;
import org.partnerdelegation.core.observation.DeliveryOutcome;
import org.partnerdelegation.core.observation.UseCase;

/**
 * A {@link DelegationObserver} that turns each use case, each outbox delivery attempt and each
 * storage statement into a Micrometer {@link Observation} of an {@link ObservationRegistry}: a timer
 * per name and tags (with a {@code DefaultMeterObservationHandler} on the registry) and a span (with
 * a tracing bridge's handler, e.g. micrometer-tracing-bridge-otel). A use case's observation is
 * opened in scope on the calling thread, so that the statements it sends become its children.
 *
 * <table>
 * <caption>The observations</caption>
 * <tr><th>name (timer)</th><th>span name</th><th>low-cardinality key values (tags)</th></tr>
 * <tr><td>{@value #USE_CASE}</td><td>the use case, e.g. {@code add_customer_account}</td>
 *     <td>{@code use.case}, {@code outcome} ({@code success}, {@code refused}, {@code failed}), {@code error.code}
 *     (an {@link ErrorCode} or {@code none}), {@code exception} (the type of an unexpected exception, or {@code none})</td></tr>
 * <tr><td>{@value #DELIVERY}</td><td>{@code deliver <type>}, e.g. {@code deliver invitation}</td>
 *     <td>{@code notification.type}, {@code outcome} ({@code delivered}, {@code retry}, {@code failed}, {@code discarded},
 *     {@code error} when the store failed), {@code exception}</td></tr>
 * <tr><td>{@value #STATEMENT}</td><td>the statement, e.g. {@code SELECT pd_delegation}</td>
 *     <td>{@code statement}, {@code outcome}, {@code error.code}, {@code exception}</td></tr>
 * </table>
 *
 * <p>Every value is one of few: nothing that identifies a tenant, a user, an address, a delegation
 * or a token is ever a tag, a span name or a span attribute. An exception is recorded by its type
 * only, never its message (a storage error's message may quote values): the observation's error is a
 * stand-in carrying the type or the code. A refusal (a {@link ErrorCode} the caller caused, e.g.
 * {@code PARTNER_PERMISSION_REQUIRED}) is an outcome, not an error; {@code STORAGE_UNAVAILABLE},
 * {@code CONCURRENT_UPDATE} and {@code NOTIFICATION_FAILED} are failures and mark the span as one.
 * A statement sent outside any observation (the dispatcher's claim of due entries, a gauge's read)
 * is not observed, so that polling makes no traces of its own.
 *
 * <p>Without Spring, give the same observer to the facade and the storage:
 *
 * <pre>{@code
 * ObservationRegistry observations = ObservationRegistry.create();
 * observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
 * DelegationObserver observer = new MicrometerDelegationObserver(observations);
 * JdbiStorage storage = JdbiStorage.connect(config).observeStatements(observer);
 * PartnerDelegation delegation = PartnerDelegation.builder()
 *         .tenantDirectory(storage.tenantDirectory()).delegationStore(storage.delegationStore())
 *         .sessionIssuer(storage.sessionIssuer())
 *         .observer(observer)
 *         .build();
 * new DelegationGauges(storage.operationalFigures()).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Thread-safe. An observation is begun and ended on one thread, as the port promises.
 */
public final class MicrometerDelegationObserver implements DelegationObserver {

    /** The name of every use case's observation, and of its timer. */
    public static final String USE_CASE = "partner.delegation.use.case";
    /** The name of every delivery attempt's observation, and of its timer. */
    public static final String DELIVERY = "partner.delegation.notification.delivery";
    /** The name of every storage statement's observation, and of its timer. */
    public static final String STATEMENT = "partner.delegation.storage.statement";

    /** The codes that say something failed, rather than that the caller may not or asked wrongly. */
    private static final Set<ErrorCode> FAILURES = EnumSet.of(ErrorCode.STORAGE_UNAVAILABLE, ErrorCode.CONCURRENT_UPDATE,
            ErrorCode.NOTIFICATION_FAILED);
    private static final String NONE = "none";

    private final ObservationRegistry registry;

    /**
     * Observes through this registry.
     *
     * @param registry the registry, with the handlers the host wants (meters, tracing)
     * @throws NullPointerException when it is null
     */
    public MicrometerDelegationObserver(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public CallObservation useCase(UseCase useCase) {
        Observation observation = Observation.createNotStarted(USE_CASE, registry)
                .contextualName(useCase.observedName())
                .lowCardinalityKeyValue("use.case", useCase.observedName());
        return new Call(observation.start());
    }

    @Override
    public CallObservation statement(String statement) {
        if (registry.getCurrentObservation() == null) {
            return CallObservation.none();
        }
        Observation observation = Observation.createNotStarted(STATEMENT, registry)
                .contextualName(statement)
                .lowCardinalityKeyValue("statement", statement);
        return new Call(observation.start());
    }

    @Override
    public DeliveryObservation delivery(NotificationType type) {
        String typeName = type.name().toLowerCase(Locale.ROOT);
        Observation observation = Observation.createNotStarted(DELIVERY, registry)
                .contextualName("deliver " + typeName)
                .lowCardinalityKeyValue("notification.type", typeName);
        return new Delivery(observation.start());
    }

    /** A use case or a statement: in scope on its thread until it ends. */
    private static final class Call implements CallObservation {
        private final Observation observation;
        private final Observation.Scope scope;

        Call(Observation observation) {
            this.observation = observation;
            this.scope = observation.openScope();
        }

        @Override
        public void succeeded() {
            end("success", NONE, NONE);
        }

        @Override
        public void refused(ErrorCode code) {
            if (FAILURES.contains(code)) {
                observation.error(new ObservedError(code.name()));
                end("failed", code.name(), NONE);
            } else {
                end("refused", code.name(), NONE);
            }
        }

        @Override
        public void failed(Throwable error) {
            String type = error.getClass().getSimpleName();
            observation.error(new ObservedError(type));
            end("failed", NONE, type);
        }

        private void end(String outcome, String errorCode, String exception) {
            observation.lowCardinalityKeyValue("outcome", outcome)
                    .lowCardinalityKeyValue("error.code", errorCode)
                    .lowCardinalityKeyValue("exception", exception);
            scope.close();
            observation.stop();
        }
    }

    /** A delivery attempt: in scope too, so that the statements recording it are its children. */
    private static final class Delivery implements DeliveryObservation {
        private final Observation observation;
        private final Observation.Scope scope;

        Delivery(Observation observation) {
            this.observation = observation;
            this.scope = observation.openScope();
        }

        @Override
        public void ended(DeliveryOutcome outcome) {
            if (outcome == DeliveryOutcome.FAILED) {
                observation.error(new ObservedError("NOTIFICATION_FAILED"));
            }
            end(outcome.observedName(), NONE);
        }

        @Override
        public void failed(Throwable error) {
            String type = error.getClass().getSimpleName();
            observation.error(new ObservedError(type));
            end("error", type);
        }

        private void end(String outcome, String exception) {
            observation.lowCardinalityKeyValue("outcome", outcome).lowCardinalityKeyValue("exception", exception);
            scope.close();
            observation.stop();
        }
    }
}
