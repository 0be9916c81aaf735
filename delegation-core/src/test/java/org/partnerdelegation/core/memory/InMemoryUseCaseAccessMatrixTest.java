package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.UseCaseAccessMatrixContract;

/** Every use case against every kind of principal, over the in-memory adapters. */
class InMemoryUseCaseAccessMatrixTest extends UseCaseAccessMatrixContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }
}
