package org.partnerdelegation.core.port;

import java.time.Instant;
import java.util.Objects;
import org.partnerdelegation.core.domain.DelegatedSession;

/**
 * A session found live, with the instant it stops being live unless something changes before:
 * the earlier of the session's expiry and its delegation's end of access. What a
 * {@link SessionCache} may keep, and for how long at most. Immutable and thread-safe.
 *
 * @param session   the live session, narrowed to the roles its delegation grants now
 * @param liveUntil the first instant it is no longer live; an answer read at or after it is stale
 */
public record LiveSession(DelegatedSession session, Instant liveUntil) {

    /**
     * Checks the components are not null.
     *
     * @param session   the live session
     * @param liveUntil when it stops being live
     */
    public LiveSession {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(liveUntil, "liveUntil");
    }

    /**
     * Whether the answer still holds at {@code now}, as far as time goes (a revocation is the cache's concern).
     *
     * @param now the instant of the check
     * @return true when {@code now} is before {@link #liveUntil()}
     */
    public boolean liveAt(Instant now) {
        return now.isBefore(liveUntil);
    }
}
