package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.DelegationScenarioContract;

/** The DelegationScenario contract of the use cases against Jdbi on H2. */
class H2DelegationScenarioTest extends DelegationScenarioContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
