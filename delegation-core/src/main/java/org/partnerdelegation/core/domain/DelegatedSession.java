package org.partnerdelegation.core.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A partner user's session in a customer tenant: the host treats the bearer as the customer's
 * administrator account ({@code subject}) while recording that the partner user ({@code actor})
 * is acting. The token is shown once at login and stored only as its hash. Immutable and thread-safe.
 *
 * <p>The host turns a validated session into the principal of the request with
 * {@link #principal()}, and with nothing else: that principal carries the session, so the use
 * cases refuse it anything beyond the customer tenant (no chained delegation).
 *
 * @param id             the session's id
 * @param tokenHash      SHA-256 hash of the bearer token
 * @param delegationId   the CONNECTED delegation it was issued under
 * @param customerTenant the tenant the session acts in
 * @param subject        the account the session acts as: the customer's administrator
 * @param actorTenant    the partner tenant of the user acting
 * @param actorUser      the partner user acting
 * @param roles          the roles the session holds: those the partner user asked for at login, within what
 *                       the delegation grants; {@link org.partnerdelegation.core.usecase.PartnerDelegation#validateSession
 *                       validation} narrows them further to what the delegation grants at that moment
 * @param reason         why the partner user logged in (a ticket number, free text), when given
 * @param permissionEpoch the partner's permission epoch at login: revoking the partner permission moves the
 *                       epoch on, so a session of an earlier epoch never validates again, even once the
 *                       permission is granted back
 * @param issuedAt       when it was issued
 * @param expiresAt      when it stops validating
 * @param revokedAt      when it was revoked, if it was
 */
public record DelegatedSession(SessionId id, TokenHash tokenHash, DelegationId delegationId, TenantId customerTenant,
                               EmailAddress subject, TenantId actorTenant, UserId actorUser, Set<RoleKey> roles,
                               Optional<String> reason, long permissionEpoch, Instant issuedAt, Instant expiresAt,
                               Optional<Instant> revokedAt) {

    /** The scope of a session acting as the customer's tenant administrator: {@link RoleKey#TENANT_ADMINISTRATOR}. */
    public static final String TENANT_ADMINISTRATOR_SCOPE = "tenant:administrator";
    /** The longest reason accepted. */
    public static final int MAX_REASON_LENGTH = 200;

    /**
     * Checks that every component is present and the epoch is not negative.
     *
     * @param id              the session's id
     * @param tokenHash       SHA-256 hash of the bearer token
     * @param delegationId    the CONNECTED delegation it was issued under
     * @param customerTenant  the tenant the session acts in
     * @param subject         the customer's administrator account it acts as
     * @param actorTenant     the partner tenant of the user acting
     * @param actorUser       the partner user acting
     * @param roles           the roles it holds: at least one; copied into their natural order
     * @param reason          why the partner user logged in: when present, not blank, at most {@value #MAX_REASON_LENGTH}
     *                        characters, no control characters
     * @param permissionEpoch the partner's permission epoch at login, 0 or more
     * @param issuedAt        when it was issued
     * @param expiresAt       when it stops validating
     * @param revokedAt       when it was revoked; empty while it was not
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or out of range
     */
    public DelegatedSession {
        Validation.requireNonNull(id, "id");
        Validation.requireNonNull(tokenHash, "tokenHash");
        Validation.requireNonNull(delegationId, "delegationId");
        Validation.requireNonNull(customerTenant, "customerTenant");
        Validation.requireNonNull(subject, "subject");
        Validation.requireNonNull(actorTenant, "actorTenant");
        Validation.requireNonNull(actorUser, "actorUser");
        roles = RoleKey.requireSome(roles, "roles");
        Validation.requireNonNull(reason, "reason");
        reason.ifPresent(r -> Validation.requireText(r, "reason", MAX_REASON_LENGTH));
        if (permissionEpoch < 0) {
            throw DelegationException.invalidInput("permissionEpoch", "must not be negative");
        }
        Validation.requireNonNull(issuedAt, "issuedAt");
        Validation.requireNonNull(expiresAt, "expiresAt");
        Validation.requireNonNull(revokedAt, "revokedAt");
    }

    /**
     * A session without a reason whose roles are given as a space-separated scope, as sessions
     * were recorded before roles: {@code "tenant:administrator"}.
     *
     * @param id              the session's id
     * @param tokenHash       SHA-256 hash of the bearer token
     * @param delegationId    the CONNECTED delegation it was issued under
     * @param customerTenant  the tenant the session acts in
     * @param subject         the customer's administrator account it acts as
     * @param actorTenant     the partner tenant of the user acting
     * @param actorUser       the partner user acting
     * @param scope           the roles, space-separated
     * @param permissionEpoch the partner's permission epoch at login, 0 or more
     * @param issuedAt        when it was issued
     * @param expiresAt       when it stops validating
     * @param revokedAt       when it was revoked; empty while it was not
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or out of range
     */
    public DelegatedSession(SessionId id, TokenHash tokenHash, DelegationId delegationId, TenantId customerTenant,
                            EmailAddress subject, TenantId actorTenant, UserId actorUser, String scope, long permissionEpoch,
                            Instant issuedAt, Instant expiresAt, Optional<Instant> revokedAt) {
        this(id, tokenHash, delegationId, customerTenant, subject, actorTenant, actorUser, RoleKey.parseSet(scope),
                Optional.empty(), permissionEpoch, issuedAt, expiresAt, revokedAt);
    }

    /**
     * Whether the session holds a role: what a host checks before serving a request that needs it.
     *
     * @param role the role's key
     * @return true when the session holds it
     */
    public boolean hasRole(RoleKey role) {
        return roles.contains(role);
    }

    /**
     * Whether the session holds a role, by its key's text.
     *
     * @param role the role's key, such as {@code "billing:read"}
     * @return true when the session holds it; false for a null or malformed key
     */
    public boolean hasRole(String role) {
        for (RoleKey held : roles) {
            if (held.value().equals(role)) {
                return true;
            }
        }
        return false;
    }

    /** {@return the roles as one space-separated text, in their natural order: the OAuth {@code scope} format} */
    public String scope() {
        return RoleKey.join(roles);
    }

    /**
     * The session holding only those of its roles that {@code granted} still contains: the
     * customer may have reduced the delegation since the login.
     *
     * @param granted the roles the delegation grants now
     * @return this session, or a copy with fewer roles; empty when none is left
     */
    public Optional<DelegatedSession> narrowedTo(Set<RoleKey> granted) {
        if (granted.containsAll(roles)) {
            return Optional.of(this);
        }
        Set<RoleKey> kept = new TreeSet<>(roles);
        kept.retainAll(granted);
        return kept.isEmpty() ? Optional.empty()
                : Optional.of(new DelegatedSession(id, tokenHash, delegationId, customerTenant, subject, actorTenant, actorUser,
                kept, reason, permissionEpoch, issuedAt, expiresAt, revokedAt));
    }

    /**
     * The session holding only those of its roles that {@code granted} contains and, when it has
     * no reason, that {@code grantedWithoutReason} contains too: what a session keeps once its
     * delegation's grant shrank or started to require a reason for sensitive roles.
     *
     * @param granted              the roles the delegation grants now
     * @param grantedWithoutReason the roles a session without a reason may hold now
     * @return this session, or a copy with fewer roles; empty when none is left
     */
    public Optional<DelegatedSession> narrowedTo(Set<RoleKey> granted, Set<RoleKey> grantedWithoutReason) {
        return narrowedTo(granted).flatMap(s -> s.reason.isPresent() ? Optional.of(s) : s.narrowedTo(grantedWithoutReason));
    }

    /**
     * Valid at {@code now}: not revoked and not expired. The delegation must be checked too.
     *
     * @param now the instant to check at
     * @return true when not revoked and {@code now} is before {@link #expiresAt()}
     */
    public boolean isActiveAt(Instant now) {
        return revokedAt.isEmpty() && now.isBefore(expiresAt);
    }

    /**
     * The session as revoked at {@code now}. A session revoked already keeps its first revocation.
     *
     * @param now when it is revoked
     * @return a copy with {@link #revokedAt()} set, or this session when it was revoked already
     */
    public DelegatedSession revoked(Instant now) {
        return revokedAt.isPresent() ? this
                : new DelegatedSession(id, tokenHash, delegationId, customerTenant, subject, actorTenant, actorUser, roles,
                reason, permissionEpoch, issuedAt, expiresAt, Optional.of(now));
    }

    /**
     * The principal of a request made with this session: the customer tenant, as its
     * administrator, with the partner user as the user, marked as delegated. Use it as it is.
     *
     * @return the delegated principal carrying this session
     */
    public Principal principal() {
        return Principal.delegated(this);
    }
}
