package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.StepUpContract;

/** Step-up before a delegated login, through the facade, against the in-memory adapters. */
class InMemoryStepUpTest extends StepUpContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
