package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.util.Optional;
import org.partnerdelegation.core.domain.Tenant;

/** The statements of {@code pd_tenant}, on one connection. */
final class TenantDao {

    static final String COLUMNS = "tenant_id, account_number, admin_email, partner_permission, display_name, locale, time_zone";
    private static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM pd_tenant WHERE tenant_id = ?";
    private static final String FIND_BY_EMAIL = "SELECT " + COLUMNS + " FROM pd_tenant WHERE admin_email_canonical = ?";
    private static final String SET_PERMISSION = "UPDATE pd_tenant SET partner_permission = ? WHERE tenant_id = ?";
    private static final String SET_PERMISSION_IF = "UPDATE pd_tenant SET partner_permission = ? WHERE tenant_id = ?"
            + " AND partner_permission = ?";
    private static final String UPDATE = "UPDATE pd_tenant SET account_number = ?, admin_email = ?, admin_email_canonical = ?,"
            + " partner_permission = ?, display_name = ?, locale = ?, time_zone = ? WHERE tenant_id = ?";
    private static final String INSERT = "INSERT INTO pd_tenant (tenant_id, account_number, admin_email, admin_email_canonical,"
            + " partner_permission, display_name, locale, time_zone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final Connection c;

    TenantDao(Connection c) {
        this.c = c;
    }

    Optional<Tenant> findById(String id) {
        return Sql.one(c, FIND_BY_ID, Rows::tenant, id);
    }

    Optional<Tenant> findByEmail(String canonicalEmail) {
        return Sql.one(c, FIND_BY_EMAIL, Rows::tenant, canonicalEmail);
    }

    int setPermission(String id, boolean permission) {
        return Sql.update(c, SET_PERMISSION, permission, id);
    }

    int setPermissionIf(String id, boolean expected, boolean permission) {
        return Sql.update(c, SET_PERMISSION_IF, permission, id, expected);
    }

    int update(Tenant t) {
        Object[] profile = Rows.profileColumns(t.profile());
        return Sql.update(c, UPDATE, t.accountNumber().value(), t.administratorEmail().value(), t.administratorEmail().canonical(),
                t.partnerPermission(), profile[0], profile[1], profile[2], t.id().value());
    }

    void insert(Tenant t) {
        Object[] profile = Rows.profileColumns(t.profile());
        Sql.update(c, INSERT, t.id().value(), t.accountNumber().value(), t.administratorEmail().value(),
                t.administratorEmail().canonical(), t.partnerPermission(), profile[0], profile[1], profile[2]);
    }
}
