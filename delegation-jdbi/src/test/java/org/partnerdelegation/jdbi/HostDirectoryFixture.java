package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * A host that keeps its tenants itself (here in memory, as if in another database) and the
 * delegations and sessions in a {@link JdbiStorage}: the store offers no joined queries for a
 * directory that is not its own, so the facade takes the general path, composed from the ports.
 */
final class HostDirectoryFixture implements AdapterFixture {

    private final JdbiAdapterFixture storage;
    private final InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();

    HostDirectoryFixture(JdbiAdapterFixture storage) {
        this.storage = storage;
    }

    @Override
    public TenantDirectory tenantDirectory() {
        return tenants;
    }

    @Override
    public DelegationStore delegationStore() {
        return storage.delegationStore();
    }

    @Override
    public SessionIssuer sessionIssuer() {
        return storage.sessionIssuer();
    }

    @Override
    public Tenant register(Tenant tenant) {
        return tenants.register(tenant);
    }

    @Override
    public void close() {
        storage.close();
    }
}
