package org.partnerdelegation.core.memory;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * A {@link TenantDirectory} in memory, for tests and quick embedding: register the tenants,
 * then hand it to the facade. Each administrator email belongs to one tenant (ignoring case).
 * Thread-safe.
 */
public final class InMemoryTenantDirectory implements TenantDirectory {

    private final Map<TenantId, Tenant> byId = new HashMap<>();
    private final Map<EmailAddress, TenantId> byEmail = new HashMap<>();

    /**
     * Adds a tenant, or replaces the one with the same id.
     *
     * @param tenant the tenant as the host has it
     * @return {@code tenant}
     * @throws NullPointerException when {@code tenant} is null
     * @throws DelegationException {@code INVALID_INPUT} when another tenant has the same administrator email
     */
    public synchronized Tenant register(Tenant tenant) {
        Objects.requireNonNull(tenant, "tenant");
        TenantId owner = byEmail.get(tenant.administratorEmail());
        if (owner != null && !owner.equals(tenant.id())) {
            throw DelegationException.invalidInput("administratorEmail",
                    "already belongs to tenant " + owner + ": " + tenant.administratorEmail());
        }
        Tenant previous = byId.put(tenant.id(), tenant);
        if (previous != null) {
            byEmail.remove(previous.administratorEmail());
        }
        byEmail.put(tenant.administratorEmail(), tenant.id());
        return tenant;
    }

    @Override
    public synchronized Optional<Tenant> findById(TenantId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Tenant> findByAdministratorEmail(EmailAddress email) {
        return Optional.ofNullable(byEmail.get(email)).map(byId::get);
    }

    @Override
    public synchronized Tenant grantPartnerPermission(TenantId id) {
        return setPermission(id, true);
    }

    @Override
    public synchronized Tenant revokePartnerPermission(TenantId id) {
        return setPermission(id, false);
    }

    @Override
    public synchronized boolean setPartnerPermissionIf(TenantId id, boolean expected, boolean permission) {
        Tenant tenant = byId.get(id);
        if (tenant == null || tenant.partnerPermission() != expected) {
            return false;
        }
        setPermission(id, permission);
        return true;
    }

    private Tenant setPermission(TenantId id, boolean permission) {
        Tenant tenant = byId.get(id);
        if (tenant == null) {
            throw new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND, "No tenant has the id " + id + ".");
        }
        Tenant changed = tenant.withPartnerPermission(permission);
        byId.put(id, changed);
        return changed;
    }
}
