package org.partnerdelegation.core.domain;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The stable key of a delegable role, such as {@code tenant:administrator} or {@code billing:read}:
 * lower-case ASCII letters, digits and {@code : . _ -}, starting with a letter, at most
 * {@value #MAX_LENGTH} characters. The host defines the roles in a {@link RoleCatalogue}; a
 * delegation grants a set of them and a delegated session holds a subset. Immutable and thread-safe.
 *
 * @param value the key
 */
public record RoleKey(String value) implements Comparable<RoleKey> {

    /** The longest key accepted. */
    public static final int MAX_LENGTH = 64;
    /** The most roles one grant, request or session may hold: storage keeps a set in one column. */
    public static final int MAX_ROLES = 20;

    // Before the constants below: their constructor reads it.
    private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9:._-]*");

    /** The whole customer tenant, as the seed's flow granted it: the default role of every delegation. */
    public static final RoleKey TENANT_ADMINISTRATOR = new RoleKey("tenant:administrator");

    /**
     * Validates the key.
     *
     * @param value the key: a lower-case letter, then lower-case letters, digits or {@code : . _ -}; at most
     *              {@value #MAX_LENGTH} characters
     * @throws DelegationException {@code INVALID_INPUT} when it is missing or not of that shape
     */
    public RoleKey {
        Validation.requireText(value, "role", MAX_LENGTH);
        if (!SHAPE.matcher(value).matches()) {
            throw DelegationException.invalidInput("role", "must be lower-case letters, digits and ':' '.' '_' '-',"
                    + " starting with a letter, got '" + value + "'");
        }
    }

    /**
     * The key of that text.
     *
     * @param value the key's text
     * @return the key
     * @throws DelegationException {@code INVALID_INPUT} when it is not a valid key
     */
    public static RoleKey of(String value) {
        return new RoleKey(value);
    }

    /**
     * Keys of these texts.
     *
     * @param values the keys' texts
     * @return the keys, in their natural order, unmodifiable
     * @throws DelegationException {@code INVALID_INPUT} when one is not a valid key
     */
    public static Set<RoleKey> setOf(String... values) {
        Set<RoleKey> keys = new TreeSet<>();
        for (String value : values) {
            keys.add(of(value));
        }
        return java.util.Collections.unmodifiableSet(keys);
    }

    /**
     * The keys as one space-separated text, in their natural order: how storage keeps a set of
     * roles (the OAuth {@code scope} format).
     *
     * @param keys the keys
     * @return the text; empty for no key
     */
    public static String join(Collection<RoleKey> keys) {
        return new TreeSet<>(keys).stream().map(RoleKey::value).collect(Collectors.joining(" "));
    }

    /**
     * Reads back what {@link #join} wrote.
     *
     * @param text space-separated keys; blank for none
     * @return the keys, in their natural order, unmodifiable
     * @throws DelegationException {@code INVALID_INPUT} when one is not a valid key
     */
    public static Set<RoleKey> parseSet(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        return setOf(text.trim().split(" +"));
    }

    /**
     * Copies a set of keys into the natural order and makes sure it is not empty.
     *
     * @param keys the keys
     * @param name the argument's name, for the message
     * @return the keys, in their natural order, unmodifiable
     * @throws DelegationException {@code INVALID_INPUT} naming the argument when it is null, empty, holds null or more
     *                             than {@value #MAX_ROLES} keys
     */
    public static Set<RoleKey> requireSome(Collection<RoleKey> keys, String name) {
        Validation.requireNonNull(keys, name);
        if (keys.isEmpty()) {
            throw DelegationException.invalidInput(name, "must name at least one role");
        }
        if (keys.size() > MAX_ROLES) {
            throw DelegationException.invalidInput(name, "must name at most " + MAX_ROLES + " roles, got " + keys.size());
        }
        // Not keys.contains(null): the JDK's immutable sets throw on it.
        for (RoleKey key : keys) {
            if (key == null) {
                throw DelegationException.invalidInput(name, "must not contain null");
            }
        }
        return java.util.Collections.unmodifiableSet(new TreeSet<>(keys));
    }

    @Override
    public int compareTo(RoleKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
