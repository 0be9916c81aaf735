package org.partnerdelegation.core.domain;

/**
 * A tenant of the host product as the library sees it. Immutable and thread-safe.
 *
 * @param id                 the host's identifier of the tenant
 * @param accountNumber      the number people know the account by
 * @param administratorEmail the email of the tenant's administrator account; partners add
 *                           customers by it, and delegated sessions act as it
 * @param partnerPermission  whether the tenant may add and manage customer accounts
 */
public record Tenant(TenantId id, AccountNumber accountNumber, EmailAddress administratorEmail, boolean partnerPermission) {

    /**
     * Checks that every component is present.
     *
     * @param id                 the host's identifier of the tenant
     * @param accountNumber      the number people know the account by
     * @param administratorEmail the email of the tenant's administrator account
     * @param partnerPermission  whether the tenant may add and manage customer accounts
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is null
     */
    public Tenant {
        Validation.requireNonNull(id, "id");
        Validation.requireNonNull(accountNumber, "accountNumber");
        Validation.requireNonNull(administratorEmail, "administratorEmail");
    }

    /**
     * A copy with the partner permission set as given.
     *
     * @param permission whether the tenant may add and manage customer accounts
     * @return the copy; everything else unchanged
     */
    public Tenant withPartnerPermission(boolean permission) {
        return new Tenant(id, accountNumber, administratorEmail, permission);
    }
}
