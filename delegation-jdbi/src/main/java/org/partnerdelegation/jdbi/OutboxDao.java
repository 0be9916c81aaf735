package org.partnerdelegation.jdbi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.partnerdelegation.core.domain.OutboxEntry;

interface OutboxDao {

    String COLUMNS = "notification_id, notification_type, delegation_id, recipient, status, attempts, created_at,"
            + " next_attempt_at, delivered_at, last_error";

    /** Only the claim that holds the entry now (its fence, the attempt it counted) may settle it. */
    String CLAIMED = " WHERE notification_id = :id AND status = 'PENDING' AND attempts = :attempt";

    @SqlUpdate("INSERT INTO pd_outbox (" + COLUMNS + ") VALUES (:id, :type, :delegation, :recipient, :status, :attempts,"
            + " :createdAt, :nextAttemptAt, :deliveredAt, :lastError)")
    void insert(@Bind("id") UUID id, @Bind("type") String type, @Bind("delegation") UUID delegation,
                @Bind("recipient") String recipient, @Bind("status") String status, @Bind("attempts") int attempts,
                @Bind("createdAt") Instant createdAt, @Bind("nextAttemptAt") Instant nextAttemptAt,
                @Bind("deliveredAt") Instant deliveredAt, @Bind("lastError") String lastError);

    /**
     * Reads and locks the entries due at {@code now} (the caller's clock) whose lease, if any, has
     * run out by the database's clock; rows another dispatcher has locked are skipped, not waited for.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM pd_outbox WHERE status = 'PENDING' AND next_attempt_at <= :now"
            + " AND (leased_until IS NULL OR leased_until <= CURRENT_TIMESTAMP)"
            + " ORDER BY next_attempt_at, seq FETCH FIRST :limit ROWS ONLY FOR UPDATE SKIP LOCKED")
    List<OutboxEntry> lockDue(@Bind("now") Instant now, @Bind("limit") int limit);

    /**
     * Counts an attempt on each of the (locked) entries and leases them until the database's
     * CURRENT_TIMESTAMP plus the lease; one statement for the whole batch.
     */
    @SqlUpdate("UPDATE pd_outbox SET attempts = attempts + 1,"
            + " leased_until = CURRENT_TIMESTAMP + CAST(:leaseMicros AS BIGINT) * INTERVAL '0.000001' SECOND"
            + " WHERE notification_id IN (<ids>)")
    int lease(@BindList("ids") Collection<UUID> ids, @Bind("leaseMicros") long leaseMicros);

    @SqlUpdate("UPDATE pd_outbox SET status = 'DELIVERED', delivered_at = :at, leased_until = NULL" + CLAIMED)
    int markDelivered(@Bind("id") UUID id, @Bind("attempt") int attempt, @Bind("at") Instant at);

    /** Due again at {@code retryAt}; the lease ends now, so that no claim has to wait it out too. */
    @SqlUpdate("UPDATE pd_outbox SET next_attempt_at = :retryAt, last_error = :error, leased_until = NULL" + CLAIMED)
    int retryLater(@Bind("id") UUID id, @Bind("attempt") int attempt, @Bind("error") String error, @Bind("retryAt") Instant retryAt);

    @SqlUpdate("UPDATE pd_outbox SET status = :status, last_error = :error, leased_until = NULL" + CLAIMED)
    int close(@Bind("id") UUID id, @Bind("attempt") int attempt, @Bind("status") String status, @Bind("error") String error);

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_outbox WHERE status = :status ORDER BY created_at, seq FETCH FIRST :limit ROWS ONLY")
    List<OutboxEntry> withStatus(@Bind("status") String status, @Bind("limit") int limit);

    /** When the pair's newest invitation was asked for: its INVITATION entries across every delegation of the pair. */
    @SqlQuery("SELECT MAX(o.created_at) FROM pd_delegation d JOIN pd_outbox o ON o.delegation_id = d.delegation_id"
            + " WHERE d.customer_tenant = :customer AND d.partner_tenant = :partner AND o.notification_type = 'INVITATION'")
    Optional<Instant> lastInvitationCreatedAt(@Bind("partner") String partner, @Bind("customer") String customer);

    /**
     * Retention, a batch at a time. The batch's keys are gathered into an array first
     * ({@code = ANY (ARRAY(...))}), so that both databases delete them by key; with {@code IN (SELECT ...)}
     * PostgreSQL's generic plan joins the batch with the whole table. Failed entries are kept.
     */
    @SqlUpdate("DELETE FROM pd_outbox WHERE seq = ANY (ARRAY(SELECT seq FROM pd_outbox WHERE status IN ('DELIVERED', 'DISCARDED')"
            + " AND created_at < :cutoff FETCH FIRST :limit ROWS ONLY))")
    int deleteClosedBefore(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);
}
