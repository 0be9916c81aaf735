package org.partnerdelegation.core.domain;

/**
 * Why a person ended something (deleted a customer account, disassociated a partner, ended a
 * session, revoked the partner permission): free text such as a ticket number, recorded in the
 * audit trail with the event. Trimmed; not blank, at most {@link DelegatedSession#MAX_REASON_LENGTH}
 * characters, no control or formatting characters (the same rules as a login's reason), so that
 * what an auditor reads is what was typed. Immutable and thread-safe.
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
        if (stripped.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT)) {
            throw DelegationException.invalidInput(field, "must not contain control or formatting characters");
        }
        return stripped;
    }
}
