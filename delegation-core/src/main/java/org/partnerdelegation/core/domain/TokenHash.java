package org.partnerdelegation.core.domain;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The SHA-256 hash of a {@link SecretToken}: what storage keeps instead of the token.
 * Equality is computed in constant time. Immutable and thread-safe.
 */
public final class TokenHash {

    private static final int LENGTH = 32;
    private final byte[] bytes;

    private TokenHash(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Wraps 32 hash bytes (as read back from storage).
     *
     * @param bytes the 32 bytes of the SHA-256 hash; copied
     * @return the hash
     * @throws DelegationException {@code INVALID_INPUT} when {@code bytes} is null or not 32 bytes long
     */
    public static TokenHash of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw DelegationException.invalidInput("tokenHash", "must be " + LENGTH + " bytes of SHA-256");
        }
        return new TokenHash(bytes.clone());
    }

    /**
     * Reads the 64-character lower-case hex form, as {@link #hex()} writes it.
     *
     * @param hex 64 hex digits (either case)
     * @return the hash
     * @throws DelegationException {@code INVALID_INPUT} when {@code hex} is null or not 64 hex digits
     */
    public static TokenHash ofHex(String hex) {
        if (hex == null || hex.length() != LENGTH * 2) {
            throw DelegationException.invalidInput("tokenHash", "must be " + LENGTH * 2 + " hex digits");
        }
        try {
            return new TokenHash(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw DelegationException.invalidInput("tokenHash", "must be " + LENGTH * 2 + " hex digits");
        }
    }

    /**
     * True when this is the hash of the given token; constant time.
     *
     * @param token the token to check; may be null
     * @return true when {@code token} hashes to this; false for null
     */
    public boolean matches(SecretToken token) {
        return token != null && equals(token.hash());
    }

    /** {@return a copy of the 32 bytes of the hash} */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** {@return the 64-character lower-case hex form, for storage in a text column} */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenHash other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        // The hash of a 256-bit random token is itself uniformly random: its first bytes are a fine hash code.
        return (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
    }

    @Override
    public String toString() {
        return "TokenHash[" + hex().substring(0, 8) + "…]";
    }
}
