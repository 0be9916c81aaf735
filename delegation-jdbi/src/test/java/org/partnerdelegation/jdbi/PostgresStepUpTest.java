package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.StepUpContract;

/** Step-up before a delegated login, through the facade, against Jdbi on Postgres. */
class PostgresStepUpTest extends StepUpContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
