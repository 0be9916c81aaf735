package org.partnerdelegation.core.port;

import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.TokenHash;

/**
 * Keeps delegated sessions. The use cases mint the token, keep it out of storage and hand the
 * issuer a session that carries only the token's hash; the issuer records it, finds it again
 * by hash, and revokes every session of a delegation at once.
 *
 * <p>Implementations must be thread-safe. Storage failures surface as a
 * {@link org.partnerdelegation.core.domain.DelegationException} with {@code STORAGE_UNAVAILABLE}.
 */
public interface SessionIssuer {

    /** Records a newly issued session. Token hashes are unique. */
    void issue(DelegatedSession session);

    /** The session whose token has that hash, revoked or not, if any. */
    Optional<DelegatedSession> introspect(TokenHash tokenHash);

    /**
     * Revokes every live session of the delegation; idempotent.
     *
     * @return how many sessions this call revoked
     */
    int revokeAll(DelegationId delegationId, Instant revokedAt);
}
