package org.partnerdelegation.core.memory;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * Fresh in-memory adapters for the facade contracts. A test may wrap the store or the session
 * issuer (to inject failures); the directory is used as it is.
 */
final class InMemoryScenarioFixture implements AdapterFixture {

    private final InMemoryTenantDirectory directory = new InMemoryTenantDirectory();
    private final DelegationStore store;
    private final SessionIssuer sessions;

    InMemoryScenarioFixture() {
        this(UnaryOperator.identity());
    }

    InMemoryScenarioFixture(UnaryOperator<DelegationStore> wrapStore) {
        this(wrapStore, UnaryOperator.identity());
    }

    InMemoryScenarioFixture(UnaryOperator<DelegationStore> wrapStore, UnaryOperator<SessionIssuer> wrapSessions) {
        this.store = Objects.requireNonNull(wrapStore.apply(new InMemoryDelegationStore()), "wrapped store");
        this.sessions = Objects.requireNonNull(wrapSessions.apply(new InMemorySessionIssuer()), "wrapped session issuer");
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
