package org.partnerdelegation.core.domain;

/**
 * A tenant of the host product as the library sees it. Immutable and thread-safe.
 *
 * @param id                 the host's identifier of the tenant
 * @param accountNumber      the number people know the account by
 * @param administratorEmail the email of the tenant's administrator account; partners add
 *                           customers by it, and delegated sessions act as it
 * @param partnerPermission  whether the tenant may add and manage customer accounts
 * @param profile            how its people are addressed: display name, language and time zone
 *                           ({@link TenantProfile#DEFAULTS} when the host has none)
 */
public record Tenant(TenantId id, AccountNumber accountNumber, EmailAddress administratorEmail, boolean partnerPermission,
                     TenantProfile profile) {

    /**
     * Checks that every component is present.
     *
     * @param id                 the host's identifier of the tenant
     * @param accountNumber      the number people know the account by
     * @param administratorEmail the email of the tenant's administrator account
     * @param partnerPermission  whether the tenant may add and manage customer accounts
     * @param profile            its display name, language and time zone
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is null
     */
    public Tenant {
        Validation.requireNonNull(id, "id");
        Validation.requireNonNull(accountNumber, "accountNumber");
        Validation.requireNonNull(administratorEmail, "administratorEmail");
        Validation.requireNonNull(profile, "profile");
    }

    /**
     * A tenant with the {@linkplain TenantProfile#DEFAULTS default profile}: no display name,
     * English, UTC.
     *
     * @param id                 the host's identifier of the tenant
     * @param accountNumber      the number people know the account by
     * @param administratorEmail the email of the tenant's administrator account
     * @param partnerPermission  whether the tenant may add and manage customer accounts
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is null
     */
    public Tenant(TenantId id, AccountNumber accountNumber, EmailAddress administratorEmail, boolean partnerPermission) {
        this(id, accountNumber, administratorEmail, partnerPermission, TenantProfile.DEFAULTS);
    }

    /**
     * A copy with the partner permission set as given.
     *
     * @param permission whether the tenant may add and manage customer accounts
     * @return the copy; everything else unchanged
     */
    public Tenant withPartnerPermission(boolean permission) {
        return new Tenant(id, accountNumber, administratorEmail, permission, profile);
    }

    /**
     * A copy with another profile.
     *
     * @param newProfile the display name, language and time zone
     * @return the copy; everything else unchanged
     * @throws DelegationException {@code INVALID_INPUT} when {@code newProfile} is null
     */
    public Tenant withProfile(TenantProfile newProfile) {
        return new Tenant(id, accountNumber, administratorEmail, partnerPermission, newProfile);
    }

    /**
     * The name to show people: the display name, or the account number when the tenant has none.
     *
     * @return the {@linkplain TenantProfile#displayName() display name}, else the account number's value
     */
    public String displayNameOrAccountNumber() {
        return profile.displayName().orElse(accountNumber.value());
    }
}
