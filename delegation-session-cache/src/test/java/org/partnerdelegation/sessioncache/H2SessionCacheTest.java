package org.partnerdelegation.sessioncache;

import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.jdbi.Databases;
import org.partnerdelegation.jdbi.JdbiAdapterFixture;

/** The contract on Jdbi over H2: one node, hearing its own revocations in process (H2 has no NOTIFY). */
class H2SessionCacheTest extends SessionCacheContract {

    @Override
    protected Cluster cluster(MutableClock clock) {
        JdbiAdapterFixture adapters = Databases.h2();
        CacheNode node = new CacheNode("h2", adapters.tenantDirectory(), adapters.delegationStore(), adapters.sessionIssuer(),
                clock, 1, CaffeineSessionCache.builder().build(), adapters);
        return new InMemorySessionCacheTest.InProcessCluster(node, adapters::register);
    }
}
