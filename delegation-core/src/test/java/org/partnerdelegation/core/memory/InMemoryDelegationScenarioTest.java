package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.DelegationScenarioContract;

/** The scenarios of DESIGN.md "What it does" over the in-memory adapters. */
class InMemoryDelegationScenarioTest extends DelegationScenarioContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryScenarioFixture();
    }
}
