package org.partnerdelegation.jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

/**
 * Applies the bundled migrations ({@code db/partner-delegation/<dialect>/V<n>__<name>.sql} on the
 * classpath) that a database does not have yet, recording each in {@code pd_schema_history}.
 * Idempotent, and safe to run from several nodes at once on PostgreSQL (an advisory lock
 * serializes them).
 *
 * <p>Hosts that run their own migration tool (Flyway, Liquibase) point it at the same files
 * instead: their names follow Flyway's convention. If the tables exist but this installer's
 * history does not, it assumes such a tool manages the schema and does nothing.
 */
public final class SchemaInstaller {

    /** The migrations of every dialect, in order. A new version adds a file to each dialect's folder and a name here. */
    static final List<String> MIGRATIONS = List.of("V1__partner_delegation_schema.sql");
    private static final long ADVISORY_LOCK_KEY = 0x5044_5343_4845_4D41L;

    private final Jdbi jdbi;
    private final Dialect dialect;

    public SchemaInstaller(Jdbi jdbi, Dialect dialect) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /** The classpath resources of the given dialect's migrations, in order. */
    public static List<String> migrationResources(Dialect dialect) {
        return MIGRATIONS.stream().map(name -> dialect.migrationLocation() + "/" + name).toList();
    }

    /**
     * Applies what is missing.
     *
     * @return the versions applied by this call (empty when the schema was up to date)
     * @throws DelegationException {@code STORAGE_UNAVAILABLE} when the database refuses a migration
     */
    public List<Integer> install() {
        try {
            return jdbi.inTransaction(this::installIn);
        } catch (DelegationException e) {
            throw e;
        } catch (RuntimeException e) {
            RuntimeException translated = SqlFailures.translate(e);
            throw translated == e
                    ? new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, "Installing the delegation schema failed: " + e.getMessage(), e)
                    : translated;
        }
    }

    private List<Integer> installIn(Handle h) {
        if (dialect == Dialect.POSTGRESQL) {
            h.createQuery("SELECT pg_advisory_xact_lock(:key)").bind("key", ADVISORY_LOCK_KEY).mapTo(String.class).findOne();
        }
        boolean hasHistory = tableExists(h, "pd_schema_history");
        if (!hasHistory && tableExists(h, "pd_delegation")) {
            return List.of();
        }
        if (!hasHistory) {
            h.execute("CREATE TABLE pd_schema_history (version INTEGER PRIMARY KEY, script VARCHAR(200) NOT NULL,"
                    + " installed_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        Set<Integer> applied = new TreeSet<>(h.createQuery("SELECT version FROM pd_schema_history").mapTo(Integer.class).list());
        List<Integer> now = new java.util.ArrayList<>();
        for (String script : MIGRATIONS) {
            int version = versionOf(script);
            if (applied.contains(version)) {
                continue;
            }
            h.createScript(read(dialect.migrationLocation() + "/" + script)).execute();
            h.createUpdate("INSERT INTO pd_schema_history (version, script, installed_at) VALUES (:v, :s, :at)")
                    .bind("v", version).bind("s", script).bind("at", Instant.now()).execute();
            now.add(version);
        }
        return now;
    }

    private static boolean tableExists(Handle h, String table) {
        return h.createQuery("SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = :t"
                        + " AND LOWER(table_schema) = LOWER(CURRENT_SCHEMA)")
                .bind("t", table).mapTo(Integer.class).one() > 0;
    }

    static int versionOf(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    private static String read(String resource) {
        try (InputStream in = SchemaInstaller.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Migration " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
