package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.partnerdelegation.core.domain.OutboxEntry;

/** The statements of {@code pd_outbox}, on one connection. */
final class OutboxDao {

    private static final String COLUMNS = "notification_id, notification_type, delegation_id, recipient, status, attempts, created_at,"
            + " next_attempt_at, delivered_at, last_error, logins";

    /** Only the claim that holds the entry now (its fence, the attempt it counted) may settle it. */
    private static final String CLAIMED = " WHERE notification_id = ? AND status = 'PENDING' AND attempts = ?";

    private static final String INSERT = "INSERT INTO pd_outbox (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** The entry, only if an invitation of its delegation was ever stored (by the snapshot of the statement that carries it). */
    private static final String INSERT_IF_INVITED = "INSERT INTO pd_outbox (" + COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
            + " WHERE EXISTS (SELECT 1 FROM pd_invitation i WHERE i.delegation_id = ?)";
    /**
     * Reads and locks the entries due at {@code now} (the caller's clock) whose lease, if any, has
     * run out by the database's clock; rows another dispatcher has locked are skipped, not waited for.
     */
    private static final String LOCK_DUE = "SELECT " + COLUMNS + " FROM pd_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?"
            + " AND (leased_until IS NULL OR leased_until <= CURRENT_TIMESTAMP)"
            + " ORDER BY next_attempt_at, seq FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";
    private static final String MARK_DELIVERED = "UPDATE pd_outbox SET status = 'DELIVERED', delivered_at = ?, leased_until = NULL"
            + CLAIMED;
    /** Due again at {@code retryAt}; the lease ends now, so that no claim has to wait it out too. */
    private static final String RETRY_LATER = "UPDATE pd_outbox SET next_attempt_at = ?, last_error = ?, leased_until = NULL" + CLAIMED;
    private static final String CLOSE = "UPDATE pd_outbox SET status = ?, last_error = ?, leased_until = NULL" + CLAIMED;
    private static final String WITH_STATUS = "SELECT " + COLUMNS + " FROM pd_outbox WHERE status = ? ORDER BY status, created_at, seq"
            + " FETCH FIRST ? ROWS ONLY";
    /** When the pair's newest invitation was asked for: its INVITATION entries across every delegation of the pair. */
    private static final String LAST_INVITATION = "SELECT MAX(o.created_at) FROM pd_delegation d JOIN pd_outbox o"
            + " ON o.delegation_id = d.delegation_id WHERE d.customer_tenant = ? AND d.partner_tenant = ?"
            + " AND o.notification_type = 'INVITATION'";
    /**
     * Retention, a batch at a time, deleted by key; failed entries are kept. The batch is read along
     * {@code pd_outbox_by_status} in its order: without the order, on an outbox of delivered entries
     * the planner reads the whole table for the first rows that match. With {@code IN (SELECT ...)}
     * instead of keys, PostgreSQL's generic plan joins the batch with the whole table.
     * On PostgreSQL the batch is a CTE and the rows are deleted by key within the batch's own range
     * of keys: {@code key = ANY (batch) AND key BETWEEN min AND max}. With the array alone, the
     * generic plan prices the key lookups (ten assumed) above a sequential scan of a small or
     * young table and keeps that plan as the table grows; a range with both ends makes the
     * planner expect a handful of rows from an index whatever the statistics, and the
     * array keeps the delete to the batch exactly (rows inside the range but outside the batch stay).
     */
    private static final String DELETE_CLOSED_BEFORE = "WITH batch AS (SELECT seq FROM pd_outbox"
            + " WHERE status IN ('DELIVERED', 'DISCARDED') AND created_at < ? ORDER BY status, created_at, seq FETCH FIRST ? ROWS ONLY)"
            + " DELETE FROM pd_outbox WHERE seq = ANY (ARRAY(SELECT seq FROM batch))"
            + " AND seq BETWEEN (SELECT MIN(seq) FROM batch) AND (SELECT MAX(seq) FROM batch)";
    /** {@link #DELETE_CLOSED_BEFORE} for H2, whose plans see the values: the batch's keys gathered into an array first. */
    private static final String DELETE_CLOSED_BEFORE_ON_H2 = "DELETE FROM pd_outbox WHERE seq = ANY (ARRAY(SELECT seq FROM pd_outbox"
            + " WHERE status IN ('DELIVERED', 'DISCARDED') AND created_at < ? FETCH FIRST ? ROWS ONLY))";

    private final Connection c;

    OutboxDao(Connection c) {
        this.c = c;
    }

    void insert(OutboxEntry e) {
        Sql.insertAppendOnly(c, INSERT, e.id().value(), e.type().name(), e.delegationId().value(), e.recipient().value(), e.status().name(),
                e.attempts(), e.createdAt(), e.nextAttemptAt(), Rows.orNull(e.deliveredAt()), e.lastError().orElse(null),
                Rows.logins(e.logins()));
    }

    /** {@link #insert}, only if an invitation of the entry's delegation is stored when it runs; held back like it. */
    void insertIfInvited(OutboxEntry e) {
        Sql.updateLater(c, INSERT_IF_INVITED, null, e.id().value(), e.type().name(), e.delegationId().value(), e.recipient().value(),
                e.status().name(), e.attempts(), e.createdAt(), e.nextAttemptAt(), Rows.orNull(e.deliveredAt()),
                e.lastError().orElse(null), Rows.logins(e.logins()), e.delegationId().value());
    }

    List<OutboxEntry> lockDue(Instant now, int limit) {
        return Sql.list(c, LOCK_DUE, Rows::outboxEntry, now, limit);
    }

    /**
     * Counts an attempt on each of the (locked) entries and leases them until the database's
     * CURRENT_TIMESTAMP plus the lease; one statement for the whole batch.
     */
    int lease(List<UUID> ids, long leaseMicros) {
        Object[] args = new Object[ids.size() + 1];
        args[0] = leaseMicros;
        for (int i = 0; i < ids.size(); i++) {
            args[i + 1] = ids.get(i);
        }
        return Sql.update(c, "UPDATE pd_outbox SET attempts = attempts + 1,"
                + " leased_until = CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.000001' SECOND"
                + " WHERE notification_id IN (" + Sql.placeholders(ids.size()) + ")", args);
    }

    int markDelivered(UUID id, int attempt, Instant at) {
        return Sql.update(c, MARK_DELIVERED, at, id, attempt);
    }

    int retryLater(UUID id, int attempt, String error, Instant retryAt) {
        return Sql.update(c, RETRY_LATER, retryAt, error, id, attempt);
    }

    int close(UUID id, int attempt, String status, String error) {
        return Sql.update(c, CLOSE, status, error, id, attempt);
    }

    List<OutboxEntry> withStatus(String status, int limit) {
        return Sql.list(c, WITH_STATUS, Rows::outboxEntry, status, limit);
    }

    Optional<Instant> lastInvitationCreatedAt(String partner, String customer) {
        return Sql.one(c, LAST_INVITATION, rs -> {
            OffsetDateTime at = rs.getObject(1, OffsetDateTime.class);
            return at == null ? null : at.toInstant();
        }, customer, partner);
    }

    int deleteClosedBefore(Instant cutoff, int limit) {
        return Sql.update(c, Sql.dialectOf(c) == Dialect.H2 ? DELETE_CLOSED_BEFORE_ON_H2 : DELETE_CLOSED_BEFORE, cutoff, limit);
    }
}
