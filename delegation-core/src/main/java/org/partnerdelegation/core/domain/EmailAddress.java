package org.partnerdelegation.core.domain;

import java.util.Locale;

/**
 * An account email address: trimmed, validated and compared case-insensitively.
 *
 * <p>{@link #value()} keeps the spelling it was given (for display and for mail);
 * {@link #canonical()} is the lower-cased form used for equality, lookups and ordering, so
 * {@code Admin@Example.com} and {@code admin@example.COM} are the same address. Addresses with
 * non-Latin letters (internationalized mail) are accepted; whitespace, control and formatting
 * characters (NUL, CR, LF, bidirectional marks) are not.
 */
public final class EmailAddress implements Comparable<EmailAddress> {

    /** The longest address SMTP can carry (RFC 5321). */
    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_LABEL = 63;
    private static final String SPECIALS = "()<>[]:;,\\\"@";

    private final String value;
    private final String canonical;

    private EmailAddress(String value) {
        this.value = value;
        this.canonical = value.toLowerCase(Locale.ROOT);
    }

    /**
     * Validates and wraps an address.
     *
     * @throws DelegationException {@code INVALID_INPUT} naming what is wrong
     */
    public static EmailAddress of(String raw) {
        if (raw == null) {
            throw DelegationException.invalidInput("email", "is required");
        }
        String value = raw.strip();
        Validation.requireText(value, "email", MAX_LENGTH);
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            throw DelegationException.invalidInput("email", "must look like name@example.com");
        }
        String local = value.substring(0, at);
        String domain = value.substring(at + 1);
        if (local.length() > MAX_LOCAL_PART) {
            throw DelegationException.invalidInput("email", "must have at most " + MAX_LOCAL_PART + " characters before the @");
        }
        checkLocalPart(local);
        checkDomain(domain);
        return new EmailAddress(value);
    }

    private static void checkLocalPart(String local) {
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw DelegationException.invalidInput("email", "must not start or end with a dot, nor have two dots in a row, before the @");
        }
        checkCharacters(local);
    }

    private static void checkDomain(String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            throw DelegationException.invalidInput("email", "must have a domain with a dot, such as example.com");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")) {
                throw DelegationException.invalidInput("email", "has an invalid domain: " + domain);
            }
            for (int i = 0; i < label.length(); ) {
                int cp = label.codePointAt(i);
                if (cp != '-' && !Character.isLetterOrDigit(cp)) {
                    throw DelegationException.invalidInput("email", "has an invalid domain: " + domain);
                }
                i += Character.charCount(cp);
            }
        }
    }

    private static void checkCharacters(String part) {
        for (int i = 0; i < part.length(); ) {
            int cp = part.codePointAt(i);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || SPECIALS.indexOf(cp) >= 0) {
                throw DelegationException.invalidInput("email", "must not contain spaces or any of " + SPECIALS);
            }
            i += Character.charCount(cp);
        }
    }

    /** The address as given, trimmed. */
    public String value() {
        return value;
    }

    /** The lower-cased form used for comparison, lookups and ordering. */
    public String canonical() {
        return canonical;
    }

    /** True when both denote the same mailbox, ignoring case. */
    public boolean matches(EmailAddress other) {
        return other != null && canonical.equals(other.canonical);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmailAddress other && canonical.equals(other.canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public int compareTo(EmailAddress o) {
        return canonical.compareTo(o.canonical);
    }

    @Override
    public String toString() {
        return value;
    }
}
