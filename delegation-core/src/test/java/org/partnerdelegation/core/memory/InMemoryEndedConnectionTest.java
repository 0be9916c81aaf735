package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.EndedConnectionContract;

/** A delegation whose access ended, answering every use case as once the job recorded it, over the in-memory adapters. */
class InMemoryEndedConnectionTest extends EndedConnectionContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
