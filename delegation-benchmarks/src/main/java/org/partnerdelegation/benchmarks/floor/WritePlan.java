package org.partnerdelegation.benchmarks.floor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.partnerdelegation.jdbi.Dialect;

/**
 * The writes of one unit of work, sent as few times as the database allows. On PostgreSQL they
 * go as one statement, each write but the last a data-modifying {@code WITH} query: one round
 * trip, and the foreign keys are checked at the end of that statement, once every row is in. On
 * H2, which runs in the same process (no round trip to save) and has no such queries, one
 * statement each. Built once per combination of writes; immutable and thread-safe.
 */
final class WritePlan {

    /** Every column the library's insert writes, none left to its default ({@link Rows#delegationValues}). */
    static final String INSERT_DELEGATION = "INSERT INTO pd_delegation (" + Rows.DELEGATION_INSERT_COLUMNS + ") VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * Every column the library's update writes ({@link Rows#updateValues}). The caller holds the
     * row's lock, so no version check is needed: the version is moved on as the library does.
     */
    static final String UPDATE_DELEGATION = "UPDATE pd_delegation SET status = ?, updated_at = ?, accepted_at = ?, roles = ?,"
            + " term_seconds = ?, ends_at = ?, access_until = ?, auto_renew = ?, reason_required = ?, ending_notice_sent = ?,"
            + " requested_roles = ?, requested_term_seconds = ?, change_requested_at = ?, version = ? WHERE delegation_id = ?";

    /** Every column the library writes of an event ({@link Rows#auditValues}). */
    static final String INSERT_AUDIT = "INSERT INTO pd_audit_event (event_id, event_type, delegation_id, target_tenant,"
            + " actor_tenant, actor_user, from_status, to_status, occurred_at, roles, ends_at, reason, auth_methods)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** A new entry, as the library writes it: pending, no attempt yet, due now ({@link Rows#outboxValues}). */
    static final String INSERT_OUTBOX = "INSERT INTO pd_outbox (notification_id, notification_type, delegation_id, recipient,"
            + " status, attempts, created_at, next_attempt_at, delivered_at, last_error, logins)"
            + " VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?, NULL, NULL, ?)";

    /**
     * Two entries in one statement, in the order the library enqueues them: one VALUES list gets
     * its sequence numbers in order, where two inserts in one {@code WITH} statement on PostgreSQL
     * run in no set order, and the dispatcher sends entries due together by sequence.
     */
    static final String INSERT_TWO_OUTBOX = INSERT_OUTBOX + ", (?, ?, ?, ?, 'PENDING', 0, ?, ?, NULL, NULL, ?)";

    static final String SUPERSEDE_INVITATIONS = "UPDATE pd_invitation SET status = 'SUPERSEDED'"
            + " WHERE delegation_id = ? AND status = 'OPEN'";

    static final String USE_INVITATION = "UPDATE pd_invitation SET status = 'USED', used_at = ? WHERE token_hash = ?";

    static final String REVOKE_SESSIONS = "UPDATE pd_session SET revoked_at = ? WHERE delegation_id = ? AND revoked_at IS NULL";

    static final String INSERT_SESSION = "INSERT INTO pd_session (token_hash, session_id, delegation_id, customer_tenant,"
            + " subject_email, actor_tenant, actor_user, scope, reason, permission_epoch, issued_at, expires_at, revoked_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)";

    private final String[] statements;
    private final int[] parameterCounts;
    private final String combined;

    private WritePlan(String... statements) {
        this.statements = statements.clone();
        this.parameterCounts = new int[statements.length];
        StringBuilder sql = new StringBuilder(1024);
        for (int i = 0; i < statements.length; i++) {
            parameterCounts[i] = (int) statements[i].chars().filter(c -> c == '?').count();
            if (i < statements.length - 1) {
                sql.append(i == 0 ? "WITH " : ", ").append('w').append(i).append(" AS (").append(statements[i]).append(')');
            } else {
                sql.append(i == 0 ? "" : " ").append(statements[i]);
            }
        }
        this.combined = sql.toString();
    }

    /** The writes, in the order the library makes them. */
    static WritePlan of(String... statements) {
        return new WritePlan(statements);
    }

    /** Runs the writes with the parameters of every statement, in order. */
    void run(Connection c, Dialect dialect, java.util.List<Object> values) throws SQLException {
        run(c, dialect, values.toArray());
    }

    /** Runs the writes with the parameters of every statement, in order. */
    void run(Connection c, Dialect dialect, Object... values) throws SQLException {
        int expected = java.util.Arrays.stream(parameterCounts).sum();
        if (values.length != expected) {
            // A floor that binds the wrong number of values writes wrong rows: caught here, not as a shifted column.
            throw new IllegalArgumentException("expected " + expected + " values, got " + values.length);
        }
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement ps = c.prepareStatement(combined)) {
                Rows.bind(ps, 0, values.length, values);
                ps.executeUpdate();
            }
            return;
        }
        int from = 0;
        for (int i = 0; i < statements.length; i++) {
            try (PreparedStatement ps = c.prepareStatement(statements[i])) {
                Rows.bind(ps, from, parameterCounts[i], values);
                ps.executeUpdate();
            }
            from += parameterCounts[i];
        }
    }
}
