package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.EndedConnectionContract;

/** A delegation whose access ended, answering every use case as once the job recorded it, over Jdbi on H2. */
class H2EndedConnectionTest extends EndedConnectionContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
