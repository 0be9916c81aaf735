package org.partnerdelegation.core.domain;

import java.text.Normalizer;
import java.util.Locale;

/**
 * An account email address: trimmed, validated and compared case-insensitively. Immutable and thread-safe.
 *
 * <p>{@link #value()} keeps the spelling it was given (for display and for mail);
 * {@link #canonical()} is the form used for equality, lookups and ordering: the address in
 * Unicode compatibility composition (NFKC), lower-cased without a locale, in both the local part
 * and the domain.
 * So {@code Admin@Example.com} and {@code admin@example.COM} are the same address, and so are
 * look-alikes that differ only in how the same letters are encoded: the Kelvin sign {@code U+212A}
 * and {@code K}, a decomposed {@code e + U+0301} and {@code é}, full-width and ASCII letters.
 * Letters that are distinct in some language stay distinct ({@code ß} and {@code ss}, dotless
 * {@code ı} and {@code i}). No second account can be created that displays like an existing
 * one but compares differently. The structure is checked on the normalized form, so a
 * full-width {@code ＠} cannot smuggle a second at sign in.
 *
 * <p>Addresses with non-Latin letters (internationalized mail) are accepted; whitespace, control
 * and formatting characters (NUL, CR, LF, bidirectional marks) are not.
 */
public final class EmailAddress implements Comparable<EmailAddress> {

    /** The longest address SMTP can carry (RFC 5321). */
    public static final int MAX_LENGTH = 254;
    /** The longest canonical form kept: normalization and case folding may lengthen an address. */
    public static final int MAX_CANONICAL_LENGTH = 2 * MAX_LENGTH;
    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_LABEL = 63;
    private static final String SPECIALS = "()<>[]:;,\\\"@";

    private final String value;
    private final String canonical;

    private EmailAddress(String value, String canonical) {
        this.value = value;
        this.canonical = canonical;
    }

    /**
     * Validates and wraps an address.
     *
     * @param raw the address as typed; surrounding whitespace is trimmed
     * @return the address
     * @throws DelegationException {@code INVALID_INPUT} naming what is wrong
     */
    public static EmailAddress of(String raw) {
        if (raw == null) {
            throw DelegationException.invalidInput("email", "is required");
        }
        String value = raw.strip();
        Validation.requireText(value, "email", MAX_LENGTH);
        // Checked in the normalized form: what compares equal must also be well formed.
        String normalized = Normalizer.normalize(value, Normalizer.Form.NFKC);
        Validation.requireNoControlCharacters(normalized, "email");
        int at = normalized.lastIndexOf('@');
        if (at <= 0 || at == normalized.length() - 1) {
            throw DelegationException.invalidInput("email", "must look like name@example.com");
        }
        String local = normalized.substring(0, at);
        String domain = normalized.substring(at + 1);
        if (local.length() > MAX_LOCAL_PART) {
            throw DelegationException.invalidInput("email", "must have at most " + MAX_LOCAL_PART + " characters before the @");
        }
        checkLocalPart(local);
        checkDomain(domain);
        String canonical = canonicalize(normalized);
        if (canonical.length() > MAX_CANONICAL_LENGTH) {
            throw DelegationException.invalidInput("email", "is too long once normalized (" + canonical.length()
                    + " characters, at most " + MAX_CANONICAL_LENGTH + ")");
        }
        return new EmailAddress(value, canonical);
    }

    /**
     * Lower case without a locale, then NFKC again (a case mapping may leave a string that is no
     * longer composed). Deliberately not full case folding: that maps {@code ß} to {@code ss} and
     * would make {@code faß.de} and {@code fass.de}, two different domains, one address.
     */
    private static String canonicalize(String normalized) {
        return Normalizer.normalize(normalized.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
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

    /** {@return the address as given, trimmed: for display and for mail} */
    public String value() {
        return value;
    }

    /**
     * The address for a log line: the first character of the local part, then {@code ***}, then
     * the domain ({@code j***@example.com}). Logs must never carry an address in clear.
     *
     * @return the masked address
     */
    public String masked() {
        int at = value.lastIndexOf('@');
        String domain = at < 0 ? "" : value.substring(at);
        return value.isEmpty() ? "***" : value.substring(0, Character.charCount(value.codePointAt(0))) + "***" + domain;
    }

    /** {@return the normalized, lower-cased form used for comparison, lookups and ordering} */
    public String canonical() {
        return canonical;
    }

    /**
     * True when both denote the same mailbox: equal canonical forms (case and encoding ignored).
     *
     * @param other the address to compare with; may be null
     * @return true when the canonical forms are equal; false for null
     */
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
