package org.partnerdelegation.core.usecase;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.IdempotencyKey;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.RoleKey;

/**
 * What a partner user asks for when logging in to a customer: per-session elevation. The session
 * holds only the roles asked for, which must be among those the delegation grants; a reason (a
 * ticket number, free text) is recorded in the audit trail and shown to the customer, and is
 * required when the customer asks for one for sensitive roles. Immutable and thread-safe.
 *
 * <p>An {@linkplain IdempotencyKey idempotency key} makes the login safe to retry: a retry with
 * the same key, by the same partner user under the same delegation, with the same roles and
 * reason, returns the session the first attempt opened (same id, expiry and roles) rather than a
 * second one, with a fresh token: only token hashes are stored, so the token of the earlier
 * attempt stops working. The same key with other roles or another reason is refused.
 *
 * <pre>{@code
 * delegation.loginToCustomer(partnerAdmin, row.delegationId(), LoginRequest.roles("billing:read").withReason("TICKET-4711"));
 * }</pre>
 *
 * @param roles          the roles the session should hold; empty for every role the delegation grants
 * @param reason         why the user logs in; when present, not blank, at most {@link DelegatedSession#MAX_REASON_LENGTH}
 *                       characters, no control characters
 * @param idempotencyKey the host's key for this login, so that a retry returns the same session; empty for none
 */
public record LoginRequest(Set<RoleKey> roles, Optional<String> reason, Optional<IdempotencyKey> idempotencyKey) {

    /**
     * Validates the request.
     *
     * @param roles          the roles asked for, copied; empty for all granted
     * @param reason         the reason, if any; trimmed
     * @param idempotencyKey the idempotency key, if any
     * @throws DelegationException {@code INVALID_INPUT} when a component is null or the reason is not acceptable
     */
    public LoginRequest {
        DelegationException.requireArgument(roles, "roles");
        roles = roles.isEmpty() ? Set.of() : RoleKey.requireSome(roles, "roles");
        DelegationException.requireArgument(reason, "reason");
        reason = reason.map(text -> Reason.of(text).text());
        DelegationException.requireArgument(idempotencyKey, "idempotencyKey");
    }

    /**
     * A request without an idempotency key.
     *
     * @param roles  the roles asked for, copied; empty for all granted
     * @param reason the reason, if any; trimmed
     * @throws DelegationException {@code INVALID_INPUT} when a component is null or the reason is not acceptable
     */
    public LoginRequest(Set<RoleKey> roles, Optional<String> reason) {
        this(roles, reason, Optional.empty());
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
        return new LoginRequest(roles, Optional.of(DelegationException.requireArgument(text, "reason")), idempotencyKey);
    }

    /**
     * The same request with an idempotency key.
     *
     * @param key the host's key for this login: 1 to {@value IdempotencyKey#MAX_LENGTH} printable ASCII characters
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} naming {@code idempotencyKey} when it is null or malformed
     */
    public LoginRequest withIdempotencyKey(String key) {
        return new LoginRequest(roles, reason, Optional.of(IdempotencyKey.of(key)));
    }
}
