package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.GrantEdgesContract;

/** The edges of a grant (roles that never grow back, ends seen at once, answers told apart by state) over Jdbi on H2. */
class H2GrantEdgesTest extends GrantEdgesContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
