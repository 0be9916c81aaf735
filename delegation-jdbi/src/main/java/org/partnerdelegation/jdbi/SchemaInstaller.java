package org.partnerdelegation.jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
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
 *
 * <p>A version may need a step in Java besides its script. V2 has one: the canonical form of an
 * email address became Unicode NFKC, then lower case (it was lower case only), so once its script has run,
 * the installer recomputes {@code pd_tenant.admin_email_canonical} and
 * {@code pd_delegation.customer_email_canonical} of the rows whose address is not pure ASCII
 * (an ASCII address has the same canonical form either way). A host whose own tool applies the
 * scripts calls {@link #recomputeCanonicalEmails()} once after V2. V3 (roles, end dates, change
 * requests) is its script alone: the rows it upgrades grant {@code tenant:administrator} without an
 * end date, which its column defaults say. V4 has a step in Java again: the canonical form became
 * what a mail system compares (the domain after IDNA mapping, the local part in NFC and lower case
 * without compatibility folding, see {@link EmailAddress}), so once its script has run the installer
 * recomputes the same columns, of the rows whose address is not pure ASCII or has an {@code xn--}
 * label; a host whose own tool applies the scripts calls {@link #recomputeCanonicalEmails()} once
 * after V4 too. Every step computes the form of the current {@link EmailAddress}, so a database that
 * goes from V1 to V4 in one start ends with it.
 * V6 (an invitation keeps whether it was declined) is its script alone: it marks the declines among
 * the rows answered before it. V9 (a tenant's display name, language and time zone) is its script
 * alone: the tenants it upgrades have no name, English and UTC, which its column defaults say.
 *
 * <p>Thread-safe. {@link JdbiStorage#installSchema()} runs it on the storage's own database.
 */
public final class SchemaInstaller {

    /** The migrations of every dialect, in order. A new version adds a file to each dialect's folder and a name here. */
    static final List<String> MIGRATIONS = List.of("V1__partner_delegation_schema.sql", "V2__trust_model.sql",
            "V3__least_privilege.sql", "V4__email_canonical_form.sql", "V5__customer_settings.sql", "V6__invitation_answers.sql",
            "V7__login_limits.sql", "V8__step_up.sql", "V9__tenant_profile.sql");
    private static final System.Logger LOG = System.getLogger(SchemaInstaller.class.getName());
    private static final long ADVISORY_LOCK_KEY = 0x5044_5343_4845_4D41L;

    private final Jdbi jdbi;
    private final Dialect dialect;

    /**
     * An installer for one database; it touches the database only when called.
     *
     * @param jdbi    the database to migrate
     * @param dialect which migrations to apply: the database's own kind
     * @throws NullPointerException when either is null
     */
    public SchemaInstaller(Jdbi jdbi, Dialect dialect) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /**
     * The classpath resources of the given dialect's migrations, in order: what a host's own
     * migration tool applies instead of this installer.
     *
     * @param dialect the database's kind
     * @return the resource paths, oldest version first
     */
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
            if (version == 2 || version == 4) {
                recomputeCanonicalEmails(h, "Upgrading the delegation schema to V" + version);
            }
            h.createUpdate("INSERT INTO pd_schema_history (version, script, installed_at) VALUES (:v, :s, :at)")
                    .bind("v", version).bind("s", script).bind("at", Instant.now()).execute();
            now.add(version);
        }
        return now;
    }

    /**
     * Recomputes the canonical emails that {@link EmailAddress#canonical()} gives differently from
     * what an earlier version stored: those of addresses that are not pure ASCII (V1 lower-cased
     * them, V2 and V3 folded them in NFKC) or that have an {@code xn--} label (now compared as the
     * Unicode domain it encodes). Idempotent; the V2 and V4 steps of {@link #install()} run it, and
     * a host applying the scripts with its own tool runs it once after V2 and once after V4. An
     * address the current validation refuses (it can no longer be read either) is left as it is
     * and logged by its row's key, never in clear.
     *
     * <p>A pending invitation whose address stops being its customer's administrator address (the
     * partner typed a look-alike, which the old form took for the administrator) stays mailed to
     * that look-alike: only an administrator whose verified email is the look-alike can answer it.
     * Such delegations are logged by id, so that their partners can add the customer again by its
     * administrator's address.
     *
     * @return how many rows changed
     * @throws DelegationException {@code STORAGE_UNAVAILABLE} when two tenants' administrator
     *                             addresses are now the same address, naming both: no canonical email
     *                             is changed and the version is not recorded (H2 keeps what the script
     *                             added, which it runs again harmlessly); give one of them another
     *                             address, then install again
     */
    public int recomputeCanonicalEmails() {
        try {
            return jdbi.inTransaction(h -> recomputeCanonicalEmails(h, "Recomputing the canonical emails"));
        } catch (DelegationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw SqlFailures.translate(e);
        }
    }

    /**
     * The rows are found in SQL by a byte length larger than the character length, which is how
     * any non-ASCII character shows in UTF-8 (H2, and PostgreSQL databases in the UTF8 encoding
     * internationalized addresses need), or by an {@code xn--} in the address; the new form is
     * computed in Java, the one place it is defined.
     */
    private static int recomputeCanonicalEmails(Handle h, String step) {
        int changed = 0;
        List<Map.Entry<String, String>> tenants = h.createQuery("SELECT tenant_id, admin_email FROM pd_tenant"
                        + " WHERE OCTET_LENGTH(admin_email) <> CHAR_LENGTH(admin_email) OR LOWER(admin_email) LIKE '%xn--%'")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list();
        for (Map.Entry<String, String> tenant : tenants) {
            Optional<String> canonical = canonical(tenant.getValue(), "pd_tenant", tenant.getKey());
            if (canonical.isEmpty()) {
                continue;
            }
            Optional<String> other = h.createQuery("SELECT tenant_id FROM pd_tenant WHERE admin_email_canonical = :canonical"
                            + " AND tenant_id <> :id")
                    .bind("canonical", canonical.get()).bind("id", tenant.getKey()).mapTo(String.class).findFirst();
            if (other.isPresent()) {
                throw new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, step + ": the administrator addresses of tenants "
                        + tenant.getKey() + " and " + other.get() + " are now the same address (the domain compared after IDNA"
                        + " mapping, the name before the @ in NFC and lower case). Give one of them another address, then start again.");
            }
            changed += h.createUpdate("UPDATE pd_tenant SET admin_email_canonical = :canonical WHERE tenant_id = :id"
                            + " AND admin_email_canonical <> :canonical")
                    .bind("canonical", canonical.get()).bind("id", tenant.getKey()).execute();
        }
        List<Map.Entry<UUID, String>> delegations = h.createQuery("SELECT delegation_id, customer_email FROM pd_delegation"
                        + " WHERE OCTET_LENGTH(customer_email) <> CHAR_LENGTH(customer_email) OR LOWER(customer_email) LIKE '%xn--%'")
                .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list();
        List<UUID> recomputed = new java.util.ArrayList<>();
        for (Map.Entry<UUID, String> delegation : delegations) {
            Optional<String> canonical = canonical(delegation.getValue(), "pd_delegation", delegation.getKey().toString());
            if (canonical.isPresent()) {
                int rows = h.createUpdate("UPDATE pd_delegation SET customer_email_canonical = :canonical"
                                + " WHERE delegation_id = :id AND customer_email_canonical <> :canonical")
                        .bind("canonical", canonical.get()).bind("id", delegation.getKey()).execute();
                changed += rows;
                if (rows > 0) {
                    recomputed.add(delegation.getKey());
                }
            }
        }
        if (changed > 0) {
            LOG.log(System.Logger.Level.INFO, "Recomputed {0} canonical email(s): the domain after IDNA mapping, the name"
                    + " before the @ in NFC and lower case", changed);
        }
        for (UUID id : recomputed) {
            boolean strayed = h.createQuery("SELECT COUNT(*) FROM pd_delegation d JOIN pd_tenant t ON t.tenant_id = d.customer_tenant"
                            + " WHERE d.delegation_id = :id AND d.status = 'PENDING' AND t.admin_email_canonical <> d.customer_email_canonical")
                    .bind("id", id).mapTo(Integer.class).one() > 0;
            if (strayed) {
                LOG.log(System.Logger.Level.WARNING, "Pending delegation {0} was mailed to an address that is no longer its customer''s"
                        + " administrator address (a look-alike): only that address can answer it; the partner can delete it and add"
                        + " the customer again by its administrator''s address", id);
            }
        }
        return changed;
    }

    private static Optional<String> canonical(String email, String table, String key) {
        try {
            return Optional.of(EmailAddress.of(email).canonical());
        } catch (DelegationException e) {
            LOG.log(System.Logger.Level.WARNING, "The email of {0} row {1} is not a valid address any more ({2}); its"
                    + " canonical form is left as it was", table, key, e.getMessage());
            return Optional.empty();
        }
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
