package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.TenantDirectoryContract;

/** The TenantDirectory contract against Jdbi on Postgres. */
class PostgresTenantDirectoryTest extends TenantDirectoryContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
