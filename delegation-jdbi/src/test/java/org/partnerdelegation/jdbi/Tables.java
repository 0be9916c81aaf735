package org.partnerdelegation.jdbi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Looks at the tables behind the ports with plain SQL, as an operator would: row counts, and
 * the cross-table invariants that a unit of work must never leave half done.
 */
final class Tables {

    static final List<String> ALL = List.of("pd_tenant", "pd_delegation", "pd_invitation", "pd_audit_event", "pd_outbox",
            "pd_session", "pd_partner_epoch");

    /**
     * Every check names what must hold, and selects the delegations that break it. The counts
     * follow the facade: each status change is audited once and announces itself in the outbox.
     */
    private static final Map<String, String> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put("every delegation has exactly one CUSTOMER_ADDED audit event",
                "SELECT d.delegation_id FROM pd_delegation d WHERE " + audits("'CUSTOMER_ADDED'") + " <> 1");
        CHECKS.put("every delegation has at least one INVITATION outbox entry",
                "SELECT d.delegation_id FROM pd_delegation d WHERE " + outbox("'INVITATION'") + " = 0");
        CHECKS.put("the version of every delegation is the number of its audited status changes",
                "SELECT d.delegation_id FROM pd_delegation d WHERE d.version <> (SELECT COUNT(*) FROM pd_audit_event a"
                        + " WHERE a.delegation_id = d.delegation_id AND a.from_status IS NOT NULL AND a.from_status <> a.to_status)");
        CHECKS.put("the status of every delegation is the last status audited",
                "SELECT d.delegation_id FROM pd_delegation d WHERE d.status <> (SELECT a.to_status FROM pd_audit_event a"
                        + " WHERE a.delegation_id = d.delegation_id ORDER BY a.seq DESC FETCH FIRST 1 ROW ONLY)");
        CHECKS.put("an accepted delegation has one INVITATION_ACCEPTED event, one ACCEPTANCE_CONFIRMATION and one ACCEPTANCE_NOTICE; others none",
                "SELECT d.delegation_id FROM pd_delegation d WHERE " + mismatch("d.accepted_at IS NOT NULL",
                        audits("'INVITATION_ACCEPTED'"), outbox("'ACCEPTANCE_CONFIRMATION'"), outbox("'ACCEPTANCE_NOTICE'")));
        CHECKS.put("a removed delegation has one ACCOUNT_DELETED or PARTNER_DISASSOCIATED event and one REMOVAL_NOTICE_TO_PARTNER; others none",
                "SELECT d.delegation_id FROM pd_delegation d WHERE " + mismatch("d.status = 'REMOVED'",
                        audits("'ACCOUNT_DELETED', 'PARTNER_DISASSOCIATED'"), outbox("'REMOVAL_NOTICE_TO_PARTNER'")));
        // An invitation row exists from the moment the dispatcher hands one to the notifier; it is deleted when
        // that delivery fails. A removal decided while a delivery was in flight tells the customer, which is right:
        // the invitation may have reached it. So: told at most once; told whenever connected or an invitation row
        // is left; never told when no invitation was ever attempted.
        CHECKS.put("a removed delegation's customer is told at most once",
                "SELECT d.delegation_id FROM pd_delegation d WHERE " + outbox("'REMOVAL_NOTICE_TO_CUSTOMER'") + " > 1");
        CHECKS.put("a removed delegation's customer is told if it was connected or an invitation reached it",
                "SELECT d.delegation_id FROM pd_delegation d WHERE d.status = 'REMOVED' AND (d.accepted_at IS NOT NULL"
                        + " OR EXISTS (SELECT 1 FROM pd_invitation i WHERE i.delegation_id = d.delegation_id))"
                        + " AND " + outbox("'REMOVAL_NOTICE_TO_CUSTOMER'") + " = 0");
        CHECKS.put("a removed delegation's customer is never told when no invitation was ever attempted",
                "SELECT d.delegation_id FROM pd_delegation d WHERE d.accepted_at IS NULL AND NOT EXISTS (SELECT 1 FROM pd_outbox o"
                        + " WHERE o.delegation_id = d.delegation_id AND o.notification_type = 'INVITATION' AND o.attempts > 0)"
                        + " AND " + outbox("'REMOVAL_NOTICE_TO_CUSTOMER'") + " > 0");
        CHECKS.put("a declined delegation has one INVITATION_DECLINED event and one DECLINE_NOTICE; others none",
                "SELECT d.delegation_id FROM pd_delegation d WHERE " + mismatch("d.status = 'DECLINED'",
                        audits("'INVITATION_DECLINED'"), outbox("'DECLINE_NOTICE'")));
        CHECKS.put("an expired delegation has one INVITATION_EXPIRED event and one EXPIRY_NOTICE; others none",
                "SELECT d.delegation_id FROM pd_delegation d WHERE " + mismatch("d.status = 'EXPIRED'",
                        audits("'INVITATION_EXPIRED'"), outbox("'EXPIRY_NOTICE'")));
        CHECKS.put("every delegated session has its DELEGATED_LOGIN audit event, and every such event its session",
                "SELECT d.delegation_id FROM pd_delegation d WHERE " + audits("'DELEGATED_LOGIN'")
                        + " <> (SELECT COUNT(*) FROM pd_session s WHERE s.delegation_id = d.delegation_id)");
        CHECKS.put("an invitation was used once by an accepted or declined delegation, and never otherwise",
                "SELECT d.delegation_id FROM pd_delegation d WHERE (SELECT COUNT(*) FROM pd_invitation i"
                        + " WHERE i.delegation_id = d.delegation_id AND i.status IN ('USED', 'DECLINED'))"
                        + " <> CASE WHEN d.accepted_at IS NOT NULL OR d.status = 'DECLINED' THEN 1 ELSE 0 END");
        CHECKS.put("no customer has two CONNECTED delegations",
                "SELECT MIN(CAST(d.delegation_id AS VARCHAR(36))) FROM pd_delegation d WHERE d.status = 'CONNECTED' GROUP BY d.customer_tenant"
                        + " HAVING COUNT(*) > 1");
        CHECKS.put("no pair has two open delegations",
                "SELECT MIN(CAST(d.delegation_id AS VARCHAR(36))) FROM pd_delegation d WHERE d.status IN ('PENDING', 'CONNECTED')"
                        + " GROUP BY d.partner_tenant, d.customer_tenant HAVING COUNT(*) > 1");
    }

    private Tables() {
    }

    private static String audits(String types) {
        return "(SELECT COUNT(*) FROM pd_audit_event a WHERE a.delegation_id = d.delegation_id AND a.event_type IN (" + types + "))";
    }

    private static String outbox(String types) {
        return "(SELECT COUNT(*) FROM pd_outbox o WHERE o.delegation_id = d.delegation_id AND o.notification_type IN (" + types + "))";
    }

    private static String expected(String condition) {
        return "(CASE WHEN " + condition + " THEN 1 ELSE 0 END)";
    }

    /** True for a delegation where any of the counts is not 1 when the condition holds, or not 0 when it does not. */
    private static String mismatch(String condition, String... counts) {
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < counts.length; i++) {
            sql.append(i == 0 ? "" : " OR ").append(counts[i]).append(" <> ").append(expected(condition));
        }
        return sql.append(")").toString();
    }

    /** The checks that fail, each with (up to ten of) the delegations that break it; empty when all hold. */
    static Map<String, List<String>> violations(Jdbi jdbi) {
        Map<String, List<String>> broken = new LinkedHashMap<>();
        jdbi.useHandle(h -> CHECKS.forEach((check, sql) -> {
            List<String> offenders = h.createQuery(sql).map((rs, ctx) -> rs.getString(1)).list().stream().limit(10).toList();
            if (!offenders.isEmpty()) {
                broken.put(check, offenders);
            }
        }));
        return broken;
    }

    static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** Rows per table, in a fixed order: compare two of these to see that nothing was written. */
    static Map<String, Long> sizes(Jdbi jdbi) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        jdbi.useHandle(h -> ALL.forEach(t -> sizes.put(t, h.createQuery("SELECT COUNT(*) FROM " + t).mapTo(Long.class).one())));
        return sizes;
    }

    /**
     * What Flyway recorded in the library's history table, oldest first, as {@code version:type}
     * ({@code 3:BASELINE}, {@code 4:SQL}; a failed version ends {@code :failed}). Its columns are
     * quoted lower case on H2, as Flyway creates them; H2's marker row of the table's creation is left out.
     */
    static List<String> flywayHistory(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT \"version\", \"type\", \"success\" FROM \"pd_flyway_history\""
                        + " WHERE \"installed_rank\" > 0 ORDER BY \"installed_rank\"")
                .map((rs, ctx) -> rs.getString(1) + ":" + rs.getString(2) + (rs.getBoolean(3) ? "" : ":failed")).list());
    }

    /** The versions the library's former runner recorded, oldest first. */
    static List<Integer> formerHistory(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT version FROM pd_schema_history ORDER BY version").mapTo(Integer.class).list());
    }

    /** Empties every table (children first), for tests that reuse one database between cases. */
    static void wipe(Jdbi jdbi) {
        jdbi.useTransaction(h -> List.of("pd_session", "pd_outbox", "pd_audit_event", "pd_invitation", "pd_delegation", "pd_tenant",
                        "pd_partner_epoch")
                .forEach(t -> h.execute("DELETE FROM " + t)));
    }
}
