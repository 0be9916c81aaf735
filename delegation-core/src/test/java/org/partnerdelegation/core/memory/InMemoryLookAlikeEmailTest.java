package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.LookAlikeEmailContract;

/** Look-alike emails over the in-memory adapters. */
class InMemoryLookAlikeEmailTest extends LookAlikeEmailContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
