package org.partnerdelegation.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.DelegationScenarioContract;

/**
 * The scenarios over a host's pool that hands out connections with auto-commit off: the reads
 * that run outside a unit of work must end what the driver began, and the units of work commit.
 */
class H2ManualCommitPoolScenarioTest extends DelegationScenarioContract {

    @Override
    protected AdapterFixture newFixture() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:manual-commit-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setAutoCommit(false);
        config.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(config);
        JdbiStorage storage = JdbiStorage.using(pool);
        storage.installSchema();
        return new JdbiAdapterFixture(storage, pool::close);
    }
}
