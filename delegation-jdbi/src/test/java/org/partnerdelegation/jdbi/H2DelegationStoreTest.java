package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.DelegationStoreContract;

/** The DelegationStore contract against Jdbi on H2. */
class H2DelegationStoreTest extends DelegationStoreContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }

    /** {@code FOR UPDATE SKIP LOCKED}: a second sweep takes the other delegations at once. */
    @Override
    protected boolean skipsLockedRows() {
        return true;
    }
}
