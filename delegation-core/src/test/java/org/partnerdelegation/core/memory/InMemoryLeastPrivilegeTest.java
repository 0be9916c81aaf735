package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.LeastPrivilegeContract;

/** Least privilege and time limits over the in-memory adapters. */
class InMemoryLeastPrivilegeTest extends LeastPrivilegeContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
