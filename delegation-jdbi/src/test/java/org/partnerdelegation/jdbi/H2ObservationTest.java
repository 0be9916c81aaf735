package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.ObservationContract;
import org.partnerdelegation.core.observation.DelegationObserver;

/** The observation contract against Jdbi on H2, its statements observed too. */
class H2ObservationTest extends ObservationContract {

    @Override
    protected AdapterFixture newFixture(DelegationObserver observer) {
        JdbiAdapterFixture fixture = Databases.h2();
        fixture.storage().observeStatements(observer);
        return fixture;
    }

    @Override
    protected boolean reportsStatements() {
        return true;
    }
}
