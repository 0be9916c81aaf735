package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.ErrorCodeContract;

/** The ErrorCode contract of the use cases against Jdbi on Postgres. */
class PostgresErrorCodeTest extends ErrorCodeContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
