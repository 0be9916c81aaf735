package org.partnerdelegation.core.domain;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The SHA-256 hash of a {@link SecretToken}: what storage keeps instead of the token.
 * Equality is computed in constant time.
 */
public final class TokenHash {

    private static final int LENGTH = 32;
    private final byte[] bytes;

    private TokenHash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps 32 hash bytes (as read back from storage). */
    public static TokenHash of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw DelegationException.invalidInput("tokenHash", "must be " + LENGTH + " bytes of SHA-256");
        }
        return new TokenHash(bytes.clone());
    }

    /** Reads the 64-character lower-case hex form, as {@link #hex()} writes it. */
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

    /** True when this is the hash of the given token; constant time. */
    public boolean matches(SecretToken token) {
        return token != null && equals(token.hash());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The lower-case hex form, for storage in a text column. */
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
