package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.TrustModelContract;

/** The trust model through the facade, against Jdbi on H2. */
class H2TrustModelTest extends TrustModelContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
