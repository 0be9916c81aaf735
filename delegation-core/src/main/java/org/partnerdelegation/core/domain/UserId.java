package org.partnerdelegation.core.domain;

/**
 * Identifies a user as the host authenticated it (its own user id, login name or email).
 *
 * @param value 1 to 256 characters, without control or formatting characters
 */
public record UserId(String value) {

    public static final int MAX_LENGTH = 256;

    public UserId {
        Validation.requireText(value, "userId", MAX_LENGTH);
    }

    public static UserId of(String value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
