package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.LoginLimitsContract;

/** The limits on logins over the in-memory adapters. */
class InMemoryLoginLimitsTest extends LoginLimitsContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
