package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.LeastPrivilegeContract;

/** Least privilege and time limits through the facade, against Jdbi on H2. */
class H2LeastPrivilegeTest extends LeastPrivilegeContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
