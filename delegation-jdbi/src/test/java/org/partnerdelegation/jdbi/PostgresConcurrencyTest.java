package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.ConcurrencyContract;

/** The Concurrency contract of the use cases against Jdbi on Postgres. */
class PostgresConcurrencyTest extends ConcurrencyContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
