package org.partnerdelegation.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.LoginKey;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;
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

    /**
     * Records a newly issued session. Token hashes are unique.
     *
     * @param session the session, carrying its token's hash only
     * @throws org.partnerdelegation.core.domain.DelegationException {@code CONCURRENT_UPDATE} when a session with
     *         that token hash exists
     */
    void issue(DelegatedSession session);

    /**
     * Records a newly issued session of a login that came with an idempotency key, and the key with
     * it: {@link #findByLoginKey} finds the session by the key afterwards, for as long as the session
     * is stored. A key is unique per delegation and partner user.
     *
     * <p>The default refuses: an issuer that keeps no keys cannot make a retried login safe, and
     * saying so beats opening a second session.
     *
     * @param session the session, carrying its token's hash only
     * @param key     the hashes of the login's idempotency key and request
     * @throws DelegationException {@code CONCURRENT_UPDATE} when a session with that token hash, or with that key
     *         under the same delegation and user, exists; {@code INVALID_INPUT} when the issuer keeps no keys
     */
    default void issue(DelegatedSession session, LoginKey key) {
        throw keysNotKept(this);
    }

    /**
     * The session a login of this partner user under this delegation opened with this idempotency
     * key, revoked or not, with the key as stored.
     *
     * @param delegationId the delegation the login was made under
     * @param actorUser    the partner user who logged in
     * @param key          the hash of the idempotency key
     * @return the session and its stored key; empty when no stored session of that user and delegation has the key
     * @throws DelegationException {@code INVALID_INPUT} when the issuer keeps no keys (the default)
     */
    default Optional<KeyedSession> findByLoginKey(DelegationId delegationId, UserId actorUser, TokenHash key) {
        throw keysNotKept(this);
    }

    /**
     * Gives a session that is not revoked a new token: the hash of the earlier token no longer
     * finds it. What a retried login with the same idempotency key does, since the token it handed
     * out is not stored and cannot be shown again.
     *
     * @param id           the session's id
     * @param newTokenHash the hash of its new token
     * @return true when the session was found, not revoked, and now has the new hash; false otherwise
     * @throws DelegationException {@code INVALID_INPUT} when the issuer keeps no keys (the default)
     */
    default boolean reissue(SessionId id, TokenHash newTokenHash) {
        throw keysNotKept(this);
    }

    /**
     * A session found by its login's idempotency key, with the key as stored.
     *
     * @param session the session as stored
     * @param key     the key and request hashes stored with it
     */
    record KeyedSession(DelegatedSession session, LoginKey key) {
    }

    private static DelegationException keysNotKept(SessionIssuer issuer) {
        return DelegationException.invalidInput("idempotencyKey", "is not supported by the session issuer "
                + issuer.getClass().getName() + "; log in without one");
    }

    /**
     * The session whose token has that hash, revoked or not, if any.
     *
     * @param tokenHash the hash of the bearer token
     * @return the session as stored, expired or revoked ones included; empty when none has that hash
     */
    Optional<DelegatedSession> introspect(TokenHash tokenHash);

    /**
     * The session with that id, revoked or not, if any.
     *
     * @param id the session's id
     * @return the session as stored; empty when none has that id
     */
    Optional<DelegatedSession> findSession(SessionId id);

    /**
     * A page of the sessions into a customer tenant, of any partner, live or not, newest first
     * (by issue time, then by id), starting after the session {@code after}, at most {@code limit}.
     *
     * @param customerTenant the tenant the sessions act in
     * @param after          the last session of the previous page; empty for the first page. A session no
     *                       longer stored (deleted by retention) ends the listing
     * @param limit          the most sessions to return, 1 or more
     * @return the sessions, newest first; empty when no more follow
     */
    List<DelegatedSession> sessionsInto(TenantId customerTenant, Optional<SessionId> after, int limit);

    /**
     * The sessions one partner user opened under one delegation that were issued after
     * {@code issuedAfter}, live or not, oldest first (by issue time, then by id): what a login
     * counts against the login rate and the cap on live sessions. Called inside the login's unit
     * of work after the delegation is locked, so an issuer on the store's database must read them
     * in that transaction (the lock is what makes two logins of one user count each other).
     *
     * <p>The default pages through {@link #sessionsInto} and filters; an adapter with an index on
     * (delegation, user, issue time) overrides it with one read.
     *
     * @param delegationId   the delegation the sessions were issued under
     * @param customerTenant the delegation's customer tenant, the tenant the sessions act in
     * @param actorUser      the partner user who logged in (of the delegation's partner tenant)
     * @param issuedAfter    only sessions issued strictly after this instant
     * @return the sessions, revoked and expired ones included, oldest first; empty when there are none
     */
    default List<DelegatedSession> sessionsOfUser(DelegationId delegationId, TenantId customerTenant, UserId actorUser,
                                                  Instant issuedAfter) {
        java.util.Objects.requireNonNull(delegationId, "delegationId");
        java.util.Objects.requireNonNull(actorUser, "actorUser");
        java.util.Objects.requireNonNull(issuedAfter, "issuedAfter");
        java.util.ArrayList<DelegatedSession> found = new java.util.ArrayList<>();
        Optional<SessionId> after = Optional.empty();
        while (true) {
            List<DelegatedSession> page = sessionsInto(customerTenant, after, 500);
            for (DelegatedSession s : page) {
                // Newest first: the first one issued at or before the bound ends the search.
                if (!s.issuedAt().isAfter(issuedAfter)) {
                    java.util.Collections.reverse(found);
                    return found;
                }
                if (s.delegationId().equals(delegationId) && s.actorUser().equals(actorUser)) {
                    found.add(s);
                }
            }
            if (page.size() < 500) {
                java.util.Collections.reverse(found);
                return found;
            }
            after = Optional.of(page.get(page.size() - 1).id());
        }
    }

    /**
     * Revokes every live session of the delegation; idempotent.
     *
     * @param delegationId the delegation the sessions were issued under
     * @param revokedAt    when they are revoked
     *
     * @return how many sessions this call revoked
     */
    int revokeAll(DelegationId delegationId, Instant revokedAt);

    /**
     * Narrows the live sessions of the delegation once its grant shrank (a reduction, a change
     * approved with fewer roles, a reason required for sensitive roles): each session not revoked and
     * not expired at {@code at} keeps only its roles in {@code granted}, and one without a reason only
     * those in {@code grantedWithoutReason} as well. A session left with no role is revoked at
     * {@code at}. Never adds a role, so a later, wider grant does not reach a session issued before
     * the cut (invariant 10: a session's roles never grow); idempotent.
     *
     * <p>The default revokes every live session of the delegation: it ends more than needed, but
     * never lets a role come back. The in-memory and Jdbi adapters narrow instead.
     *
     * @param delegationId         the delegation whose grant shrank
     * @param granted              the roles its grant holds now
     * @param grantedWithoutReason the roles a session without a reason may still hold: {@code granted}
     *                             without those that now need a reason
     * @param at                   the instant of the cut: sessions expired by then are left as they are;
     *                             the revocation time of a session left with no role
     * @return how many sessions this call narrowed or revoked
     */
    default int narrowAll(DelegationId delegationId, Set<RoleKey> granted, Set<RoleKey> grantedWithoutReason, Instant at) {
        return revokeAll(delegationId, at);
    }

    /**
     * Revokes the session with that token hash; idempotent.
     *
     * @param tokenHash the hash of the session's bearer token
     * @param revokedAt when it is revoked
     *
     * @return true when this call revoked it, false when it was unknown or revoked already
     */
    boolean revoke(TokenHash tokenHash, Instant revokedAt);

    /**
     * Revokes every live session of one partner user, into any customer.
     *
     * @param partnerTenant the partner tenant of the user
     * @param partnerUser   the partner user whose sessions end
     * @param revokedAt     when they are revoked
     *
     * @return how many sessions this call revoked
     */
    int revokeAllOfUser(TenantId partnerTenant, UserId partnerUser, Instant revokedAt);

    /**
     * Revokes every live session of every user of the partner.
     *
     * @param partnerTenant the partner tenant whose sessions end
     * @param revokedAt     when they are revoked
     *
     * @return how many sessions this call revoked
     */
    int revokeAllOfPartner(TenantId partnerTenant, Instant revokedAt);

    /**
     * Revokes every live session into the customer tenant, of any partner.
     *
     * @param customerTenant the customer tenant the sessions act in
     * @param revokedAt      when they are revoked
     *
     * @return how many sessions this call revoked
     */
    int revokeAllInto(TenantId customerTenant, Instant revokedAt);

    /**
     * Deletes up to {@code limit} sessions that ended (expired or were revoked) before {@code cutoff}.
     *
     * @param cutoff sessions that ended before this instant go
     * @param limit  the most sessions to delete, 1 or more
     *
     * @return how many were deleted
     */
    int deleteEndedBefore(Instant cutoff, int limit);
}
