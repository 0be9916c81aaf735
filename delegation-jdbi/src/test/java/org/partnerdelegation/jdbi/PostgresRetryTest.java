package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.RetryContract;

/** Retried calls through the facade, against Jdbi on Postgres. */
class PostgresRetryTest extends RetryContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
