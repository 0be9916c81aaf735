package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/** The contract kit's view of one {@link JdbiStorage}; closing it closes the storage. */
public final class JdbiAdapterFixture implements AdapterFixture {

    private final JdbiStorage storage;
    private final Runnable onClose;

    public JdbiAdapterFixture(JdbiStorage storage, Runnable onClose) {
        this.storage = storage;
        this.onClose = onClose;
    }

    public JdbiStorage storage() {
        return storage;
    }

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
        onClose.run();
    }
}
