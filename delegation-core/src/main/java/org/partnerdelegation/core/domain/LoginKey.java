package org.partnerdelegation.core.domain;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a delegated login with an {@link IdempotencyKey} stores with its session: the key's hash
 * and the hash of the request it came with (the roles asked for and the reason), so that a retry
 * with the same key and the same request finds the session, and the same key with another
 * request is told apart and refused. The key is scoped by the session it is stored with: one
 * delegation, one partner user. Immutable and thread-safe.
 *
 * @param key     the SHA-256 hash of the idempotency key
 * @param request the SHA-256 hash of the request's roles and reason, in a canonical form
 */
public record LoginKey(TokenHash key, TokenHash request) {

    /**
     * Checks that both hashes are present.
     *
     * @param key     the SHA-256 hash of the idempotency key
     * @param request the SHA-256 hash of the request
     * @throws DelegationException {@code INVALID_INPUT} naming the one missing
     */
    public LoginKey {
        Validation.requireNonNull(key, "key");
        Validation.requireNonNull(request, "request");
    }

    /**
     * The key of a login as asked for.
     *
     * @param key    the host's idempotency key
     * @param roles  the roles the login asked for, as asked (empty for every role granted)
     * @param reason the reason it gave, if any
     * @return the key and the request's hash
     * @throws DelegationException {@code INVALID_INPUT} when an argument is null
     */
    public static LoginKey of(IdempotencyKey key, Set<RoleKey> roles, Optional<String> reason) {
        Validation.requireNonNull(key, "key");
        Validation.requireNonNull(roles, "roles");
        Validation.requireNonNull(reason, "reason");
        StringBuilder canonical = new StringBuilder("roles:");
        // Sorted, so that the order a host listed them in is the same request.
        for (String role : new TreeSet<>(roles.stream().map(RoleKey::value).toList())) {
            canonical.append(role).append(' ');
        }
        // The reason has no control characters, so the line break cannot be forged from inside it.
        canonical.append("\nreason:").append(reason.map(r -> "1" + r).orElse("0"));
        return new LoginKey(key.hash(), IdempotencyKey.sha256(canonical.toString()));
    }
}
