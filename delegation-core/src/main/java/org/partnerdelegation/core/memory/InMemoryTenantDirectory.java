package org.partnerdelegation.core.memory;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * A {@link TenantDirectory} in memory, for tests and quick embedding: register the tenants,
 * then hand it to the facade. Each administrator email belongs to one tenant (ignoring case).
 * Thread-safe: changes run one at a time, and the finders take no lock, so that the checks on
 * every request neither wait for them nor for each other. Tenants are immutable and each change
 * replaces one whole: a finder sees a tenant as it was before or after a change.
 */
public final class InMemoryTenantDirectory implements TenantDirectory {

    // Read without a lock by the finders; written under this object's monitor only.
    private final Map<TenantId, Tenant> byId = new ConcurrentHashMap<>();
    private final Map<EmailAddress, TenantId> byEmail = new ConcurrentHashMap<>();

    /**
     * Adds a tenant, or replaces the one with the same id (its profile included).
     *
     * @param tenant the tenant as the host has it, with its display name, language and time zone
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
        // The email first, then the tenant, then the old email dropped (only if it changed): a finder running meanwhile
        // never misses an email registered before and after, and findByAdministratorEmail checks the email it resolves.
        byEmail.put(tenant.administratorEmail(), tenant.id());
        Tenant previous = byId.put(tenant.id(), tenant);
        if (previous != null && !previous.administratorEmail().equals(tenant.administratorEmail())) {
            byEmail.remove(previous.administratorEmail());
        }
        return tenant;
    }

    @Override
    public Optional<Tenant> findById(TenantId id) {
        // A concurrent map refuses a null key, where the plain map before found nothing.
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<Tenant> findByAdministratorEmail(EmailAddress email) {
        if (email == null) {
            return Optional.empty();
        }
        TenantId id = byEmail.get(email);
        // Read between register's updates, a tenant re-registered with another email is not this email's any more.
        return id == null ? Optional.empty()
                : Optional.ofNullable(byId.get(id)).filter(t -> t.administratorEmail().equals(email));
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
