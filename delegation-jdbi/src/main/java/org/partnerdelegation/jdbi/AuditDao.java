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

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_audit_event WHERE delegation_id = :delegation ORDER BY seq")
    List<AuditEvent> ofDelegation(@Bind("delegation") UUID delegation);

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_audit_event WHERE target_tenant = :tenant AND delegation_id IS NULL ORDER BY seq")
    List<AuditEvent> permissionChanges(@Bind("tenant") String tenant);
}
