package org.partnerdelegation.core.contract;

import java.util.ArrayList;
import java.util.List;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.observation.CallObservation;
import org.partnerdelegation.core.observation.DelegationObserver;
import org.partnerdelegation.core.observation.DeliveryObservation;
import org.partnerdelegation.core.observation.DeliveryOutcome;
import org.partnerdelegation.core.observation.UseCase;

/**
 * An observer that writes down everything it is told, in order, as {@link Event}s: what a test of
 * the observation port asserts on, and scans for personal data. Thread-safe.
 */
public final class RecordingObserver implements DelegationObserver {

    /** What was observed: a use case, a delivery or a statement. */
    public enum Kind { USE_CASE, DELIVERY, STATEMENT }

    /**
     * One thing told to the observer: its beginning ({@code outcome} "started") or its end.
     *
     * @param kind    a use case, a delivery or a statement
     * @param name    the use case's observed name, the notification type's name or the statement's name
     * @param outcome started, succeeded, refused, failed, or a delivery outcome's name
     * @param detail  the error code's name of a refusal, the exception's class of a failure; empty otherwise
     * @param depth   how many observations were open on this thread when this one began (0 for none)
     */
    public record Event(Kind kind, String name, String outcome, String detail, int depth) {

        /** {@return every string this event carries, as an observer would pass them on} */
        public List<String> texts() {
            return List.of(kind.name(), name, outcome, detail);
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final ThreadLocal<int[]> open = ThreadLocal.withInitial(() -> new int[1]);

    @Override
    public CallObservation useCase(UseCase useCase) {
        return call(Kind.USE_CASE, useCase.observedName());
    }

    @Override
    public CallObservation statement(String statement) {
        return call(Kind.STATEMENT, statement);
    }

    @Override
    public DeliveryObservation delivery(NotificationType type) {
        int depth = begin(Kind.DELIVERY, type.name());
        return new DeliveryObservation() {
            @Override
            public void ended(DeliveryOutcome outcome) {
                end(Kind.DELIVERY, type.name(), outcome.observedName(), "", depth);
            }

            @Override
            public void failed(Throwable error) {
                end(Kind.DELIVERY, type.name(), "failed", error.getClass().getName(), depth);
            }
        };
    }

    private CallObservation call(Kind kind, String name) {
        int depth = begin(kind, name);
        return new CallObservation() {
            @Override
            public void succeeded() {
                end(kind, name, "succeeded", "", depth);
            }

            @Override
            public void refused(ErrorCode code) {
                end(kind, name, "refused", code.name(), depth);
            }

            @Override
            public void failed(Throwable error) {
                end(kind, name, "failed", error.getClass().getName(), depth);
            }
        };
    }

    private int begin(Kind kind, String name) {
        int depth = open.get()[0]++;
        add(new Event(kind, name, "started", "", depth));
        return depth;
    }

    private void end(Kind kind, String name, String outcome, String detail, int depth) {
        open.get()[0]--;
        add(new Event(kind, name, outcome, detail, depth));
    }

    private synchronized void add(Event event) {
        events.add(event);
    }

    /** {@return every event so far, in order} */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** {@return the events that ended something (every outcome but "started"), in order} */
    public synchronized List<Event> ends() {
        return events.stream().filter(e -> !e.outcome().equals("started")).toList();
    }

    /** {@return the ended events of one kind, in order} */
    public synchronized List<Event> ends(Kind kind) {
        return ends().stream().filter(e -> e.kind() == kind).toList();
    }

    /** Forgets every event so far. */
    public synchronized void clear() {
        events.clear();
    }
}
