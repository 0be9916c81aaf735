package org.partnerdelegation.benchmarks.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.partnerdelegation.benchmarks.load.Journal.Entry;
import org.partnerdelegation.benchmarks.load.LoadReport.Check;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;

/**
 * The checks at the end of a load run, on connections of their own: the journal of acknowledged
 * writes replayed thread by thread into what the database must hold, then compared with its rows
 * and with what a fresh facade's {@code validateSession} answers; the invariants over all rows of
 * the run; and the outbox against the mails the SMTP server received.
 */
final class Invariants {

    private static final int EXAMPLES = 3;

    private static final class D {
        boolean accepted;
        boolean ended;
    }

    private static final class S {
        final String delegation;
        final int thread;
        boolean ended;

        S(String delegation, int thread) {
            this.delegation = delegation;
            this.thread = thread;
        }
    }

    private record Row(String status, boolean accepted) {
    }

    private final String url;
    private final String user;
    private final String password;
    private final String run;

    Invariants(String url, String user, String password, String run) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.run = run;
    }

    List<Check> check(List<Entry> journal, Inbox inbox) {
        Map<String, D> delegations = new LinkedHashMap<>();
        Map<String, S> sessions = new LinkedHashMap<>();
        Set<String> excluded = new HashSet<>();
        Set<Integer> excludedThreads = new HashSet<>();
        List<Entry> ordered = new ArrayList<>(journal);
        ordered.sort(Comparator.comparingInt(Entry::thread).thenComparingLong(Entry::seq));
        for (Entry e : ordered) {
            switch (e.kind()) {
                case ADD -> delegations.put(e.a(), new D());
                case ACCEPT -> delegations.computeIfAbsent(e.a(), k -> new D()).accepted = true;
                case LOGIN -> sessions.put(e.b(), new S(e.a(), e.thread()));
                case END_SESSION -> sessions.get(e.a()).ended = true;
                case DELETE, DISASSOCIATE -> {
                    delegations.computeIfAbsent(e.a(), k -> new D()).ended = true;
                    sessions.values().stream().filter(s -> s.delegation.equals(e.a())).forEach(s -> s.ended = true);
                }
                case REVOKE -> sessions.values().stream().filter(s -> s.thread == e.thread()).forEach(s -> s.ended = true);
                case UNRESOLVED -> {
                    if (e.a().equals("partner")) {
                        excludedThreads.add(e.thread());
                    } else {
                        excluded.add(e.b());
                    }
                }
                default -> {
                }
            }
        }
        List<Check> checks = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            Map<String, Row> rows = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT delegation_id, status, accepted_at FROM pd_delegation"
                    + " WHERE customer_tenant LIKE ?")) {
                ps.setString(1, "load-" + run + "-%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.put(rs.getString(1), new Row(rs.getString(2), rs.getObject(3) != null));
                    }
                }
            }
            Map<String, Boolean> sessionRows = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT token_hash, revoked_at FROM pd_session WHERE customer_tenant LIKE ?")) {
                ps.setString(1, "load-" + run + "-%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sessionRows.put(rs.getString(1).strip(), rs.getObject(2) != null);
                    }
                }
            }
            checks.add(delegationCheck("acknowledged adds present", delegations, excluded, (d, row) -> row != null, rows));
            checks.add(delegationCheck("acknowledged accepts connected (or ended by a later acknowledged call)",
                    filter(delegations, d -> d.accepted), excluded,
                    (d, row) -> row != null && row.accepted() && (d.ended ? !open(row) : row.status().equals("CONNECTED")), rows));
            checks.add(delegationCheck("acknowledged deletes and disassociations ended", filter(delegations, d -> d.ended),
                    excluded, (d, row) -> row != null && !open(row), rows));
            checks.addAll(sessionChecks(sessions, sessionRows, excluded, excludedThreads));
            checks.add(count(c, "one partner per customer", "SELECT COUNT(DISTINCT customer_tenant) FROM pd_delegation"
                            + " WHERE customer_tenant LIKE ?",
                    "SELECT COUNT(*) FROM (SELECT customer_tenant FROM pd_delegation WHERE customer_tenant LIKE ?"
                            + " AND status = 'CONNECTED' GROUP BY customer_tenant HAVING COUNT(*) > 1) t"));
            checks.add(count(c, "no live session into an ended delegation, or of a partner without the permission",
                    "SELECT COUNT(*) FROM pd_session WHERE customer_tenant LIKE ?",
                    "SELECT COUNT(*) FROM pd_session s JOIN pd_delegation d ON d.delegation_id = s.delegation_id"
                            + " JOIN pd_tenant p ON p.tenant_id = d.partner_tenant WHERE s.customer_tenant LIKE ?"
                            + " AND s.revoked_at IS NULL AND s.expires_at > CURRENT_TIMESTAMP"
                            + " AND (d.status <> 'CONNECTED' OR NOT p.partner_permission)"));
            if (inbox != null) {
                checks.add(mailCheck(c, inbox));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The invariant checks cannot read " + url + ": " + e.getMessage(), e);
        }
        return checks;
    }

    private static boolean open(Row row) {
        return row.status().equals("PENDING") || row.status().equals("CONNECTED");
    }

    private static Map<String, D> filter(Map<String, D> all, java.util.function.Predicate<D> which) {
        Map<String, D> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (which.test(v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Check delegationCheck(String name, Map<String, D> delegations, Set<String> excluded,
                                         java.util.function.BiPredicate<D, Row> holds, Map<String, Row> rows) {
        long checked = 0;
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, D> e : delegations.entrySet()) {
            if (excluded.contains(e.getKey())) {
                continue;
            }
            checked++;
            Row row = rows.get(e.getKey());
            if (!holds.test(e.getValue(), row)) {
                bad.add(e.getKey() + " is " + (row == null ? "missing" : row.status()));
            }
        }
        return new Check(name, checked, bad.size(), String.join("; ", bad.subList(0, Math.min(EXAMPLES, bad.size()))));
    }

    private List<Check> sessionChecks(Map<String, S> sessions, Map<String, Boolean> rows, Set<String> excluded,
                                      Set<Integer> excludedThreads) {
        long liveChecked = 0;
        long endedChecked = 0;
        List<String> liveBad = new ArrayList<>();
        List<String> endedBad = new ArrayList<>();
        try (JdbiStorage storage = JdbiStorage.connect(DatabaseConfig.of(url, user, password).withMaximumPoolSize(2)
                .withInstallSchema(false))) {
            PartnerDelegation fresh = PartnerDelegation.builder()
                    .tenantDirectory(storage.tenantDirectory())
                    .delegationStore(storage.delegationStore())
                    .sessionIssuer(storage.sessionIssuer())
                    .settings(LoadNode.SETTINGS)
                    .build();
            for (Map.Entry<String, S> e : sessions.entrySet()) {
                S s = e.getValue();
                if (excluded.contains(e.getKey()) || excluded.contains(s.delegation) || excludedThreads.contains(s.thread)) {
                    continue;
                }
                String hash = SecretToken.parse(e.getKey()).hash().hex();
                Boolean revoked = rows.get(hash);
                boolean valid = fresh.validateSession(e.getKey()).isPresent();
                if (s.ended) {
                    endedChecked++;
                    if (valid || revoked == null || !revoked) {
                        endedBad.add("session into " + s.delegation + (valid ? " still validates" : " not revoked"));
                    }
                } else {
                    liveChecked++;
                    if (!valid || revoked == null || revoked) {
                        liveBad.add("session into " + s.delegation + (revoked == null ? " missing" : " does not validate"));
                    }
                }
            }
        }
        return List.of(
                new Check("acknowledged logins' sessions stored and valid", liveChecked, liveBad.size(),
                        String.join("; ", liveBad.subList(0, Math.min(EXAMPLES, liveBad.size())))),
                new Check("acknowledged session ends, deletes, disassociations and revocations hold: the session is revoked",
                        endedChecked, endedBad.size(), String.join("; ", endedBad.subList(0, Math.min(EXAMPLES, endedBad.size())))));
    }

    private Check count(Connection c, String name, String checkedSql, String violationsSql) throws SQLException {
        return new Check(name, single(c, checkedSql), single(c, violationsSql), "");
    }

    private long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, "load-" + run + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Every outbox entry of the run against the mails received: delivered exactly once, or sent
     * again only under a later claim (the attempt count is the fence: a late sender records nothing).
     */
    private Check mailCheck(Connection c, Inbox inbox) throws SQLException {
        Map<String, Integer> received = inbox.perNotification();
        Map<String, Long> kinds = new TreeMap<>();
        List<String> bad = new ArrayList<>();
        long checked = 0;
        Set<String> known = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT notification_id, status, attempts FROM pd_outbox WHERE recipient LIKE ?")) {
            ps.setString(1, "%.r" + run + ".load.example");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    checked++;
                    String id = rs.getString(1);
                    String status = rs.getString(2);
                    int attempts = rs.getInt(3);
                    known.add(id);
                    int mails = received.getOrDefault(id, 0);
                    String kind;
                    if (status.equals("DELIVERED") && mails == 1) {
                        kind = "delivered once";
                    } else if (status.equals("DELIVERED") && mails > 1 && mails <= attempts) {
                        kind = "sent again under a later claim (fenced)";
                    } else if (status.equals("DISCARDED") && mails == 0) {
                        kind = "not sent: delegation no longer pending, or partner without the permission";
                    } else if (status.equals("DISCARDED") && mails < attempts) {
                        // Sent under an earlier claim whose record died with the primary, discarded under a later one.
                        kind = "sent under an earlier claim, then discarded under a later one (fenced)";
                    } else {
                        kind = "VIOLATION " + status + " with " + mails + " mails after " + attempts + " claims";
                        if (bad.size() < EXAMPLES) {
                            bad.add(id + ": " + kind);
                        }
                    }
                    kinds.merge(kind.startsWith("VIOLATION") ? "violations" : kind, 1L, Long::sum);
                }
            }
        }
        long unknown = received.keySet().stream().filter(id -> !known.contains(id)).count();
        if (unknown > 0) {
            kinds.put("mails of no outbox entry", unknown);
        }
        long violations = kinds.getOrDefault("violations", 0L) + unknown;
        String detail = kinds.toString().replace("{", "").replace("}", "").replace("=", ": ")
                + (bad.isEmpty() ? "" : "; " + String.join("; ", bad));
        return new Check("every outbox entry delivered exactly once or fenced", checked, violations, detail);
    }
}
