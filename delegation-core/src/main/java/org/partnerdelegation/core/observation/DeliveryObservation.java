package org.partnerdelegation.core.observation;

/**
 * One observed delivery attempt of the outbox dispatcher, begun by
 * {@link DelegationObserver#delivery}. Exactly one of its methods is called, once, on the thread
 * that began it. Implementations must be fast and should not throw: the dispatcher catches and logs
 * what they throw.
 */
public interface DeliveryObservation {

    /** {@return an observation that does nothing: one shared instance} */
    static DeliveryObservation none() {
        return NoObservation.INSTANCE;
    }

    /**
     * The attempt ended as the dispatcher recorded it.
     *
     * @param outcome delivered, retry, failed or discarded
     */
    void ended(DeliveryOutcome outcome);

    /**
     * The attempt could not be recorded: the store failed while the dispatcher read or marked the
     * entry (the drain stops and throws). An observer records the error's type, never its message.
     *
     * @param error what was thrown
     */
    void failed(Throwable error);
}
