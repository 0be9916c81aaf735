package org.partnerdelegation.core.observation;

import org.partnerdelegation.core.domain.ErrorCode;

/** The observer and observations that do nothing: single instances, so that a host that observes nothing allocates nothing. */
final class NoObservation implements DelegationObserver, CallObservation, DeliveryObservation {

    static final NoObservation INSTANCE = new NoObservation();

    private NoObservation() {
    }

    @Override
    public void succeeded() {
    }

    @Override
    public void refused(ErrorCode code) {
    }

    @Override
    public void failed(Throwable error) {
    }

    @Override
    public void ended(DeliveryOutcome outcome) {
    }

    @Override
    public String toString() {
        return "DelegationObserver.none()";
    }
}
