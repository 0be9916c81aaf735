package org.partnerdelegation.core.memory;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;

/**
 * A fresh, empty set of the in-memory adapters. Reusable by any test that wants the whole
 * library in memory: {@code new DelegationHarness(new InMemoryAdapterFixture())}. A test may wrap
 * the store or the session issuer (to inject failures); the directory is used as it is.
 */
public final class InMemoryAdapterFixture implements AdapterFixture {

    private final InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
    private final DelegationStore store;
    private final SessionIssuer sessions;

    public InMemoryAdapterFixture() {
        this(UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** The in-memory store and session issuer, each handed through a wrapper of the test's. */
    public InMemoryAdapterFixture(UnaryOperator<DelegationStore> wrapStore, UnaryOperator<SessionIssuer> wrapSessions) {
        this.store = Objects.requireNonNull(wrapStore.apply(new InMemoryDelegationStore()), "wrapped store");
        this.sessions = Objects.requireNonNull(wrapSessions.apply(new InMemorySessionIssuer()), "wrapped session issuer");
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
