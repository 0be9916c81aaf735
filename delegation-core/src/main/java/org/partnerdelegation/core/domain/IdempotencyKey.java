package org.partnerdelegation.core.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key a host gives a delegated login so that retrying it (after {@link ErrorCode#OUTCOME_UNKNOWN},
 * a timeout, a lost response) returns the session the first attempt opened instead of a second
 * one: 1 to {@value #MAX_LENGTH} printable ASCII characters, as the {@code Idempotency-Key} HTTP
 * header carries it, chosen fresh by the client for each login it means (a UUID is a good key).
 * Only its SHA-256 hash is kept, here and in storage; {@link #toString()} shows neither the key
 * nor the hash. Immutable and thread-safe.
 */
public final class IdempotencyKey {

    /** The longest key accepted. */
    public static final int MAX_LENGTH = 255;

    private final TokenHash hash;

    private IdempotencyKey(TokenHash hash) {
        this.hash = hash;
    }

    /**
     * Checks and hashes a key.
     *
     * @param text the key: 1 to {@value #MAX_LENGTH} characters, each printable ASCII (space to {@code ~}), not blank
     * @return the key, holding its hash only
     * @throws DelegationException {@code INVALID_INPUT} naming {@code idempotencyKey} when it is null, empty, blank,
     *         too long or holds any other character
     */
    public static IdempotencyKey of(String text) {
        if (text == null) {
            throw DelegationException.invalidInput("idempotencyKey", "is required");
        }
        if (text.isEmpty() || text.isBlank()) {
            throw DelegationException.invalidInput("idempotencyKey", "must not be empty or blank");
        }
        if (text.length() > MAX_LENGTH) {
            throw DelegationException.invalidInput("idempotencyKey", "must be at most " + MAX_LENGTH + " characters, got " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x20 || ch > 0x7E) {
                throw DelegationException.invalidInput("idempotencyKey", "must be printable ASCII (space to '~'); found U+"
                        + String.format("%04X", (int) ch) + " at position " + (i + 1));
            }
        }
        return new IdempotencyKey(sha256(text));
    }

    /** {@return the SHA-256 hash of the key: what storage keeps} */
    public TokenHash hash() {
        return hash;
    }

    /** SHA-256 of the text's bytes in UTF-8. */
    static TokenHash sha256(String text) {
        try {
            return TokenHash.of(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdempotencyKey other && hash.equals(other.hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "IdempotencyKey[redacted]";
    }
}
