package org.partnerdelegation.core.domain;

import java.util.UUID;
import java.util.random.RandomGenerator;

/** Generation and parsing of the library's own UUID identifiers. Stateless and thread-safe. */
public final class Ids {

    private Ids() {
    }

    /**
     * A random (version 4) UUID drawn from the injected random source, so tests can repeat it.
     *
     * @param random the source of the 122 random bits
     * @return a version 4, IETF variant UUID
     */
    public static UUID randomUuid(RandomGenerator random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    static UUID parseUuid(String text, String name) {
        Validation.requireText(text, name, 36);
        if (text.length() != 36) {
            throw DelegationException.invalidInput(name, "must be a UUID such as 123e4567-e89b-42d3-a456-426614174000");
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw DelegationException.invalidInput(name, "must be a UUID such as 123e4567-e89b-42d3-a456-426614174000");
        }
    }
}
