package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.EndingReasonContract;

/** The reasons given for endings, against Jdbi on H2. */
class H2EndingReasonTest extends EndingReasonContract {
    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
