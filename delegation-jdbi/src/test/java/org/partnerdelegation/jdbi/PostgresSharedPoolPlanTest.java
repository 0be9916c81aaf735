package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;

/**
 * A host that hands the storage its own pool ({@link JdbiStorage#using}, as the storage guide
 * shows) keeps the plans of its own queries: the library changes no setting of the connections
 * it borrows. The host's query reads a few thousand rows by a column no index serves, on a table
 * with a primary key: a sequential scan, which a connection with sequential scans priced out
 * would replace by a walk of the whole primary key.
 */
class PostgresSharedPoolPlanTest {

    private static final String HOST_QUERY = "SELECT id, customer, note FROM host_orders WHERE note = 'gift' AND id > 10";

    private static String url;
    private static HikariDataSource hostPool;
    private static JdbiStorage storage;

    @BeforeAll
    static void hostPoolSharedWithTheLibrary() throws SQLException {
        url = Databases.newPostgresDatabase();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPassword("postgres");
        // Two connections, both used by the library before the host's query runs on them.
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(2);
        hostPool = new HikariDataSource(config);
        try (Connection c = hostPool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE host_orders (id BIGINT PRIMARY KEY, customer VARCHAR(40) NOT NULL, note VARCHAR(40))");
            s.execute("INSERT INTO host_orders SELECT i, 'customer-' || (i % 100), CASE WHEN i % 3 = 0 THEN 'gift' END"
                    + " FROM generate_series(1, 5000) i");
            s.execute("ANALYZE host_orders");
        }
        storage = JdbiStorage.using(hostPool);
        storage.installSchema();
    }

    @AfterAll
    static void closePool() {
        hostPool.close();
        Databases.dropQuietly(url);
    }

    @Test
    void theHostsOwnQueryKeepsItsSequentialScanOnEveryConnectionTheLibraryUsed() throws SQLException {
        DelegationHarness world = new DelegationHarness(new JdbiAdapterFixture(storage, () -> { }));
        world.register(partner(1));
        for (int i = 0; i < 20; i++) {
            Tenant customer = world.register(new Tenant(TenantId.of("shared-" + i), AccountNumber.of("S-" + i),
                    EmailAddress.of("admin@shared" + i + ".example"), false));
            world.delegation.addCustomerAccount(adminOf(partner(1)), customer.administratorEmail());
        }
        world.dispatcher.drain();

        List<String> plans = new ArrayList<>();
        try (Connection first = hostPool.getConnection(); Connection second = hostPool.getConnection()) {
            plans.add(plan(first, HOST_QUERY));
            plans.add(plan(second, HOST_QUERY));
        }

        assertThat(plans).allSatisfy(plan -> assertThat(plan).contains("Seq Scan on host_orders"));
    }

    /** The control: the setting the library no longer makes would have turned the host's scan into an index walk. */
    @Test
    void aConnectionWithSequentialScansPricedOutWouldChangeTheHostsPlan() throws SQLException {
        try (Connection c = hostPool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            try {
                assertThat(plan(c, HOST_QUERY)).doesNotContain("Seq Scan").contains("host_orders_pkey");
            } finally {
                s.execute("RESET enable_seqscan");
            }
        }
    }

    private static String plan(Connection c, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
