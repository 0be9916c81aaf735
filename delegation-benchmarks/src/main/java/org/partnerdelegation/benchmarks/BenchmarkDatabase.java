package org.partnerdelegation.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.partnerdelegation.jdbi.Dialect;
import org.partnerdelegation.jdbi.JdbiStorage;

/**
 * One database the library and the floor share, with the library's schema installed: an
 * in-memory H2 database of this process, or a database on the {@link PostgresServer}.
 *
 * @param kind     {@value #H2} or {@value #POSTGRESQL}
 * @param dialect  the library's name for it
 * @param url      its JDBC URL
 * @param user     the database user
 * @param password the user's password
 * @param name     the database's own name (for dropping it)
 * @param shared   true for a database kept for other processes (never dropped here)
 */
public record BenchmarkDatabase(String kind, Dialect dialect, String url, String user, String password, String name,
                                boolean shared) {

    /** The {@code storage} parameter's value for H2. */
    public static final String H2 = "h2";
    /** The {@code storage} parameter's value for PostgreSQL. */
    public static final String POSTGRESQL = "postgresql";
    /** The {@code storage} parameter's value for the core's in-memory adapters. */
    public static final String MEMORY = "memory";

    private static final AtomicInteger FRESH = new AtomicInteger();

    /** A new, empty database of that kind ({@value #H2} or {@value #POSTGRESQL}) with the schema installed. */
    public static BenchmarkDatabase fresh(String kind, String purpose) {
        BenchmarkDatabase db = switch (kind) {
            case H2 -> {
                String name = "bench-" + purpose + "-" + UUID.randomUUID();
                yield new BenchmarkDatabase(H2, Dialect.H2, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", name, false);
            }
            case POSTGRESQL -> {
                // Unique across processes as well: forks of one run create theirs on the same server.
                String name = ("pd_" + purpose + "_" + ProcessHandle.current().pid() + "_" + FRESH.incrementAndGet())
                        .toLowerCase(Locale.ROOT);
                PostgresServer.drop(name);
                PostgresServer.create(name);
                yield postgres(name, false);
            }
            default -> throw new IllegalArgumentException("storage must be " + H2 + " or " + POSTGRESQL + ", got " + kind);
        };
        db.installSchema();
        return db;
    }

    /**
     * A PostgreSQL database kept on the server under that name, loaded once: the first process to
     * ask creates it, installs the schema and runs {@code loader}; later ones (other JMH forks)
     * find it loaded. On H2, whose in-memory databases live in one process, a fresh one, loaded.
     */
    public static BenchmarkDatabase shared(String kind, String name, Consumer<BenchmarkDatabase> loader) {
        if (!kind.equals(POSTGRESQL)) {
            BenchmarkDatabase db = fresh(kind, name);
            loader.accept(db);
            return db;
        }
        BenchmarkDatabase db = postgres(name, true);
        if (PostgresServer.exists(name) && db.isLoaded()) {
            return db;
        }
        PostgresServer.drop(name);
        PostgresServer.create(name);
        db.installSchema();
        loader.accept(db);
        db.execute("CREATE TABLE bench_loaded (done INT)");
        return db;
    }

    private static BenchmarkDatabase postgres(String name, boolean shared) {
        return new BenchmarkDatabase(POSTGRESQL, Dialect.POSTGRESQL, PostgresServer.url(name), PostgresServer.USER,
                PostgresServer.PASSWORD, name, shared);
    }

    /** A plain connection, outside any pool, in auto-commit: for loading data and for reading it back. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** A plain connection for loading: on PostgreSQL, pgjdbc rewrites a batch of inserts into multi-row inserts. */
    Connection connectForLoading() throws SQLException {
        return DriverManager.getConnection(kind.equals(POSTGRESQL) ? url + "?reWriteBatchedInserts=true" : url, user, password);
    }

    /** Runs one statement on a plain connection. */
    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Drops the database unless it is {@link #shared}; its pools must be closed first. */
    public void drop() {
        if (shared) {
            return;
        }
        if (kind.equals(POSTGRESQL)) {
            PostgresServer.drop(name);
        } else {
            execute("SHUTDOWN");
        }
    }

    private void installSchema() {
        // Through a pool like the library's own, so that the schema is exactly what JdbiStorage installs.
        try (HikariDataSource pool = new HikariDataSource(Pools.likeConnect(this, "partner-delegation-schema"))) {
            JdbiStorage.using(pool, dialect).installSchema();
        }
    }

    private boolean isLoaded() {
        try (Connection c = connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT to_regclass('bench_loaded') IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }
}
