package org.partnerdelegation.core.domain;

/**
 * The account number a tenant is known by to people (shown in the account list).
 *
 * @param value 1 to 64 characters, without control or formatting characters
 */
public record AccountNumber(String value) {

    public static final int MAX_LENGTH = 64;

    public AccountNumber {
        Validation.requireText(value, "accountNumber", MAX_LENGTH);
    }

    public static AccountNumber of(String value) {
        return new AccountNumber(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
