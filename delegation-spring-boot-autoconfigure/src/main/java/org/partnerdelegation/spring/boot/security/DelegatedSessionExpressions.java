package org.partnerdelegation.spring.boot.security;

import java.util.Optional;
import org.partnerdelegation.core.domain.RoleKey;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The delegated session of the current request, for SpEL in {@code @PreAuthorize}: the
 * auto-configuration registers it as the bean {@code delegatedSession}, so that
 * {@code @PreAuthorize("@delegatedSession.actsIn(#tenantId)")} keeps a delegated session to its
 * customer's tenant, and {@code @PreAuthorize("!@delegatedSession.isDelegated()")} keeps it out of a
 * host-only method. Reads the current {@code SecurityContext}; stateless and thread-safe.
 */
public final class DelegatedSessionExpressions {

    /** Creates the expressions; the auto-configuration registers one. */
    public DelegatedSessionExpressions() {
    }

    /** {@return true when the current request is authenticated by a delegated session} */
    public boolean isDelegated() {
        return current().isPresent();
    }

    /**
     * Whether the current request's delegated session holds a role.
     *
     * @param role the role's key, such as {@code billing:read}
     * @return true when the request is delegated and its session holds the role; false otherwise, a malformed key included
     */
    public boolean hasRole(String role) {
        Optional<DelegatedSessionAuthentication> current = current();
        if (current.isEmpty() || role == null) {
            return false;
        }
        return current.get().getSession().roles().stream().map(RoleKey::value).anyMatch(role::equals);
    }

    /**
     * Whether the current request may act in a tenant: true for a request that is not delegated
     * (the host's own rules decide it), and for a delegated one only in its customer's tenant.
     *
     * @param tenantId the tenant the method acts in
     * @return false for a delegated request into another tenant
     */
    public boolean actsIn(String tenantId) {
        return current().map(a -> a.getSession().customerTenant().value().equals(tenantId)).orElse(true);
    }

    /** {@return the partner tenant acting through the current request's delegated session, or null when not delegated} */
    public String actorTenant() {
        return current().map(a -> a.getActor().tenant().value()).orElse(null);
    }

    private static Optional<DelegatedSessionAuthentication> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof DelegatedSessionAuthentication delegated ? Optional.of(delegated) : Optional.empty();
    }
}
