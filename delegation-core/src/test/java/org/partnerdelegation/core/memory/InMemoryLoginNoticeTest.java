package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.LoginNoticeContract;

/** The customer's login notices and digests over the in-memory adapters. */
class InMemoryLoginNoticeTest extends LoginNoticeContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
