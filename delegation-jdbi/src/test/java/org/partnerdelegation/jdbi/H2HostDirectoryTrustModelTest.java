package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.TrustModelContract;

/** The trust model through the general path: the host's own tenant directory beside Jdbi on H2. */
class H2HostDirectoryTrustModelTest extends TrustModelContract {

    @Override
    protected AdapterFixture newFixture() {
        return new HostDirectoryFixture(Databases.h2());
    }
}
