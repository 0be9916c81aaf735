package org.partnerdelegation.core.port;

import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.TokenHash;

/**
 * A node-local cache of the session check ({@code validateSession}), optional: without one every
 * check reads storage. {@code delegation-session-cache} offers one (Caffeine, revocations pushed
 * by PostgreSQL's {@code LISTEN/NOTIFY} or published in process).
 *
 * <p>The contract is that a cached answer is never wider than storage's: an implementation keeps
 * only live answers, never past their {@link LiveSession#liveUntil()} nor its own time to live,
 * drops every entry a {@link Revocation} covers, and reads storage whenever it cannot be sure it
 * has seen every revocation (then it caches nothing). The facade tells it of the revocations its
 * own use cases may have made, after their unit of work ended (committed or not: dropping too
 * much is safe, too little is not), so that a node refuses its own revocations at once.
 *
 * <p>Implementations must be thread-safe.
 */
public interface SessionCache {

    /** Reads the check from storage, on a miss. */
    @FunctionalInterface
    interface Loader {
        /**
         * @return the live session and how long it stays live; empty when the token does not grant access now
         */
        Optional<LiveSession> load();
    }

    /**
     * The live session with that token hash at {@code now}, from the cache or through {@code loader}.
     *
     * @param tokenHash the hash of the presented token
     * @param now       the instant of the check, the facade's clock
     * @param loader    reads storage; may throw {@code STORAGE_UNAVAILABLE}, which the cache lets through
     * @return the live session; empty when the token does not grant access now
     */
    Optional<DelegatedSession> find(TokenHash tokenHash, Instant now, Loader loader);

    /**
     * Drops every entry the revocation covers, now and for any check that read storage before this call.
     *
     * @param revocation what may have been narrowed or ended
     */
    void revoked(Revocation revocation);
}
