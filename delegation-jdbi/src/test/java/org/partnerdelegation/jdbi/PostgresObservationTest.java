package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.ObservationContract;
import org.partnerdelegation.core.observation.DelegationObserver;

/** The observation contract against Jdbi on PostgreSQL, its statements observed too. */
class PostgresObservationTest extends ObservationContract {

    @Override
    protected AdapterFixture newFixture(DelegationObserver observer) {
        JdbiAdapterFixture fixture = Databases.postgres();
        fixture.storage().observeStatements(observer);
        return fixture;
    }

    @Override
    protected boolean reportsStatements() {
        return true;
    }
}
