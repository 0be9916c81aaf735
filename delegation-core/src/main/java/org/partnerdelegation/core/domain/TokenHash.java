package org.partnerdelegation.core.domain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * The SHA-256 hash of a {@link SecretToken}: what storage keeps instead of the token.
 * Equality is computed in constant time. Immutable and thread-safe.
 */
public final class TokenHash {

    private static final int LENGTH = 32;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    // The 32 bytes as four big-endian longs: compared in four steps, without a branch on their values.
    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;

    /** Reads the 32 bytes; keeps no reference to {@code bytes}. */
    private TokenHash(byte[] bytes) {
        this.w0 = (long) LONGS.get(bytes, 0);
        this.w1 = (long) LONGS.get(bytes, 8);
        this.w2 = (long) LONGS.get(bytes, 16);
        this.w3 = (long) LONGS.get(bytes, 24);
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
        return new TokenHash(bytes);
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
        byte[] bytes = new byte[LENGTH];
        LONGS.set(bytes, 0, w0);
        LONGS.set(bytes, 8, w1);
        LONGS.set(bytes, 16, w2);
        LONGS.set(bytes, 24, w3);
        return bytes;
    }

    /** {@return the 64-character lower-case hex form, for storage in a text column} */
    public String hex() {
        return HexFormat.of().formatHex(bytes());
    }

    /** Constant time: every byte is compared, whatever the first difference (as {@code MessageDigest.isEqual}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof TokenHash other && ((w0 ^ other.w0) | (w1 ^ other.w1) | (w2 ^ other.w2) | (w3 ^ other.w3)) == 0;
    }

    @Override
    public int hashCode() {
        // The hash of a 256-bit random token is itself uniformly random: its first bytes are a fine hash code.
        return (int) (w0 >>> 32);
    }

    @Override
    public String toString() {
        return "TokenHash[" + hex().substring(0, 8) + "…]";
    }
}
