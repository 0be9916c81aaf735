package org.partnerdelegation.core.domain;

/**
 * Why a person ended something (deleted a customer account, disassociated a partner, ended a
 * session, revoked the partner permission): free text such as a ticket number, recorded in the
 * audit trail with the event. Trimmed; not blank, at most {@link DelegatedSession#MAX_REASON_LENGTH}
 * characters, no control, formatting, line-separating, private-use or unassigned characters (the
 * same rules as a login's reason), so that what an auditor reads is what was typed. Immutable and thread-safe.
 *
 * <pre>{@code
 * delegation.deleteAccount(partnerAdmin, row.delegationId(), Reason.of("Contract ended, TICKET-4711"));
 * }</pre>
 *
 * @param text the reason, trimmed
 */
public record Reason(String text) {

    /**
     * Validates the reason.
     *
     * @param text the reason; trimmed
     * @throws DelegationException {@code INVALID_INPUT} when it is null, blank, too long or holds control characters
     */
    public Reason {
        text = check(text, "reason");
    }

    /**
     * A reason.
     *
     * @param text the reason as typed
     * @return the reason, trimmed
     * @throws DelegationException {@code INVALID_INPUT} when it is null, blank, too long or holds control characters
     */
    public static Reason of(String text) {
        return new Reason(text);
    }

    /**
     * Checks a reason's text, for every kind of reason the library records.
     *
     * @param text  the text as given
     * @param field the name the error message gives it
     * @return the text, trimmed
     */
    static String check(String text, String field) {
        DelegationException.requireArgument(text, field);
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            throw DelegationException.invalidInput(field, "must not be blank");
        }
        if (stripped.length() > DelegatedSession.MAX_REASON_LENGTH) {
            throw DelegationException.invalidInput(field, "must be at most " + DelegatedSession.MAX_REASON_LENGTH
                    + " characters, got " + stripped.length());
        }
        if (stripped.codePoints().anyMatch(Reason::hidesOrBreaksText)) {
            throw DelegationException.invalidInput(field, "must not contain control, formatting, line-separating, private-use or"
                    + " unassigned characters");
        }
        return stripped;
    }

    /**
     * Whether a code point would break the line an auditor reads (controls, line and paragraph
     * separators), hide or reorder text (formatting characters such as bidirectional overrides),
     * or mean nothing (surrogates on their own, private use, unassigned, non-characters).
     */
    private static boolean hidesOrBreaksText(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF);
        };
    }
}
