package org.partnerdelegation.core.usecase;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;

/**
 * A delegated session into the customer's tenant, as the customer sees it: who, when, which
 * roles, why, and whether it is still live. Carries no token and no hash. Immutable and thread-safe.
 *
 * @param sessionId    pass it to {@link PartnerDelegation#endDelegatedSession} to end the session
 * @param delegationId the delegation it was issued under
 * @param actorTenant  the partner tenant of the user
 * @param actorUser    the partner user who logged in
 * @param subject      the customer account the session acts as
 * @param roles        the roles it holds
 * @param reason       the reason the user gave, if any
 * @param issuedAt     when the user logged in
 * @param expiresAt    when it expires
 * @param revokedAt    when it was ended, if it was
 * @param live         whether it validates now: not ended, not expired, its delegation still granting access
 */
public record DelegatedSessionView(SessionId sessionId, DelegationId delegationId, TenantId actorTenant, UserId actorUser,
                                   EmailAddress subject, Set<RoleKey> roles, Optional<String> reason, Instant issuedAt,
                                   Instant expiresAt, Optional<Instant> revokedAt, boolean live) {
}
