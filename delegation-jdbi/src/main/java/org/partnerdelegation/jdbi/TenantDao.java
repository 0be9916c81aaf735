package org.partnerdelegation.jdbi;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.partnerdelegation.core.domain.Tenant;

interface TenantDao {

    String COLUMNS = "tenant_id, account_number, admin_email, partner_permission";

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_tenant WHERE tenant_id = :id")
    Optional<Tenant> findById(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_tenant WHERE admin_email_canonical = :email")
    Optional<Tenant> findByEmail(@Bind("email") String canonicalEmail);

    @SqlUpdate("UPDATE pd_tenant SET partner_permission = :permission WHERE tenant_id = :id")
    int setPermission(@Bind("id") String id, @Bind("permission") boolean permission);

    @SqlUpdate("UPDATE pd_tenant SET partner_permission = :permission WHERE tenant_id = :id AND partner_permission = :expected")
    int setPermissionIf(@Bind("id") String id, @Bind("expected") boolean expected, @Bind("permission") boolean permission);

    @SqlUpdate("UPDATE pd_tenant SET account_number = :accountNumber, admin_email = :email, admin_email_canonical = :canonical,"
            + " partner_permission = :permission WHERE tenant_id = :id")
    int update(@Bind("id") String id, @Bind("accountNumber") String accountNumber, @Bind("email") String email,
               @Bind("canonical") String canonical, @Bind("permission") boolean permission);

    @SqlUpdate("INSERT INTO pd_tenant (tenant_id, account_number, admin_email, admin_email_canonical, partner_permission)"
            + " VALUES (:id, :accountNumber, :email, :canonical, :permission)")
    void insert(@Bind("id") String id, @Bind("accountNumber") String accountNumber, @Bind("email") String email,
                @Bind("canonical") String canonical, @Bind("permission") boolean permission);
}
