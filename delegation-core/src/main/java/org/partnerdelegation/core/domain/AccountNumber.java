package org.partnerdelegation.core.domain;

/**
 * The account number a tenant is known by to people (shown in the account list). Immutable and thread-safe.
 *
 * @param value 1 to 64 characters, without control or formatting characters
 */
public record AccountNumber(String value) {

    /** The longest account number accepted, in characters. */
    public static final int MAX_LENGTH = 64;

    /**
     * Validates the account number.
     *
     * @param value 1 to {@link #MAX_LENGTH} characters, not blank, without control or formatting characters
     * @throws DelegationException {@code INVALID_INPUT} when it is missing, blank, too long or holds such characters
     */
    public AccountNumber {
        Validation.requireText(value, "accountNumber", MAX_LENGTH);
    }

    /**
     * The account number with that text; same as the constructor.
     *
     * @param value 1 to {@link #MAX_LENGTH} characters, not blank, without control or formatting characters
     * @return the account number
     * @throws DelegationException {@code INVALID_INPUT} when it is missing, blank, too long or holds such characters
     */
    public static AccountNumber of(String value) {
        return new AccountNumber(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
