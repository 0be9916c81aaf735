package org.partnerdelegation.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What a delegation grants: the roles, for how long, and the customer's rules for it. On a
 * PENDING delegation it is what the partner requested (a term, no end date yet); the customer
 * approves it as a whole, and the end date is counted from the approval. Immutable and thread-safe.
 *
 * @param roles            the roles granted (or requested), at least one
 * @param term             the length of one period; empty for a delegation without an end date
 * @param endsAt           when the current period ends; empty while PENDING, or for a delegation without an end
 *                         date (a customer may set one without a term, by shortening)
 * @param autoRenew        whether the customer approved one automatic renewal for another period of the same length
 * @param reasonRequired   whether the customer requires a reason for every session holding a sensitive role
 * @param endingNoticeSent whether both sides were told that the current period is ending
 */
public record AccessGrant(Set<RoleKey> roles, Optional<Duration> term, Optional<Instant> endsAt, boolean autoRenew,
                          boolean reasonRequired, boolean endingNoticeSent) {

    /**
     * Validates the grant.
     *
     * @param roles            at least one role; copied into their natural order
     * @param term             positive when present
     * @param endsAt           when the current period ends, if it does
     * @param autoRenew        true only with a term and an end date
     * @param reasonRequired   whether sessions holding a sensitive role need a reason
     * @param endingNoticeSent whether the ending notice went out for the current period
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or inconsistent
     */
    public AccessGrant {
        roles = RoleKey.requireSome(roles, "roles");
        Validation.requireNonNull(term, "term");
        Validation.requireNonNull(endsAt, "endsAt");
        requireWholeSecondsTerm(term);
        if (autoRenew && (term.isEmpty() || endsAt.isEmpty())) {
            throw DelegationException.invalidInput("autoRenew", "needs a term and an end date: a delegation without one has nothing to renew");
        }
    }

    /**
     * Checks a period: positive and a whole number of seconds, as storage keeps it.
     *
     * @param term the period, if any
     * @throws DelegationException {@code INVALID_INPUT} when it is zero, negative or has a fraction of a second
     */
    public static void requireWholeSecondsTerm(Optional<Duration> term) {
        Validation.requireNonNull(term, "term");
        if (term.isPresent() && (term.get().isNegative() || term.get().isZero())) {
            throw DelegationException.invalidInput("term", "must be positive, got " + term.get());
        }
        if (term.isPresent() && term.get().getNano() != 0) {
            throw DelegationException.invalidInput("term", "must be a whole number of seconds, got " + term.get());
        }
    }

    /** {@return the seed's grant: the whole tenant ({@code tenant:administrator}), no end date} */
    public static AccessGrant administrator() {
        return requested(Set.of(RoleKey.TENANT_ADMINISTRATOR), Optional.empty());
    }

    /**
     * What a partner requests: these roles, for this term, not yet approved.
     *
     * @param roles the roles, at least one
     * @param term  the length of a period; empty for no end date
     * @return the requested grant, without an end date until it is approved
     */
    public static AccessGrant requested(Set<RoleKey> roles, Optional<Duration> term) {
        return new AccessGrant(roles, term, Optional.empty(), false, false, false);
    }

    /**
     * The grant as approved at {@code now}: the end date, if there is a term, is counted from now.
     *
     * @param now            when the customer approved
     * @param autoRenew      whether the customer approved one automatic renewal
     * @param reasonRequired whether the customer requires a reason for sensitive roles
     * @return the approved grant
     */
    public AccessGrant approvedAt(Instant now, boolean autoRenew, boolean reasonRequired) {
        return new AccessGrant(roles, term, term.map(now::plus), autoRenew && term.isPresent(), reasonRequired, false);
    }

    /**
     * When access ends: the first instant without it. The end date, or the end of the renewed period
     * when the customer approved automatic renewal; empty for a grant without an end date.
     *
     * @return when access ends, renewal included
     */
    public Optional<Instant> accessUntil() {
        return endsAt.map(end -> autoRenew ? end.plus(term.orElseThrow()) : end);
    }

    /**
     * Whether the grant gives access at {@code now}.
     *
     * @param now the instant to check at
     * @return true when there is no end, or {@code now} is before {@link #accessUntil()}
     */
    public boolean grantsAccessAt(Instant now) {
        return accessUntil().map(now::isBefore).orElse(true);
    }

    /**
     * Whether a role is granted.
     *
     * @param role the role
     * @return true when it is among {@link #roles()}
     */
    public boolean grants(RoleKey role) {
        return roles.contains(role);
    }

    /** {@return the grant renewed for one more period of the same length; no further automatic renewal} */
    public AccessGrant renewed() {
        Instant end = endsAt.orElseThrow(() -> new IllegalStateException("a grant without an end date is not renewed"));
        return new AccessGrant(roles, term, Optional.of(end.plus(term.orElseThrow())), false, reasonRequired, false);
    }

    /**
     * The grant cut down by the customer: fewer roles, an earlier end. Cutting the end also ends
     * automatic renewal.
     *
     * @param keptRoles the roles kept: a non-empty subset of {@link #roles()}
     * @param newEnd    the new end date, no later than the current one; empty to keep it
     * @return the reduced grant
     * @throws DelegationException {@code INVALID_INPUT} when a role is not granted now or the end is not earlier
     */
    public AccessGrant reducedTo(Set<RoleKey> keptRoles, Optional<Instant> newEnd) {
        Set<RoleKey> kept = RoleKey.requireSome(keptRoles, "roles");
        for (RoleKey role : kept) {
            if (!roles.contains(role)) {
                throw DelegationException.invalidInput("roles", "may only keep roles granted now; '" + role + "' is not granted");
            }
        }
        Validation.requireNonNull(newEnd, "endsAt");
        if (newEnd.isEmpty()) {
            return new AccessGrant(kept, term, endsAt, autoRenew, reasonRequired, endingNoticeSent);
        }
        if (endsAt.isPresent() && newEnd.get().isAfter(endsAt.get())) {
            throw DelegationException.invalidInput("endsAt", "may only move the end earlier; it is " + endsAt.get()
                    + ". The partner may request a longer period.");
        }
        return new AccessGrant(kept, term, newEnd, false, reasonRequired, false);
    }

    /**
     * A copy with the customer's renewal and reason rules.
     *
     * @param renew   whether to renew once automatically (only with a term and an end date)
     * @param reasons whether sessions holding a sensitive role need a reason
     * @return the changed copy
     */
    public AccessGrant withRules(boolean renew, boolean reasons) {
        return new AccessGrant(roles, term, endsAt, renew, reasons, endingNoticeSent);
    }

    /** {@return a copy recording that both sides were told the period is ending} */
    public AccessGrant withEndingNoticeSent() {
        return new AccessGrant(roles, term, endsAt, autoRenew, reasonRequired, true);
    }
}
