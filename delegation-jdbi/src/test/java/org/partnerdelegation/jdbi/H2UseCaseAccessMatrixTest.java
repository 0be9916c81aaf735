package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.UseCaseAccessMatrixContract;

/** Every use case against every kind of principal, against Jdbi on H2. */
class H2UseCaseAccessMatrixTest extends UseCaseAccessMatrixContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
