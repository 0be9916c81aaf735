package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.IssuedSession;

/**
 * The storage on pgjdbc's multi-host URL, over a real primary and synchronous standby
 * ({@link ReplicatedPostgres}): it lands on the primary whatever the order of the hosts, and
 * after the primary dies and the standby is promoted, the same storage (the same pool) writes on
 * the new primary without a restart. Skipped where PostgreSQL 15's binaries are missing, unless
 * {@code -Dpd.replication.required=true}.
 */
class MultiHostFailoverTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final RecordingNotifier mailbox = new RecordingNotifier();
    private ReplicatedPostgres pg;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startServers() {
        ReplicatedPostgres.assumeAvailable();
        pg = ReplicatedPostgres.start();
    }

    @AfterEach
    void stopServers() throws Exception {
        java.util.Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private AppNode node(String url) {
        AppNode node = new AppNode("node", JdbiStorage.connect(DatabaseConfig.of(url, ReplicatedPostgres.USER, "any")
                .withMaximumPoolSize(4).withConnectionTimeout(Duration.ofSeconds(2))), clock, mailbox, 50);
        toClose.add(node);
        return node;
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void withTheStandbyListedFirstThePoolLandsOnThePrimaryAndItsWritesReachTheStandby() throws SQLException {
        AppNode node = node(pg.jdbcUrlStandbyFirst());

        node.storage.tenantDirectory().register(partner(1));
        node.storage.tenantDirectory().register(customer(1));
        DelegationId added = node.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail()).delegationId();

        assertThat(serverPort(node))
                .as("the port of the server the pool's connections are on").isEqualTo(pg.primaryPort());
        // Synchronous replication: the acknowledged add (and the schema the installer applied under its advisory
        // lock on the primary) was flushed to the standby before the commit returned; the standby replays it a moment
        // later (synchronous_commit=on waits for the flush, not the replay), so the check waits for the replay.
        assertThat(rowsOnStandby(added, Duration.ofSeconds(30))).as("the add, replayed on the standby").isEqualTo(1);
    }

    /** The count of that delegation on the standby once it is 1, or the last count read when the wait ran out. */
    private int rowsOnStandby(DelegationId added, Duration wait) throws SQLException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            int count = 0;
            try (Connection standby = DriverManager.getConnection(pg.standbyUrl(), ReplicatedPostgres.USER, "any");
                 Statement s = standby.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pd_delegation WHERE delegation_id = '" + added.value() + "'")) {
                rs.next();
                count = rs.getInt(1);
            } catch (SQLException e) {
                // Not replayed yet: the database or the table may not be on the standby yet.
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (count == 1 || System.nanoTime() > deadline) {
                return count;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return count;
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void afterThePrimaryDiesAndTheStandbyIsPromotedTheSameStorageWritesOnTheNewPrimary() {
        AppNode node = node(pg.jdbcUrl());
        node.storage.tenantDirectory().register(partner(1));
        for (int c = 1; c <= 3; c++) {
            node.storage.tenantDirectory().register(customer(c));
        }
        DelegationId before = node.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail()).delegationId();
        node.dispatcher.drain();
        node.delegation.acceptInvitation(adminOf(customer(1)), mailbox.latestInvitationToken(before).orElseThrow());
        IssuedSession session = node.delegation.loginToCustomer(adminOf(partner(1)), before);

        pg.killPrimary();

        // The primary is gone and nothing is promoted yet: refused with a code, never a raw exception, and a
        // session check that cannot reach the database says so rather than "no such session".
        assertStorageUnavailable(() -> node.delegation.addCustomerAccount(adminOf(partner(1)), customer(2).administratorEmail()));
        assertStorageUnavailable(() -> node.delegation.validateSession(session.token().reveal()));

        pg.promoteStandby();

        // The same node, the same pool: no restart. HikariCP replaces the dead connections in the background.
        Duration recovery = untilItSucceeds(Duration.ofSeconds(30),
                () -> node.delegation.addCustomerAccount(adminOf(partner(1)), customer(3).administratorEmail()));
        System.out.println("MultiHostFailoverTest: the same pool wrote on the promoted standby " + recovery.toMillis()
                + " ms after the promote returned");
        assertThat(serverPort(node))
                .isEqualTo(pg.standbyPort());
        assertThat(node.delegation.validateSession(session.token().reveal()))
                .as("the session acknowledged before the kill").isPresent();
        assertThat(node.delegation.listAccounts(adminOf(partner(1)), AccountQuery.firstPage()).items())
                .as("the delegation connected before the kill, and the one added after the promote").hasSize(2);
        assertThat(Tables.violations(node.storage.jdbi())).isEmpty();
    }

    /** The port of the server a connection of the node's pool is on. */
    private static int serverPort(AppNode node) {
        return node.storage.jdbi().withHandle(h -> h.createQuery("SELECT inet_server_port()").mapTo(Integer.class).one());
    }

    private static void assertStorageUnavailable(ThrowingCallable call) {
        assertThat(catchThrowable(call)).isInstanceOfSatisfying(DelegationException.class,
                e -> assertThat(e.code()).as(e.toString()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
    }

    /** Calls until it succeeds; every failure meanwhile must be STORAGE_UNAVAILABLE. */
    private static Duration untilItSucceeds(Duration limit, ThrowingCallable call) {
        long started = System.nanoTime();
        while (true) {
            Throwable failure = catchThrowable(call);
            if (failure == null) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            assertThat(failure).isInstanceOfSatisfying(DelegationException.class,
                    e -> assertThat(e.code()).as(e.toString()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to the first success").isLessThan(limit);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
