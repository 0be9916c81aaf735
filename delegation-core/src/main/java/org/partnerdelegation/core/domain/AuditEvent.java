package org.partnerdelegation.core.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of the audit trail, appended in the same transaction as the change it records.
 * Immutable and thread-safe.
 *
 * @param id           the event's id
 * @param type         what happened
 * @param delegationId the delegation concerned; empty for a partner permission change
 * @param targetTenant the tenant acted upon: the customer of the delegation, or the tenant whose permission changed
 * @param actorTenant  the tenant of the user who acted
 * @param actorUser    the user who acted
 * @param fromStatus   the status before; empty when the delegation was created or for a permission change
 * @param toStatus     the status after; empty for a permission change
 * @param occurredAt   when it happened
 */
public record AuditEvent(AuditEventId id, AuditEventType type, Optional<DelegationId> delegationId, TenantId targetTenant,
                         TenantId actorTenant, UserId actorUser, Optional<DelegationStatus> fromStatus,
                         Optional<DelegationStatus> toStatus, Instant occurredAt) {

    /**
     * Checks that every component is present (an absent optional is {@link Optional#empty()}, not null).
     *
     * @param id           the event's id
     * @param type         what happened
     * @param delegationId the delegation concerned; empty for a partner permission change
     * @param targetTenant the tenant acted upon
     * @param actorTenant  the tenant of the user who acted
     * @param actorUser    the user who acted
     * @param fromStatus   the status before, if any
     * @param toStatus     the status after, if any
     * @param occurredAt   when it happened
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is null
     */
    public AuditEvent {
        Validation.requireNonNull(id, "id");
        Validation.requireNonNull(type, "type");
        Validation.requireNonNull(delegationId, "delegationId");
        Validation.requireNonNull(targetTenant, "targetTenant");
        Validation.requireNonNull(actorTenant, "actorTenant");
        Validation.requireNonNull(actorUser, "actorUser");
        Validation.requireNonNull(fromStatus, "fromStatus");
        Validation.requireNonNull(toStatus, "toStatus");
        Validation.requireNonNull(occurredAt, "occurredAt");
    }
}
