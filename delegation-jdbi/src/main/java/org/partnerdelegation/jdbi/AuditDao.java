package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.DelegationId;

/**
 * The statements of {@code pd_audit_event}, on one connection. Each ORDER BY starts with the
 * columns its index starts with, though they are one value: H2 reads an index in order only then.
 */
final class AuditDao {

    static final String COLUMNS = "event_id, event_type, delegation_id, target_tenant, actor_tenant, actor_user, from_status, to_status,"
            + " occurred_at";
    private static final String INSERT = "INSERT INTO pd_audit_event (" + COLUMNS + ") VALUES (?, ?, CAST(? AS UUID), ?, ?, ?, ?, ?, ?)";
    private static final String FIRST_OF_DELEGATION = "SELECT " + COLUMNS + " FROM pd_audit_event WHERE delegation_id = ?"
            + " ORDER BY delegation_id, seq FETCH FIRST ? ROWS ONLY";
    /**
     * Keyset: the delegation's events after the event {@code after}, by sequence. An event that is
     * unknown, or of another delegation, has no sequence to compare with: the page is empty.
     */
    private static final String OF_DELEGATION_AFTER = "SELECT " + COLUMNS + " FROM pd_audit_event WHERE delegation_id = ? AND seq >"
            + " (SELECT a.seq FROM pd_audit_event a WHERE a.event_id = ? AND a.delegation_id = ?) ORDER BY delegation_id, seq FETCH FIRST ? ROWS ONLY";
    private static final String PERMISSION_CHANGES = "SELECT " + COLUMNS + " FROM pd_audit_event WHERE target_tenant = ?"
            + " AND delegation_id IS NULL ORDER BY target_tenant, seq";
    /** Retention, a batch at a time, deleted by key (see {@link OutboxDao#deleteClosedBefore}). */
    private static final String DELETE_BEFORE = "DELETE FROM pd_audit_event WHERE seq = ANY (ARRAY(SELECT seq FROM pd_audit_event"
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
                e.toStatus().map(Enum::name).orElse(null), e.occurredAt()};
    }

    List<AuditEvent> firstOfDelegation(UUID delegation, int limit) {
        return Sql.list(c, FIRST_OF_DELEGATION, Rows::auditEvent, delegation, limit);
    }

    List<AuditEvent> ofDelegationAfter(UUID delegation, UUID after, int limit) {
        return Sql.list(c, OF_DELEGATION_AFTER, Rows::auditEvent, delegation, after, delegation, limit);
    }

    List<AuditEvent> permissionChanges(String tenant) {
        return Sql.list(c, PERMISSION_CHANGES, Rows::auditEvent, tenant);
    }

    int deleteBefore(Instant cutoff, int limit) {
        return Sql.update(c, DELETE_BEFORE, cutoff, limit);
    }
}
