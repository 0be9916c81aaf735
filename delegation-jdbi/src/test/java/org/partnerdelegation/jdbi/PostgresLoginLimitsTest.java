package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.LoginLimitsContract;

/** The limits on logins through the facade, against Jdbi on Postgres. */
class PostgresLoginLimitsTest extends LoginLimitsContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
