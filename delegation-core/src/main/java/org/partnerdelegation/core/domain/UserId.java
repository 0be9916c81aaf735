package org.partnerdelegation.core.domain;

/**
 * Identifies a user as the host authenticated it (its own user id, login name or email).
 * Immutable and thread-safe.
 *
 * @param value 1 to 256 characters, without control or formatting characters
 */
public record UserId(String value) {

    /** The longest user id accepted, in characters. */
    public static final int MAX_LENGTH = 256;

    /**
     * Validates the user id.
     *
     * @param value 1 to {@link #MAX_LENGTH} characters, not blank, without control or formatting characters
     * @throws DelegationException {@code INVALID_INPUT} when it is missing, blank, too long or holds such characters
     */
    public UserId {
        Validation.requireText(value, "userId", MAX_LENGTH);
    }

    /**
     * The user id with that text; same as the constructor.
     *
     * @param value 1 to {@link #MAX_LENGTH} characters, not blank, without control or formatting characters
     * @return the user id
     * @throws DelegationException {@code INVALID_INPUT} when it is missing, blank, too long or holds such characters
     */
    public static UserId of(String value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
