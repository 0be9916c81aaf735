package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.StepUpContract;

/** Step-up before a delegated login, through the facade, against Jdbi on H2. */
class H2StepUpTest extends StepUpContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
