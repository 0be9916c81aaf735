package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.RetryContract;

/** Retried calls over the in-memory adapters. */
class InMemoryRetryTest extends RetryContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
