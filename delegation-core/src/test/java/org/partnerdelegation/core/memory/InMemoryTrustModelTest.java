package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.TrustModelContract;

/** The trust model over the in-memory adapters. */
class InMemoryTrustModelTest extends TrustModelContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
