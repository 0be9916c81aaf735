package org.partnerdelegation.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A partner's request to change a CONNECTED delegation's grant (more roles, a longer period),
 * waiting for the customer. Until the customer approves it through its invitation, the current
 * grant stays in force; a decline or an expiry drops it. Immutable and thread-safe.
 *
 * @param roles       the roles the delegation would grant: the whole new set, at least one
 * @param term        the new period, counted from the approval; empty to keep the current end date
 * @param requestedAt when the partner asked
 */
public record GrantChange(Set<RoleKey> roles, Optional<Duration> term, Instant requestedAt) {

    /**
     * Validates the request.
     *
     * @param roles       at least one role; copied into their natural order
     * @param term        positive, a whole number of seconds, when present
     * @param requestedAt when the partner asked
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or out of range
     */
    public GrantChange {
        roles = RoleKey.requireSome(roles, "roles");
        Validation.requireNonNull(term, "term");
        AccessGrant.requireWholeSecondsTerm(term);
        Validation.requireNonNull(requestedAt, "requestedAt");
    }

    /**
     * The grant once this change is approved at {@code now}: the new roles, and with a term a new
     * end counted from now. The customer's rules stay; a renewal approved for the old period
     * does not carry over to a new one.
     *
     * @param current the grant in force
     * @param now     when the customer approved
     * @return the new grant
     */
    public AccessGrant applyTo(AccessGrant current, Instant now) {
        if (term.isEmpty()) {
            return new AccessGrant(roles, current.term(), current.endsAt(), current.autoRenew(), current.reasonRequired(),
                    current.endingNoticeSent());
        }
        return new AccessGrant(roles, term, Optional.of(now.plus(term.get())), false, current.reasonRequired(), false);
    }
}
