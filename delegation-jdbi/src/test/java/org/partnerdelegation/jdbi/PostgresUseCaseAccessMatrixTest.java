package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.UseCaseAccessMatrixContract;

/** Every use case against every kind of principal, against Jdbi on Postgres. */
class PostgresUseCaseAccessMatrixTest extends UseCaseAccessMatrixContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
