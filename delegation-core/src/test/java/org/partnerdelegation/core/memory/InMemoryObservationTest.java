package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.ObservationContract;
import org.partnerdelegation.core.observation.DelegationObserver;

/** The observation contract over the in-memory adapters, which send no statements. */
class InMemoryObservationTest extends ObservationContract {

    @Override
    protected AdapterFixture newFixture(DelegationObserver observer) {
        return new InMemoryAdapterFixture();
    }
}
