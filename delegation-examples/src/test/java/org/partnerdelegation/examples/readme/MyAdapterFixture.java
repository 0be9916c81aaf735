package org.partnerdelegation.examples.readme;

// tag::fixture[]
import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.memory.InMemoryDelegationStore;
import org.partnerdelegation.core.memory.InMemorySessionIssuer;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/** One fresh, empty set of your adapters per test: here the core's in-memory ones stand in for yours. */
final class MyAdapterFixture implements AdapterFixture {

    private final InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();  // your TenantDirectory
    private final InMemoryDelegationStore store = new InMemoryDelegationStore();    // your DelegationStore
    private final InMemorySessionIssuer sessions = new InMemorySessionIssuer();     // your SessionIssuer

    @Override
    public TenantDirectory tenantDirectory() {
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
    public Tenant register(Tenant tenant) {   // put a tenant into your directory, as your tenant management would
        return tenants.register(tenant);
    }

    @Override
    public void close() {                     // release pools, drop the database
    }
}
// end::fixture[]
