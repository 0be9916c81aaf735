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
import org.partnerdelegation.benchmarks.scale.ScalePlan;

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

    /** Keeps ScalePlan's live sessions and these plans' token in step: session 0 is the first live one. */
    static String firstLiveToken() {
        return ScalePlan.liveToken(0);
    }
}
