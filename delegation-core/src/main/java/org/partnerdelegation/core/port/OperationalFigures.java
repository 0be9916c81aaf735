package org.partnerdelegation.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * The few numbers an operator watches, read from storage for gauges: how far the notification
 * outbox is behind, how many notifications gave up, how many delegated sessions are live. Counts
 * only: nothing about any tenant, user or delegation. Each read costs the storage a few counting
 * statements, so a caller reading it often (a metrics scrape) caches it for a few seconds.
 *
 * <p>Implemented by {@code InMemoryOperationalFigures} over the in-memory adapters and by
 * {@code JdbiStorage.operationalFigures()}. Implementations are thread-safe.
 */
@FunctionalInterface
public interface OperationalFigures {

    /**
     * Reads the figures as they stand.
     *
     * @param now the instant that decides what is due and what is live
     * @return the figures
     * @throws DelegationException {@code STORAGE_UNAVAILABLE} when the storage cannot answer
     */
    Figures figuresAt(Instant now);

    /**
     * The figures at one instant. Immutable and thread-safe.
     *
     * @param outboxBacklog       outbox entries due by then and not delivered (pending; in delivery included)
     * @param oldestDueAt         when the longest-waiting of those became due; empty when none is due
     * @param failedNotifications outbox entries that gave up after their last allowed attempt (FAILED), kept for an operator
     * @param liveSessions        delegated sessions neither revoked nor expired
     */
    record Figures(long outboxBacklog, Optional<Instant> oldestDueAt, long failedNotifications, long liveSessions) {

        /**
         * Checks the figures.
         *
         * @param outboxBacklog       0 or more
         * @param oldestDueAt         when the longest-waiting due entry became due; empty when none is
         * @param failedNotifications 0 or more
         * @param liveSessions        0 or more
         * @throws DelegationException {@code INVALID_INPUT} naming the figure that is negative or missing
         */
        public Figures {
            if (outboxBacklog < 0) {
                throw DelegationException.invalidInput("outboxBacklog", "must not be negative, got " + outboxBacklog);
            }
            DelegationException.requireArgument(oldestDueAt, "oldestDueAt");
            if (failedNotifications < 0) {
                throw DelegationException.invalidInput("failedNotifications", "must not be negative, got " + failedNotifications);
            }
            if (liveSessions < 0) {
                throw DelegationException.invalidInput("liveSessions", "must not be negative, got " + liveSessions);
            }
        }

        /**
         * How long the longest-waiting due entry has waited by {@code now}.
         *
         * @param now the instant to measure to
         * @return the wait; zero when nothing is due (or when it became due after {@code now})
         */
        public Duration oldestDueAge(Instant now) {
            DelegationException.requireArgument(now, "now");
            return oldestDueAt.map(at -> Duration.between(at, now)).filter(age -> !age.isNegative()).orElse(Duration.ZERO);
        }
    }
}
