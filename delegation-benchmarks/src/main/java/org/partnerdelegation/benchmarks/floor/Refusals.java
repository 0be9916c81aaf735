package org.partnerdelegation.benchmarks.floor;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.StepUpChallenge;

/** The refusals the floors make, with the library's error codes, and its checks on the principal made before any read. */
final class Refusals {

    private static final Duration MAX_AGE = Duration.ofMinutes(15);
    private static final Duration SKEW = Duration.ofMinutes(1);

    private Refusals() {
    }

    static void notDelegated(Principal actor) {
        DelegationException.requireArgument(actor, "actor");
        if (actor.isDelegated()) {
            throw new DelegationException(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, "Not allowed through a delegated session.");
        }
    }

    static void administrator(Principal actor) {
        notDelegated(actor);
        if (!actor.isAdministrator()) {
            throw new DelegationException(ErrorCode.ADMINISTRATOR_REQUIRED, "Only an administrator of the tenant can do this.");
        }
    }

    /**
     * The default step-up: a multi-factor authentication of the last 15 minutes, or of the
     * customer's own shorter age, not ahead of the clock by more than one.
     */
    static void steppedUp(Principal actor, Instant now, Optional<Duration> customerMaxAge) {
        Duration maxAge = customerMaxAge.filter(age -> age.compareTo(MAX_AGE) < 0).orElse(MAX_AGE);
        Authentication a = actor.authentication().orElse(null);
        if (a == null || !a.isMultiFactor() || a.authenticatedAt().isAfter(now.plus(SKEW))
                || a.authenticatedAt().isBefore(now.minus(maxAge))) {
            throw DelegationException.stepUpRequired("Sign in again with a second factor.", new StepUpChallenge(true, maxAge));
        }
    }

    /** The partner's standing from its permission column: null when the tenant is not in the directory. */
    static void partnerPermission(Principal actor, Boolean permission) {
        if (permission == null) {
            throw new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND, "Tenant " + actor.tenantId() + " is not known to the directory.");
        }
        if (!permission) {
            throw new DelegationException(ErrorCode.PARTNER_PERMISSION_REQUIRED, "The partner permission is required.");
        }
    }

    static DelegationException notFound(DelegationId id) {
        return new DelegationException(ErrorCode.DELEGATION_NOT_FOUND, "No customer account " + id + " is in your account list.");
    }

    static DelegationException of(ErrorCode code, String message) {
        return new DelegationException(code, message);
    }

    static DelegationException storage(SQLException e) {
        return new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, "The delegation database failed: " + e.getMessage(), e);
    }
}
