package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library's Flyway runs and a host's own Flyway share one schema, each under its own history
 * table: the library's after the host's (a baseline at 0 first), and the host's after the
 * library's, which needs the host's baseline-on-migrate, as docs/guide/storage.md says. A host that
 * runs the library's scripts itself with its own Flyway, under {@code pd_flyway_history}, leaves
 * the storage nothing to do.
 */
class SchemaCoexistenceTest {

    private Connection keeper;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theLibraryInstallsBesideTheHostsTablesAndFlywayHistory(String database) {
        DatabaseConfig config = fresh(database);
        try {
            assertThat(hostFlyway(config, false).migrate().migrationsExecuted).isEqualTo(1);

            try (JdbiStorage storage = JdbiStorage.connect(config)) {
                assertThat(Tables.flywayHistory(storage.jdbi())).as("baselined at 0 beside the host's tables, then every version")
                        .containsExactly("0:BASELINE", "1:SQL", "2:SQL", "3:SQL", "4:SQL", "5:SQL", "6:SQL", "7:SQL", "8:SQL", "9:SQL", "10:SQL", "11:SQL");
                storage.validateSchema();
            }
            assertThat(hostFlyway(config, false).info().applied()).as("the host's history keeps its own version alone")
                    .extracting(info -> info.getVersion().getVersion()).containsExactly("1");
            assertThat(hostFlyway(config, false).migrate().migrationsExecuted).isZero();
        } finally {
            drop(database, config);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aHostsFlywayStartingAfterTheLibraryOnAFreshSchemaNeedsBaselineOnMigrate(String database) {
        DatabaseConfig config = fresh(database);
        try {
            JdbiStorage.connect(config).close();

            FlywayException refused = catchThrowableOfType(FlywayException.class, () -> hostFlyway(config, false).migrate());
            assertThat(refused).as("Flyway's refusal of a non-empty schema without its history").isNotNull();
            assertThat(refused).hasMessageContaining("baseline");

            assertThat(hostFlyway(config, true).migrate().migrationsExecuted).isEqualTo(1);
            Jdbi jdbi = Jdbi.create(config.jdbcUrl(), config.user(), config.password());
            assertThat(Tables.count(jdbi, "SELECT COUNT(*) FROM host_orders")).isZero();
            assertThat(Tables.flywayHistory(jdbi)).hasSize(SchemaInstaller.MIGRATIONS.size());
        } finally {
            drop(database, config);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void scriptsAHostRanWithItsOwnFlywayUnderTheLibrarysHistoryValidateAndLeaveNothingToInstall(String database) {
        DatabaseConfig config = fresh(database);
        try {
            Dialect dialect = database.equals("h2") ? Dialect.H2 : Dialect.POSTGRESQL;
            Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                    .locations("classpath:" + dialect.migrationLocation()).table(SchemaInstaller.HISTORY_TABLE).load().migrate();

            try (JdbiStorage storage = JdbiStorage.connect(config.withInstallSchema(false))) {
                storage.validateSchema();
                assertThat(storage.installSchema()).isEmpty();
            }
        } finally {
            drop(database, config);
        }
    }

    /** The host's own Flyway: its own migrations, its default history table. */
    private static Flyway hostFlyway(DatabaseConfig config, boolean baselineOnMigrate) {
        return Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/host-app").baselineOnMigrate(baselineOnMigrate).baselineVersion("0").load();
    }

    private DatabaseConfig fresh(String database) {
        if (database.equals("postgresql")) {
            return Databases.postgresConfig(Databases.newPostgresDatabase());
        }
        DatabaseConfig config = DatabaseConfig.of("jdbc:h2:mem:coexist-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        // A closed storage closes the in-memory database it opened: this connection keeps it for the host's Flyway.
        try {
            keeper = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return config;
    }

    private void drop(String database, DatabaseConfig config) {
        if (database.equals("postgresql")) {
            Databases.dropQuietly(config.jdbcUrl());
            return;
        }
        try {
            keeper.close();
        } catch (SQLException ignored) {
            // the database goes with the JVM
        }
    }

}
