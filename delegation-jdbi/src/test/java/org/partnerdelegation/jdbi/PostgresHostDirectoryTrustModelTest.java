package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.TrustModelContract;

/** The trust model through the general path: the host's own tenant directory beside Jdbi on PostgreSQL. */
class PostgresHostDirectoryTrustModelTest extends TrustModelContract {

    @Override
    protected AdapterFixture newFixture() {
        return new HostDirectoryFixture(Databases.postgres());
    }
}
