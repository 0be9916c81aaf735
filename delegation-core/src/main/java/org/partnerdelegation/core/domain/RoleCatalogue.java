package org.partnerdelegation.core.domain;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The roles a host lets partners request, and the ones a request gets when it names none.
 * Immutable and thread-safe; build one with {@link #builder()}, or use {@link #standard()}: the
 * seed's single role, {@code tenant:administrator}, which keeps the seed's flow unchanged.
 *
 * <pre>{@code
 * RoleCatalogue roles = RoleCatalogue.builder()
 *         .role(DelegableRole.TENANT_ADMINISTRATOR)
 *         .role(DelegableRole.of("billing:read", "Billing (read)", "Reads invoices and payment methods."))
 *         .role(DelegableRole.of("support:tickets", "Support tickets", "Opens and answers support tickets.").asSensitive())
 *         .defaultRoles(RoleKey.TENANT_ADMINISTRATOR)
 *         .build();
 * }</pre>
 */
public final class RoleCatalogue {

    private static final RoleCatalogue STANDARD = builder().role(DelegableRole.TENANT_ADMINISTRATOR)
            .defaultRoles(RoleKey.TENANT_ADMINISTRATOR).build();

    private final Map<RoleKey, DelegableRole> roles;
    private final Set<RoleKey> defaults;

    private RoleCatalogue(Map<RoleKey, DelegableRole> roles, Set<RoleKey> defaults) {
        this.roles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        this.defaults = java.util.Collections.unmodifiableSet(new TreeSet<>(defaults));
    }

    /** {@return the seed's catalogue: {@code tenant:administrator} alone, also the default} */
    public static RoleCatalogue standard() {
        return STANDARD;
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return every role, in the order the host registered them} */
    public List<DelegableRole> roles() {
        return List.copyOf(roles.values());
    }

    /** {@return the roles a request that names none asks for} */
    public Set<RoleKey> defaultRoles() {
        return defaults;
    }

    /**
     * The role with that key.
     *
     * @param key the key
     * @return the role; empty when the catalogue has none with that key
     */
    public Optional<DelegableRole> find(RoleKey key) {
        return Optional.ofNullable(roles.get(key));
    }

    /**
     * The roles of these keys, for people to read. A key the catalogue no longer has (the host
     * removed the role after it was granted) is shown by its key, neither sensitive nor renewable.
     *
     * @param keys the keys
     * @return the roles, in the keys' natural order
     */
    public List<DelegableRole> describe(Collection<RoleKey> keys) {
        return new TreeSet<>(keys).stream()
                .map(k -> find(k).orElseGet(() -> new DelegableRole(k, k.value(), "A role the host no longer offers.", true, false)))
                .toList();
    }

    /**
     * Checks that every key is in the catalogue.
     *
     * @param keys the keys a partner requests
     * @param name the argument's name, for the message
     * @return the keys, in their natural order
     * @throws DelegationException {@code INVALID_INPUT} naming the first unknown key, or when there is none
     */
    public Set<RoleKey> requireKnown(Collection<RoleKey> keys, String name) {
        Set<RoleKey> checked = RoleKey.requireSome(keys, name);
        for (RoleKey key : checked) {
            if (!roles.containsKey(key)) {
                throw DelegationException.invalidInput(name, "names the role '" + key + "', which is not offered; the roles"
                        + " offered are " + RoleKey.join(roles.keySet()).replace(" ", ", "));
            }
        }
        return checked;
    }

    /**
     * Whether any of these roles is sensitive.
     *
     * @param keys the keys
     * @return true when at least one is marked sensitive (or is no longer in the catalogue)
     */
    public boolean anySensitive(Collection<RoleKey> keys) {
        return keys.stream().anyMatch(k -> find(k).map(DelegableRole::sensitive).orElse(true));
    }

    /**
     * The first of these roles that may not be renewed automatically.
     *
     * @param keys the keys
     * @return that role; empty when each may be
     */
    public Optional<DelegableRole> firstNotAutoRenewable(Collection<RoleKey> keys) {
        return describe(keys).stream().filter(r -> !r.autoRenewable()).findFirst();
    }

    @Override
    public String toString() {
        return "RoleCatalogue" + roles.keySet() + " defaults " + defaults;
    }

    /** Assembles a {@link RoleCatalogue}. Not thread-safe. */
    public static final class Builder {
        private final Map<RoleKey, DelegableRole> roles = new LinkedHashMap<>();
        private Set<RoleKey> defaults = Set.of();

        private Builder() {
        }

        /**
         * Adds a role.
         *
         * @param role the role; its key must be new to this builder
         * @return this builder
         * @throws DelegationException {@code INVALID_INPUT} when it is null or its key is registered already
         */
        public Builder role(DelegableRole role) {
            Validation.requireNonNull(role, "role");
            if (roles.putIfAbsent(role.key(), role) != null) {
                throw DelegationException.invalidInput("role", "'" + role.key() + "' is registered twice");
            }
            return this;
        }

        /**
         * Sets the roles a request that names none asks for.
         *
         * @param keys registered roles, at least one
         * @return this builder
         * @throws DelegationException {@code INVALID_INPUT} when there is none
         */
        public Builder defaultRoles(RoleKey... keys) {
            this.defaults = RoleKey.requireSome(List.of(keys), "defaultRoles");
            return this;
        }

        /**
         * Builds the catalogue.
         *
         * @return the catalogue
         * @throws DelegationException {@code INVALID_INPUT} when it has no role, no default, or a default it does not register
         */
        public RoleCatalogue build() {
            if (roles.isEmpty()) {
                throw DelegationException.invalidInput("roles", "must register at least one role");
            }
            if (defaults.isEmpty()) {
                throw DelegationException.invalidInput("defaultRoles", "must name at least one role");
            }
            for (RoleKey key : defaults) {
                if (!roles.containsKey(key)) {
                    throw DelegationException.invalidInput("defaultRoles", "names '" + key + "', which is not registered");
                }
            }
            return new RoleCatalogue(roles, defaults);
        }
    }
}
