package org.partnerdelegation.core.port;

import java.util.Optional;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;

/**
 * The host's tenants, as far as delegation needs them. Hosts usually implement it over their
 * own tenant tables; the library ships an in-memory one and a table-backed one.
 *
 * <p>Implementations must be thread-safe. Each administrator email belongs to at most one
 * tenant, compared by {@link org.partnerdelegation.core.domain.EmailAddress#canonical()} (case
 * and the encoding of one mailbox ignored, look-alikes kept apart). Storage failures surface as a
 * {@link org.partnerdelegation.core.domain.DelegationException} with {@code STORAGE_UNAVAILABLE}.
 *
 * <p>Each tenant carries a {@link org.partnerdelegation.core.domain.TenantProfile}: its display
 * name, the language its administrator reads and its time zone, which mails and the accept page
 * use. A directory without them builds its tenants with the four-argument constructor, which gives
 * the defaults (no name, English, UTC); the finders return the profile the tenant was registered
 * with, and the permission changes keep it.
 */
public interface TenantDirectory {

    /**
     * The tenant with that id, if any.
     *
     * @param id the tenant's id
     * @return the tenant; empty when the directory has none with that id
     */
    Optional<Tenant> findById(TenantId id);

    /**
     * The tenant whose administrator account has that email (ignoring case), if any.
     *
     * @param email the administrator email, compared by {@link EmailAddress#canonical()}
     * @return the tenant; empty when no tenant's administrator has that email
     */
    Optional<Tenant> findByAdministratorEmail(EmailAddress email);

    /**
     * Gives the tenant the partner permission; idempotent.
     *
     * @param id the tenant's id
     * @return the tenant as it is now
     * @throws org.partnerdelegation.core.domain.DelegationException {@code ACCOUNT_NOT_FOUND} when there is no such tenant
     */
    Tenant grantPartnerPermission(TenantId id);

    /**
     * Takes the partner permission from the tenant; idempotent.
     *
     * @param id the tenant's id
     * @return the tenant as it is now
     * @throws org.partnerdelegation.core.domain.DelegationException {@code ACCOUNT_NOT_FOUND} when there is no such tenant
     */
    Tenant revokePartnerPermission(TenantId id);

    /**
     * Sets the partner permission to {@code permission} only if it is {@code expected} now: the
     * library's undo when a permission change could not be audited, which must not overwrite a
     * change another operator made meanwhile. The default reads then writes, which is atomic only
     * where the directory is serialized otherwise; adapters over a database override it with one
     * conditional update.
     *
     * @param id         the tenant's id
     * @param expected   the permission the tenant must hold now for anything to change
     * @param permission the permission to set
     * @return true when it changed the permission; false when the tenant is unknown or its permission
     *         is not {@code expected}
     */
    default boolean setPartnerPermissionIf(TenantId id, boolean expected, boolean permission) {
        Optional<Tenant> now = findById(id);
        if (now.isEmpty() || now.get().partnerPermission() != expected) {
            return false;
        }
        if (permission) {
            grantPartnerPermission(id);
        } else {
            revokePartnerPermission(id);
        }
        return true;
    }
}
