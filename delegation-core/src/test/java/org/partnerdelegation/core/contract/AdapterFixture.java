package org.partnerdelegation.core.contract;

import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * One fresh, empty set of storage adapters under test. Each adapter module implements it once
 * (in memory, Jdbi on H2, Jdbi on PostgreSQL) and runs the whole contract kit with it.
 * {@link #close()} releases what it holds (pools, databases).
 */
public interface AdapterFixture extends AutoCloseable {

    TenantDirectory tenantDirectory();

    DelegationStore delegationStore();

    SessionIssuer sessionIssuer();

    /** Puts a tenant into the directory, as the host's own tenant management would. */
    Tenant register(Tenant tenant);

    @Override
    default void close() {
    }
}
