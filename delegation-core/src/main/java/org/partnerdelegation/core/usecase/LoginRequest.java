package org.partnerdelegation.core.usecase;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.RoleKey;

/**
 * What a partner user asks for when logging in to a customer: per-session elevation. The session
 * holds only the roles asked for, which must be among those the delegation grants; a reason (a
 * ticket number, free text) is recorded in the audit trail and shown to the customer, and is
 * required when the customer asks for one for sensitive roles. Immutable and thread-safe.
 *
 * <pre>{@code
 * delegation.loginToCustomer(partnerAdmin, row.delegationId(), LoginRequest.roles("billing:read").withReason("TICKET-4711"));
 * }</pre>
 *
 * @param roles  the roles the session should hold; empty for every role the delegation grants
 * @param reason why the user logs in; when present, not blank, at most {@link DelegatedSession#MAX_REASON_LENGTH}
 *               characters, no control characters
 */
public record LoginRequest(Set<RoleKey> roles, Optional<String> reason) {

    /**
     * Validates the request.
     *
     * @param roles  the roles asked for, copied; empty for all granted
     * @param reason the reason, if any; trimmed
     * @throws DelegationException {@code INVALID_INPUT} when a component is null or the reason is not acceptable
     */
    public LoginRequest {
        DelegationException.requireArgument(roles, "roles");
        roles = roles.isEmpty() ? Set.of() : RoleKey.requireSome(roles, "roles");
        DelegationException.requireArgument(reason, "reason");
        reason = reason.map(text -> Reason.of(text).text());
    }

    /** {@return every role the delegation grants, no reason: the seed's login} */
    public static LoginRequest allGranted() {
        return new LoginRequest(Set.of(), Optional.empty());
    }

    /**
     * Only these roles.
     *
     * @param keys the roles' keys, at least one
     * @return the request, without a reason
     * @throws DelegationException {@code INVALID_INPUT} when a key is malformed or there is none
     */
    public static LoginRequest roles(String... keys) {
        return new LoginRequest(RoleKey.requireSome(List.of(keys).stream().map(RoleKey::of).toList(), "roles"), Optional.empty());
    }

    /**
     * The same request with a reason.
     *
     * @param text why the user logs in: a ticket number or a sentence
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when it is null, blank, too long or holds control characters
     */
    public LoginRequest withReason(String text) {
        return new LoginRequest(roles, Optional.of(DelegationException.requireArgument(text, "reason")));
    }
}
