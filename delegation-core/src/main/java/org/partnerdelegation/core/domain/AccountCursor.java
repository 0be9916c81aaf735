package org.partnerdelegation.core.domain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in a partner's account list, which is ordered by customer email (case-insensitive)
 * and then by delegation id. Listing resumes after it (keyset pagination: no offset, stable
 * under concurrent inserts). Hosts pass it around as the opaque {@link #encode() text}.
 * Immutable and thread-safe.
 *
 * @param customerEmailCanonical the canonical email of the last row shown
 * @param delegationId           the id of the last row shown
 */
public record AccountCursor(String customerEmailCanonical, DelegationId delegationId) {

    /** Lower-casing can lengthen an address (U+0130 becomes two characters): room for twice the longest. */
    private static final int MAX_CANONICAL_LENGTH = 2 * EmailAddress.MAX_LENGTH;
    /** Base64 of the UTF-8 of the id, a bar and the canonical email, at up to 4 bytes a character. */
    private static final int MAX_TEXT_LENGTH = (37 + 4 * MAX_CANONICAL_LENGTH) * 4 / 3 + 4;

    /**
     * Validates the position.
     *
     * @param customerEmailCanonical the canonical email of the last row shown: not blank, at most
     *                               twice {@link EmailAddress#MAX_LENGTH} characters, no control or
     *                               formatting characters
     * @param delegationId           the id of the last row shown
     * @throws DelegationException {@code INVALID_INPUT} when either is missing or the email is not
     *                             acceptable
     */
    public AccountCursor {
        Validation.requireText(customerEmailCanonical, "cursor", MAX_CANONICAL_LENGTH);
        Validation.requireNonNull(delegationId, "cursor");
    }

    /**
     * The position right after a row of the account list.
     *
     * @param last the delegation of the last row shown
     * @return the cursor the next page starts after
     */
    public static AccountCursor after(Delegation last) {
        return new AccountCursor(last.customerEmail().canonical(), last.id());
    }

    /**
     * The opaque text a host hands back to get the next page.
     *
     * @return unpadded base64url text, safe in a URL, that {@link #decode(String)} reads back
     */
    public String encode() {
        String plain = delegationId + "|" + customerEmailCanonical;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor a host got from {@link #encode()}.
     *
     * @param text the text {@link #encode()} returned
     * @return the cursor it encodes
     * @throws DelegationException {@code INVALID_INPUT} when the text is not such a cursor
     */
    public static AccountCursor decode(String text) {
        Validation.requireText(text, "cursor", MAX_TEXT_LENGTH);
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            if (bar != 36) {
                throw DelegationException.invalidInput("cursor", "is not a cursor this library issued");
            }
            return new AccountCursor(plain.substring(bar + 1), parseDelegationId(plain.substring(0, bar)));
        } catch (IllegalArgumentException e) {
            throw DelegationException.invalidInput("cursor", "is not a cursor this library issued");
        }
    }

    /** The host passed a cursor, not a delegation id: a bad id part is a bad cursor. */
    private static DelegationId parseDelegationId(String text) {
        try {
            return DelegationId.parse(text);
        } catch (DelegationException e) {
            throw DelegationException.invalidInput("cursor", "is not a cursor this library issued");
        }
    }
}
