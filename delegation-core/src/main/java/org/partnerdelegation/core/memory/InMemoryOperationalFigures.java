package org.partnerdelegation.core.memory;

import java.time.Instant;
import java.util.Objects;
import org.partnerdelegation.core.port.OperationalFigures;

/**
 * {@link OperationalFigures} of the in-memory adapters: the outbox of an {@link InMemoryDelegationStore}
 * and the sessions of an {@link InMemorySessionIssuer}. Each read walks the outbox and the sessions
 * once. Thread-safe.
 */
public final class InMemoryOperationalFigures implements OperationalFigures {

    private final InMemoryDelegationStore store;
    private final InMemorySessionIssuer sessions;

    /**
     * Reads the figures of these adapters.
     *
     * @param store    the store whose outbox is counted
     * @param sessions the issuer whose live sessions are counted
     * @throws NullPointerException when either is null
     */
    public InMemoryOperationalFigures(InMemoryDelegationStore store, InMemorySessionIssuer sessions) {
        this.store = Objects.requireNonNull(store, "store");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    @Override
    public Figures figuresAt(Instant now) {
        Objects.requireNonNull(now, "now");
        Figures outbox = store.outboxFigures(now);
        return new Figures(outbox.outboxBacklog(), outbox.oldestDueAt(), outbox.failedNotifications(), sessions.liveSessions(now));
    }
}
