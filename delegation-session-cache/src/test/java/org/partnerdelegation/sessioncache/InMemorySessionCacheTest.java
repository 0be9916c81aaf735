package org.partnerdelegation.sessioncache;

import java.util.List;
import java.util.Map;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.memory.InMemoryAdapterFixture;

/** The contract on the in-memory adapters: one node, hearing its own revocations in process. */
class InMemorySessionCacheTest extends SessionCacheContract {

    @Override
    protected Cluster cluster(MutableClock clock) {
        InMemoryAdapterFixture adapters = new InMemoryAdapterFixture();
        CacheNode node = new CacheNode("in-memory", adapters.tenantDirectory(), adapters.delegationStore(), adapters.sessionIssuer(),
                clock, 1, CaffeineSessionCache.builder().build(), adapters);
        return new InProcessCluster(node, adapters::register);
    }

    /** One node whose revocations are heard in process only. */
    record InProcessCluster(CacheNode node, java.util.function.UnaryOperator<Tenant> registry) implements Cluster {
        @Override
        public CacheNode revoker() {
            return node;
        }

        @Override
        public List<CacheNode> checkers() {
            return List.of(node);
        }

        @Override
        public Tenant register(Tenant tenant) {
            return registry.apply(tenant);
        }

        @Override
        public void awaitHeard(Map<CacheNode, Long> pushedBefore) {
            // Heard in process, before the use case returned.
        }

        @Override
        public void close() throws Exception {
            node.close();
        }
    }
}
