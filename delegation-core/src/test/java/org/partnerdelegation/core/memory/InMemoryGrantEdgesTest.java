package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.GrantEdgesContract;

/** The edges of a grant (roles that never grow back, ends seen at once, answers told apart by state) over the in-memory adapters. */
class InMemoryGrantEdgesTest extends GrantEdgesContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
