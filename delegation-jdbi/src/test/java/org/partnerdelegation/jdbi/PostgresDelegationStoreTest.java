package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.DelegationStoreContract;

/** The DelegationStore contract against Jdbi on Postgres. */
class PostgresDelegationStoreTest extends DelegationStoreContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }

    /** {@code FOR UPDATE SKIP LOCKED}: a second sweep takes the other delegations at once. */
    @Override
    protected boolean skipsLockedRows() {
        return true;
    }
}
