package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.LoginNoticeContract;

/** The customer's login notices and digests through the facade, against Jdbi on H2. */
class H2LoginNoticeTest extends LoginNoticeContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
