package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.AuthorizationMatrixContract;

/** Who may act on a partner's delegations, over the in-memory adapters. */
class InMemoryAuthorizationMatrixTest extends AuthorizationMatrixContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
