package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.AuthorizationMatrixContract;

/** The AuthorizationMatrix contract of the use cases against Jdbi on H2. */
class H2AuthorizationMatrixTest extends AuthorizationMatrixContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
