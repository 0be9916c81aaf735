package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.TenantDirectoryContract;

/** The TenantDirectory contract against Jdbi on H2. */
class H2TenantDirectoryTest extends TenantDirectoryContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
