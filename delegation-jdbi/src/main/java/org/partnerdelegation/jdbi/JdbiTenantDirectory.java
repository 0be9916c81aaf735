package org.partnerdelegation.jdbi;

import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * A table-backed {@link TenantDirectory} ({@code pd_tenant}), for standalone use and the demo;
 * hosts with their own tenant tables usually implement the port over those instead.
 * Obtain it from {@link JdbiStorage#tenantDirectory()}. Thread-safe.
 */
public final class JdbiTenantDirectory implements TenantDirectory {

    private final Database db;

    JdbiTenantDirectory(Database db) {
        this.db = db;
    }

    /**
     * Adds a tenant, or updates the one with the same id, in its own transaction.
     *
     * @param tenant the tenant as the host has it
     * @return {@code tenant}, as stored
     * @throws NullPointerException when {@code tenant} is null
     * @throws DelegationException {@code STORAGE_UNAVAILABLE} when the database fails
     * @throws DelegationException {@code INVALID_INPUT} when another tenant has the same administrator email
     */
    public Tenant register(Tenant tenant) {
        Objects.requireNonNull(tenant, "tenant");
        try {
            return db.inTransaction(c -> {
                TenantDao dao = new TenantDao(c);
                if (dao.update(tenant) == 0) {
                    dao.insert(tenant);
                }
                return tenant;
            });
        } catch (DelegationException e) {
            if (e.code() == ErrorCode.CONCURRENT_UPDATE) {
                throw DelegationException.invalidInput("administratorEmail",
                        "already belongs to another tenant: " + tenant.administratorEmail());
            }
            throw e;
        }
    }

    @Override
    public Optional<Tenant> findById(TenantId id) {
        Objects.requireNonNull(id, "id");
        return db.readOnce(c -> new TenantDao(c).findById(id.value()));
    }

    @Override
    public Optional<Tenant> findByAdministratorEmail(EmailAddress email) {
        Objects.requireNonNull(email, "email");
        return db.readOnce(c -> new TenantDao(c).findByEmail(email.canonical()));
    }

    @Override
    public Tenant grantPartnerPermission(TenantId id) {
        return setPermission(id, true);
    }

    @Override
    public Tenant revokePartnerPermission(TenantId id) {
        return setPermission(id, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One conditional update: a change another operator committed meanwhile is never overwritten.
     */
    @Override
    public boolean setPartnerPermissionIf(TenantId id, boolean expected, boolean permission) {
        Objects.requireNonNull(id, "id");
        return db.inTransaction(c -> new TenantDao(c).setPermissionIf(id.value(), expected, permission) > 0);
    }

    private Tenant setPermission(TenantId id, boolean permission) {
        Objects.requireNonNull(id, "id");
        return db.inTransaction(c -> {
            TenantDao dao = new TenantDao(c);
            if (dao.setPermission(id.value(), permission) == 0) {
                throw new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND, "No tenant has the id " + id + ".");
            }
            return dao.findById(id.value()).orElseThrow();
        });
    }

    Database database() {
        return db;
    }
}
