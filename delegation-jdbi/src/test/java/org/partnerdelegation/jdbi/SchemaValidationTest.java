package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

/**
 * {@link JdbiStorage#validateSchema()} passes on a schema the library installed, and otherwise
 * fails with {@code STORAGE_UNAVAILABLE}, saying which versions are missing or differ and what to
 * run; an install that Flyway refuses fails the same way, Flyway's exception kept as the cause. A
 * schema whose tables another tool installed without either history is left alone.
 */
class SchemaValidationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void missingVersionsAreNamedWithWhatToRun(String database) {
        boolean h2 = database.equals("h2");
        DatabaseConfig config = h2 ? h2Config() : Databases.postgresConfig(Databases.newPostgresDatabase());
        try (JdbiStorage storage = JdbiStorage.connect(config)) {
            storage.validateSchema();
            storage.jdbi().useHandle(h -> h.execute("DELETE FROM \"pd_flyway_history\" WHERE \"version\" IN ('8', '9')"));

            DelegationException invalid = catchThrowableOfType(DelegationException.class, storage::validateSchema);

            assertThat(invalid).isNotNull();
            assertThat(invalid.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            assertThat(invalid).hasMessageContaining("V8, V9 missing").hasMessageContaining("JdbiStorage.installSchema()")
                    .hasMessageContaining("classpath:db/partner-delegation/" + (h2 ? "h2" : "postgresql"));
        } finally {
            if (!h2) {
                Databases.dropQuietly(config.jdbcUrl());
            }
        }
    }

    @Test
    void aVersionAppliedFromAnotherScriptIsNamedAndInstallRefusesIt() {
        try (JdbiStorage storage = JdbiStorage.connect(h2Config())) {
            storage.jdbi().useHandle(h -> h.execute("UPDATE \"pd_flyway_history\" SET \"checksum\" = 7 WHERE \"version\" = '3'"));

            DelegationException invalid = catchThrowableOfType(DelegationException.class, storage::validateSchema);
            assertThat(invalid).isNotNull();
            assertThat(invalid.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            assertThat(invalid).hasMessageContaining("V3 different from the script this library ships")
                    .hasMessageContaining("restore the database");

            DelegationException refused = catchThrowableOfType(DelegationException.class, storage::installSchema);
            assertThat(refused).isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            assertThat(refused).hasMessageStartingWith("Installing the delegation schema failed: ").hasMessageContaining("checksum");
            assertThat(refused).hasCauseInstanceOf(FlywayException.class);
        }
    }

    @Test
    void aSchemaNeverInstalledSaysToInstallIt() {
        try (JdbiStorage storage = JdbiStorage.connect(h2Config().withInstallSchema(false))) {
            DelegationException invalid = catchThrowableOfType(DelegationException.class, storage::validateSchema);

            assertThat(invalid).isNotNull();
            assertThat(invalid.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            assertThat(invalid).hasMessageContaining("not installed").hasMessageContaining("JdbiStorage.installSchema()");
            assertThat(Tables.count(storage.jdbi(), "SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE LOWER(table_name) LIKE 'pd\\_%' ESCAPE '\\'")).as("validating created nothing").isZero();
        }
    }

    @Test
    void aDatabaseOfTheFormerRunnerNotYetTakenOverSaysToInstallOnce() {
        try (JdbiStorage storage = JdbiStorage.connect(OldDatabases.h2().withInstallSchema(false))) {
            DelegationException invalid = catchThrowableOfType(DelegationException.class, storage::validateSchema);

            assertThat(invalid).isNotNull();
            assertThat(invalid.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            assertThat(invalid).hasMessageContaining("former runner (pd_schema_history)")
                    .hasMessageContaining("run JdbiStorage.installSchema() once");
        }
    }

    @Test
    void tablesAnotherToolInstalledWithoutEitherHistoryAreLeftAlone() {
        DatabaseConfig config = h2Config();
        Jdbi jdbi = Jdbi.create(config.jdbcUrl(), config.user(), config.password());
        try (var keeper = jdbi.open()) {
            for (String script : SchemaInstaller.migrationResources(Dialect.H2)) {
                keeper.createScript(resource(script)).execute();
            }

            try (JdbiStorage storage = JdbiStorage.connect(config)) {
                assertThat(storage.installSchema()).isEmpty();
                assertThat(Tables.count(storage.jdbi(), "SELECT COUNT(*) FROM information_schema.tables"
                        + " WHERE LOWER(table_name) IN ('pd_flyway_history', 'pd_schema_history')")).as("no history created").isZero();
                DelegationException invalid = catchThrowableOfType(DelegationException.class, storage::validateSchema);
                assertThat(invalid).isNotNull();
                assertThat(invalid).hasMessageContaining("another tool installed them");
            }
        }
    }

    private static DatabaseConfig h2Config() {
        return DatabaseConfig.of("jdbc:h2:mem:validate-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    private static String resource(String name) {
        try (InputStream in = SchemaValidationTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
