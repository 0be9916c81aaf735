package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.DelegationId;

/**
 * The statements of {@code pd_audit_event}, on one connection. Each ORDER BY starts with the
 * columns its index starts with, though they are one value: H2 reads an index in order only then.
 */
final class AuditDao {

    static final String COLUMNS = "event_id, event_type, delegation_id, target_tenant, actor_tenant, actor_user, from_status, to_status,"
            + " occurred_at, roles, ends_at, reason, auth_methods";
    /**
     * The casts type the columns a held-back insert of several rows may leave NULL in every row:
     * PostgreSQL types a VALUES list's columns from their values, not from the table.
     */
    private static final String INSERT = "INSERT INTO pd_audit_event (" + COLUMNS + ") VALUES (?, ?, CAST(? AS UUID), ?, ?, ?, ?, ?, ?,"
            + " ?, CAST(? AS TIMESTAMP WITH TIME ZONE), ?, CAST(? AS VARCHAR(600)))";
    private static final String FIRST_OF_DELEGATION = "SELECT " + COLUMNS + " FROM pd_audit_event WHERE delegation_id = ?"
            + " ORDER BY delegation_id, seq FETCH FIRST ? ROWS ONLY";
    /**
     * Keyset: the delegation's events after the event {@code after}, by sequence. An event that is
     * unknown, or of another delegation, has no sequence to compare with: the page is empty.
     */
    private static final String OF_DELEGATION_AFTER = "SELECT " + COLUMNS + " FROM pd_audit_event WHERE delegation_id = ? AND seq >"
            + " (SELECT a.seq FROM pd_audit_event a WHERE a.event_id = ? AND a.delegation_id = ?) ORDER BY delegation_id, seq FETCH FIRST ? ROWS ONLY";
    /** Events without a delegation are also a customer's settings changes: only the permission's are asked for. */
    private static final String PERMISSION_CHANGES = "SELECT " + COLUMNS + " FROM pd_audit_event WHERE target_tenant = ?"
            + " AND delegation_id IS NULL AND event_type IN ('PARTNER_PERMISSION_GRANTED', 'PARTNER_PERMISSION_REVOKED')"
            + " ORDER BY target_tenant, seq";
    /**
     * The audit trail of a tenant, a page at a time in append order (seq): the events it is the
     * target of, and those of delegations whose partner it is, in {@code [from, to)} (not the
     * events its users merely acted in: an operator's tenant acts on every tenant). Two disjoint
     * parts, so that no event comes twice, each searched by its own index: by target and time, and
     * the partner's delegations
     * ({@code pd_delegation_partner_list}) joined with their events ({@code pd_audit_event_by_delegation}).
     * On PostgreSQL the time range is written as row comparisons led by the part's key, which only
     * that index can bound: a plain range on {@code occurred_at} would let the generic plan read the
     * whole range through the retention index ({@code pd_audit_event_by_time}) and filter it, a plan
     * it estimates cheap and that reads every tenant's events of the range. For the same reason the
     * partner's part takes the cursor as {@code (delegation_id, seq)}, a bound of
     * {@code pd_audit_event_by_delegation}, not as a range of the primary key.
     */
    private static final String OF_TENANT = ofTenant(false, true);
    /** {@link #OF_TENANT} after an event, by its seq; an event no longer stored ends the listing. */
    private static final String OF_TENANT_AFTER = ofTenant(true, true);
    /**
     * {@link #OF_TENANT} for H2, whose plans see the values: a plain time range, which H2 bounds in
     * the index after the key (a row comparison it bounds by its first column only).
     */
    private static final String OF_TENANT_ON_H2 = ofTenant(false, false);
    /** {@link #OF_TENANT_AFTER} for H2. */
    private static final String OF_TENANT_AFTER_ON_H2 = ofTenant(true, false);
    /**
     * Retention, a batch at a time, deleted by key: the oldest events, read along
     * {@code pd_audit_event_by_time} in its order (without the order, the planner may read the
     * whole table for the first rows that match, and on a table of old events it does).
     * On PostgreSQL the batch is a CTE and the rows are deleted by key within the batch's own range
     * of keys: {@code key = ANY (batch) AND key BETWEEN min AND max}. With the array alone, the
     * generic plan prices the key lookups (ten assumed) above a sequential scan of a small or
     * young table and keeps that plan as the table grows; a range with both ends makes the
     * planner expect a handful of rows from an index whatever the statistics, and the
     * array keeps the delete to the batch exactly (rows inside the range but outside the batch stay).
     * The batch's time condition has a lower bound that excludes nothing ({@code -infinity}): as a
     * range with both ends it is one the planner expects to be narrow while the table has no
     * statistics, so that it reads the index rather than sorting a young table it thinks small.
     */
    private static final String DELETE_BEFORE = "WITH batch AS (SELECT seq FROM pd_audit_event"
            + " WHERE occurred_at > CAST('-infinity' AS TIMESTAMP WITH TIME ZONE) AND occurred_at < ?"
            + " ORDER BY occurred_at FETCH FIRST ? ROWS ONLY)"
            + " DELETE FROM pd_audit_event WHERE seq = ANY (ARRAY(SELECT seq FROM batch))"
            + " AND seq BETWEEN (SELECT MIN(seq) FROM batch) AND (SELECT MAX(seq) FROM batch)";
    /** {@link #DELETE_BEFORE} for H2, whose plans see the values: the batch's keys as an array (see {@link OutboxDao}). */
    private static final String DELETE_BEFORE_ON_H2 = "DELETE FROM pd_audit_event WHERE seq = ANY (ARRAY(SELECT seq FROM pd_audit_event"
            + " WHERE occurred_at < ? FETCH FIRST ? ROWS ONLY))";

    private final Connection c;

    AuditDao(Connection c) {
        this.c = c;
    }

    void insert(AuditEvent e) {
        Sql.insertAppendOnly(c, INSERT, arguments(e));
    }

    /** The arguments of {@link #INSERT} for the event, in order. */
    private static Object[] arguments(AuditEvent e) {
        return new Object[] {e.id().value(), e.type().name(), e.delegationId().map(DelegationId::value).orElse(null),
                e.targetTenant().value(), e.actorTenant().value(), e.actorUser().value(), e.fromStatus().map(Enum::name).orElse(null),
                e.toStatus().map(Enum::name).orElse(null), e.occurredAt(), Rows.roles(e.roles()), Rows.orNull(e.endsAt()),
                e.reason().orElse(null), Rows.methods(e.authenticationMethods())};
    }

    List<AuditEvent> firstOfDelegation(UUID delegation, int limit) {
        return Sql.list(c, FIRST_OF_DELEGATION, Rows::auditEvent, delegation, limit);
    }

    List<AuditEvent> ofDelegationAfter(UUID delegation, UUID after, int limit) {
        return Sql.list(c, OF_DELEGATION_AFTER, Rows::auditEvent, delegation, after, delegation, limit);
    }

    private static String ofTenant(boolean after, boolean rowRanges) {
        String e = prefixed("e");
        String afterSeq = after ? " AND e.seq > (SELECT a.seq FROM pd_audit_event a WHERE a.event_id = ?)" : "";
        String afterSeqOfDelegation = !after ? ""
                : rowRanges ? " AND (e.delegation_id, e.seq) > (d.delegation_id, (SELECT a.seq FROM pd_audit_event a WHERE a.event_id = ?))"
                : afterSeq;
        return "SELECT " + COLUMNS + " FROM ("
                + "SELECT e.seq, " + e + " FROM pd_audit_event e WHERE e.target_tenant = ?"
                + range("e.target_tenant", "?", rowRanges) + afterSeq
                + (rowRanges
                // Each of the partner's delegations looks up its own events (LATERAL, kept a subquery by OFFSET 0): a join the
                // planner could turn around would hash the whole trail once the partner has a few hundred delegations.
                ? " UNION ALL SELECT x.* FROM pd_delegation d CROSS JOIN LATERAL (SELECT e.seq, " + e + " FROM pd_audit_event e"
                        + " WHERE e.delegation_id = d.delegation_id AND e.target_tenant <> ?"
                        + range("e.delegation_id", "d.delegation_id", true) + afterSeqOfDelegation + " OFFSET 0) x"
                        + " WHERE d.partner_tenant = ?"
                : " UNION ALL SELECT e.seq, " + e + " FROM pd_delegation d JOIN pd_audit_event e ON e.delegation_id = d.delegation_id"
                        + " WHERE d.partner_tenant = ? AND e.target_tenant <> ?"
                        + range("e.delegation_id", "d.delegation_id", false) + afterSeqOfDelegation)
                + ") t ORDER BY seq FETCH FIRST ? ROWS ONLY";
    }

    /** {@code [from, to)} of {@code occurred_at}: plain, or as row comparisons led by the part's key (equal to {@code key}). */
    private static String range(String column, String key, boolean rowRanges) {
        return rowRanges
                ? " AND (" + column + ", e.occurred_at) >= (" + key + ", ?) AND (" + column + ", e.occurred_at) < (" + key + ", ?)"
                : " AND e.occurred_at >= ? AND e.occurred_at < ?";
    }

    private static String prefixed(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(",")).map(String::trim).map(column -> alias + "." + column)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    List<AuditEvent> ofTenant(String tenant, Instant from, Instant to, Optional<UUID> after, int limit, Dialect dialect) {
        boolean rowRanges = dialect == Dialect.POSTGRESQL;
        List<Object> args = new java.util.ArrayList<>();
        // By target; of the partner's delegations (not as target).
        args.add(tenant);
        addRange(args, rowRanges ? tenant : null, from, to);
        after.ifPresent(args::add);
        // The partner and the target are the same tenant; PostgreSQL's part names the partner last (after its LATERAL).
        args.add(tenant);
        if (!rowRanges) {
            args.add(tenant);
        }
        addRange(args, null, from, to);
        after.ifPresent(args::add);
        if (rowRanges) {
            args.add(tenant);
        }
        args.add(limit);
        String sql = rowRanges ? (after.isPresent() ? OF_TENANT_AFTER : OF_TENANT)
                : (after.isPresent() ? OF_TENANT_AFTER_ON_H2 : OF_TENANT_ON_H2);
        return Sql.list(c, sql, Rows::auditEvent, args.toArray());
    }

    /** The arguments of {@link #range}: each bound with the part's key before it, when it is a parameter. */
    private static void addRange(List<Object> args, String key, Instant from, Instant to) {
        if (key != null) {
            args.add(key);
        }
        args.add(from);
        if (key != null) {
            args.add(key);
        }
        args.add(to);
    }

    List<AuditEvent> permissionChanges(String tenant) {
        return Sql.list(c, PERMISSION_CHANGES, Rows::auditEvent, tenant);
    }

    int deleteBefore(Instant cutoff, int limit) {
        return Sql.update(c, Sql.dialectOf(c) == Dialect.H2 ? DELETE_BEFORE_ON_H2 : DELETE_BEFORE, cutoff, limit);
    }
}
