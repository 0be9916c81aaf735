package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AccountViewContract;
import org.partnerdelegation.core.contract.AdapterFixture;

/** The account list without the partner permission, over the in-memory adapters. */
class InMemoryAccountViewTest extends AccountViewContract {
    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
