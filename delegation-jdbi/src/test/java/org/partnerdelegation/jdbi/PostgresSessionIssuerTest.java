package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.SessionIssuerContract;

/** The SessionIssuer contract against Jdbi on Postgres. */
class PostgresSessionIssuerTest extends SessionIssuerContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
