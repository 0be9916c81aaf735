package org.partnerdelegation.core.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

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
 * @param roles        the roles concerned: of a login, the roles the session holds; of a grant's change, the roles
 *                     granted (or requested) after it; empty where roles play no part
 * @param endsAt       the grant's end date after the change, where the event changed or started it
 * @param reason       the reason given: of a login, the partner user's; of an ending (a deleted account, a
 *                     disassociation, an ended session, a revoked permission), the {@link Reason} the person who ended
 *                     it gave, if any (an ended session without one keeps its login's reason)
 * @param authenticationMethods how the acting user had authenticated, where the host said
 *                     ({@link Authentication#recordedMethods()}: OpenID Connect's {@code amr} values, such as
 *                     {@code pwd otp}); empty where it did not
 */
public record AuditEvent(AuditEventId id, AuditEventType type, Optional<DelegationId> delegationId, TenantId targetTenant,
                         TenantId actorTenant, UserId actorUser, Optional<DelegationStatus> fromStatus,
                         Optional<DelegationStatus> toStatus, Instant occurredAt, Set<RoleKey> roles,
                         Optional<Instant> endsAt, Optional<String> reason, Set<String> authenticationMethods) {

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
     * @param roles        the roles concerned; copied into their natural order, empty where none
     * @param endsAt       the grant's end date after the change, if it has one
     * @param reason       the reason given for a login, if any
     * @param authenticationMethods how the acting user had authenticated; copied into their natural order, empty where
     *                     the host did not say
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
        Validation.requireNonNull(roles, "roles");
        roles = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(roles));
        Validation.requireNonNull(endsAt, "endsAt");
        Validation.requireNonNull(reason, "reason");
        Validation.requireNonNull(authenticationMethods, "authenticationMethods");
        authenticationMethods = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(authenticationMethods));
    }

    /**
     * An event without authentication methods, as events were recorded before step-up authentication.
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
     * @param roles        the roles concerned; empty where none
     * @param endsAt       the grant's end date after the change, if it has one
     * @param reason       the reason given for a login, if any
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is null
     */
    public AuditEvent(AuditEventId id, AuditEventType type, Optional<DelegationId> delegationId, TenantId targetTenant,
                      TenantId actorTenant, UserId actorUser, Optional<DelegationStatus> fromStatus,
                      Optional<DelegationStatus> toStatus, Instant occurredAt, Set<RoleKey> roles,
                      Optional<Instant> endsAt, Optional<String> reason) {
        this(id, type, delegationId, targetTenant, actorTenant, actorUser, fromStatus, toStatus, occurredAt, roles, endsAt,
                reason, Set.of());
    }

    /**
     * An event without roles, end date or reason: a status change or a permission change.
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
    public AuditEvent(AuditEventId id, AuditEventType type, Optional<DelegationId> delegationId, TenantId targetTenant,
                      TenantId actorTenant, UserId actorUser, Optional<DelegationStatus> fromStatus,
                      Optional<DelegationStatus> toStatus, Instant occurredAt) {
        this(id, type, delegationId, targetTenant, actorTenant, actorUser, fromStatus, toStatus, occurredAt, Set.of(),
                Optional.empty(), Optional.empty(), Set.of());
    }
}
