package org.partnerdelegation.core.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One delegated login as a login notice or digest reports it to the customer: copied from the
 * login's audit event when the notification is written, so that the mail says what happened
 * whatever changes later. Carries no secret. Immutable and thread-safe.
 *
 * @param partnerTenant the partner tenant of the user who logged in
 * @param partnerUser   the partner user who logged in
 * @param at            when
 * @param roles         the roles the session held
 * @param reason        the reason the partner user gave, if any
 */
public record DelegatedLogin(TenantId partnerTenant, UserId partnerUser, Instant at, Set<RoleKey> roles, Optional<String> reason) {

    /**
     * Checks that every component is present.
     *
     * @param partnerTenant the partner tenant
     * @param partnerUser   the partner user
     * @param at            when
     * @param roles         the roles; copied into their natural order
     * @param reason        the reason, if any
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is null
     */
    public DelegatedLogin {
        Validation.requireNonNull(partnerTenant, "partnerTenant");
        Validation.requireNonNull(partnerUser, "partnerUser");
        Validation.requireNonNull(at, "at");
        Validation.requireNonNull(roles, "roles");
        roles = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(roles));
        Validation.requireNonNull(reason, "reason");
    }

    /**
     * The login an audit event records.
     *
     * @param login a {@link AuditEventType#DELEGATED_LOGIN} event
     * @return the login it records
     * @throws DelegationException {@code INVALID_INPUT} when the event is null or not a login
     */
    public static DelegatedLogin of(AuditEvent login) {
        Validation.requireNonNull(login, "login");
        if (login.type() != AuditEventType.DELEGATED_LOGIN) {
            throw DelegationException.invalidInput("login", "must be a DELEGATED_LOGIN event, got " + login.type());
        }
        return new DelegatedLogin(login.actorTenant(), login.actorUser(), login.occurredAt(), login.roles(), login.reason());
    }
}
