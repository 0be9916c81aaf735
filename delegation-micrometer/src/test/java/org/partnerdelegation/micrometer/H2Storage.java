package org.partnerdelegation.micrometer;

import java.util.concurrent.atomic.AtomicInteger;
import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.jdbi.JdbiStorage;

/** The contract kit's view of a fresh in-memory H2 {@link JdbiStorage}; closing it closes the storage. */
final class H2Storage implements AdapterFixture {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    final JdbiStorage storage = JdbiStorage.inMemory("micrometer-" + COUNTER.incrementAndGet());

    @Override
    public TenantDirectory tenantDirectory() {
        return storage.tenantDirectory();
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
        return storage.tenantDirectory().register(tenant);
    }

    @Override
    public void close() {
        storage.close();
    }
}
