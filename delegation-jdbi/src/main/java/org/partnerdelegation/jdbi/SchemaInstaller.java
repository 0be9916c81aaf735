package org.partnerdelegation.jdbi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;

/**
 * Runs the bundled migrations ({@code db/partner-delegation/<dialect>/V<n>__<name>.sql} on the
 * classpath) through Flyway, recording them in the library's own history table
 * {@value #HISTORY_TABLE}, so that they never mix with a host's own Flyway history
 * ({@code flyway_schema_history} by default) on the same schema. Idempotent, and safe to run from
 * several nodes at once on PostgreSQL (an advisory lock serializes them).
 *
 * <pre>{@code
 * SchemaInstaller installer = new SchemaInstaller(jdbi, Dialect.POSTGRESQL);
 * installer.install();   // what JdbiStorage.installSchema() does
 * installer.validate();  // what JdbiStorage.validateSchema() does: throws when a version is missing or differs
 * }</pre>
 *
 * <p>What {@link #install()} finds decides what it does:
 * <ul>
 *   <li>{@value #HISTORY_TABLE} is there: Flyway applies the versions it lacks;</li>
 *   <li>an empty schema: Flyway applies every version;</li>
 *   <li>a schema holding other tables only (a host's, its own Flyway history among them): Flyway records a
 *       baseline at version 0, then applies every version;</li>
 *   <li>a database installed by the former runner of this library ({@value #FORMER_HISTORY_TABLE} with
 *       versions 1 to n, no {@value #HISTORY_TABLE}): Flyway records a baseline at n and applies n+1 on;
 *       {@value #FORMER_HISTORY_TABLE} is left as it is;</li>
 *   <li>the delegation tables without either history (a host's own tool ran the scripts): nothing, and a
 *       line is logged; that tool keeps the schema up to date.</li>
 * </ul>
 *
 * <p>A version may need a step in Java besides its script, which runs in the same transaction as
 * the script, before Flyway records the version. V2 has one: the canonical form of an
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
 * alone: the tenants it upgrades have no name, English and UTC, which its column defaults say. V10
 * (idempotency keys of logins) is its script alone: the sessions it upgrades have no key.
 *
 * <p>Flyway logs through SLF4J when it is on the class path (else {@code java.util.logging}),
 * under {@code org.flywaydb}: a line per version applied, at INFO.
 *
 * <p>Thread-safe. {@link JdbiStorage#installSchema()} and {@link JdbiStorage#validateSchema()} run
 * it on the storage's own database.
 */
public final class SchemaInstaller {

    /** The migrations of every dialect, in order. A new version adds a file to each dialect's folder and a name here. */
    static final List<String> MIGRATIONS = List.of("V1__partner_delegation_schema.sql", "V2__trust_model.sql",
            "V3__least_privilege.sql", "V4__email_canonical_form.sql", "V5__customer_settings.sql", "V6__invitation_answers.sql",
            "V7__login_limits.sql", "V8__step_up.sql", "V9__tenant_profile.sql", "V10__idempotent_retries.sql");
    /** The history table of the library's Flyway runs: its own, beside any history table of the host's. */
    public static final String HISTORY_TABLE = "pd_flyway_history";
    /** The history table of the runner the library had before Flyway; left in place by the takeover. */
    public static final String FORMER_HISTORY_TABLE = "pd_schema_history";
    private static final System.Logger LOG = System.getLogger(SchemaInstaller.class.getName());
    private static final long ADVISORY_LOCK_KEY = 0x5044_5343_4845_4D41L;
    /**
     * H2 has no advisory lock: storages of one process that open the same H2 database at once
     * (the only way to share one, short of its server mode) install one after the other.
     */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final FlywayConnections.Source connections;
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
        this.connections = FlywayConnections.of(Objects.requireNonNull(jdbi, "jdbi"));
        this.jdbi = jdbi;
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /** An installer taking its connections from a data source: a storage's own, rather than handles of its Jdbi. */
    SchemaInstaller(DataSource dataSource, Dialect dialect) {
        this.connections = FlywayConnections.of(Objects.requireNonNull(dataSource, "dataSource"));
        this.jdbi = Jdbi.create(dataSource);
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
     * Applies what is missing, through Flyway, taking over a database of the former runner
     * without a manual step (see the class comment).
     *
     * @return the versions applied by this call (empty when the schema was up to date, or left to
     *         the host's own tool)
     * @throws DelegationException {@code STORAGE_UNAVAILABLE} when the database cannot be reached or
     *                             refuses a migration, or when a version applied before differs from
     *                             the one this library ships (the message says which, the cause is
     *                             Flyway's); a version that failed is not recorded
     */
    public List<Integer> install() {
        try {
            return locked(this::installLocked);
        } catch (RuntimeException e) {
            throw failure("Installing the delegation schema failed: ", e);
        }
    }

    /**
     * Checks, without changing anything, that every version this library ships is recorded in
     * {@value #HISTORY_TABLE}, from the same script: what a host that installs the schema with its
     * own tool, or at another time, runs at start.
     *
     * @throws DelegationException {@code STORAGE_UNAVAILABLE} when a version is missing, failed or
     *                             differs from the script this library ships, when the database has no
     *                             {@value #HISTORY_TABLE} (not installed, installed by the former runner
     *                             and not yet taken over, or by another tool), or when it cannot be
     *                             reached; the message names the versions and what to run
     */
    public void validate() {
        try {
            Tables tables = jdbi.withHandle(Tables::of);
            if (!tables.flywayHistory()) {
                throw new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, withoutHistory(tables));
            }
            ValidateResult result = flyway(0, new FlywayConnections(null, connections)).validateWithResult();
            if (!result.validationSuccessful) {
                throw new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, invalid(result));
            }
        } catch (RuntimeException e) {
            throw failure("Validating the delegation schema failed: ", e);
        }
    }

    private List<Integer> installLocked(Handle h) {
        Tables tables = Tables.of(h);
        int baseline = 0;
        if (!tables.flywayHistory() && tables.formerHistory()) {
            baseline = h.createQuery("SELECT COALESCE(MAX(version), 0) FROM " + FORMER_HISTORY_TABLE).mapTo(Integer.class).one();
            LOG.log(System.Logger.Level.INFO, "Taking over the delegation schema installed up to V{0} ({1}): Flyway records a"
                    + " baseline at {0} in {2} and applies what follows; {1} is left as it is and may be dropped",
                    baseline, FORMER_HISTORY_TABLE, HISTORY_TABLE);
        } else if (!tables.flywayHistory() && tables.delegation()) {
            LOG.log(System.Logger.Level.INFO, "The delegation tables are there without {0} or {1}: another tool installed"
                    + " them and keeps them up to date; nothing is installed", HISTORY_TABLE, FORMER_HISTORY_TABLE);
            return List.of();
        }
        MigrateResult result = flyway(baseline, new FlywayConnections(h.getConnection(), connections)).migrate();
        return result.migrations.stream().filter(m -> m.version != null && !m.version.isEmpty())
                .map(m -> Integer.valueOf(m.version)).toList();
    }

    /**
     * Runs the work holding the lock that serializes the installers of one database: on
     * PostgreSQL a session advisory lock (the key the former runner locked too) on the connection
     * the work is given, which Flyway then borrows, so that the decision to take over and Flyway's
     * run happen on one node at a time; on H2 a lock of this process.
     */
    private <T> T locked(Function<Handle, T> work) {
        if (dialect != Dialect.POSTGRESQL) {
            IN_PROCESS.lock();
            try {
                return jdbi.withHandle(work::apply);
            } finally {
                IN_PROCESS.unlock();
            }
        }
        return jdbi.withHandle(h -> {
            h.createQuery("SELECT pg_advisory_lock(:key)").bind("key", ADVISORY_LOCK_KEY).mapTo(String.class).one();
            T result;
            try {
                result = work.apply(h);
            } catch (RuntimeException e) {
                // The failure of the work is the one to report; a lock that cannot be released dies with its session.
                try {
                    unlock(h);
                } catch (RuntimeException unlockFailed) {
                    e.addSuppressed(unlockFailed);
                }
                throw e;
            }
            unlock(h);
            return result;
        });
    }

    private static void unlock(Handle h) {
        h.createQuery("SELECT pg_advisory_unlock(:key)").bind("key", ADVISORY_LOCK_KEY).mapTo(Boolean.class).one();
    }

    private Flyway flyway(int baseline, DataSource dataSource) {
        return Flyway.configure(SchemaInstaller.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:" + dialect.migrationLocation())
                .table(HISTORY_TABLE)
                // A schema that holds other tables (a host's) is baselined instead of refused; the former
                // runner's database is baselined at its last version.
                .baselineOnMigrate(true)
                .baselineVersion(String.valueOf(baseline))
                .baselineDescription(baseline == 0 ? "before partner delegation" : "installed by " + FORMER_HISTORY_TABLE)
                // The scripts have no placeholders: a "${" in one is SQL, never a value to fill in.
                .placeholderReplacement(false)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .callbacks(new CanonicalEmailSteps())
                .load();
    }

    /**
     * The Java steps of V2 and V4: after the version's script, on its connection and in its
     * transaction, so that a step that stops leaves the version unrecorded.
     */
    private static final class CanonicalEmailSteps implements Callback {
        @Override
        public boolean supports(Event event, Context context) {
            // Flyway asks some events without a context, to see whether to open a connection for them.
            if (event != Event.AFTER_EACH_MIGRATE || context == null || context.getMigrationInfo() == null
                    || context.getMigrationInfo().getVersion() == null) {
                return false;
            }
            String version = context.getMigrationInfo().getVersion().getVersion();
            return version.equals("2") || version.equals("4");
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            Jdbi onMigration = Jdbi.create(context.getConnection());
            // The handle joins Flyway's open transaction: closing it must neither commit nor roll back.
            onMigration.getConfig(Handles.class).setForceEndTransactions(false);
            try (Handle h = onMigration.open()) {
                recomputeCanonicalEmails(h, "Upgrading the delegation schema to V" + context.getMigrationInfo().getVersion());
            }
        }

        @Override
        public String getCallbackName() {
            return "partner delegation: canonical emails";
        }
    }

    /** Which of the library's tables the current schema holds. */
    private record Tables(boolean flywayHistory, boolean formerHistory, boolean delegation) {
        static Tables of(Handle h) {
            return new Tables(tableExists(h, HISTORY_TABLE), tableExists(h, FORMER_HISTORY_TABLE), tableExists(h, "pd_delegation"));
        }
    }

    private String withoutHistory(Tables tables) {
        if (tables.formerHistory()) {
            return "The delegation schema was installed by the library's former runner (" + FORMER_HISTORY_TABLE + ") and has no "
                    + HISTORY_TABLE + " yet: run JdbiStorage.installSchema() once (schema mode migrate), which takes it over and"
                    + " applies the versions it lacks, then validate.";
        }
        if (tables.delegation()) {
            return "The delegation tables are there but not " + HISTORY_TABLE + ": another tool installed them, so this library"
                    + " cannot tell their versions. Validate with that tool (schema mode none), or let it record the library's"
                    + " scripts in " + HISTORY_TABLE + ".";
        }
        return "The delegation schema is not installed (no " + HISTORY_TABLE + "): run JdbiStorage.installSchema() (schema mode"
                + " migrate), or apply the scripts of classpath:" + dialect.migrationLocation() + " with your migration tool.";
    }

    private String invalid(ValidateResult result) {
        java.util.Map<String, List<String>> byProblem = new java.util.LinkedHashMap<>();
        for (ValidateOutput output : result.invalidMigrations) {
            String code = output.errorDetails == null || output.errorDetails.errorCode == null ? "" : output.errorDetails.errorCode.toString();
            String problem = switch (code) {
                case "RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED" -> "missing";
                case "CHECKSUM_MISMATCH", "DESCRIPTION_MISMATCH", "TYPE_MISMATCH" -> "different from the script this library ships";
                case "FAILED_VERSIONED_MIGRATION" -> "failed";
                case "APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED" -> "unknown to this version of the library";
                default -> "invalid";
            };
            byProblem.computeIfAbsent(problem, k -> new java.util.ArrayList<>()).add("V" + output.version);
        }
        StringBuilder message = new StringBuilder("The delegation schema (" + HISTORY_TABLE + ") does not match this version of the"
                + " library:");
        byProblem.forEach((problem, versions) -> message.append(' ').append(String.join(", ", versions)).append(' ')
                .append(problem).append(';'));
        if (byProblem.isEmpty() && result.errorDetails != null) {
            message.append(' ').append(result.errorDetails.errorMessage).append(';');
        }
        message.append(" run JdbiStorage.installSchema() (schema mode migrate) to apply the missing versions, or apply the scripts of"
                + " classpath:").append(dialect.migrationLocation()).append(" with your migration tool under ").append(HISTORY_TABLE)
                .append(". A version that differs was applied from another script, and one that failed stopped half way: restore"
                        + " the database from a backup taken before it rather than editing ").append(HISTORY_TABLE).append('.');
        return message.toString();
    }

    /**
     * The library's error for any failure of an install or a validation: a {@link DelegationException}
     * anywhere in the causes (a Java step's, which Flyway wraps) as it is, a Jdbi failure as the
     * storage translates it, anything else (Flyway's own) as {@code STORAGE_UNAVAILABLE} with its
     * message and the cause kept.
     */
    private static DelegationException failure(String prefix, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DelegationException delegation) {
                return delegation;
            }
        }
        RuntimeException translated = SqlFailures.translate(e);
        if (translated instanceof DelegationException delegation) {
            return delegation;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, prefix + message, e);
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
}
