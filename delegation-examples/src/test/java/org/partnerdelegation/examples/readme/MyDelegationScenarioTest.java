package org.partnerdelegation.examples.readme;

// tag::contract[]
import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.DelegationScenarioContract;

/** Every scenario of the design, run against your adapters. */
class MyDelegationScenarioTest extends DelegationScenarioContract {

    @Override
    protected AdapterFixture newFixture() {
        return new MyAdapterFixture();
    }
}
// end::contract[]
