package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.RetryContract;

/** Retried calls through the facade, against Jdbi on H2. */
class H2RetryTest extends RetryContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
