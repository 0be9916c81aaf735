package org.partnerdelegation.core.memory;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * Fresh in-memory adapters for the facade contracts. A test may wrap the store (to inject
 * failures); the directory and the session issuer are used as they are.
 */
final class InMemoryScenarioFixture implements AdapterFixture {

    private final InMemoryTenantDirectory directory = new InMemoryTenantDirectory();
    private final DelegationStore store;
    private final InMemorySessionIssuer sessions = new InMemorySessionIssuer();

    InMemoryScenarioFixture() {
        this(UnaryOperator.identity());
    }

    InMemoryScenarioFixture(UnaryOperator<DelegationStore> wrapStore) {
        this.store = Objects.requireNonNull(wrapStore.apply(new InMemoryDelegationStore()), "wrapped store");
    }

    @Override
    public TenantDirectory tenantDirectory() {
        return directory;
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
        return directory.register(tenant);
    }
}
