package org.partnerdelegation.core.observation;

import org.partnerdelegation.core.domain.NotificationType;

/**
 * Told when the library's work begins and how it ends: every use case of the facade, every
 * delivery attempt of the outbox dispatcher and, where a storage adapter takes the observer too
 * ({@code JdbiStorage.observeStatements}), every statement it sends. A begun observation is ended on the
 * same thread, so an implementation may keep a thread-bound scope open in between (a tracer's
 * current span): the statements of a use case begin and end inside the use case's observation.
 *
 * <p>What it is given is of few values and identifies nobody: the {@link UseCase}, the
 * {@link NotificationType}, a statement's name (the operation and table, e.g.
 * {@code SELECT pd_delegation}, never its values), an {@link org.partnerdelegation.core.domain.ErrorCode}
 * or an exception to be recorded by its type only. No tenant, user, email address, delegation id
 * or token reaches it.
 *
 * <p>Every method has a default that observes nothing, so an implementation overrides what it
 * wants. {@link #none()}, the default of {@code PartnerDelegation.builder()}, costs a host nothing
 * measurable: it allocates nothing per call. Implementations must be thread-safe, fast, and should
 * not throw: the library catches and logs what an observer throws, and the observed call's own
 * result stands.
 *
 * <pre>{@code
 * PartnerDelegation delegation = PartnerDelegation.builder()
 *         .tenantDirectory(tenants).delegationStore(store).sessionIssuer(sessions)
 *         .observer(new MicrometerDelegationObserver(observationRegistry))   // delegation-micrometer
 *         .build();
 * }</pre>
 */
public interface DelegationObserver {

    /** {@return the observer that observes nothing: one shared instance} */
    static DelegationObserver none() {
        return NoObservation.INSTANCE;
    }

    /**
     * A use case of the facade begins.
     *
     * @param useCase which one
     * @return its observation, ended when the use case returns or throws
     */
    default CallObservation useCase(UseCase useCase) {
        return CallObservation.none();
    }

    /**
     * The outbox dispatcher begins one delivery attempt of a claimed entry.
     *
     * @param type the notification's type
     * @return its observation, ended when the attempt is recorded
     */
    default DeliveryObservation delivery(NotificationType type) {
        return DeliveryObservation.none();
    }

    /**
     * A storage adapter sends one statement.
     *
     * @param statement the statement's name: its operations and tables ({@code UPDATE pd_outbox}), stable and of few values
     * @return its observation, ended when the database has answered
     */
    default CallObservation statement(String statement) {
        return CallObservation.none();
    }
}
