package org.partnerdelegation.benchmarks.scale;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.partnerdelegation.benchmarks.BenchmarkDatabase;
import org.partnerdelegation.benchmarks.Fixtures;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Tenant;

/**
 * Writes a {@link ScalePlan} into a PostgreSQL database whose schema {@code JdbiStorage}
 * installed: the rows the library would have written over that history, with {@code COPY}.
 * The tables' indexes, unique and primary keys and foreign keys are dropped before and rebuilt
 * after from PostgreSQL's own definitions of them ({@code pg_get_indexdef},
 * {@code pg_get_constraintdef}), so the schema afterwards is the one installed (a test compares
 * them), only built in one pass per index rather than a row at a time. Then
 * {@code VACUUM (ANALYZE)}: the statistics a grown database has, and the visibility map its
 * index-only scans need (autovacuum would otherwise do it in the middle of a measurement).
 *
 * <p>What it writes: every partner and customer in {@code pd_tenant} (partners with the permission,
 * granted in the audit trail); each delegation with the columns the library writes; one
 * invitation per delegation (OPEN while PENDING, USED once accepted, DECLINED, SUPERSEDED when
 * it expired or was withdrawn); the delivered outbox entries of the invitation and of the
 * acceptance; the audit events in time order (added, accepted, declined, expired, deleted,
 * disassociated, ended, the permission grants and the logins); a session for every login of the
 * last {@code 30} days (expired, or revoked where the delegation ended first), and
 * {@link ScalePlan#LIVE_SESSIONS} live ones for the session checks. Not thread-safe.
 */
public final class ScaleLoader {

    static final List<String> LOADED_TABLES = List.of("pd_tenant", "pd_delegation", "pd_invitation", "pd_outbox",
            "pd_audit_event", "pd_session");

    private static final String ROLES = DelegatedSession.TENANT_ADMINISTRATOR_SCOPE;
    private static final String STEP_UP_METHODS = "otp pwd";
    private static final String OPERATOR_TENANT = "host-operators";

    private static final int K_GRANTED = 0;
    private static final int K_ADDED = 1;
    private static final int K_ACCEPTED = 2;
    private static final int K_LOGIN = 3;
    private static final int K_LIVE_LOGIN = 4;
    private static final int K_DELETED = 5;
    private static final int K_DISASSOCIATED = 6;
    private static final int K_DECLINED = 7;
    private static final int K_EXPIRED = 8;
    private static final int K_ENDED = 9;
    private static final int INDEX_BITS = 21;
    private static final int KIND_BITS = 5;

    private final BenchmarkDatabase db;
    private final ScalePlan plan;
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private final Map<String, Long> rows = new LinkedHashMap<>();

    private ScaleLoader(BenchmarkDatabase db, ScalePlan plan) {
        this.db = db;
        this.plan = plan;
    }

    /**
     * Loads the plan into the database, which holds the installed schema and no rows.
     *
     * @return what it wrote and how long each step took
     */
    public static Result load(BenchmarkDatabase db, ScalePlan plan) {
        if (!db.kind().equals(BenchmarkDatabase.POSTGRESQL)) {
            throw new IllegalArgumentException("the scale data is loaded into PostgreSQL only (COPY), got " + db.kind());
        }
        return new ScaleLoader(db, plan).run();
    }

    /**
     * What a load wrote.
     *
     * @param rows    rows per table, in load order
     * @param seconds seconds per step, in order: the tables' COPY, rebuilding keys and indexes, VACUUM (ANALYZE)
     */
    public record Result(Map<String, Long> rows, Map<String, Double> seconds) {

        /** {@return the whole load's seconds} */
        public double totalSeconds() {
            return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private Result run() {
        try (Connection c = db.connect(); Connection second = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET maintenance_work_mem = '512MB'");
            }
            Schema schema = Schema.read(c);
            long t = System.nanoTime();
            schema.dropKeysAndIndexes(c);
            t = step("drop keys and indexes", t);
            tenants(c);
            t = step("COPY pd_tenant", t);
            delegations(c);
            t = step("COPY pd_delegation", t);
            invitationsAndOutbox(c, second);
            t = step("COPY pd_invitation, pd_outbox", t);
            auditEventsAndSessions(c, second);
            t = step("COPY pd_audit_event, pd_session", t);
            schema.rebuild(c);
            t = step("rebuild keys and indexes", t);
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM (ANALYZE)");
            }
            step("VACUUM (ANALYZE)", t);
        } catch (SQLException e) {
            throw new IllegalStateException("Loading the scale data into " + db.url() + " failed: " + e.getMessage(), e);
        }
        return new Result(rows, seconds);
    }

    private long step(String name, long since) {
        long now = System.nanoTime();
        seconds.put(name, (now - since) / 1e9);
        return now;
    }

    private void tenants(Connection c) throws SQLException {
        List<String> columns = List.of("tenant_id", "account_number", "admin_email", "admin_email_canonical", "partner_permission");
        try (CopyRows copy = new CopyRows(c, "pd_tenant", columns)) {
            for (int p = 1; p <= plan.partners(); p++) {
                tenant(copy, Fixtures.partner(p));
            }
            for (int i = 0; i < plan.delegations(); i++) {
                tenant(copy, ScalePlan.customerOf(i));
            }
            rows.put("pd_tenant", copy.finish());
        }
    }

    private static void tenant(CopyRows copy, Tenant t) {
        copy.row().add(t.id().value()).add(t.accountNumber().value()).add(t.administratorEmail().value())
                .add(t.administratorEmail().canonical()).add(t.partnerPermission() ? "t" : "f");
    }

    private void delegations(Connection c) throws SQLException {
        List<String> columns = List.of("delegation_id", "partner_tenant", "customer_tenant", "customer_email",
                "customer_email_canonical", "customer_account_number", "status", "created_at", "updated_at", "accepted_at", "roles",
                "term_seconds", "ends_at", "access_until", "auto_renew", "reason_required", "ending_notice_sent", "requested_roles",
                "requested_term_seconds", "change_requested_at", "version");
        try (CopyRows copy = new CopyRows(c, "pd_delegation", columns)) {
            for (int i = 0; i < plan.delegations(); i++) {
                Tenant customer = ScalePlan.customerOf(i);
                byte status = plan.status(i);
                long created = plan.createdAt(i);
                long accepted = plan.acceptedAt(i);
                long ended = plan.endedAt(i);
                long updated = ended >= 0 ? ended : accepted >= 0 ? accepted : created;
                int version = (accepted >= 0 ? 1 : 0) + (ended >= 0 ? 1 : 0);
                copy.row().add(ScalePlan.delegationId(i).value()).add(Fixtures.partner(plan.partnerOf(i)).id().value())
                        .add(customer.id().value()).add(customer.administratorEmail().value())
                        .add(customer.administratorEmail().canonical()).add(customer.accountNumber().value())
                        .add(ScalePlan.STATUS_NAMES[status]).time(created, micros(i, 1)).time(updated, micros(i, updatedPart(i)))
                        .add(accepted >= 0 ? iso(accepted, micros(i, 2)) : null).add(ROLES).add(null);
                // An ENDED delegation had an end date, which is when it ended (the time limits' sweep).
                String end = status == ScalePlan.ENDED ? iso(ended, micros(i, 3)) : null;
                copy.add(end).add(end).add("f").add("f").add("f").add(null).add(null).add(null).add(version);
            }
            rows.put("pd_delegation", copy.finish());
        }
    }

    /** Which of the delegation's instants its updated_at is: its end, its acceptance or its creation. */
    private int updatedPart(int i) {
        return plan.endedAt(i) >= 0 ? 3 : plan.acceptedAt(i) >= 0 ? 2 : 1;
    }

    private void invitationsAndOutbox(Connection c, Connection second) throws SQLException {
        List<String> invitationColumns = List.of("token_hash", "delegation_id", "created_at", "expires_at", "status", "used_at");
        List<String> outboxColumns = List.of("notification_id", "notification_type", "delegation_id", "recipient", "status",
                "attempts", "created_at", "next_attempt_at", "delivered_at", "last_error", "logins");
        SplittableRandom ids = new SplittableRandom(plan.shape().seed() * 31 + 1);
        try (CopyRows invitations = new CopyRows(c, "pd_invitation", invitationColumns);
             CopyRows outbox = new CopyRows(second, "pd_outbox", outboxColumns)) {
            for (int i = 0; i < plan.delegations(); i++) {
                UUID id = ScalePlan.delegationId(i).value();
                byte status = plan.status(i);
                long created = plan.createdAt(i);
                long accepted = plan.acceptedAt(i);
                long ended = plan.endedAt(i);
                String invitationStatus = status == ScalePlan.PENDING ? "OPEN" : accepted >= 0 ? "USED"
                        : status == ScalePlan.DECLINED ? "DECLINED" : "SUPERSEDED";
                String usedAt = accepted >= 0 ? iso(accepted, micros(i, 2))
                        : status == ScalePlan.DECLINED ? iso(ended, micros(i, 3)) : null;
                invitations.row().add(Fixtures.token("scale-invitation-" + i).hash().hex()).add(id).time(created, micros(i, 1))
                        .time(created + ScalePlan.INVITATION_LIFETIME.toSeconds(), micros(i, 1)).add(invitationStatus).add(usedAt);
                Tenant customer = ScalePlan.customerOf(i);
                delivered(outbox, ids, "INVITATION", id, customer.administratorEmail().value(), created, micros(i, 1));
                if (accepted >= 0) {
                    delivered(outbox, ids, "ACCEPTANCE_NOTICE", id, Fixtures.partner(plan.partnerOf(i)).administratorEmail().value(),
                            accepted, micros(i, 2));
                }
            }
            rows.put("pd_invitation", invitations.finish());
            rows.put("pd_outbox", outbox.finish());
        }
    }

    private static void delivered(CopyRows outbox, SplittableRandom ids, String type, UUID delegation, String recipient, long at,
                                  long micros) {
        outbox.row().add(uuid(ids)).add(type).add(delegation).add(recipient).add("DELIVERED").add(1).time(at, micros)
                .time(at, micros).time(at + 2, micros).add(null).add(null);
    }

    private void auditEventsAndSessions(Connection c, Connection second) throws SQLException {
        long[] events = events();
        List<String> auditColumns = List.of("event_id", "event_type", "delegation_id", "target_tenant", "actor_tenant", "actor_user",
                "from_status", "to_status", "occurred_at", "roles", "ends_at", "reason", "auth_methods");
        List<String> sessionColumns = List.of("token_hash", "session_id", "delegation_id", "customer_tenant", "subject_email",
                "actor_tenant", "actor_user", "scope", "reason", "permission_epoch", "issued_at", "expires_at", "revoked_at");
        SplittableRandom ids = new SplittableRandom(plan.shape().seed() * 31 + 2);
        long keptFrom = plan.now().getEpochSecond() - ScalePlan.SESSION_RETENTION.toSeconds();
        int[] live = plan.liveSessionDelegations();
        int[] liveIndex = new int[plan.delegations()];
        Arrays.fill(liveIndex, -1);
        for (int k = 0; k < live.length; k++) {
            liveIndex[live[k]] = k;
        }
        try (CopyRows audit = new CopyRows(c, "pd_audit_event", auditColumns);
             CopyRows sessions = new CopyRows(second, "pd_session", sessionColumns)) {
            for (int j = 0; j < events.length; j++) {
                long packed = events[j];
                int kind = (int) (packed & ((1 << KIND_BITS) - 1));
                int i = (int) ((packed >>> KIND_BITS) & ((1 << INDEX_BITS) - 1));
                long second0 = plan.start() + (packed >>> (KIND_BITS + INDEX_BITS));
                long micros = j % 1_000_000;
                audit.row().add(uuid(ids));
                if (kind == K_GRANTED) {
                    Tenant partner = Fixtures.partner(i);
                    audit.add("PARTNER_PERMISSION_GRANTED").add(null).add(partner.id().value()).add(OPERATOR_TENANT)
                            .add("operator-1").add(null).add(null).time(second0, micros).add(null).add(null).add(null).add(null);
                    continue;
                }
                Tenant customer = ScalePlan.customerOf(i);
                String partner = Fixtures.partner(plan.partnerOf(i)).id().value();
                String partnerAdmin = "admin-of-" + partner;
                String customerAdmin = "admin-of-" + customer.id().value();
                String to = ScalePlan.STATUS_NAMES[plan.status(i)];
                audit.add(switch (kind) {
                    case K_ADDED -> "CUSTOMER_ADDED";
                    case K_ACCEPTED -> "INVITATION_ACCEPTED";
                    case K_LOGIN, K_LIVE_LOGIN -> "DELEGATED_LOGIN";
                    case K_DELETED -> "ACCOUNT_DELETED";
                    case K_DISASSOCIATED -> "PARTNER_DISASSOCIATED";
                    case K_DECLINED -> "INVITATION_DECLINED";
                    case K_EXPIRED -> "INVITATION_EXPIRED";
                    case K_ENDED -> "DELEGATION_ENDED";
                    default -> throw new IllegalStateException("kind " + kind);
                }).add(ScalePlan.delegationId(i).value()).add(customer.id().value());
                String user = kind == K_LOGIN ? "user-" + (j % 4) + "-of-" + partner : kind == K_LIVE_LOGIN ? partnerAdmin : null;
                switch (kind) {
                    case K_ADDED -> audit.add(partner).add(partnerAdmin).add(null).add("PENDING");
                    case K_ACCEPTED -> audit.add(customer.id().value()).add(customerAdmin).add("PENDING").add("CONNECTED");
                    case K_LOGIN, K_LIVE_LOGIN -> audit.add(partner).add(user).add("CONNECTED").add("CONNECTED");
                    case K_DELETED -> audit.add(partner).add(partnerAdmin).add(plan.acceptedAt(i) >= 0 ? "CONNECTED" : "PENDING").add(to);
                    case K_DISASSOCIATED -> audit.add(customer.id().value()).add(customerAdmin).add("CONNECTED").add(to);
                    case K_DECLINED -> audit.add(customer.id().value()).add(customerAdmin).add("PENDING").add(to);
                    case K_EXPIRED -> audit.add(OPERATOR_TENANT).add("time-limits").add("PENDING").add(to);
                    default -> audit.add(OPERATOR_TENANT).add("time-limits").add("CONNECTED").add(to);
                }
                boolean login = kind == K_LOGIN || kind == K_LIVE_LOGIN;
                audit.time(second0, micros).add(kind == K_ADDED || kind == K_ACCEPTED || login ? ROLES : null)
                        .add(kind == K_ENDED ? iso(plan.endedAt(i), micros(i, 3)) : null).add(null).add(login ? STEP_UP_METHODS : null);
                if (kind == K_LIVE_LOGIN) {
                    // Valid for a day, the length of any run, as the other benchmarks' sessions.
                    session(sessions, ids, Fixtures.token("scale-live-" + liveIndex[i]).hash().hex(), i, customer, partner, user,
                            second0, micros, second0 + 86_400, -1);
                } else if (kind == K_LOGIN && second0 >= keptFrom) {
                    long expires = second0 + ScalePlan.SESSION_LIFETIME.toSeconds();
                    long ended = plan.endedAt(i);
                    session(sessions, ids, Fixtures.token("scale-login-" + j).hash().hex(), i, customer, partner, user, second0, micros,
                            expires, ended >= 0 && ended < expires ? ended : -1);
                }
            }
            rows.put("pd_audit_event", audit.finish());
            rows.put("pd_session", sessions.finish());
        }
    }

    private void session(CopyRows sessions, SplittableRandom ids, String hash, int i, Tenant customer, String partner, String user,
                         long issued, long micros, long expires, long revoked) {
        sessions.row().add(hash).add(uuid(ids)).add(ScalePlan.delegationId(i).value()).add(customer.id().value())
                .add(customer.administratorEmail().value()).add(partner).add(user).add(ROLES).add(null).add(0)
                .time(issued, micros).time(expires, micros).add(revoked >= 0 ? iso(revoked, micros(i, 3)) : null);
    }

    /**
     * Every audit event, packed in a long (seconds since the start, the delegation or partner,
     * the kind) and sorted: the trail in the order it was appended, as its sequence numbers say.
     */
    private long[] events() {
        long total = plan.shape().auditEvents();
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("at most " + (Integer.MAX_VALUE - 8) + " audit events, got " + total);
        }
        long[] events = new long[(int) total];
        int n = 0;
        for (int p = 1; p <= plan.partners(); p++) {
            events[n++] = pack(plan.start() + p % 86_400, p, K_GRANTED);
        }
        long now = plan.now().getEpochSecond();
        for (int i = 0; i < plan.delegations(); i++) {
            events[n++] = pack(plan.createdAt(i), i, K_ADDED);
            long accepted = plan.acceptedAt(i);
            long ended = plan.endedAt(i);
            if (accepted >= 0) {
                events[n++] = pack(accepted, i, K_ACCEPTED);
            }
            if (ended >= 0) {
                int kind = switch (plan.status(i)) {
                    case ScalePlan.DECLINED -> K_DECLINED;
                    case ScalePlan.EXPIRED -> K_EXPIRED;
                    case ScalePlan.ENDED -> K_ENDED;
                    default -> plan.path(i) == ScalePlan.DISASSOCIATED_BY_CUSTOMER ? K_DISASSOCIATED : K_DELETED;
                };
                events[n++] = pack(ended, i, kind);
            }
            if (plan.logins(i) > 0) {
                SplittableRandom random = new SplittableRandom(plan.shape().seed() * 7_919L + i);
                long until = ended >= 0 ? ended : now - 3_600;
                for (int k = 0; k < plan.logins(i); k++) {
                    events[n++] = pack(random.nextLong(accepted + 1, Math.max(accepted + 2, until)), i, K_LOGIN);
                }
            }
        }
        for (int i : plan.liveSessionDelegations()) {
            events[n++] = pack(now - 60, i, K_LIVE_LOGIN);
        }
        if (n != events.length) {
            throw new IllegalStateException("drew " + n + " audit events, planned " + events.length);
        }
        Arrays.sort(events);
        return events;
    }

    private long pack(long epochSecond, int index, int kind) {
        return ((epochSecond - plan.start()) << (KIND_BITS + INDEX_BITS)) | ((long) index << KIND_BITS) | kind;
    }

    /** The microseconds of the delegation's instants: one per part, so that its times differ below the second as real ones do. */
    private static long micros(int i, int part) {
        return (i * 7_919L + part * 104_729L) % 1_000_000;
    }

    private static String iso(long epochSecond, long micros) {
        return java.time.Instant.ofEpochSecond(epochSecond, micros * 1_000L).toString();
    }

    private static UUID uuid(SplittableRandom random) {
        // A version 4 UUID, as the library's ids are: the version and variant bits set, the rest random.
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** The keys and indexes of the loaded tables, as PostgreSQL defines them, to drop before loading and rebuild after. */
    record Schema(List<String[]> keys, List<String[]> indexes, List<String[]> foreignKeys) {

        private static final String TABLES = "SELECT c.oid FROM pg_class c WHERE c.relnamespace = current_schema()::text::regnamespace"
                + " AND c.relname = ANY (?)";

        static Schema read(Connection c) throws SQLException {
            String[] tables = LOADED_TABLES.toArray(String[]::new);
            List<String[]> keys = query(c, "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE contype IN ('p', 'u') AND conrelid IN (" + TABLES + ") ORDER BY contype, conrelid::regclass::text, conname",
                    tables, 1);
            // An IN list in a partial index's predicate comes back from pg_get_indexdef written another way once rebuilt (an
            // array of casts rather than a cast array): equivalent, but no longer the migration's text, which the planner
            // matches queries against. Such an index stays in place during the load (the fourth column: "keep").
            List<String[]> indexes = query(c, "SELECT indrelid::regclass::text, indexrelid::regclass::text,"
                    + " pg_get_indexdef(indexrelid), CASE WHEN coalesce(pg_get_expr(indpred, indrelid), '') LIKE '%ANY (%'"
                    + " THEN 'keep' ELSE 'rebuild' END FROM pg_index WHERE indrelid IN (" + TABLES + ")"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = indexrelid AND k.contype IN ('p', 'u', 'x'))"
                    + " ORDER BY indexrelid::regclass::text", tables, 1);
            List<String[]> foreignKeys = query(c, "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
                    + " FROM pg_constraint WHERE contype = 'f' AND (conrelid IN (" + TABLES + ") OR confrelid IN (" + TABLES + "))"
                    + " ORDER BY conrelid::regclass::text, conname", tables, 2);
            return new Schema(keys, indexes, foreignKeys);
        }

        private static List<String[]> query(Connection c, String sql, String[] tables, int arrays) throws SQLException {
            List<String[]> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int k = 1; k <= arrays; k++) {
                    ps.setArray(k, c.createArrayOf("text", tables));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String[] row = new String[rs.getMetaData().getColumnCount()];
                        for (int k = 0; k < row.length; k++) {
                            row[k] = rs.getString(k + 1);
                        }
                        found.add(row);
                    }
                }
            }
            return found;
        }

        /** Every definition as text, one a line: what a test compares before and after a load. */
        List<String> definitions() {
            List<String> all = new ArrayList<>();
            keys.forEach(k -> all.add("key " + String.join(" ", k)));
            indexes.forEach(i -> all.add("index " + i[2]));
            foreignKeys.forEach(f -> all.add("foreign key " + String.join(" ", f)));
            return all;
        }

        void dropKeysAndIndexes(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                for (String[] f : foreignKeys) {
                    s.execute("ALTER TABLE " + f[0] + " DROP CONSTRAINT " + f[1]);
                }
                for (String[] i : indexes) {
                    if (i[3].equals("rebuild")) {
                        s.execute("DROP INDEX " + i[1]);
                    }
                }
                for (String[] k : keys) {
                    s.execute("ALTER TABLE " + k[0] + " DROP CONSTRAINT " + k[1]);
                }
            }
        }

        void rebuild(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                for (String[] k : keys) {
                    s.execute("ALTER TABLE " + k[0] + " ADD CONSTRAINT " + k[1] + " " + k[2]);
                }
                for (String[] i : indexes) {
                    if (i[3].equals("rebuild")) {
                        s.execute(i[2]);
                    }
                }
                for (String[] f : foreignKeys) {
                    s.execute("ALTER TABLE " + f[0] + " ADD CONSTRAINT " + f[1] + " " + f[2]);
                }
            }
        }
    }
}
