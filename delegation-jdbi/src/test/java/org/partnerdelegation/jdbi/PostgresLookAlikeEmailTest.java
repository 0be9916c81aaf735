package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.LookAlikeEmailContract;

/** Look-alike emails through the facade, against Jdbi on PostgreSQL. */
class PostgresLookAlikeEmailTest extends LookAlikeEmailContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
