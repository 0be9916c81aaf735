package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.EndingReasonContract;

/** The reasons given for endings, over the in-memory adapters. */
class InMemoryEndingReasonTest extends EndingReasonContract {
    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
