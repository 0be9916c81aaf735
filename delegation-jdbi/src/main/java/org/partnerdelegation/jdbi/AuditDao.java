package org.partnerdelegation.jdbi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.partnerdelegation.core.domain.AuditEvent;

interface AuditDao {

    String COLUMNS = "event_id, event_type, delegation_id, target_tenant, actor_tenant, actor_user, from_status, to_status, occurred_at";

    @SqlUpdate("INSERT INTO pd_audit_event (" + COLUMNS + ") VALUES (:id, :type, CAST(:delegation AS UUID), :target, :actorTenant,"
            + " :actorUser, :fromStatus, :toStatus, :occurredAt)")
    void insert(@Bind("id") UUID id, @Bind("type") String type, @Bind("delegation") UUID delegation,
                @Bind("target") String target, @Bind("actorTenant") String actorTenant, @Bind("actorUser") String actorUser,
                @Bind("fromStatus") String fromStatus, @Bind("toStatus") String toStatus, @Bind("occurredAt") Instant occurredAt);

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_audit_event WHERE delegation_id = :delegation ORDER BY seq FETCH FIRST :limit ROWS ONLY")
    List<AuditEvent> firstOfDelegation(@Bind("delegation") UUID delegation, @Bind("limit") int limit);

    /**
     * Keyset: the delegation's events after the event {@code after}, by sequence. An event that is
     * unknown, or of another delegation, has no sequence to compare with: the page is empty.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM pd_audit_event WHERE delegation_id = :delegation AND seq >"
            + " (SELECT a.seq FROM pd_audit_event a WHERE a.event_id = :after AND a.delegation_id = :delegation)"
            + " ORDER BY seq FETCH FIRST :limit ROWS ONLY")
    List<AuditEvent> ofDelegationAfter(@Bind("delegation") UUID delegation, @Bind("after") UUID after, @Bind("limit") int limit);

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_audit_event WHERE target_tenant = :tenant AND delegation_id IS NULL ORDER BY seq")
    List<AuditEvent> permissionChanges(@Bind("tenant") String tenant);

    /** Retention, a batch at a time, deleted by key (see {@link OutboxDao#deleteClosedBefore}). */
    @SqlUpdate("DELETE FROM pd_audit_event WHERE seq = ANY (ARRAY(SELECT seq FROM pd_audit_event WHERE occurred_at < :cutoff"
            + " FETCH FIRST :limit ROWS ONLY))")
    int deleteBefore(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);
}
