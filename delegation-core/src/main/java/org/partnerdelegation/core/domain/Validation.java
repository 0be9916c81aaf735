package org.partnerdelegation.core.domain;

/** Argument checks shared by the value types; each failure is an {@code INVALID_INPUT}. */
final class Validation {

    private Validation() {
    }

    static String requireText(String value, String name, int maxLength) {
        if (value == null) {
            throw DelegationException.invalidInput(name, "is required");
        }
        if (value.isBlank()) {
            throw DelegationException.invalidInput(name, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw DelegationException.invalidInput(name, "must be at most " + maxLength + " characters, got " + value.length());
        }
        requireNoControlCharacters(value, name);
        return value;
    }

    /**
     * Refuses control and invisible formatting characters (NUL, CR, LF, bidirectional marks):
     * identifiers travel into mail headers, logs and URLs, where such characters are a means of
     * injection or spoofing, and no real identifier needs them.
     */
    static void requireNoControlCharacters(String value, String name) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                throw DelegationException.invalidInput(name,
                        "must not contain control or formatting characters (found U+" + String.format("%04X", cp) + ")");
            }
            i += Character.charCount(cp);
        }
    }

    static <T> T requireNonNull(T value, String name) {
        if (value == null) {
            throw DelegationException.invalidInput(name, "is required");
        }
        return value;
    }
}
