package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.OperationalFiguresContract;
import org.partnerdelegation.core.port.OperationalFigures;

/** The operational figures contract against Jdbi on H2. */
class H2OperationalFiguresTest extends OperationalFiguresContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.h2();
    }

    @Override
    protected OperationalFigures figuresOf(AdapterFixture fixture) {
        return ((JdbiAdapterFixture) fixture).storage().operationalFigures();
    }
}
