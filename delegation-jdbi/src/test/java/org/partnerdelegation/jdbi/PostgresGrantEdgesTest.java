package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.GrantEdgesContract;

/** The edges of a grant (roles that never grow back, ends seen at once, answers told apart by state) over Jdbi on PostgreSQL. */
class PostgresGrantEdgesTest extends GrantEdgesContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
