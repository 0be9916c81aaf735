package org.partnerdelegation.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.observation.DelegationObserver;

/**
 * Durable storage for every storage port of the core, on one database through Jdbi:
 * {@link #tenantDirectory()}, {@link #delegationStore()} and {@link #sessionIssuer()}.
 *
 * <pre>{@code
 * // Embedded default: a file-backed H2 database in a directory of your choice, schema installed.
 * try (JdbiStorage storage = JdbiStorage.embedded(Path.of("/var/lib/myapp/delegation"))) { ... }
 *
 * // The same with a smaller pool and a shorter wait for a connection.
 * JdbiStorage storage = JdbiStorage.embedded(directory,
 *         config -> config.withMaximumPoolSize(4).withConnectionTimeout(Duration.ofSeconds(2)));
 *
 * // Production: PostgreSQL through a HikariCP pool built from a small configuration.
 * JdbiStorage storage = JdbiStorage.connect(DatabaseConfig.of("jdbc:postgresql://db/app", "app", secret));
 *
 * // Or the host's own pool; the host applies the migrations (or calls installSchema()).
 * JdbiStorage storage = JdbiStorage.using(hostDataSource);
 * }</pre>
 *
 * <p>When the database goes away, every call fails with {@code STORAGE_UNAVAILABLE} (within the
 * pool's connection timeout) and nothing half done stays behind; once it is back, the same
 * storage works again without a restart. A pool this storage built reconnects in the background,
 * retrying with a backoff that grows to 5 seconds (HikariCP's), so after a long outage the first
 * calls may fail for that long.
 *
 * <p>The database drivers are optional dependencies of this module: a host adds the one it uses,
 * {@code com.h2database:h2} for {@link #embedded(Path)}, {@link #inMemory(String)} or a
 * {@code jdbc:h2:} URL, {@code org.postgresql:postgresql} for a {@code jdbc:postgresql:} URL.
 * Without it these factories fail with {@code STORAGE_UNAVAILABLE}, and the message names the
 * dependency to add; retrying does not help.
 *
 * <p>Thread-safe. {@link #close()} closes the pool if this storage built it, and never a
 * {@code DataSource} the host handed in.
 */
public final class JdbiStorage implements AutoCloseable {

    private static final String READ_COMMITTED = "TRANSACTION_READ_COMMITTED";
    private static final java.util.regex.Pattern IN_MEMORY_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final String EMBEDDED_USER = "sa";
    private static final String EMBEDDED_PASSWORD = "";

    /** The drivers this storage knows: URL prefix, driver class, and the Maven coordinates that bring it. */
    private enum Driver {
        H2("H2", "jdbc:h2:", "org.h2.Driver", "com.h2database:h2"),
        POSTGRESQL("PostgreSQL", "jdbc:postgresql:", "org.postgresql.Driver", "org.postgresql:postgresql");

        private final String database;
        private final String urlPrefix;
        private final String className;
        private final String dependency;

        Driver(String database, String urlPrefix, String className, String dependency) {
            this.database = database;
            this.urlPrefix = urlPrefix;
            this.className = className;
            this.dependency = dependency;
        }
    }

    /**
     * The server setting the PostgreSQL pools of {@link #connect} used to open their connections
     * with: sequential scans off. No longer needed, and no longer set: every statement of this
     * library is now written so that its plan reaches a table through an index on a young database
     * as on a grown one (a table of a page or two excepted once analyzed), which a test checks on
     * empty tables and again after 4,000 customers added one by one. The setting changed the plans
     * of every statement on a connection, a host's own queries too on a shared pool: remove it from
     * a pool you configured with it.
     *
     * @deprecated nothing needs it; kept so that code naming it still compiles, and to be removed
     */
    @Deprecated(forRemoval = true)
    public static final String POSTGRESQL_OPTIONS = "-c enable_seqscan=off";

    private final Database db;
    private final HikariDataSource ownedPool;
    private final JdbiTenantDirectory tenants;
    private final JdbiDelegationStore store;
    private final JdbiSessionIssuer sessions;
    /** Where the schema installer takes its connections: outside the pool for a pool this storage built. */
    private final DataSource schemaSource;
    private final JdbiOperationalFigures figures;

    private JdbiStorage(DataSource dataSource, Dialect dialect, HikariDataSource ownedPool, DataSource schemaSource) {
        Jdbi jdbi = Jdbi.create(dataSource);
        // A failed statement's message would otherwise carry its bound values (emails, tenant ids) into the host's logs.
        jdbi.getConfig(org.jdbi.v3.core.statement.StatementExceptions.class)
                .setMessageRendering(org.jdbi.v3.core.statement.StatementExceptions.MessageRendering.NONE);
        Rows.register(jdbi);
        this.db = new Database(dataSource, jdbi, dialect, isReadCommittedPool(dataSource));
        this.ownedPool = ownedPool;
        this.tenants = new JdbiTenantDirectory(db);
        this.store = new JdbiDelegationStore(db);
        this.sessions = new JdbiSessionIssuer(db);
        this.schemaSource = schemaSource;
        this.figures = new JdbiOperationalFigures(db);
    }

    /**
     * The embedded default: a file-backed H2 database ({@code partner-delegation.mv.db}) in the
     * given directory, created if needed, with the schema installed, through a pool of 10
     * connections that a call waits for at most 5 seconds ({@link DatabaseConfig#of}).
     * Needs {@code com.h2database:h2} on the class path.
     *
     * @param directory where the database file lives; created if needed
     * @return the storage, open until {@link #close()}
     * @throws DelegationException {@code INVALID_INPUT} when the directory's path contains {@code ;}
     *                             (H2 would read what follows as settings of the database URL) or a
     *                             control character; {@code STORAGE_UNAVAILABLE} when H2 is not on the
     *                             class path (the message names {@code com.h2database:h2}) or the
     *                             database cannot be opened
     */
    public static JdbiStorage embedded(Path directory) {
        return embedded(directory, UnaryOperator.identity());
    }

    /**
     * The embedded default of {@link #embedded(Path)}, with the pool tuned: {@code tuning} receives
     * the configuration the embedded database would use and returns the one to use, changed
     * through {@link DatabaseConfig#withMaximumPoolSize(int)},
     * {@link DatabaseConfig#withConnectionTimeout(java.time.Duration)} or
     * {@link DatabaseConfig#withInstallSchema(boolean)}, the knobs of {@link #connect(DatabaseConfig)}.
     *
     * <pre>{@code
     * JdbiStorage storage = JdbiStorage.embedded(directory,
     *         config -> config.withMaximumPoolSize(4).withConnectionTimeout(Duration.ofSeconds(2)));
     * }</pre>
     *
     * @param directory where the database file lives; created if needed
     * @param tuning    changes the pool settings; it must keep the database's URL, user and password
     * @return the storage, open until {@link #close()}
     * @throws DelegationException {@code INVALID_INPUT} for a directory {@link #embedded(Path)} refuses,
     *                             or when {@code tuning} returns null or a configuration of another
     *                             URL, user or password; {@code STORAGE_UNAVAILABLE} when H2 is not on
     *                             the class path (the message names {@code com.h2database:h2}) or the
     *                             database cannot be opened
     */
    public static JdbiStorage embedded(Path directory, UnaryOperator<DatabaseConfig> tuning) {
        DelegationException.requireArgument(directory, "directory");
        DelegationException.requireArgument(tuning, "tuning");
        Path file = directory.toAbsolutePath().resolve("partner-delegation");
        String path = file.toString();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == ';' || Character.isISOControl(c)) {
                throw DelegationException.invalidInput("directory", "must not contain ';' or control characters (H2 reads"
                        + " what follows ';' as settings of the database), got " + (c == ';' ? "';'" : "U+%04X".formatted((int) c)));
            }
        }
        DatabaseConfig defaults = DatabaseConfig.of("jdbc:h2:file:" + path + ";DB_CLOSE_DELAY=-1", EMBEDDED_USER, EMBEDDED_PASSWORD);
        DatabaseConfig tuned = tuning.apply(defaults);
        if (tuned == null) {
            throw DelegationException.invalidInput("tuning", "must return a configuration, got null");
        }
        if (!tuned.jdbcUrl().equals(defaults.jdbcUrl()) || !Objects.equals(tuned.user(), defaults.user())
                || !Objects.equals(tuned.password(), defaults.password())) {
            throw DelegationException.invalidInput("tuning", "may change the pool size, the connection timeout and whether to"
                    + " install the schema, not the embedded database's URL, user or password (use connect for another database)");
        }
        return connect(tuned);
    }

    /**
     * An in-memory H2 database of that name, schema installed: for tests. It lives until {@link #close()}.
     * Needs {@code com.h2database:h2} on the class path.
     *
     * @param name letters, digits, {@code -}, {@code _} and {@code .} only, at most 100 characters
     *             (anything else could be read by H2 as settings of the database URL)
     * @return the storage, open until {@link #close()}
     * @throws DelegationException {@code INVALID_INPUT} for any other name; {@code STORAGE_UNAVAILABLE}
     *                             when H2 is not on the class path (the message names
     *                             {@code com.h2database:h2})
     */
    public static JdbiStorage inMemory(String name) {
        DelegationException.requireArgument(name, "name");
        if (!IN_MEMORY_NAME.matcher(name).matches()) {
            throw DelegationException.invalidInput("name", "must be 1 to 100 letters, digits, '-', '_' or '.' (H2 would read"
                    + " other characters as settings of the database)");
        }
        return connect(DatabaseConfig.of("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", EMBEDDED_USER, EMBEDDED_PASSWORD));
    }

    /**
     * Builds a HikariCP pool from the configuration, detects the database, and installs the
     * schema if the configuration says so.
     *
     * @param config the database and the pool's settings
     * @return the storage, open until {@link #close()}, which closes the pool
     * @throws DelegationException {@code UNSUPPORTED_DATABASE} when the URL starts neither
     *                             {@code jdbc:h2:} nor {@code jdbc:postgresql:} (MySQL, MariaDB, SQL
     *                             Server, Oracle, SQLite, a driver wrapper...), before any pool is built
     *                             or driver asked, the message naming the URL's sub-protocol and none of
     *                             the rest; {@code STORAGE_UNAVAILABLE} when the database cannot be
     *                             reached, or when the driver of an H2 or PostgreSQL URL is not on the
     *                             class path (the message names the dependency to add)
     */
    public static JdbiStorage connect(DatabaseConfig config) {
        Objects.requireNonNull(config, "config");
        // Before HikariCP sees the URL: for a driver it cannot find it throws a bare RuntimeException, and for one it
        // finds it would open connections (with the password) to a database this storage then refuses anyway.
        Dialect.ofJdbcUrl(config.jdbcUrl());
        requireDriver(config.jdbcUrl());
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maximumPoolSize());
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setPoolName("partner-delegation");
        // The pool itself starts without a connection; connect() then needs one (to detect the dialect and
        // install the schema) and fails with STORAGE_UNAVAILABLE when the database cannot be reached.
        hikari.setInitializationFailTimeout(-1);
        // Every connection READ COMMITTED from the start, so that no transaction has to set (and read back) the level.
        hikari.setTransactionIsolation(READ_COMMITTED);
        hikari.setExceptionOverride(new BrokenConnectionEviction());
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            // Flyway holds two connections at once: unpooled ones of their own, so that a pool of one connection still
            // installs, and the storage's calls wait for none.
            DataSource schemaSource = new DriverDataSource(config.jdbcUrl(), null, new Properties(), config.user(), config.password());
            JdbiStorage storage = new JdbiStorage(pool, detect(pool), pool, schemaSource);
            if (config.installSchema()) {
                storage.installSchema();
            }
            return storage;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Uses a {@code DataSource} the host already has; the dialect is detected from it. The
     * schema is not touched: apply the migrations with your tool, or call {@link #installSchema()},
     * which takes two connections of it at once (Flyway holds two).
     *
     * <p>The storage's transactions run READ COMMITTED. If the data source is a HikariCP pool
     * configured with {@code transactionIsolation=TRANSACTION_READ_COMMITTED} the storage relies on
     * it; otherwise it sets the level on every transaction, which on PostgreSQL costs the driver
     * extra round trips.
     *
     * <p>The connections must come in auto-commit, as pools give them by default: the storage
     * begins and commits its own transactions. A pool configured with auto-commit off is refused.
     * It needs no planner setting: the host's own queries on the same pool keep the plans they had.
     *
     * @param dataSource the host's data source; never closed by this storage
     * @return the storage
     * @throws DelegationException {@code STORAGE_UNAVAILABLE} when the database cannot be reached,
     *                             {@code UNSUPPORTED_DATABASE} when it is neither H2 nor PostgreSQL,
     *                             {@code INVALID_INPUT} when its connections come with auto-commit off
     */
    public static JdbiStorage using(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new JdbiStorage(dataSource, detect(dataSource), null, dataSource);
    }

    /**
     * Like {@link #using(DataSource)} with a known dialect, without connecting to detect it (nor
     * to check that its connections come in auto-commit, which they must).
     *
     * @param dataSource the host's data source; never closed by this storage
     * @param dialect    the database behind it
     * @return the storage
     */
    public static JdbiStorage using(DataSource dataSource, Dialect dialect) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new JdbiStorage(dataSource, Objects.requireNonNull(dialect, "dialect"), null, dataSource);
    }

    /**
     * Whether the data source is a HikariCP pool configured to hand out READ COMMITTED connections,
     * so that transactions need not set the level themselves (see {@link Database}).
     */
    static boolean isReadCommittedPool(DataSource dataSource) {
        if (!(dataSource instanceof HikariDataSource pool) || pool.getTransactionIsolation() == null) {
            return false;
        }
        String level = pool.getTransactionIsolation().trim().toUpperCase(java.util.Locale.ROOT);
        return level.equals(READ_COMMITTED) || level.equals("READ_COMMITTED")
                || level.equals(String.valueOf(Connection.TRANSACTION_READ_COMMITTED));
    }

    /**
     * Fails with {@code STORAGE_UNAVAILABLE}, naming the dependency to add, when the URL is one of
     * a known driver that is not on the class path: the drivers are optional dependencies of this
     * module. The class is looked up the way HikariCP's own lookup needs to see it, from the class
     * loader of this library, without initializing it.
     */
    static void requireDriver(String jdbcUrl) {
        for (Driver driver : Driver.values()) {
            if (jdbcUrl.startsWith(driver.urlPrefix) && !isPresent(driver.className)) {
                throw new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, "The " + driver.database + " JDBC driver ("
                        + driver.className + ") is not on the class path: add the dependency " + driver.dependency
                        + " (delegation-jdbi declares it optional) to use " + driver.urlPrefix + " URLs"
                        + (driver == Driver.H2 ? ", JdbiStorage.embedded or JdbiStorage.inMemory" : ""));
            }
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, JdbiStorage.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Dialect detect(DataSource dataSource) {
        Dialect dialect;
        boolean autoCommit;
        try (Connection c = dataSource.getConnection()) {
            dialect = Dialect.ofProductName(c.getMetaData().getDatabaseProductName());
            autoCommit = c.getAutoCommit();
        } catch (SQLException e) {
            throw new DelegationException(ErrorCode.STORAGE_UNAVAILABLE,
                    "Cannot reach the delegation database to detect its kind: " + e.getMessage(), e);
        }
        if (!autoCommit) {
            throw DelegationException.invalidInput("dataSource", "hands out connections with auto-commit off. The storage"
                    + " begins and commits its own transactions, which needs connections in auto-commit, as pools give them by"
                    + " default (HikariCP: autoCommit=true); on a connection with auto-commit off its writes would never be"
                    + " committed. Give the storage a pool with auto-commit on.");
        }
        return dialect;
    }

    /**
     * Applies the bundled migrations the database does not have yet, through Flyway under the
     * library's own history table ({@value SchemaInstaller#HISTORY_TABLE}); a database of the
     * former runner is taken over (see {@link SchemaInstaller}). Idempotent.
     *
     * @return the versions applied now, empty when the schema was up to date
     * @throws DelegationException {@code STORAGE_UNAVAILABLE} when the database cannot be reached
     */
    public java.util.List<Integer> installSchema() {
        return new SchemaInstaller(schemaSource, db.dialect()).install();
    }

    /**
     * Checks, without changing anything, that the database has every version of the schema this
     * library ships, recorded by Flyway in {@value SchemaInstaller#HISTORY_TABLE}: for a host that
     * installs the schema at another time or with its own tool, and wants a start to fail early
     * rather than at the first use case.
     *
     * @throws DelegationException {@code STORAGE_UNAVAILABLE} when a version is missing, failed or
     *                             differs from the one shipped, or the database has no
     *                             {@value SchemaInstaller#HISTORY_TABLE}; the message names the
     *                             versions and what to run
     * @see SchemaInstaller#validate()
     */
    public void validateSchema() {
        new SchemaInstaller(schemaSource, db.dialect()).validate();
    }

    /**
     * The tenant directory port over this database.
     *
     * @return the same instance on every call
     */
    public JdbiTenantDirectory tenantDirectory() {
        return tenants;
    }

    /**
     * The delegation store port over this database.
     *
     * @return the same instance on every call
     */
    public JdbiDelegationStore delegationStore() {
        return store;
    }

    /**
     * The session issuer port over this database.
     *
     * @return the same instance on every call
     */
    public JdbiSessionIssuer sessionIssuer() {
        return sessions;
    }

    /**
     * The outbox backlog, the notifications that gave up and the live delegated sessions of this
     * database, for gauges; each read is one statement.
     *
     * @return the same instance on every call
     */
    public JdbiOperationalFigures operationalFigures() {
        return figures;
    }

    /**
     * Reports every statement this storage sends from now on to the observer, as a
     * {@link DelegationObserver#statement statement} named by its operations and tables
     * ({@code SELECT pd_delegation}, never a value), begun and ended on the thread that sends it: inside
     * the observation of the use case that sends it when the facade has the same observer. Without it
     * (or with {@link DelegationObserver#none()}) statements are not observed and cost nothing more.
     *
     * <pre>{@code
     * DelegationObserver observer = new MicrometerDelegationObserver(observationRegistry);  // delegation-micrometer
     * JdbiStorage storage = JdbiStorage.connect(config).observeStatements(observer);
     * PartnerDelegation delegation = PartnerDelegation.builder()...observer(observer).build();
     * }</pre>
     *
     * @param observer the observer; {@link DelegationObserver#none()} to stop
     * @return this storage
     * @throws NullPointerException when {@code observer} is null
     */
    public JdbiStorage observeStatements(DelegationObserver observer) {
        db.observeStatements(Objects.requireNonNull(observer, "observer"));
        return this;
    }

    /**
     * The kind of database behind this storage.
     *
     * @return the dialect detected (or given to {@link #using(DataSource, Dialect)})
     */
    public Dialect dialect() {
        return db.dialect();
    }

    /**
     * The Jdbi instance, for hosts and tests that need to look at the tables.
     *
     * @return the Jdbi over this storage's data source
     */
    public Jdbi jdbi() {
        return db.jdbi();
    }

    /**
     * Closes the pool this storage built (never a {@code DataSource} handed in). An H2 database
     * it opened is closed when this returns, its file lock and its threads released; one shared
     * with another storage of the same URL (in this process) lives until that one closes too.
     */
    @Override
    public void close() {
        if (ownedPool == null || ownedPool.isClosed()) {
            return;
        }
        ownedPool.close();
        if (db.dialect() == Dialect.H2 && ownedPool.getJdbcUrl().toUpperCase(Locale.ROOT).contains(";DB_CLOSE_DELAY=-1")) {
            closeKeptOpenH2(ownedPool.getJdbcUrl(), ownedPool.getUsername(), ownedPool.getPassword());
        }
    }

    /**
     * An H2 database opened with {@code DB_CLOSE_DELAY=-1} (so that it survives idle moments)
     * outlives its last connection, and H2 applies a URL's settings to every new connection: a
     * {@code SET DB_CLOSE_DELAY 0} through the pool was undone by a connection the pool opened
     * after it, while still filling up, and the database stayed open. Once the pool is closed, one
     * last connection of this storage's own sets the delay to 0, and the database closes with it
     * (unless another storage still has connections to it).
     */
    private static void closeKeptOpenH2(String url, String user, String password) {
        try (Connection last = DriverManager.getConnection(url, user, password); Statement statement = last.createStatement()) {
            statement.execute("SET DB_CLOSE_DELAY 0");
        } catch (SQLException ignored) {
            // the database cannot be reached any more: nothing is left open to close
        }
    }
}
