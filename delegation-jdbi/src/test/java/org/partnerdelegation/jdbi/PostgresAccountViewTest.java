package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AccountViewContract;
import org.partnerdelegation.core.contract.AdapterFixture;

/** The account list without the partner permission, against Jdbi on Postgres. */
class PostgresAccountViewTest extends AccountViewContract {
    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
