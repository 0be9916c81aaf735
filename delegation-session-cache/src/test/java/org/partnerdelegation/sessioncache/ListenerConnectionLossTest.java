package org.partnerdelegation.sessioncache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.jdbi.Databases;

/**
 * The cache fails closed when its listener loses the connection: while it is down every check
 * reads PostgreSQL, so a session revoked meanwhile (its notification lost with the connection) is
 * never accepted from memory; once the listener reconnected and subscribed again, checks are
 * served from memory again.
 */
class ListenerConnectionLossTest {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant OTHER_CUSTOMER = customer(2);

    /** Long enough for the checks made while the listener is down to happen before it is back. */
    private static final java.time.Duration RECONNECT_AFTER = java.time.Duration.ofSeconds(3);

    private final MutableClock clock = MutableClock.startingNow();
    private PostgresSessionCacheTest.PostgresCluster cluster;
    private CacheNode revoker;
    private CacheNode checker;

    @BeforeEach
    void start() throws Exception {
        cluster = PostgresSessionCacheTest.PostgresCluster.start(Databases.newPostgresDatabase(), 2, clock,
                RECONNECT_AFTER);
        revoker = cluster.nodes.get(0);
        checker = cluster.nodes.get(1);
        cluster.register(PARTNER);
        cluster.register(CUSTOMER);
        cluster.register(OTHER_CUSTOMER);
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private DelegationId connect(Tenant customer) {
        InMemoryNotifier notifier = new InMemoryNotifier();
        DelegationId id = revoker.facade.addCustomerAccount(adminOf(PARTNER), customer.administratorEmail()).delegationId();
        OutboxDispatcher.builder(revoker.facade).notifier(notifier).build().drain();
        String token = notifier.latestInvitationTokenFor(customer.administratorEmail()).map(SecretToken::reveal).orElseThrow();
        revoker.facade.acceptInvitation(adminOf(customer), token, GrantRules.asRequested());
        return id;
    }

    private void terminateListenerOf(CacheNode node) throws SQLException {
        int pid = node.cache.listenerBackendPid().orElseThrow();
        try (Connection c = DriverManager.getConnection(cluster.url, "postgres", "postgres");
             PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
        }
    }

    @Test
    void aSessionRevokedWhileTheListenerIsDownIsNeverAcceptedFromMemory() throws Exception {
        String revoked = revoker.facade.loginToCustomer(adminOf(PARTNER), connect(CUSTOMER)).token().reveal();
        checker.facade.validateSession(revoked);
        assertThat(checker.facade.validateSession(revoked)).isPresent();
        assertThat(checker.cache.figures().hits()).as("cached before the connection is lost").isEqualTo(1);

        terminateListenerOf(checker);
        assertThat(checker.cache.await(f -> !f.serving(), PostgresSessionCacheTest.HEARD_WITHIN)).as("the loss is noticed").isTrue();
        revoker.facade.endSessionsIntoTenant(adminOf(CUSTOMER));

        // Whether the listener is still down or already back, the check must refuse: from storage, or from a cache
        // emptied when it subscribed again.
        long hits = checker.cache.figures().hits();
        assertThat(checker.facade.validateSession(revoked)).isEmpty();
        assertThat(checker.cache.await(f -> f.serving() && f.subscriptions() == 2, PostgresSessionCacheTest.HEARD_WITHIN))
                .as("subscribed again").isTrue();
        assertThat(checker.facade.validateSession(revoked)).as("after the reconnect too").isEmpty();
        assertThat(checker.cache.figures().hits()).as("never from memory").isEqualTo(hits);
    }

    @Test
    void whileTheListenerIsDownChecksReadStorageAndAfterTheReconnectMemoryAgain() throws Exception {
        String live = revoker.facade.loginToCustomer(adminOf(PARTNER), connect(OTHER_CUSTOMER)).token().reveal();
        checker.facade.validateSession(live);

        terminateListenerOf(checker);
        assertThat(checker.cache.await(f -> !f.serving(), PostgresSessionCacheTest.HEARD_WITHIN)).isTrue();
        long bypassed = checker.cache.figures().bypassed();
        assertThat(checker.facade.validateSession(live)).isPresent();
        assertThat(checker.facade.validateSession(live)).isPresent();
        assertThat(checker.cache.figures().bypassed()).as("read from storage while down").isEqualTo(bypassed + 2);

        assertThat(checker.cache.await(f -> f.serving() && f.subscriptions() == 2, PostgresSessionCacheTest.HEARD_WITHIN)).isTrue();
        checker.facade.validateSession(live);
        long hits = checker.cache.figures().hits();
        assertThat(checker.facade.validateSession(live)).isPresent();
        assertThat(checker.cache.figures().hits()).as("served from memory again").isEqualTo(hits + 1);

        // And it hears revocations again on its new connection.
        long pushed = checker.pushed();
        revoker.facade.disassociatePartner(adminOf(OTHER_CUSTOMER));
        assertThat(checker.cache.await(f -> f.pushed() > pushed, PostgresSessionCacheTest.HEARD_WITHIN)).isTrue();
        assertThat(checker.facade.validateSession(live)).isEmpty();
    }
}
