package org.partnerdelegation.core.port;

import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.domain.UserId;

/**
 * Keeps delegated sessions. The use cases mint the token, keep it out of storage and hand the
 * issuer a session that carries only the token's hash; the issuer records it, finds it again
 * by hash, and revokes sessions one by one or in bulk.
 *
 * <p>Called inside the use case's unit of work: an issuer on the store's database joins it, so
 * a revocation commits with the change it belongs to, and a failure fails the use case.
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

    /**
     * Revokes the session with that token hash; idempotent.
     *
     * @return true when this call revoked it, false when it was unknown or revoked already
     */
    boolean revoke(TokenHash tokenHash, Instant revokedAt);

    /**
     * Revokes every live session of one partner user, into any customer.
     *
     * @return how many sessions this call revoked
     */
    int revokeAllOfUser(TenantId partnerTenant, UserId partnerUser, Instant revokedAt);

    /**
     * Revokes every live session of every user of the partner.
     *
     * @return how many sessions this call revoked
     */
    int revokeAllOfPartner(TenantId partnerTenant, Instant revokedAt);

    /**
     * Revokes every live session into the customer tenant, of any partner.
     *
     * @return how many sessions this call revoked
     */
    int revokeAllInto(TenantId customerTenant, Instant revokedAt);

    /**
     * Deletes up to {@code limit} sessions that ended (expired or were revoked) before {@code cutoff}.
     *
     * @return how many were deleted
     */
    int deleteEndedBefore(Instant cutoff, int limit);
}
