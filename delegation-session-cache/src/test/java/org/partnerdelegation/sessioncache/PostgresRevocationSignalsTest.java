package org.partnerdelegation.sessioncache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.jdbi.Databases;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * What the triggers of schema V11 send, read by a LISTEN of the test's own: ids only, nothing on
 * the hot paths (a login, a check), and a signal for a host's own SQL as for the library's.
 * Notifications of one channel arrive in commit order, so a marker the test sends last closes
 * the list of what came before it.
 */
class PostgresRevocationSignalsTest {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);

    private final MutableClock clock = MutableClock.startingNow();
    private PostgresSessionCacheTest.PostgresCluster cluster;
    private CacheNode node;
    private Connection listening;

    @BeforeEach
    void start() throws Exception {
        cluster = PostgresSessionCacheTest.PostgresCluster.start(Databases.newPostgresDatabase(), 1, clock);
        node = cluster.nodes.get(0);
        cluster.register(PARTNER);
        cluster.register(CUSTOMER);
        listening = DriverManager.getConnection(cluster.url, "postgres", "postgres");
        try (Statement s = listening.createStatement()) {
            s.execute("LISTEN " + PostgresRevocationListener.CHANNEL);
        }
    }

    @AfterEach
    void stop() throws Exception {
        listening.close();
        cluster.close();
    }

    private DelegationId connect() {
        InMemoryNotifier notifier = new InMemoryNotifier();
        DelegationId id = node.facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId();
        OutboxDispatcher.builder(node.facade).notifier(notifier).build().drain();
        String token = notifier.latestInvitationTokenFor(CUSTOMER.administratorEmail()).map(SecretToken::reveal).orElseThrow();
        node.facade.acceptInvitation(adminOf(CUSTOMER), token, GrantRules.asRequested());
        return id;
    }

    /** Every payload signalled since the last call, up to a marker sent now. */
    private List<String> signalled() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.url, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("NOTIFY " + PostgresRevocationListener.CHANNEL + ", 'marker'");
        }
        List<String> payloads = new ArrayList<>();
        PGConnection pg = listening.unwrap(PGConnection.class);
        long deadline = System.nanoTime() + PostgresSessionCacheTest.HEARD_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            PGNotification[] batch = pg.getNotifications(200);
            for (PGNotification n : batch == null ? new PGNotification[0] : batch) {
                if (n.getParameter().equals("marker")) {
                    return payloads;
                }
                payloads.add(n.getParameter());
            }
        }
        throw new AssertionError("the marker never came; so far: " + payloads);
    }

    @Test
    void anInvitationItsAcceptanceALoginAndChecksSignalNothing() throws SQLException {
        DelegationId id = connect();
        IssuedSession issued = node.facade.loginToCustomer(adminOf(PARTNER), id);
        node.facade.validateSession(issued.token().reveal());
        node.facade.validateSession(issued.token().reveal());

        assertThat(signalled()).isEmpty();
    }

    @Test
    void aLogoutSignalsTheSessionsIdAndNeverItsTokenNorItsHash() throws SQLException {
        IssuedSession issued = node.facade.loginToCustomer(adminOf(PARTNER), connect());
        signalled();

        node.facade.endSession(issued.token().reveal());

        List<String> payloads = signalled();
        assertThat(payloads).containsExactly("s:" + issued.session().id().value());
        assertThat(String.join(" ", payloads)).doesNotContain(issued.token().reveal()).doesNotContain(issued.token().hash().hex());
    }

    @Test
    void aDeletionSignalsTheDelegationAndItsSessions() throws SQLException {
        DelegationId id = connect();
        IssuedSession issued = node.facade.loginToCustomer(adminOf(PARTNER), id);
        signalled();

        node.facade.deleteAccount(adminOf(PARTNER), id);

        assertThat(signalled()).containsExactlyInAnyOrder("d:" + id.value(), "s:" + issued.session().id().value());
    }

    @Test
    void aPermissionRevokedSignalsThePartner() throws SQLException {
        node.facade.loginToCustomer(adminOf(PARTNER), connect());
        signalled();

        node.facade.revokePartnerPermission(org.partnerdelegation.core.contract.TenantFixtures.operator(), PARTNER.id());

        assertThat(signalled()).contains("p:" + PARTNER.id().value());
    }

    @Test
    void aHostsOwnStatementIsSignalledAsTheLibrarysAre() throws SQLException {
        IssuedSession issued = node.facade.loginToCustomer(adminOf(PARTNER), connect());
        signalled();

        try (Connection c = DriverManager.getConnection(cluster.url, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE pd_session SET revoked_at = now()");
        }

        assertThat(signalled()).containsExactly("s:" + issued.session().id().value());
    }

    @Test
    void aChangeRolledBackSignalsNothing() throws SQLException {
        node.facade.loginToCustomer(adminOf(PARTNER), connect());
        signalled();

        try (Connection c = DriverManager.getConnection(cluster.url, "postgres", "postgres"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("UPDATE pd_session SET revoked_at = now()");
            s.executeUpdate("DELETE FROM pd_delegation WHERE status = 'CONNECTED' AND false");
            c.rollback();
        }

        assertThat(signalled()).isEmpty();
    }
}
