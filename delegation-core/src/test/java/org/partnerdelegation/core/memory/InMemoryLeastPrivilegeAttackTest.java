package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.LeastPrivilegeAttackContract;

/** An attacker's review of least privilege and time limits, over the in-memory adapters. */
class InMemoryLeastPrivilegeAttackTest extends LeastPrivilegeAttackContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
