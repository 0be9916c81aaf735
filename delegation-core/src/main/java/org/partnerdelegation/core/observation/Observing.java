package org.partnerdelegation.core.observation;

import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.NotificationType;

/**
 * How the library's own code reports to a {@link DelegationObserver}, for adapters that report too
 * (a storage adapter's statements): each call is made as given, and whatever the observer throws
 * is logged (WARNING, logger {@code org.partnerdelegation.core.observation.Observing}) and goes no
 * further, so that an observer's bug never changes the outcome of the call it observes. Allocates
 * nothing of its own. Thread-safe.
 */
public final class Observing {

    private static final System.Logger LOG = System.getLogger(Observing.class.getName());

    private Observing() {
    }

    /**
     * Begins the observation of a use case.
     *
     * @param observer the observer
     * @param useCase  the use case
     * @return its observation; {@link CallObservation#none()} when the observer threw or returned null
     */
    public static CallObservation useCase(DelegationObserver observer, UseCase useCase) {
        try {
            return orNone(observer.useCase(useCase));
        } catch (RuntimeException e) {
            logged(e);
            return CallObservation.none();
        }
    }

    /**
     * Begins the observation of a storage statement.
     *
     * @param observer  the observer
     * @param statement the statement's name, of few values and without any value of the statement
     * @return its observation; {@link CallObservation#none()} when the observer threw or returned null
     */
    public static CallObservation statement(DelegationObserver observer, String statement) {
        try {
            return orNone(observer.statement(statement));
        } catch (RuntimeException e) {
            logged(e);
            return CallObservation.none();
        }
    }

    /**
     * Begins the observation of a delivery attempt.
     *
     * @param observer the observer
     * @param type     the notification's type
     * @return its observation; {@link DeliveryObservation#none()} when the observer threw or returned null
     */
    public static DeliveryObservation delivery(DelegationObserver observer, NotificationType type) {
        try {
            DeliveryObservation observation = observer.delivery(type);
            return observation == null ? DeliveryObservation.none() : observation;
        } catch (RuntimeException e) {
            logged(e);
            return DeliveryObservation.none();
        }
    }

    /**
     * Ends a call that returned normally.
     *
     * @param observation the call's observation
     */
    public static void succeeded(CallObservation observation) {
        try {
            observation.succeeded();
        } catch (RuntimeException e) {
            logged(e);
        }
    }

    /**
     * Ends a call that threw a {@link org.partnerdelegation.core.domain.DelegationException}.
     *
     * @param observation the call's observation
     * @param code        the exception's code
     */
    public static void refused(CallObservation observation, ErrorCode code) {
        try {
            observation.refused(code);
        } catch (RuntimeException e) {
            logged(e);
        }
    }

    /**
     * Ends a call that threw anything else.
     *
     * @param observation the call's observation
     * @param error       what it threw
     */
    public static void failed(CallObservation observation, Throwable error) {
        try {
            observation.failed(error);
        } catch (RuntimeException e) {
            logged(e);
        }
    }

    /**
     * Ends a delivery attempt as recorded.
     *
     * @param observation the attempt's observation
     * @param outcome     how it ended
     */
    public static void ended(DeliveryObservation observation, DeliveryOutcome outcome) {
        try {
            observation.ended(outcome);
        } catch (RuntimeException e) {
            logged(e);
        }
    }

    /**
     * Ends a delivery attempt that could not be recorded.
     *
     * @param observation the attempt's observation
     * @param error       what the store threw
     */
    public static void failed(DeliveryObservation observation, Throwable error) {
        try {
            observation.failed(error);
        } catch (RuntimeException e) {
            logged(e);
        }
    }

    private static CallObservation orNone(CallObservation observation) {
        return observation == null ? CallObservation.none() : observation;
    }

    private static void logged(RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "A DelegationObserver threw; the observed call goes on as if it had not", e);
    }
}
