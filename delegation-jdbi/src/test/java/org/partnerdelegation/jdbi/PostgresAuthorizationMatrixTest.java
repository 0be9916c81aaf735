package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.AuthorizationMatrixContract;

/** The AuthorizationMatrix contract of the use cases against Jdbi on Postgres. */
class PostgresAuthorizationMatrixTest extends AuthorizationMatrixContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
