package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.DelegationScenarioContract;

/** The delegation scenarios through the general path: the host's own tenant directory beside Jdbi on H2. */
class H2HostDirectoryDelegationScenarioTest extends DelegationScenarioContract {

    @Override
    protected AdapterFixture newFixture() {
        return new HostDirectoryFixture(Databases.h2());
    }
}
