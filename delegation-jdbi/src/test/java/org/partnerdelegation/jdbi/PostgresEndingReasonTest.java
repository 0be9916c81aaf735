package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.EndingReasonContract;

/** The reasons given for endings, against Jdbi on Postgres. */
class PostgresEndingReasonTest extends EndingReasonContract {
    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
