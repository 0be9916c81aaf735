package org.partnerdelegation.core.observation;

import org.partnerdelegation.core.domain.ErrorCode;

/**
 * One observed call in progress: a use case or a storage statement, begun by
 * {@link DelegationObserver}. Exactly one of its methods is called, once, on the thread that began
 * it, when the call ends. Implementations must be fast and should not throw: the library catches
 * and logs what they throw, and the call's own result stands.
 */
public interface CallObservation {

    /** {@return an observation that does nothing: one shared instance} */
    static CallObservation none() {
        return NoObservation.INSTANCE;
    }

    /** The call returned normally. */
    void succeeded();

    /**
     * The call ended with a {@link org.partnerdelegation.core.domain.DelegationException}: a refusal
     * (the caller may not, the input was bad) or a coded failure ({@code STORAGE_UNAVAILABLE},
     * {@code CONCURRENT_UPDATE}). The exception itself is not passed: its message may name a person.
     *
     * @param code the exception's stable code
     */
    void refused(ErrorCode code);

    /**
     * The call ended with an exception the library did not expect (a bug, an adapter's unchecked
     * exception). Its message may carry anything, personal data included: an observer records its
     * type, never its message.
     *
     * @param error what was thrown
     */
    void failed(Throwable error);
}
