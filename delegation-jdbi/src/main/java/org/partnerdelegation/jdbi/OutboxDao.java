package org.partnerdelegation.jdbi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.partnerdelegation.core.domain.OutboxEntry;

interface OutboxDao {

    String COLUMNS = "notification_id, notification_type, delegation_id, recipient, status, attempts, created_at,"
            + " next_attempt_at, delivered_at, last_error";

    @SqlUpdate("INSERT INTO pd_outbox (" + COLUMNS + ") VALUES (:id, :type, :delegation, :recipient, :status, :attempts,"
            + " :createdAt, :nextAttemptAt, :deliveredAt, :lastError)")
    void insert(@Bind("id") UUID id, @Bind("type") String type, @Bind("delegation") UUID delegation,
                @Bind("recipient") String recipient, @Bind("status") String status, @Bind("attempts") int attempts,
                @Bind("createdAt") Instant createdAt, @Bind("nextAttemptAt") Instant nextAttemptAt,
                @Bind("deliveredAt") Instant deliveredAt, @Bind("lastError") String lastError);

    /** Reads and locks the due rows; rows another dispatcher has locked are skipped, not waited for. */
    @SqlQuery("SELECT " + COLUMNS + " FROM pd_outbox WHERE status = 'PENDING' AND next_attempt_at <= :now"
            + " ORDER BY next_attempt_at, seq FETCH FIRST :limit ROWS ONLY FOR UPDATE SKIP LOCKED")
    List<OutboxEntry> lockDue(@Bind("now") Instant now, @Bind("limit") int limit);

    /** Counts an attempt on each of the (locked) entries and leases them; one statement for the whole batch. */
    @SqlUpdate("UPDATE pd_outbox SET attempts = attempts + 1, next_attempt_at = :leaseUntil WHERE notification_id IN (<ids>)")
    int lease(@BindList("ids") Collection<UUID> ids, @Bind("leaseUntil") Instant leaseUntil);

    @SqlUpdate("UPDATE pd_outbox SET status = 'DELIVERED', delivered_at = :at WHERE notification_id = :id AND status = 'PENDING'")
    int markDelivered(@Bind("id") UUID id, @Bind("at") Instant at);

    @SqlUpdate("UPDATE pd_outbox SET next_attempt_at = :retryAt, last_error = :error WHERE notification_id = :id AND status = 'PENDING'")
    int retryLater(@Bind("id") UUID id, @Bind("error") String error, @Bind("retryAt") Instant retryAt);

    @SqlUpdate("UPDATE pd_outbox SET status = :status, last_error = :error WHERE notification_id = :id AND status = 'PENDING'")
    int close(@Bind("id") UUID id, @Bind("status") String status, @Bind("error") String error);

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_outbox WHERE status = :status ORDER BY created_at, seq FETCH FIRST :limit ROWS ONLY")
    List<OutboxEntry> withStatus(@Bind("status") String status, @Bind("limit") int limit);
}
