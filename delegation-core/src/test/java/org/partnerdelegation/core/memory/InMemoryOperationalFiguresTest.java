package org.partnerdelegation.core.memory;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.OperationalFiguresContract;
import org.partnerdelegation.core.port.OperationalFigures;

/** The operational figures contract over the in-memory store and session issuer. */
class InMemoryOperationalFiguresTest extends OperationalFiguresContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }

    @Override
    protected OperationalFigures figuresOf(AdapterFixture fixture) {
        return new InMemoryOperationalFigures((InMemoryDelegationStore) fixture.delegationStore(),
                (InMemorySessionIssuer) fixture.sessionIssuer());
    }
}
