package org.partnerdelegation.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.Objects;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link OutboxDispatcher} on its schedule while the application context runs: started
 * once the context is refreshed, stopped when it closes, before any bean is destroyed (the pool
 * included), letting a drain in progress finish so that a notification being delivered is marked
 * delivered, not sent again. Thread-safe.
 */
public final class OutboxDispatcherLifecycle implements SmartLifecycle {

    private final OutboxDispatcher dispatcher;
    private final Duration period;
    private volatile boolean running;

    /**
     * A lifecycle draining the outbox every {@code period}.
     *
     * @param dispatcher the dispatcher
     * @param period     the delay between the end of one drain and the start of the next; positive
     * @throws DelegationException {@code INVALID_INPUT} when the period is missing, zero or negative
     */
    public OutboxDispatcherLifecycle(OutboxDispatcher dispatcher, Duration period) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.period = TimeLimitJob.requirePeriod(period, "partner-delegation.jobs.outbox.period");
    }

    @Override
    public void start() {
        synchronized (this) {
            if (!running) {
                dispatcher.start(period);
                running = true;
            }
        }
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (running) {
                // Waits for the drain in hand to finish: its entries are marked before the pool goes away.
                dispatcher.close();
                running = false;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public String toString() {
        return "OutboxDispatcherLifecycle[every " + period + (running ? ", running" : "") + "]";
    }
}
