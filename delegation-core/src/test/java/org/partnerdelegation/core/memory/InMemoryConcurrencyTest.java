package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.ConcurrencyContract;

/** The invariants under concurrent use, over the in-memory adapters. */
class InMemoryConcurrencyTest extends ConcurrencyContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
