package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.TrustModelContract;

/** The trust model through the facade, against Jdbi on Postgres. */
class PostgresTrustModelTest extends TrustModelContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
