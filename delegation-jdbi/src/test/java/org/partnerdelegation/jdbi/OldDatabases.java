package org.partnerdelegation.jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.partnerdelegation.core.domain.DelegationId;

/**
 * Databases installed and filled by commit 68508b5, the last one whose storage ran its own
 * migration runner ({@code pd_schema_history}, versions 1 to 3): loaded from the dumps under
 * {@code takeover-68508b5/} (how they were made: the README there), into a fresh database each.
 */
final class OldDatabases {

    private static final String FOLDER = "takeover-68508b5/";
    private static final Properties FACTS = facts();

    /** The instant the old code's clock stood at while it wrote the rows. */
    static final Instant WRITTEN_AT = Instant.parse(FACTS.getProperty("h2.at"));
    /** The CONNECTED delegation of partner 1 and customer 1, with a live session. */
    static final DelegationId CONNECTED = delegation("connected");
    /** The PENDING delegation of partner 1 to customer 2, its invitation delivered. */
    static final DelegationId PENDING = delegation("pending");
    /** The PENDING delegation of partner 1 to customer 3, its invitation still in the outbox. */
    static final DelegationId UNDELIVERED = delegation("undelivered");
    /** The token of the live session partner 1 opened into customer 1. */
    static final String SESSION_TOKEN = FACTS.getProperty("h2.sessionToken");
    /** The token of the invitation mailed to customer 2. */
    static final String INVITATION_TOKEN = FACTS.getProperty("h2.invitationToken");

    private OldDatabases() {
    }

    /** A new in-memory H2 database holding the old one. */
    static DatabaseConfig h2() {
        DatabaseConfig config = DatabaseConfig.of("jdbc:h2:mem:old68508b5-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        run(config, "RUNSCRIPT FROM 'classpath:/" + FOLDER + "h2.sql'");
        return config;
    }

    /** A new database on the tests' PostgreSQL server holding the old one. */
    static DatabaseConfig postgres() {
        DatabaseConfig config = Databases.postgresConfig(Databases.newPostgresDatabase());
        run(config, resource(FOLDER + "postgresql.sql"));
        return config;
    }

    /** The former runner's history as it stands, row by row: what the takeover must leave alone. */
    static List<String> formerHistoryRows(DatabaseConfig config) {
        return Jdbi.create(config.jdbcUrl(), config.user(), config.password()).withHandle(h -> h.createQuery(
                        "SELECT version, script, installed_at FROM pd_schema_history ORDER BY version")
                .map((rs, ctx) -> rs.getInt(1) + " " + rs.getString(2) + " " + rs.getObject(3, java.time.OffsetDateTime.class).toInstant())
                .list());
    }

    private static void run(DatabaseConfig config, String sql) {
        // A connection of its own: PostgreSQL's dump empties the search path of the session it runs on.
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Loading the database of 68508b5 failed", e);
        }
    }

    private static DelegationId delegation(String key) {
        return DelegationId.of(UUID.fromString(FACTS.getProperty("h2." + key)));
    }

    private static Properties facts() {
        Properties facts = new Properties();
        try (InputStream in = OldDatabases.class.getClassLoader().getResourceAsStream(FOLDER + "facts.properties")) {
            facts.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The program wrote both databases from one seed: the same ids and tokens on each.
        facts.stringPropertyNames().stream().filter(k -> k.startsWith("h2.")).forEach(k -> {
            if (!facts.getProperty(k).equals(facts.getProperty("postgresql." + k.substring(3)))) {
                throw new IllegalStateException("facts.properties: " + k + " differs between the two databases");
            }
        });
        return facts;
    }

    private static String resource(String name) {
        try (InputStream in = OldDatabases.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
