package org.partnerdelegation.sessioncache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.jdbi.Databases;
import org.partnerdelegation.jdbi.JdbiStorage;

/**
 * The contract on a real PostgreSQL, across three nodes in this JVM, each with its own pool and
 * its own cache listening to the database: a revocation on the first is refused on the other two
 * once their listeners heard its notification.
 */
class PostgresSessionCacheTest extends SessionCacheContract {

    /** Far longer than a notification takes on loopback; a wait, never a sleep. */
    static final Duration HEARD_WITHIN = Duration.ofSeconds(20);

    @Override
    protected Cluster cluster(MutableClock clock) throws Exception {
        return PostgresCluster.start(Databases.newPostgresDatabase(), 3, clock);
    }

    /** Nodes over one PostgreSQL database, each with its own pool and listener. */
    static final class PostgresCluster implements Cluster {
        final String url;
        final List<CacheNode> nodes;
        final JdbiStorage first;

        private PostgresCluster(String url, List<CacheNode> nodes, JdbiStorage first) {
            this.url = url;
            this.nodes = nodes;
            this.first = first;
        }

        static PostgresCluster start(String url, int size, MutableClock clock) throws InterruptedException {
            return start(url, size, clock, Duration.ofMillis(50));
        }

        /** The nodes, their listeners waiting {@code reconnectAfter} before their first attempt to reconnect. */
        static PostgresCluster start(String url, int size, MutableClock clock, Duration reconnectAfter) throws InterruptedException {
            List<CacheNode> nodes = new ArrayList<>();
            JdbiStorage first = null;
            for (int i = 0; i < size; i++) {
                JdbiStorage storage = JdbiStorage.connect(Databases.postgresConfig(url).withMaximumPoolSize(2));
                first = first == null ? storage : first;
                CaffeineSessionCache cache = CaffeineSessionCache.builder()
                        .listenerConnection(url, "postgres", "postgres")
                        .listenerHeartbeat(Duration.ofMillis(200))
                        .listenerReconnect(reconnectAfter, reconnectAfter.multipliedBy(10))
                        .build();
                nodes.add(new CacheNode("node-" + (char) ('A' + i), storage.tenantDirectory(), storage.delegationStore(),
                        storage.sessionIssuer(), clock, 100 + i, cache, storage));
            }
            for (CacheNode node : nodes) {
                assertThat(node.cache.await(SessionCacheFigures::serving, HEARD_WITHIN)).as("%s subscribed", node).isTrue();
            }
            return new PostgresCluster(url, nodes, first);
        }

        @Override
        public CacheNode revoker() {
            return nodes.get(0);
        }

        @Override
        public List<CacheNode> checkers() {
            return nodes.subList(1, nodes.size());
        }

        @Override
        public Tenant register(Tenant tenant) {
            return first.tenantDirectory().register(tenant);
        }

        @Override
        public void awaitHeard(Map<CacheNode, Long> pushedBefore) throws InterruptedException {
            for (Map.Entry<CacheNode, Long> e : pushedBefore.entrySet()) {
                long before = e.getValue();
                assertThat(e.getKey().cache.await(f -> f.pushed() > before, HEARD_WITHIN))
                        .as("%s heard the revocation", e.getKey()).isTrue();
            }
        }

        @Override
        public void close() throws Exception {
            for (CacheNode node : nodes) {
                node.close();
            }
            Databases.dropQuietly(url);
        }
    }
}
