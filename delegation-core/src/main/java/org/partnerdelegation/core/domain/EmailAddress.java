package org.partnerdelegation.core.domain;

import java.net.IDN;
import java.text.Normalizer;
import java.util.StringJoiner;

/**
 * An account email address: trimmed, validated and compared as a mail system compares it.
 * Immutable and thread-safe.
 *
 * <p>{@link #value()} keeps the spelling it was given (for display and for mail);
 * {@link #canonical()} is the form used for equality, lookups and ordering. Two addresses are the
 * same account only when a mail system would deliver them to the same mailbox:
 * <ul>
 *   <li>the <b>domain</b> is compared after IDNA mapping (the JDK's {@link java.net.IDN}, shown as
 *       Unicode): upper and lower case, full-width letters and dots, and an {@code xn--} label
 *       with its Unicode spelling are one domain, because DNS resolves them to one. The IDNA2008
 *       deviation letters {@code ß} and final {@code ς} stay as they are ({@code faß.de} is not
 *       {@code fass.de});</li>
 *   <li>the <b>local part</b> (before the {@code @}) is compared after canonical composition (NFC)
 *       and case folding, and without compatibility folding: {@code Admin} is {@code admin}, a
 *       decomposed {@code e + U+0301} is {@code é}, {@code RENÉ} is {@code rené}, but a
 *       superscript {@code ²} is not {@code 2}, the ligature {@code ﬁ} is not {@code fi}, a
 *       full-width {@code ａ} is not {@code a}, the long {@code ſ} is not {@code s}, {@code ß} is
 *       not {@code ss}. The case folding never turns a non-ASCII character into an ASCII one, so
 *       the Kelvin sign {@code U+212A} (which NFC alone turns into {@code K}) is not {@code k},
 *       the dotted capital {@code İ} is not {@code i}, and the dotless {@code ı} stays
 *       itself.</li>
 * </ul>
 * The rule errs on the side of "another account": a look-alike that some mail system might
 * deliver to the same mailbox is still another account, because taking it for the same one
 * would hand a delegation to whoever holds the look-alike mailbox, while the opposite mistake
 * only means asking for a new invitation.
 *
 * <p>The structure is checked on the compatibility-normalized form (NFKC), so a full-width
 * {@code ＠} cannot smuggle a second at sign in, and an address needs a real {@code @}.
 * Addresses with non-Latin letters (internationalized mail) are accepted; whitespace, control
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
        // The only @ of the normalized form is the only ASCII @ of the address, unless the
        // address has a compatibility at sign (U+FF20, U+FE6B) and no real one.
        int realAt = value.lastIndexOf('@');
        if (realAt < 0) {
            throw DelegationException.invalidInput("email", "must have an @ between the name and the domain"
                    + " (a full-width or small at sign is not one)");
        }
        String canonical = foldLocalPart(value.substring(0, realAt)) + "@" + canonicalDomain(domain);
        if (canonical.length() > MAX_CANONICAL_LENGTH) {
            throw DelegationException.invalidInput("email", "is too long once normalized (" + canonical.length()
                    + " characters, at most " + MAX_CANONICAL_LENGTH + ")");
        }
        return new EmailAddress(value, canonical);
    }

    /**
     * NFC, then the simple lower-case mapping, then NFC again (a case mapping may leave a string
     * that is no longer composed). ASCII letters are lower-cased, as nearly every provider
     * compares them. Beyond ASCII only what cannot be mistaken is folded: a non-ASCII character
     * whose NFC or lower case is ASCII stays as it is (the Kelvin sign {@code U+212A}, the dotted
     * capital {@code İ}, the Greek varia {@code U+1FEF}), because a mail system that does not
     * normalize delivers it elsewhere; and the simple lower case, not full case folding, so
     * {@code ß} stays {@code ß} (not {@code ss}), {@code ſ} stays {@code ſ} (not {@code s}) and
     * the final {@code ς} stays {@code ς} (not {@code σ}).
     */
    private static String foldLocalPart(String local) {
        String composed = composeKeepingNonAscii(local);
        StringBuilder folded = new StringBuilder(composed.length());
        for (int i = 0; i < composed.length(); ) {
            int cp = composed.codePointAt(i);
            if (cp < 0x80) {
                folded.append(asciiLowerCase((char) cp));
            } else {
                int lower = Character.toLowerCase(cp);
                folded.appendCodePoint(lower < 0x80 ? cp : lower);
            }
            i += Character.charCount(cp);
        }
        return composeKeepingNonAscii(folded.toString());
    }

    /**
     * NFC, except for the few non-ASCII characters whose canonical decomposition is ASCII
     * (the Kelvin sign is {@code K} to NFC): those are kept, and the text on either side of them
     * composed on its own.
     */
    private static String composeKeepingNonAscii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp >= 0x80 && isAscii(Normalizer.normalize(text.substring(i, next), Normalizer.Form.NFC))) {
                out.append(Normalizer.normalize(text.substring(start, i), Normalizer.Form.NFC)).appendCodePoint(cp);
                start = next;
            }
            i = next;
        }
        return out.append(Normalizer.normalize(text.substring(start), Normalizer.Form.NFC)).toString();
    }

    /**
     * The domain (already in NFKC and checked) label by label after IDNA mapping, in Unicode.
     * The JDK implements IDNA2003, which maps the deviation letters {@code ß} to {@code ss} and
     * {@code ς} to {@code σ}; IDNA2008, which registries and mail software follow, keeps them,
     * so the text between them is mapped and they stay.
     */
    private static String canonicalDomain(String domain) {
        StringJoiner labels = new StringJoiner(".");
        for (String label : domain.split("\\.", -1)) {
            StringBuilder mapped = new StringBuilder(label.length());
            int start = 0;
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (c == '\u00DF' || c == '\u03C2') {
                    mapped.append(idnaMapped(label.substring(start, i))).append(c);
                    start = i + 1;
                }
            }
            labels.add(mapped.append(idnaMapped(label.substring(start))));
        }
        return labels.toString();
    }

    /**
     * One label (or part of one) through IDNA ToASCII and back to Unicode, lower case. ASCII that
     * is not an {@code xn--} label is only lower-cased: IDNA would leave it as it is. A label IDNA
     * refuses (too long once encoded, mixed directions) no DNS name has; it is compared as a
     * local part is, which never makes two addresses one that IDNA would keep apart.
     */
    private static String idnaMapped(String label) {
        String lower = isAscii(label) ? asciiLowerCase(label) : label;
        if (lower.isEmpty() || (isAscii(lower) && !lower.startsWith("xn--"))) {
            return lower;
        }
        try {
            return asciiLowerCase(IDN.toUnicode(IDN.toASCII(lower, IDN.ALLOW_UNASSIGNED), IDN.ALLOW_UNASSIGNED));
        } catch (IllegalArgumentException e) {
            return foldLocalPart(label);
        }
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static char asciiLowerCase(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static String asciiLowerCase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            out.append(asciiLowerCase(text.charAt(i)));
        }
        return out.toString();
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

    /**
     * The form used for comparison, lookups and ordering: the local part in NFC and lower case
     * (without compatibility folding), {@code @}, the domain after IDNA mapping, in Unicode.
     * See the class comment for the rule.
     *
     * @return the canonical form, never null
     */
    public String canonical() {
        return canonical;
    }

    /**
     * True when both denote the same mailbox: equal canonical forms (see the class comment).
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
