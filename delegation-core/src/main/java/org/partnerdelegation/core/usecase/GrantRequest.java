package org.partnerdelegation.core.usecase;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.RoleKey;

/**
 * What a partner asks a customer for: roles and, optionally, a period after which access ends by
 * itself. Immutable and thread-safe. {@link #defaults()} asks for the host's default roles
 * ({@code tenant:administrator} unless it configured others) without an end date: the seed's flow.
 *
 * <pre>{@code
 * GrantRequest billing = GrantRequest.roles("billing:read").forTerm(Duration.ofDays(30));
 * delegation.addCustomerAccount(partnerAdmin, EmailAddress.of("admin@customer.example"), billing);
 * }</pre>
 *
 * @param roles the roles asked for; empty for the catalogue's default roles
 * @param term  how long access lasts once approved; empty for no end date. The facade checks it
 *              against {@link DelegationSettings#minTerm()} and {@link DelegationSettings#maxTerm()}
 */
public record GrantRequest(Set<RoleKey> roles, Optional<Duration> term) {

    /**
     * Validates the request; the roles are checked against the catalogue when it is used.
     *
     * @param roles the roles asked for, copied; empty for the default roles
     * @param term  positive, a whole number of seconds, when present
     * @throws DelegationException {@code INVALID_INPUT} when a component is null, a role is null or the term is not positive
     */
    public GrantRequest {
        DelegationException.requireArgument(roles, "roles");
        roles = roles.isEmpty() ? Set.of() : RoleKey.requireSome(roles, "roles");
        DelegationException.requireArgument(term, "term");
        org.partnerdelegation.core.domain.AccessGrant.requireWholeSecondsTerm(term);
    }

    /** {@return the default roles, no end date} */
    public static GrantRequest defaults() {
        return new GrantRequest(Set.of(), Optional.empty());
    }

    /**
     * These roles, no end date.
     *
     * @param keys the roles' keys, at least one
     * @return the request
     * @throws DelegationException {@code INVALID_INPUT} when a key is malformed or there is none
     */
    public static GrantRequest roles(String... keys) {
        return new GrantRequest(RoleKey.requireSome(List.of(keys).stream().map(RoleKey::of).toList(), "roles"), Optional.empty());
    }

    /**
     * These roles, no end date.
     *
     * @param keys the roles, at least one
     * @return the request
     * @throws DelegationException {@code INVALID_INPUT} when there is none
     */
    public static GrantRequest roles(Set<RoleKey> keys) {
        return new GrantRequest(RoleKey.requireSome(keys, "roles"), Optional.empty());
    }

    /**
     * The same roles for a period.
     *
     * @param period how long access lasts once approved; positive
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when it is null or not positive
     */
    public GrantRequest forTerm(Duration period) {
        return new GrantRequest(roles, Optional.of(DelegationException.requireArgument(period, "term")));
    }
}
