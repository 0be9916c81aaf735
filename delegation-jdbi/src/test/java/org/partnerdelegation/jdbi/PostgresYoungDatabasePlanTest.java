package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;

/**
 * A deployment that starts from empty tables reaches them through its indexes from the first row
 * on, with no planner setting on its connections. PostgreSQL caches the generic plan of a prepared
 * statement, made from whatever statistics the tables have then (none on a young database, or
 * what autovacuum's first ANALYZE gathered from a few dozen rows), and keeps it while the tables
 * grow: a plan that scans a table sequentially then costs more with every row added. So each
 * statement of the library is written in a shape whose every plan starts from an index, and this
 * checks it on the library's own connections, the server's settings (autovacuum included) left as
 * they are: on empty tables that were never analyzed, and again after 4,000 customers added one by
 * one through the facade, the generic plan and a plan for representative values.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresYoungDatabasePlanTest {

    private static final int CUSTOMERS = 4_000;
    private static final int PARTNERS = 40;

    private static String url;
    private static JdbiStorage storage;
    private static DelegationHarness world;

    @BeforeAll
    static void youngDatabase() {
        url = Databases.newPostgresDatabase();
        storage = JdbiStorage.connect(Databases.postgresConfig(url));
        world = new DelegationHarness(new JdbiAdapterFixture(storage, () -> { }));
    }

    @AfterAll
    static void dropDatabase() {
        storage.close();
        Databases.dropQuietly(url);
    }

    @Test
    @Order(1)
    void everyStatementReadsItsTablesThroughAnIndexOnEmptyTablesNeverAnalyzed() {
        int analyzed = storage.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pg_stat_user_tables"
                + " WHERE relname LIKE 'pd\\_%' AND (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL)")
                .mapTo(Integer.class).one());

        assertThat(analyzed).as("tables analyzed already").isZero();

        assertThat(tablesReadWithoutAnIndex()).isEmpty();
    }

    @Test
    @Order(2)
    void everyStatementStillReadsItsTablesThroughAnIndexAfter4000CustomersAddedOneByOne() {
        // Partners of 100 customers each, as a product has them: a partner's rows are a few hundredths of the table, so
        // an index is the cheapest read of them once autovacuum has analyzed the tables (which it may do mid-test).
        for (int p = 1; p <= PARTNERS; p++) {
            world.register(partner(p));
        }
        for (int i = 0; i < CUSTOMERS; i++) {
            world.register(new Tenant(TenantId.of("young-" + i), AccountNumber.of("Y-" + i),
                    EmailAddress.of("admin@young" + i + ".example"), false));
        }
        for (int i = 0; i < CUSTOMERS; i++) {
            world.delegation.addCustomerAccount(adminOf(partner(1 + i % PARTNERS)), EmailAddress.of("admin@young" + i + ".example"));
        }

        int added = storage.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pd_delegation").mapTo(Integer.class).one());
        assertThat(added).isEqualTo(CUSTOMERS);
        assertThat(tablesReadWithoutAnIndex()).as("with whatever statistics autovacuum has made by now").isEmpty();
        // And with the statistics autovacuum makes sooner or later, whether or not it has run yet. A table analyzed while
        // empty or nearly (no settings, epochs or invitations here) is read whole, its cheapest read, and planned again
        // once it grows: only the tables of thousands of rows must be read through an index.
        storage.jdbi().useHandle(h -> h.execute("ANALYZE"));
        List<String> large = storage.jdbi().withHandle(h -> h.createQuery("SELECT relname FROM pg_class WHERE relkind = 'r'"
                + " AND relname LIKE 'pd\\_%' AND reltuples >= 1000").mapTo(String.class).list());
        assertThat(large).contains("pd_delegation", "pd_tenant", "pd_audit_event", "pd_outbox");
        assertThat(tablesReadWithoutAnIndex().entrySet().stream()
                .filter(plan -> LibraryStatements.tablesReadWithoutAnIndex(plan.getValue()).stream()
                        .anyMatch(scan -> large.stream().anyMatch(table -> scan.matches(".* on " + table + "( .*)?"))))
                .map(Map.Entry::getKey).toList())
                .as("once analyzed, the statements reading a table of thousands of rows without an index").isEmpty();
    }

    @Test
    @Order(3)
    void theLibrarysConnectionsCarryNoPlannerSetting() {
        List<String> changed = storage.jdbi().withHandle(h -> h.createQuery("SELECT name FROM pg_settings"
                + " WHERE name LIKE 'enable\\_%' AND setting <> boot_val").mapTo(String.class).list());

        assertThat(changed).isEmpty();
    }

    /**
     * Each statement whose generic plan, or whose plan for representative values, reads a table of
     * ours without an index: the offending scans and the whole plan, by statement.
     */
    private static Map<String, String> tablesReadWithoutAnIndex() {
        Map<String, String> found = new LinkedHashMap<>();
        storage.jdbi().useHandle(h -> {
            Map<String, String> literals = representativeValues(h);
            LibraryStatements.all().forEach((name, sql) -> {
                String generic = LibraryStatements.genericPlan(h, sql);
                if (!LibraryStatements.tablesReadWithoutAnIndex(generic).isEmpty()) {
                    found.put(name + " (generic plan)", generic);
                }
                String custom = LibraryStatements.customPlan(h, sql, type -> literals.getOrDefault(type, "NULL"));
                if (!LibraryStatements.tablesReadWithoutAnIndex(custom).isEmpty()) {
                    found.put(name + " (representative values)", custom);
                }
            });
        });
        return found;
    }

    /**
     * A value of each parameter type, as the partner of this test would pass it: its own tenant id
     * for a text, the first delegation's id (or any id, on empty tables) for a UUID, an invitation's
     * token hash for a fixed-length text, the current instant, a page's size.
     */
    private static Map<String, String> representativeValues(org.jdbi.v3.core.Handle h) {
        String delegation = h.createQuery("SELECT COALESCE(MIN(delegation_id::text), '00000000-0000-0000-0000-000000000001')"
                + " FROM pd_delegation").mapTo(String.class).one();
        String token = h.createQuery("SELECT COALESCE(MIN(token_hash), repeat('a', 64)) FROM pd_invitation").mapTo(String.class).one();
        String partner = partner(1).id().value();
        return Map.of("character varying", "'" + partner + "'", "text", "'" + partner + "'", "uuid", "'" + delegation + "'::uuid",
                "character", "'" + token + "'", "timestamp with time zone", "CURRENT_TIMESTAMP", "bigint", "50", "integer", "50",
                "boolean", "TRUE");
    }
}
