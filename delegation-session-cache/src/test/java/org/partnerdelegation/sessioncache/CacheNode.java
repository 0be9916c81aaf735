package org.partnerdelegation.sessioncache;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.StepUpPolicy;

/**
 * One application node with a session cache: its own facade and its own {@link CaffeineSessionCache}
 * over storage it may share with other nodes. Closing it closes the cache and then {@code resources}.
 */
final class CacheNode implements AutoCloseable {

    /** Not sensitive: a reduction to it leaves a session without a reason its roles. */
    static final DelegableRole BILLING = DelegableRole.of("billing:read", "Billing (read)", "Reads invoices.");
    static final RoleCatalogue CATALOGUE = RoleCatalogue.builder().role(DelegableRole.TENANT_ADMINISTRATOR).role(BILLING)
            .defaultRoles(RoleKey.TENANT_ADMINISTRATOR).build();

    final String name;
    final PartnerDelegation facade;
    final CaffeineSessionCache cache;
    private final AutoCloseable resources;

    CacheNode(String name, TenantDirectory tenants, DelegationStore store, SessionIssuer sessions, Clock clock, long seed,
              CaffeineSessionCache cache, AutoCloseable resources) {
        this.name = name;
        this.cache = cache;
        this.resources = resources;
        this.facade = PartnerDelegation.builder()
                .tenantDirectory(tenants)
                .delegationStore(store)
                .sessionIssuer(sessions)
                .clock(clock)
                // Seeded apart: two nodes must not mint the same ids.
                .random(new Random(seed))
                .settings(DelegationSettings.defaults().withInvitationCooldown(Duration.ZERO))
                .roleCatalogue(CATALOGUE)
                .stepUpPolicy(StepUpPolicy.notRequired())
                .sessionCache(cache)
                .build();
    }

    long pushed() {
        return cache.figures().pushed();
    }

    long hits() {
        return cache.figures().hits();
    }

    @Override
    public void close() throws Exception {
        cache.close();
        resources.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
