package org.partnerdelegation.sessioncache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.jdbi.ReplicatedPostgres;

/**
 * The listener follows a failover: on the multi-host URL, over a PostgreSQL 15 primary and its
 * synchronous standby ({@link ReplicatedPostgres}), the primary is killed and the standby
 * promoted. The cache stops serving when its connection dies, never answers from memory during
 * the outage, subscribes again on the new primary, and from there hears revocations again.
 * Skipped where PostgreSQL 15's binaries are missing, unless {@code -Dpd.replication.required=true}.
 */
class ListenerFailoverTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private final MutableClock clock = MutableClock.startingNow();
    private ReplicatedPostgres pg;
    private final List<CacheNode> nodes = new ArrayList<>();
    private final List<JdbiStorage> storages = new ArrayList<>();

    @BeforeEach
    void startServers() {
        ReplicatedPostgres.assumeAvailable();
        pg = ReplicatedPostgres.start();
    }

    @AfterEach
    void stopServers() throws Exception {
        for (CacheNode node : nodes) {
            node.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private CacheNode node(String name, long seed) {
        JdbiStorage storage = JdbiStorage.connect(DatabaseConfig.of(pg.jdbcUrl(), ReplicatedPostgres.USER, "any")
                .withMaximumPoolSize(2).withConnectionTimeout(Duration.ofSeconds(2)));
        storages.add(storage);
        CaffeineSessionCache cache = CaffeineSessionCache.builder()
                .listenerConnection(pg.jdbcUrl(), ReplicatedPostgres.USER, "any")
                .listenerHeartbeat(Duration.ofMillis(200))
                .listenerReconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
                .build();
        CacheNode node = new CacheNode(name, storage.tenantDirectory(), storage.delegationStore(), storage.sessionIssuer(), clock, seed,
                cache, storage);
        nodes.add(node);
        return node;
    }

    /** Retries a call through the outage: STORAGE_UNAVAILABLE (or an outcome in doubt) until the new primary answers. */
    private static <T> T once(Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (DelegationException e) {
                if (e.code() != ErrorCode.STORAGE_UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void afterAFailoverTheListenerSubscribesOnTheNewPrimaryAndHearsRevocationsThere() throws Exception {
        CacheNode revoker = node("A", 1);
        CacheNode checker = node("B", 2);
        for (CacheNode node : nodes) {
            assertThat(node.cache.await(SessionCacheFigures::serving, WITHIN)).as("%s subscribed", node).isTrue();
        }
        storages.get(0).tenantDirectory().register(partner(1));
        storages.get(0).tenantDirectory().register(customer(1));
        DelegationId id = connect(revoker);
        String token = revoker.facade.loginToCustomer(adminOf(partner(1)), id).token().reveal();
        checker.facade.validateSession(token);
        assertThat(checker.facade.validateSession(token)).isPresent();
        long hitsBefore = checker.hits();
        assertThat(hitsBefore).isEqualTo(1);

        pg.killPrimary();
        assertThat(checker.cache.await(f -> !f.serving(), WITHIN)).as("the listener noticed the primary died").isTrue();
        try {
            checker.facade.validateSession(token);
        } catch (DelegationException e) {
            assertThat(e.code()).as("an outage, never 'no such session'").isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        }
        assertThat(checker.hits()).as("nothing from memory while down").isEqualTo(hitsBefore);

        pg.promoteStandby();
        assertThat(checker.cache.await(f -> f.serving() && f.subscriptions() == 2, WITHIN))
                .as("subscribed again, on the new primary").isTrue();
        assertThat(once(() -> checker.facade.validateSession(token))).isPresent();
        assertThat(checker.facade.validateSession(token)).isPresent();
        assertThat(checker.hits()).as("served from memory again").isEqualTo(hitsBefore + 1);

        long pushed = checker.pushed();
        once(() -> revoker.facade.endSession(token));
        assertThat(checker.cache.await(f -> f.pushed() > pushed, WITHIN)).as("heard from the new primary").isTrue();
        assertThat(checker.facade.validateSession(token)).isEmpty();
    }

    private static DelegationId connect(CacheNode node) {
        InMemoryNotifier notifier = new InMemoryNotifier();
        DelegationId id = node.facade.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail()).delegationId();
        OutboxDispatcher.builder(node.facade).notifier(notifier).build().drain();
        String token = notifier.latestInvitationTokenFor(customer(1).administratorEmail()).map(SecretToken::reveal).orElseThrow();
        node.facade.acceptInvitation(adminOf(customer(1)), token, GrantRules.asRequested());
        return id;
    }
}
