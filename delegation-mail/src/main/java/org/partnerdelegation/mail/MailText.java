package org.partnerdelegation.mail;

import org.partnerdelegation.core.domain.DelegationException;

/** Escaping for the HTML part, one-line text for the text part, the guard on header values, and masking of addresses in free text. */
final class MailText {

    private MailText() {
    }

    /** Escapes the five characters that matter in HTML text and in quoted attribute values. */
    static String escapeHtml(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    /**
     * The value on one line, for the text part: every control character (CR, LF, tab, NEL), line
     * or paragraph separator and lone surrogate becomes a space, so that text the host wrote (a
     * role's name or description) cannot break the text part's lines or start a line of its own.
     */
    static String oneLine(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int n = Character.charCount(cp);
            int type = Character.getType(cp);
            boolean breaking = type == Character.CONTROL || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
            if (breaking && out == null) {
                out = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (out != null) {
                if (breaking) {
                    out.append(' ');
                } else {
                    out.append(value, i, i + n);
                }
            }
            i += n;
        }
        return out == null ? value : out.toString();
    }

    /**
     * Refuses a value bound for a mail header (subject, sender name, address) that holds a line
     * break or another control character: CR or LF would end the header and let the rest of the
     * value add headers of its own (Bcc, a second body), and the others have no business there.
     * Refused: control characters, line and paragraph separators, lone surrogates.
     *
     * @throws DelegationException {@code INVALID_INPUT} naming the header
     */
    static String requireHeaderSafe(String value, String name) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE) {
                throw DelegationException.invalidInput(name, "must be one line without control characters (found U+"
                        + String.format("%04X", cp) + "); a line break in a mail header would let it add headers of its own");
            }
            i += Character.charCount(cp);
        }
        return value;
    }

    /**
     * Masks every address in free text (an error message, a server's reply) as
     * {@link org.partnerdelegation.core.domain.EmailAddress#masked()} does: the first character of
     * the local part, {@code ***}, then the domain. Whatever merely looks like an address is masked
     * too: a log line loses nothing it needs. Looks like an address: a run of characters other than
     * whitespace and {@code <>()[]{}"',;:@}, an at sign, and at least one more of them.
     *
     * <p>One pass, in linear time: a regular expression of this rule tries every start in a long run
     * again, and the text comes from outside (a mail server's reply).
     */
    static String maskEmails(String text) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (!inAddress(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && inAddress(text.charAt(i))) {
                i++;
            }
            // The run ends at i; no start inside it can end anywhere else, so it is decided once.
            if (i + 1 < n && text.charAt(i) == '@' && inAddress(text.charAt(i + 1))) {
                if (out == null) {
                    out = new StringBuilder(n + 16);
                }
                out.append(text, copied, start + Character.charCount(text.codePointAt(start))).append("***");
                copied = i;
                i++;
                while (i < n && inAddress(text.charAt(i))) {
                    i++;
                }
            }
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    private static boolean inAddress(char c) {
        return switch (c) {
            case ' ', '\t', '\n', '\u000B', '\f', '\r', '<', '>', '(', ')', '[', ']', '{', '}', '"', '\'', ',', ';', ':', '@' -> false;
            default -> true;
        };
    }
}
