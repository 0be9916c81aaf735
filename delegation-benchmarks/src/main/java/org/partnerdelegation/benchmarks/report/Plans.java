package org.partnerdelegation.benchmarks.report;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.partnerdelegation.benchmarks.Fixtures;
import org.partnerdelegation.benchmarks.scale.ScaleData;

/**
 * The plans PostgreSQL chooses for two of the scale benchmarks' statements, as the library sends
 * them: the statements are read from the library's own (package-private) constants, so that a
 * change of the library's SQL shows here without a copy to keep in step.
 */
final class Plans {

    private Plans() {
    }

    /** The plans on the scale database of that many delegations, by title. */
    static Map<String, String> explain(int port, int delegations) throws Exception {
        Map<String, String> plans = new LinkedHashMap<>();
        String size = String.format(Locale.ROOT, "%,d", delegations);
        Instant now = Instant.now();
        OffsetDateTime utcNow = now.atOffset(ZoneOffset.UTC);
        String liveSession = constant("org.partnerdelegation.jdbi.JdbiJoinedQueries", "LIVE_SESSION");
        String auditPage = constant("org.partnerdelegation.jdbi.AuditDao", "OF_TENANT");
        String partner = Fixtures.partner(1).id().value();
        OffsetDateTime from = now.minus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC);
        OffsetDateTime to = now.plus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC);
        // AuditDao.ofTenant's arguments on PostgreSQL: the target part (tenant, its range led by the tenant), the partner's part
        // (the tenant it is not the target of, the range, the partner), and the page size plus one (is there a next page).
        Object[] auditArguments = {partner, partner, from, partner, to, partner, from, to, partner, 101};
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + ScaleData.databaseName(delegations),
                "postgres", "postgres")) {
            plans.put("validateSession, " + size + " delegations", explain(c, liveSession,
                    Fixtures.token("scale-live-0").hash().hex(), utcNow, utcNow));
            plans.put("audit page, " + size + " delegations, custom plan", explain(c, auditPage, auditArguments));
            try (Statement s = c.createStatement()) {
                s.execute("SET plan_cache_mode = force_generic_plan");
            }
            plans.put("audit page, " + size + " delegations, generic plan", explain(c, auditPage, auditArguments));
        }
        return plans;
    }

    /**
     * What a plan shows: its execution time, the buffers its top node read from PostgreSQL's shared
     * buffers (hit) and from outside them (read), and its shape (the nodes and indexes without any
     * figure), which tells whether the two sizes ran the same plan.
     *
     * @param millis execution time in ms
     * @param hit    shared buffers found in PostgreSQL's buffer cache
     * @param read   shared buffers read from the operating system
     * @param shape  the plan with every number taken out
     */
    record Summary(double millis, long hit, long read, String shape) {

        static Summary of(String plan) {
            double millis = Double.NaN;
            long hit = 0;
            long read = 0;
            boolean topBuffers = false;
            StringBuilder shape = new StringBuilder();
            for (String line : plan.split("\n")) {
                String trimmed = line.trim();
                if (trimmed.startsWith("Execution Time:")) {
                    millis = Double.parseDouble(trimmed.replaceAll("[^0-9.]", ""));
                } else if (trimmed.startsWith("Buffers: shared") && !topBuffers) {
                    topBuffers = true;
                    hit = figure(trimmed, "hit=");
                    read = figure(trimmed, "read=");
                }
                if (!trimmed.startsWith("Planning") && !trimmed.startsWith("Execution") && !trimmed.startsWith("Buffers")
                        && !trimmed.startsWith("Heap Fetches") && !trimmed.startsWith("Rows Removed") && !trimmed.startsWith("Sort Method")) {
                    shape.append(line.replaceAll("\\(cost=[^)]*\\)", "").replaceAll("\\(actual [^)]*\\)", "")
                            .replaceAll("'[^']*'", "?").stripTrailing()).append('\n');
                }
            }
            return new Summary(millis, hit, read, shape.toString());
        }

        private static long figure(String line, String name) {
            int at = line.indexOf(name);
            if (at < 0) {
                return 0;
            }
            int end = at + name.length();
            while (end < line.length() && Character.isDigit(line.charAt(end))) {
                end++;
            }
            return Long.parseLong(line.substring(at + name.length(), end));
        }
    }

    private static String explain(Connection c, String sql, Object... arguments) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            for (int i = 0; i < arguments.length; i++) {
                ps.setObject(i + 1, arguments[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    private static String constant(String className, String field) throws ReflectiveOperationException {
        var f = Class.forName(className).getDeclaredField(field);
        f.setAccessible(true);
        return (String) f.get(null);
    }
}
