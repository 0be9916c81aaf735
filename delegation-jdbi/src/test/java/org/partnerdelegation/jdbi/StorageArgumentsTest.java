package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

/**
 * What the storage's factories refuse before they open anything: an H2 database name or
 * directory that H2 would read as settings of its URL ({@code ;INIT=RUNSCRIPT FROM ...} runs a
 * script, {@code ;ACCESS_MODE_DATA=...} changes the database), and a data source of a database the
 * library does not support. Each refusal is a {@link DelegationException} with a stable code.
 */
class StorageArgumentsTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"db;INIT=RUNSCRIPT FROM 'evil.sql'", "db;ACCESS_MODE_DATA=r", "db=1", "a b", "", "../other",
            "db\u0000", "line\nbreak", "tab\there", "dé", "db:x", "db/x",
            "x12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901"})
    void anInMemoryNameH2CouldReadAsSettingsIsRefused(String name) {
        DelegationException refused = catchThrowableOfType(DelegationException.class, () -> JdbiStorage.inMemory(name).close());

        assertThat(refused).as("JdbiStorage.inMemory(\"%s\")", name).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refused).hasMessageStartingWith("name ");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"contract-1", "a.b_c-9", "UPPER.lower", "x"})
    void anInMemoryNameOfLettersDigitsDashesUnderscoresAndDotsIsAccepted(String name) {
        try (JdbiStorage storage = JdbiStorage.inMemory(name + "-" + System.nanoTime())) {
            assertThat(storage.dialect()).isEqualTo(Dialect.H2);
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"db;INIT=RUNSCRIPT FROM 'evil.sql'", "db;ACCESS_MODE_DATA=r", "bell\u0007", "line\nbreak", "del\u007F"})
    void anEmbeddedDirectoryWithASemicolonOrAControlCharacterIsRefused(String child) throws Exception {
        Path hostile = directory.resolve(child);

        DelegationException refused = catchThrowableOfType(DelegationException.class, () -> JdbiStorage.embedded(hostile).close());

        assertThat(refused).as("JdbiStorage.embedded(%s)", hostile).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refused).hasMessageStartingWith("directory ");
        try (Stream<Path> created = Files.list(directory)) {
            assertThat(created).as("nothing was created").isEmpty();
        }
    }

    @Test
    void anEmbeddedDirectoryOfOrdinaryCharactersIsAccepted() {
        try (JdbiStorage storage = JdbiStorage.embedded(directory.resolve("data dir-1.d"))) {
            assertThat(storage.dialect()).isEqualTo(Dialect.H2);
        }
        assertThat(directory.resolve("data dir-1.d").resolve("partner-delegation.mv.db")).exists();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MySQL", "Oracle", "Microsoft SQL Server", "HSQL Database Engine"})
    void aDataSourceOfAnUnsupportedDatabaseIsRefusedWithItsName(String product) {
        DelegationException refused = catchThrowableOfType(DelegationException.class, () -> JdbiStorage.using(dataSourceOf(product)));

        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.UNSUPPORTED_DATABASE);
        assertThat(refused).hasMessageContaining(product).hasMessageContaining("H2").hasMessageContaining("PostgreSQL");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aPoolHandingOutConnectionsWithAutoCommitOffIsRefused(String database) {
        String url = database.equals("h2") ? "jdbc:h2:mem:manual-commit-" + java.util.UUID.randomUUID() : Databases.newPostgresDatabase();
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(database.equals("h2") ? "sa" : "postgres");
        config.setAutoCommit(false);
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
            DelegationException refused = catchThrowableOfType(DelegationException.class, () -> JdbiStorage.using(pool));

            assertThat(refused).isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(refused).hasMessageStartingWith("dataSource ").hasMessageContaining("auto-commit");
        } finally {
            if (database.equals("postgresql")) {
                Databases.dropQuietly(url);
            }
        }
    }

    @Test
    void anUnknownProductNameIsRefusedTheSameWay() {
        DelegationException refused = catchThrowableOfType(DelegationException.class, () -> Dialect.ofProductName(null));

        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.UNSUPPORTED_DATABASE);
        assertThat(Dialect.ofProductName("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.ofProductName("H2")).isEqualTo(Dialect.H2);
    }

    /** A data source whose connections report {@code product} as their database, and do nothing else. */
    private static DataSource dataSourceOf(String product) {
        DatabaseMetaData metaData = proxy(DatabaseMetaData.class, (method, args) ->
                method.equals("getDatabaseProductName") ? product : null);
        Connection connection = proxy(Connection.class, (method, args) -> switch (method) {
            case "getMetaData" -> metaData;
            case "isClosed" -> false;
            default -> null;
        });
        return proxy(DataSource.class, (method, args) -> method.equals("getConnection") ? connection : null);
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(StorageArgumentsTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args)));
    }
}
