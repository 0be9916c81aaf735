package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.SessionIssuerContract;

/** The SessionIssuer contract against Jdbi on H2. */
class H2SessionIssuerTest extends SessionIssuerContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }
}
