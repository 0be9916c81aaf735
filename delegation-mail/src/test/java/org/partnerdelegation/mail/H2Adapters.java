package org.partnerdelegation.mail;

import java.util.UUID;
import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.jdbi.JdbiStorage;

/** The Jdbi adapters on a fresh in-memory H2 database, as a host without its own storage would run them. */
final class H2Adapters implements AdapterFixture {

    private final JdbiStorage storage = JdbiStorage.inMemory("mail-" + UUID.randomUUID());

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
