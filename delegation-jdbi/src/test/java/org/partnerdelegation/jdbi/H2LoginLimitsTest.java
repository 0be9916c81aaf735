package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.LoginLimitsContract;

/** The limits on logins through the facade, against Jdbi on H2. */
class H2LoginLimitsTest extends LoginLimitsContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
