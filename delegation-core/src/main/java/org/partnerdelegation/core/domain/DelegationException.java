package org.partnerdelegation.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one exception type of the library: unchecked, carrying a stable {@link ErrorCode} and a
 * message written for a person. Adapters translate their own failures (SQL, mail) into it at
 * their boundary and keep the original as the cause.
 *
 * <p>A use case that throws it has written nothing: the failure leaves no partial state. The one
 * deliberate exception is {@code INVITATION_EXPIRED}: answering an expired invitation first
 * records the expiry that was due (the delegation becomes EXPIRED, audited, and the partner is
 * told), as {@code expireInvitations} would have, and then reports it.
 */
public class DelegationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The message of {@link ErrorCode#ALREADY_LINKED_TO_ANOTHER_TENANT}, fixed by the product. */
    public static final String ALREADY_LINKED_MESSAGE = "The associated account is already linked to another tenant.";

    /** The stable code of the failure; serialized with the exception. */
    private final ErrorCode code;
    private final transient Instant retryAt;
    private final transient StepUpChallenge stepUpChallenge;

    /**
     * A failure with a code and a message for people.
     *
     * @param code    the stable code; required
     * @param message what went wrong, written for a person
     * @throws NullPointerException when {@code code} is null
     */
    public DelegationException(ErrorCode code, String message) {
        this(code, message, (Throwable) null);
    }

    /**
     * A failure with a code, a message for people and the failure that caused it.
     *
     * @param code    the stable code; required
     * @param message what went wrong, written for a person
     * @param cause   the adapter's own failure (SQL, mail), kept for operators; may be null
     * @throws NullPointerException when {@code code} is null
     */
    public DelegationException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.retryAt = null;
        this.stepUpChallenge = null;
    }

    private DelegationException(ErrorCode code, Instant retryAt, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.retryAt = Objects.requireNonNull(retryAt, "retryAt");
        this.stepUpChallenge = null;
    }

    private DelegationException(String message, StepUpChallenge challenge) {
        super(message);
        this.code = ErrorCode.STEP_UP_REQUIRED;
        this.retryAt = null;
        this.stepUpChallenge = Objects.requireNonNull(challenge, "challenge");
    }

    /**
     * {@code STEP_UP_REQUIRED}: the message says which factor or age is missing; the challenge says
     * what to ask the user for.
     *
     * @param message   what is missing, written for a person
     * @param challenge what the host must ask for before the call is retried
     * @return the exception, with {@link #stepUpChallenge()} present
     * @throws NullPointerException when {@code challenge} is null
     */
    public static DelegationException stepUpRequired(String message, StepUpChallenge challenge) {
        return new DelegationException(message, challenge);
    }

    /**
     * What to ask the user for before retrying, for {@code STEP_UP_REQUIRED}.
     *
     * @return the challenge; empty for every other code
     */
    public Optional<StepUpChallenge> stepUpChallenge() {
        return Optional.ofNullable(stepUpChallenge);
    }

    /**
     * {@code TOO_MANY_REQUESTS}: the message says why; {@code retryAt} is the earliest moment to try again.
     *
     * @param message why the request came too soon, written for a person
     * @param retryAt the earliest moment the same request may succeed
     * @return the exception, with {@link #retryAt()} present
     * @throws NullPointerException when {@code retryAt} is null
     */
    public static DelegationException tooManyRequests(String message, Instant retryAt) {
        return new DelegationException(ErrorCode.TOO_MANY_REQUESTS, retryAt, message);
    }

    /** {@return the stable code of this failure} */
    public ErrorCode code() {
        return code;
    }

    /**
     * For {@code TOO_MANY_REQUESTS}: the earliest moment the same request may succeed. Empty for other codes.
     *
     * @return when to try again; empty for every code but {@code TOO_MANY_REQUESTS}
     */
    public Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }

    /**
     * A bad argument: {@code name} says which, {@code problem} says what is wrong with it.
     *
     * @param name    the argument, as the caller knows it ({@code "email"}, {@code "limit"})
     * @param problem what is wrong, completing the sentence ({@code "is required"})
     * @return an {@code INVALID_INPUT} exception whose message is the name followed by the problem
     */
    public static DelegationException invalidInput(String name, String problem) {
        return new DelegationException(ErrorCode.INVALID_INPUT, name + " " + problem);
    }

    /**
     * Checks that a required argument is present.
     *
     * @param <T>   the argument's type
     * @param value the argument
     * @param name  the argument's name, for the message
     * @return {@code value}, never null
     * @throws DelegationException {@code INVALID_INPUT} naming the argument when it is null
     */
    public static <T> T requireArgument(T value, String name) {
        if (value == null) {
            throw invalidInput(name, "is required");
        }
        return value;
    }

    /**
     * The single-partner refusal, with its message verbatim.
     *
     * @return an {@code ALREADY_LINKED_TO_ANOTHER_TENANT} exception with {@link #ALREADY_LINKED_MESSAGE}
     */
    public static DelegationException alreadyLinked() {
        return new DelegationException(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, ALREADY_LINKED_MESSAGE);
    }

    @Override
    public String toString() {
        return getClass().getName() + "[" + code + "]: " + getMessage();
    }
}
