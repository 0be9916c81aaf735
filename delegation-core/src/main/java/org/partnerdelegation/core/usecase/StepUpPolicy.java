package org.partnerdelegation.core.usecase;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.StepUpChallenge;

/**
 * The host's rule for how fresh and how strong a partner user's authentication must be before
 * the library lets them into a customer's tenant ({@code loginToCustomer}): by default a
 * multi-factor authentication no older than {@value #DEFAULT_MAX_AGE_MINUTES} minutes, as the
 * principal's {@link Principal#authentication()} states it. Anything else is refused with
 * {@code STEP_UP_REQUIRED} and a {@link StepUpChallenge}. A customer can make the rule stricter
 * for its own tenant (require it where the host relaxed it, or a shorter age); nothing a partner
 * does can make it weaker. Immutable and thread-safe.
 *
 * <p>Relaxing it takes a named call ({@link #allowingSingleFactor()} or {@link #notRequired()}),
 * and the facade logs a WARNING naming it when it is built.
 *
 * @param requirement     what the authentication must be
 * @param maxAge          how old it may be at the call: positive, at most {@link #MAX_AGE_LIMIT}
 * @param customerActions whether the customer's own sensitive actions (accepting an invitation, approving a grant
 *                        change, restricting access, changing the grant's rules or the customer settings) need the
 *                        same; off by default
 */
public record StepUpPolicy(Requirement requirement, Duration maxAge, boolean customerActions) {

    /** The default {@link #maxAge()}, in minutes: {@value}. */
    public static final long DEFAULT_MAX_AGE_MINUTES = 15;
    /** The default {@link #maxAge()}: 15 minutes. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(DEFAULT_MAX_AGE_MINUTES);
    /** The longest {@link #maxAge()} accepted, by the host or a customer: 24 hours. */
    public static final Duration MAX_AGE_LIMIT = Duration.ofHours(24);
    /**
     * How far in the future an authentication time may lie and still count as now: the identity
     * provider's clock and the host's differ a little. Later than that, the time is refused.
     */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /** What the authentication must be. */
    public enum Requirement {
        /** Multi-factor ({@link Authentication#isMultiFactor()}), no older than the maximum age: the default. */
        MULTI_FACTOR,
        /** Any authentication the host states, no older than the maximum age. A relaxation, logged. */
        ANY_FACTOR,
        /** Nothing: the host vouches for its users by other means. A relaxation, logged. Customers may still require it. */
        NONE
    }

    /**
     * Checks the components.
     *
     * @param requirement     what the authentication must be
     * @param maxAge          how old it may be; positive, at most {@link #MAX_AGE_LIMIT}
     * @param customerActions whether the customer's sensitive actions need the same
     * @throws DelegationException {@code INVALID_INPUT} naming the component that is null or out of range
     */
    public StepUpPolicy {
        DelegationException.requireArgument(requirement, "requirement");
        requireAge(maxAge, "maxAge");
    }

    /** {@return the default: multi-factor, no older than 15 minutes, for delegated logins only} */
    public static StepUpPolicy defaults() {
        return new StepUpPolicy(Requirement.MULTI_FACTOR, DEFAULT_MAX_AGE, false);
    }

    /**
     * A relaxation: no authentication is asked of a partner user at login, unless the customer
     * requires one for its tenant. For hosts that vouch for their users by other means, and for
     * tests; the facade logs a WARNING when built with it.
     *
     * @return the policy that asks nothing of the host
     */
    public static StepUpPolicy notRequired() {
        return new StepUpPolicy(Requirement.NONE, DEFAULT_MAX_AGE, false);
    }

    /**
     * A copy that accepts a single-factor authentication, still no older than {@link #maxAge()}:
     * a relaxation, logged as a WARNING when the facade is built.
     *
     * @return the relaxed copy
     */
    public StepUpPolicy allowingSingleFactor() {
        return new StepUpPolicy(Requirement.ANY_FACTOR, maxAge, customerActions);
    }

    /**
     * A copy with another maximum age.
     *
     * @param age how old an authentication may be at the call; positive, at most {@link #MAX_AGE_LIMIT}
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when it is null or out of range
     */
    public StepUpPolicy withMaxAge(Duration age) {
        return new StepUpPolicy(requirement, age, customerActions);
    }

    /**
     * A copy that also asks it of a customer administrator accepting an invitation, approving a
     * grant change, restricting the partner's access, changing the grant's rules or the customer
     * settings: each hands a partner access or loosens what watches it.
     *
     * @return the changed copy
     */
    public StepUpPolicy forCustomerActionsToo() {
        return new StepUpPolicy(requirement, maxAge, true);
    }

    /** {@return true when this policy asks less than the default, multi-factor requirement} */
    public boolean isRelaxed() {
        return requirement != Requirement.MULTI_FACTOR;
    }

    /**
     * Checks a maximum age, the host's or a customer's.
     *
     * @param age  the age
     * @param name the argument's name, for the message
     * @throws DelegationException {@code INVALID_INPUT} when it is null, not positive or longer than {@link #MAX_AGE_LIMIT}
     */
    public static void requireAge(Duration age, String name) {
        DelegationException.requireArgument(age, name);
        if (age.isZero() || age.isNegative() || age.compareTo(MAX_AGE_LIMIT) > 0) {
            throw DelegationException.invalidInput(name, "must be positive and at most " + MAX_AGE_LIMIT + ", got " + age);
        }
    }

    /**
     * What this policy asks, made stricter by a customer's own requirement: the customer's age
     * requires a multi-factor authentication no older than it (or than the host's age, whichever is shorter).
     *
     * @param customerMaxAge the customer's requirement for its tenant; empty when it has none
     * @return what to ask; empty when nothing is asked
     */
    Optional<StepUpChallenge> challenge(Optional<Duration> customerMaxAge) {
        if (customerMaxAge.isPresent()) {
            Duration shortest = customerMaxAge.get().compareTo(maxAge) < 0 ? customerMaxAge.get() : maxAge;
            return Optional.of(new StepUpChallenge(true, requirement == Requirement.NONE ? customerMaxAge.get() : shortest));
        }
        return requirement == Requirement.NONE ? Optional.empty()
                : Optional.of(new StepUpChallenge(requirement == Requirement.MULTI_FACTOR, maxAge));
    }

    /**
     * Refuses the principal unless its authentication meets the challenge at {@code now}.
     *
     * @param actor     the principal about to act
     * @param challenge what is asked; nothing is checked when empty
     * @param now       the instant of the call
     * @param action    what the principal is about to do, for the message ("Logging in to a customer's tenant")
     * @param byCustomer whether the customer's own requirement made it stricter, for the message
     * @throws DelegationException {@code STEP_UP_REQUIRED} naming the factor or the age that is missing
     */
    static void require(Principal actor, Optional<StepUpChallenge> challenge, Instant now, String action, boolean byCustomer) {
        if (challenge.isEmpty()) {
            return;
        }
        StepUpChallenge asked = challenge.get();
        String rule = action + " needs " + (asked.multiFactor() ? "a multi-factor authentication" : "an authentication")
                + " within the last " + describe(asked.maxAge()) + (byCustomer ? ", as the customer requires for its account" : "");
        Optional<Authentication> auth = actor.authentication();
        if (auth.isEmpty()) {
            throw DelegationException.stepUpRequired(rule + ", and the sign-in did not say how or when you authenticated."
                    + " Sign in again" + (asked.multiFactor() ? " with a second factor." : "."), asked);
        }
        Authentication a = auth.get();
        if (asked.multiFactor() && !a.isMultiFactor()) {
            throw DelegationException.stepUpRequired(rule + "; you authenticated with " + a.describeMethods()
                    + ", a single factor. Sign in again with a second factor (a one-time code or a security key).", asked);
        }
        if (a.authenticatedAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw DelegationException.stepUpRequired(rule + "; the time of your authentication, " + a.authenticatedAt()
                    + ", is more than " + describe(CLOCK_SKEW) + " ahead of this server's clock (" + now
                    + "). Sign in again; if it recurs, the clocks of the sign-in and of this server disagree.", asked);
        }
        Duration age = Duration.between(a.authenticatedAt(), now);
        if (age.compareTo(asked.maxAge()) > 0) {
            throw DelegationException.stepUpRequired(rule + "; you authenticated " + describe(age) + " ago. Sign in again"
                    + (asked.multiFactor() ? " with a second factor" : "") + " to continue.", asked);
        }
    }

    /** A duration as a person reads it: whole minutes when it is, seconds otherwise. */
    static String describe(Duration d) {
        if (d.toSeconds() % 60 == 0 && d.toNanosPart() == 0 && d.toMinutes() > 0) {
            long minutes = d.toMinutes();
            return minutes % 60 == 0 ? d.toHours() + (d.toHours() == 1 ? " hour" : " hours")
                    : minutes + (minutes == 1 ? " minute" : " minutes");
        }
        long seconds = d.toSeconds();
        return seconds + (seconds == 1 ? " second" : " seconds");
    }
}
