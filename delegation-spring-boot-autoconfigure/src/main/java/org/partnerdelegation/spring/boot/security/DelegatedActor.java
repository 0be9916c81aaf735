package org.partnerdelegation.spring.boot.security;

import java.util.Objects;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;

/**
 * The partner user really acting through a delegated session, for the host's audit and for
 * {@code @PreAuthorize} ({@code authentication.actor.tenant.value}). Immutable and thread-safe.
 *
 * @param tenant the partner tenant
 * @param user   the partner user, as the host knows them
 */
public record DelegatedActor(TenantId tenant, UserId user) {

    /**
     * Checks that both are present.
     *
     * @param tenant the partner tenant
     * @param user   the partner user
     * @throws NullPointerException when either is null
     */
    public DelegatedActor {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(user, "user");
    }
}
