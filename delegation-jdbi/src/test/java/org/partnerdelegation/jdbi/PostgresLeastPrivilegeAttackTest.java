package org.partnerdelegation.jdbi;

import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.LeastPrivilegeAttackContract;

/** An attacker's review of least privilege and time limits, against Jdbi on Postgres. */
class PostgresLeastPrivilegeAttackTest extends LeastPrivilegeAttackContract {

    @Override
    protected AdapterFixture newFixture() {
        return Databases.postgres();
    }
}
