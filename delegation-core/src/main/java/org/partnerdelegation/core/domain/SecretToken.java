package org.partnerdelegation.core.domain;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * A secret bearer token (invitation or delegated session): 256 random bits, written as 43
 * characters of unpadded base64url. It is shown once (in the invitation link, or to the
 * partner who logged in) and stored only as its {@link #hash() SHA-256 hash}.
 *
 * <p>{@link #toString()} never reveals the token, so it cannot leak into logs by accident;
 * {@link #reveal()} does, for the one place that must show it. Immutable and thread-safe.
 */
public final class SecretToken {

    /** Random bits in every token. */
    public static final int BITS = 256;
    private static final int BYTES = BITS / 8;
    /** Length of the textual form: 32 bytes in unpadded base64url. */
    public static final int TEXT_LENGTH = 43;

    /** The characters of base64url, by their code below 128. */
    private static final boolean[] BASE64URL = new boolean[128];

    static {
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".chars().forEach(c -> BASE64URL[c] = true);
    }

    /**
     * One {@link Hasher} per thread: {@link MessageDigest#getInstance} looks the provider up on every call, which
     * costs more than the hashing on the path every request of a delegated session takes.
     */
    private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

    private final String text;
    /** The hash, computed once; racy but safe: every thread computes the same immutable value. */
    private TokenHash hash;

    private SecretToken(String text) {
        this.text = text;
    }

    /**
     * Draws a new token from the given source; pass a {@link java.security.SecureRandom} in production.
     *
     * @param random the source of the {@value #BITS} random bits
     * @return the new token
     */
    public static SecretToken generate(RandomGenerator random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new SecretToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * Reads a token as the user handed it back (from a link or a header).
     *
     * @param text the token's text: {@value #TEXT_LENGTH} characters of base64url
     * @return the token
     * @throws DelegationException {@code INVALID_INPUT} when the text is null or cannot be a token
     */
    public static SecretToken parse(String text) {
        if (text == null || text.length() != TEXT_LENGTH) {
            throw DelegationException.invalidInput("token", "must be " + TEXT_LENGTH + " characters of base64url");
        }
        for (int i = 0; i < TEXT_LENGTH; i++) {
            char c = text.charAt(i);
            if (c >= BASE64URL.length || !BASE64URL[c]) {
                throw DelegationException.invalidInput("token", "must be " + TEXT_LENGTH + " characters of base64url");
            }
        }
        return new SecretToken(text);
    }

    /**
     * The token in clear, to put in a link or hand to the user. Never log or store it.
     *
     * @return the {@value #TEXT_LENGTH} characters of base64url
     */
    public String reveal() {
        return text;
    }

    /** {@return the SHA-256 hash under which the token is stored and looked up} */
    public TokenHash hash() {
        TokenHash computed = hash;
        if (computed == null) {
            computed = HASHER.get().hash(text);
            hash = computed;
        }
        return computed;
    }

    /**
     * A thread's SHA-256 digest, with buffers for the token's text and its hash, so that hashing allocates only the
     * {@link TokenHash}. Holds only JDK classes, and no token once {@link #hash} returns.
     */
    private static final class Hasher {
        private final MessageDigest sha256;
        private final byte[] text = new byte[TEXT_LENGTH];
        private final byte[] digest = new byte[BYTES];

        Hasher() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }

        TokenHash hash(String token) {
            // A token's text is ASCII (parse admits base64url only): each character is its byte.
            for (int i = 0; i < TEXT_LENGTH; i++) {
                text[i] = (byte) token.charAt(i);
            }
            try {
                sha256.update(text, 0, TEXT_LENGTH);
                sha256.digest(digest, 0, BYTES);
            } catch (DigestException e) {
                sha256.reset();
                throw new IllegalStateException("a SHA-256 digest fits in 32 bytes", e);
            } finally {
                // The digest resets itself (and clears its own buffer); the token's text does not stay here either.
                Arrays.fill(text, (byte) 0);
            }
            return TokenHash.of(digest);
        }
    }

    /** Compares in constant time, so the comparison reveals nothing of the token by its duration. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SecretToken other
                && MessageDigest.isEqual(text.getBytes(StandardCharsets.US_ASCII), other.text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return hash().hashCode();
    }

    @Override
    public String toString() {
        return "SecretToken[redacted]";
    }
}
