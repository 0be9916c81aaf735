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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

/**
 * What the storage's factories refuse before they open anything: an H2 database name or
 * directory that H2 would read as settings of its URL ({@code ;INIT=RUNSCRIPT FROM ...} runs a
 * script, {@code ;ACCESS_MODE_DATA=...} changes the database), a URL or a data source of a database
 * the library does not support. Each refusal is a {@link DelegationException} with a stable code.
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
    @CsvSource(delimiter = '|', value = {
        "jdbc:mysql://db.example:3306/app?user=app&password=hunter2 | jdbc:mysql:",
        "jdbc:mariadb://app:hunter2@db.example:3306/app              | jdbc:mariadb:",
        "jdbc:sqlserver://db.example:1433;user=app;password=hunter2  | jdbc:sqlserver:",
        "jdbc:oracle:thin:app/hunter2@//db.example:1521/app          | jdbc:oracle:",
        "jdbc:sqlite:/var/lib/hunter2/db.example.sqlite              | jdbc:sqlite:",
        "jdbc:tc:postgresql:14:///hunter2?host=db.example            | jdbc:tc:",
        "jdbc:postgres://db.example/hunter2                          | jdbc:postgres:",
        "jdbc:H2:mem:hunter2;db.example                              | jdbc:H2:"})
    void connectingToAnUnsupportedDatabaseIsRefusedNamingItsKindAndNoneOfTheRestOfTheUrl(String url, String kind) {
        DelegationException refused = catchThrowableOfType(DelegationException.class,
                () -> JdbiStorage.connect(DatabaseConfig.of(url, "app", "hunter2")).close());

        assertThat(refused).as("JdbiStorage.connect(%s)", url).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.UNSUPPORTED_DATABASE);
        assertThat(refused).hasMessageContaining("\"" + kind + "\"").hasMessageContaining("jdbc:h2:")
                .hasMessageContaining("jdbc:postgresql:").hasMessageContaining("JdbiStorage.using")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("db.example");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"jdbc:", "jdbc:app/hunter2@db.example", "jdbc::hunter2", "jdbc:hunter2@db.example:1",
            "jdbc:a/b:hunter2", "jdbc:x234567890123456789012345678901:hunter2"})
    void connectingWithAJdbcUrlOfNoKnownShapeIsRefusedWithoutRepeatingIt(String url) {
        DelegationException refused = catchThrowableOfType(DelegationException.class,
                () -> JdbiStorage.connect(DatabaseConfig.of(url, "app", "hunter2")).close());

        assertThat(refused).as("JdbiStorage.connect(%s)", url).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.UNSUPPORTED_DATABASE);
        assertThat(refused).hasMessageContaining("is not of a database it knows").hasMessageContaining("jdbc:postgresql:")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("db.example");
    }

    @Test
    void aSubprotocolOfThirtyCharactersIsNamedAndOneOfThirtyOneIsNot() {
        String thirty = "x23456789012345678901234567890";
        String thirtyOne = thirty + "1";

        assertThat(catchThrowableOfType(DelegationException.class, () -> Dialect.ofJdbcUrl("jdbc:" + thirty + ":db")))
                .hasMessageContaining("\"jdbc:" + thirty + ":\"");
        assertThat(catchThrowableOfType(DelegationException.class, () -> Dialect.ofJdbcUrl("jdbc:" + thirtyOne + ":db")))
                .hasMessageContaining("is not of a database it knows").hasMessageNotContaining(thirtyOne);
    }

    @Test
    void theSupportedUrlPrefixesGiveTheirDialect() {
        assertThat(Dialect.ofJdbcUrl("jdbc:h2:mem:x")).isEqualTo(Dialect.H2);
        assertThat(Dialect.ofJdbcUrl("jdbc:postgresql://db/app")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.ofJdbcUrl("jdbc:postgresql:app")).isEqualTo(Dialect.POSTGRESQL);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"mysql://db.example/hunter2", "postgresql://db.example/app", "hunter2", "", "   ", "JDBC:postgresql://db/app"})
    void aStringThatIsNoJdbcUrlIsRefusedAsInvalidInputWithoutRepeatingIt(String url) {
        DelegationException refused = catchThrowableOfType(DelegationException.class,
                () -> JdbiStorage.connect(DatabaseConfig.of(url, "app", "hunter2")).close());

        assertThat(refused).as("DatabaseConfig.of(\"%s\")", url).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refused).hasMessage("jdbcUrl must start with jdbc:");
    }

    @Test
    void anUnsupportedDatabaseIsRefusedBeforeItsDriverIsAskedAnything() throws Exception {
        RecordingDriver mysql = new RecordingDriver("jdbc:mysql:");
        java.sql.DriverManager.registerDriver(mysql);
        try {
            DelegationException refused = catchThrowableOfType(DelegationException.class, () -> JdbiStorage.connect(
                    DatabaseConfig.of("jdbc:mysql://127.0.0.1:1/app", "app", "hunter2")).close());

            assertThat(refused).isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.UNSUPPORTED_DATABASE);
            assertThat(mysql.calls).as("calls to the MySQL driver on the class path").isEmpty();
        } finally {
            java.sql.DriverManager.deregisterDriver(mysql);
        }
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

    /**
     * Stands in for the driver of a database the library does not support, present on the class
     * path: it records every question and opens no connection.
     */
    private static final class RecordingDriver implements java.sql.Driver {

        final java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final String prefix;

        RecordingDriver(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Connection connect(String url, java.util.Properties info) throws java.sql.SQLException {
            calls.add("connect " + url);
            if (!url.startsWith(prefix)) {
                return null;
            }
            throw new java.sql.SQLException("this test driver opens no connection");
        }

        @Override
        public boolean acceptsURL(String url) {
            calls.add("acceptsURL " + url);
            return url.startsWith(prefix);
        }

        @Override
        public java.sql.DriverPropertyInfo[] getPropertyInfo(String url, java.util.Properties info) {
            return new java.sql.DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getLogger(RecordingDriver.class.getName());
        }
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "jdbc:postgresql://db1:5432,db2:5432/app",
        "jdbc:postgresql://db1,db2/app?password=hunter2",
        "jdbc:postgresql://db1:5432,db2:5432/app?targetServerType=any",
        "jdbc:postgresql://db1:5432,db2:5432/app?targetServerType=preferPrimary",
        "jdbc:postgresql://db1:5432,db2:5432/app?targetServerType=secondary",
        "jdbc:postgresql://db1:5432,db2:5432/app?TargetServerType=primary",
        "jdbc:postgresql://db1:5432,db2:5432/app?targetServerType=primary&targetServerType=any",
        "jdbc:postgresql://db1:5432,db2:5432?targetServerType=primaryhunter2&password=hunter2",
        "jdbc:postgresql://db1:5432,db2:5432/app?targetServerType=pri%6Dary&password=hunter2"})
    void aPostgresUrlOfSeveralHostsThatMayLandOnAStandbyIsRefusedWithoutRepeatingTheUrl(String url) {
        DelegationException refused = catchThrowableOfType(DelegationException.class, () -> DatabaseConfig.of(url, "app", "secret"));

        assertThat(refused).as(url).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refused).hasMessageStartingWith("jdbcUrl ").hasMessageContaining("targetServerType=primary")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("db1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "jdbc:postgresql://db1:5432,db2:5432/app?targetServerType=primary",
        "jdbc:postgresql://db1,db2,db3/app?ssl=false&targetServerType=master&hostRecheckSeconds=2",
        "jdbc:postgresql://db1:5432,db2:5432/app?targetServerType=any&targetServerType=primary",
        "jdbc:postgresql://db1:5432/app",
        "jdbc:postgresql://db1:5432/app?targetServerType=any",
        "jdbc:postgresql:app",
        "jdbc:h2:mem:a,b"})
    void aPostgresUrlOfSeveralHostsTargetingThePrimaryAndAnyUrlOfOneHostAreAccepted(String url) {
        assertThat(DatabaseConfig.of(url, "app", "secret").jdbcUrl()).isEqualTo(url);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(StorageArgumentsTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args)));
    }
}
