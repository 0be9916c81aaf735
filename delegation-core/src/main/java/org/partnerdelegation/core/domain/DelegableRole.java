package org.partnerdelegation.core.domain;

/**
 * A role the host lets partners request, as its {@link RoleCatalogue} lists it. Immutable and thread-safe.
 *
 * @param key           the stable key the host checks on each request ({@code DelegatedSession.hasRole})
 * @param name          the short name people read in the invitation mail and on the accept page
 * @param description   one sentence saying what the role allows
 * @param sensitive     whether a customer may require a reason (a ticket number, free text) for each
 *                      session that holds it
 * @param autoRenewable whether a customer may approve automatic renewal of a delegation granting it
 */
public record DelegableRole(RoleKey key, String name, String description, boolean sensitive, boolean autoRenewable) {

    /** The longest name accepted. */
    public static final int MAX_NAME_LENGTH = 100;
    /** The longest description accepted. */
    public static final int MAX_DESCRIPTION_LENGTH = 500;

    /**
     * Validates the role.
     *
     * @param key           the stable key
     * @param name          not blank, at most {@value #MAX_NAME_LENGTH} characters
     * @param description   not blank, at most {@value #MAX_DESCRIPTION_LENGTH} characters
     * @param sensitive     whether a customer may require a reason for sessions holding it
     * @param autoRenewable whether a customer may approve automatic renewal of a delegation granting it
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or out of range
     */
    public DelegableRole {
        Validation.requireNonNull(key, "key");
        Validation.requireText(name, "name", MAX_NAME_LENGTH);
        Validation.requireText(description, "description", MAX_DESCRIPTION_LENGTH);
    }

    /**
     * A role that is neither sensitive nor kept from automatic renewal.
     *
     * @param key         the stable key's text
     * @param name        the short name
     * @param description what the role allows
     * @return the role
     * @throws DelegationException {@code INVALID_INPUT} when a component is not acceptable
     */
    public static DelegableRole of(String key, String name, String description) {
        return new DelegableRole(RoleKey.of(key), name, description, false, true);
    }

    /** {@return a copy marked sensitive: a customer may require a reason for every session holding it} */
    public DelegableRole asSensitive() {
        return new DelegableRole(key, name, description, true, autoRenewable);
    }

    /**
     * A copy that allows, or refuses, automatic renewal.
     *
     * @param allowed whether a customer may approve automatic renewal of a delegation granting this role
     * @return the changed copy
     */
    public DelegableRole withAutoRenewal(boolean allowed) {
        return new DelegableRole(key, name, description, sensitive, allowed);
    }

    /**
     * The seed's role: the whole customer tenant. Sensitive, and not renewed automatically
     * (a host may allow it with {@link #withAutoRenewal(boolean)}).
     */
    public static final DelegableRole TENANT_ADMINISTRATOR = new DelegableRole(RoleKey.TENANT_ADMINISTRATOR,
            "Tenant administrator", "Full administration of the customer tenant, as its administrator account.", true, false);
}
