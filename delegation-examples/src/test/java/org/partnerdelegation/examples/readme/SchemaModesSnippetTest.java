package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.jdbi.Databases;
import org.partnerdelegation.jdbi.Dialect;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.jdbi.SchemaInstaller;

/**
 * The guide's schema mode {@code none} (docs/guide/storage.md): a host runs the library's scripts
 * with its own Flyway, under the library's history table, beside its own tables, and the storage
 * then validates the schema at start; before that run it refuses to start.
 */
class SchemaModesSnippetTest {

    // tag::own-flyway[]
    /** Schema mode none: your Flyway runs the library's scripts, in a run of their own, under the library's history table. */
    static void migrateDelegationSchema(DataSource dataSource, Dialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + dialect.migrationLocation())  // db/partner-delegation/postgresql or .../h2
                .table(SchemaInstaller.HISTORY_TABLE)                    // pd_flyway_history
                .baselineOnMigrate(true).baselineVersion("0")            // your own tables may be there already
                .load()
                .migrate();
    }

    /** At start, fail early when a version is missing or differs (the starter's mode validate). */
    static JdbiStorage storageOver(DataSource dataSource) {
        JdbiStorage storage = JdbiStorage.using(dataSource);
        storage.validateSchema();
        return storage;
    }
    // end::own-flyway[]

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theHostsFlywayInstallsTheSchemaAndTheStorageValidatesIt(String database) throws SQLException {
        boolean h2 = database.equals("h2");
        String url = h2 ? "jdbc:h2:mem:own-flyway-" + System.nanoTime() : Databases.newPostgresDatabase();
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(url);
            pool.setUsername(h2 ? "sa" : "postgres");
            pool.setPassword(h2 ? "" : "postgres");
            pool.setMinimumIdle(1);
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE host_orders (order_id INTEGER PRIMARY KEY)");
            }
            DelegationException refused = catchThrowableOfType(DelegationException.class, () -> storageOver(pool));
            assertThat(refused).as("not installed yet").isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);

            migrateDelegationSchema(pool, h2 ? Dialect.H2 : Dialect.POSTGRESQL);

            try (JdbiStorage storage = storageOver(pool)) {
                Tenant tenant = new Tenant(TenantId.of("acme"), AccountNumber.of("P-1001"), EmailAddress.of("admin@acme.example"), true);
                storage.tenantDirectory().register(tenant);
                assertThat(storage.tenantDirectory().findById(tenant.id())).contains(tenant);
                assertThat(storage.installSchema()).as("the library finds nothing left to apply").isEmpty();
            }
        } finally {
            if (!h2) {
                Databases.dropQuietly(url);
            }
        }
    }
}
