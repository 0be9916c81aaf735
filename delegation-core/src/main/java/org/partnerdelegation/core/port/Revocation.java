package org.partnerdelegation.core.port;

import java.util.Objects;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;

/**
 * Which cached session checks a committed change may have narrowed or ended: a {@link SessionCache}
 * drops every entry the revocation {@link #covers}. Coarser than the change is allowed (a
 * tenant's every session for one of them); narrower is not. Immutable and thread-safe.
 *
 * @param scope what {@code key} names
 * @param key   the session id, delegation id, tenant id or token hash (hex) in its text form; empty for {@link Scope#ALL}
 */
public record Revocation(Scope scope, String key) {

    /** What a revocation's key names. */
    public enum Scope {
        /** The session with this token hash; never sent off the node, since a hash is as good as a token to a cache. */
        TOKEN,
        /** The session with this id. */
        SESSION,
        /** Every session of this delegation. */
        DELEGATION,
        /** Every session of this partner tenant's users (a permission revoked). */
        PARTNER,
        /** Every session into this customer tenant. */
        CUSTOMER,
        /** Every session into or out of this tenant, whichever side it is on. */
        TENANT,
        /** Every session. */
        ALL
    }

    private static final Revocation EVERYTHING = new Revocation(Scope.ALL, "");

    /**
     * Checks the components are not null.
     *
     * @param scope what {@code key} names
     * @param key   the key's text
     */
    public Revocation {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
    }

    /** {@return a revocation of every session} */
    public static Revocation all() {
        return EVERYTHING;
    }

    /**
     * @param tokenHash the session's token hash
     * @return a revocation of that one session
     */
    public static Revocation token(TokenHash tokenHash) {
        return new Revocation(Scope.TOKEN, tokenHash.hex());
    }

    /**
     * @param id the session's id
     * @return a revocation of that one session
     */
    public static Revocation session(SessionId id) {
        return new Revocation(Scope.SESSION, id.value().toString());
    }

    /**
     * @param id the delegation
     * @return a revocation of its every session
     */
    public static Revocation delegation(DelegationId id) {
        return new Revocation(Scope.DELEGATION, id.value().toString());
    }

    /**
     * @param partner the partner tenant
     * @return a revocation of every session of its users
     */
    public static Revocation partner(TenantId partner) {
        return new Revocation(Scope.PARTNER, partner.value());
    }

    /**
     * @param customer the customer tenant
     * @return a revocation of every session into it
     */
    public static Revocation customer(TenantId customer) {
        return new Revocation(Scope.CUSTOMER, customer.value());
    }

    /**
     * @param tenant a tenant, customer or partner
     * @return a revocation of every session into or out of it
     */
    public static Revocation tenant(TenantId tenant) {
        return new Revocation(Scope.TENANT, tenant.value());
    }

    /**
     * Whether a cached session falls under this revocation.
     *
     * @param session a session a cache holds
     * @return true when the cache must drop it
     */
    public boolean covers(DelegatedSession session) {
        return switch (scope) {
            case TOKEN -> session.tokenHash().hex().equals(key);
            case SESSION -> session.id().value().toString().equals(key);
            case DELEGATION -> session.delegationId().value().toString().equals(key);
            case PARTNER -> session.actorTenant().value().equals(key);
            case CUSTOMER -> session.customerTenant().value().equals(key);
            case TENANT -> session.actorTenant().value().equals(key) || session.customerTenant().value().equals(key);
            case ALL -> true;
        };
    }
}
