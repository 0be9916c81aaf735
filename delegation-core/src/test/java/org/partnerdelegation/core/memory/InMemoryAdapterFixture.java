package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * A fresh, empty set of the in-memory adapters. Reusable by any test that wants the whole
 * library in memory: {@code new DelegationHarness(new InMemoryAdapterFixture())}.
 */
public final class InMemoryAdapterFixture implements AdapterFixture {

    private final InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
    private final InMemoryDelegationStore store = new InMemoryDelegationStore();
    private final InMemorySessionIssuer sessions = new InMemorySessionIssuer();

    public InMemoryAdapterFixture() {
    }

    @Override
    public InMemoryTenantDirectory tenantDirectory() {
        return tenants;
    }

    @Override
    public DelegationStore delegationStore() {
        return store;
    }

    @Override
    public SessionIssuer sessionIssuer() {
        return sessions;
    }

    @Override
    public Tenant register(Tenant tenant) {
        return tenants.register(tenant);
    }
}
