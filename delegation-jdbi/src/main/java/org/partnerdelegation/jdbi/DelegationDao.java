package org.partnerdelegation.jdbi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.partnerdelegation.core.domain.Delegation;

interface DelegationDao {

    String COLUMNS = "delegation_id, partner_tenant, customer_tenant, customer_email, customer_account_number, status,"
            + " created_at, updated_at, accepted_at, version";

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_delegation WHERE delegation_id = :id")
    Optional<Delegation> find(@Bind("id") UUID id);

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_delegation WHERE delegation_id = :id FOR UPDATE")
    Optional<Delegation> lock(@Bind("id") UUID id);

    /** Locks the row only if it is the partner's: another partner's delegation is neither returned nor locked. */
    @SqlQuery("SELECT " + COLUMNS + " FROM pd_delegation WHERE delegation_id = :id AND partner_tenant = :partner FOR UPDATE")
    Optional<Delegation> lockOwn(@Bind("partner") String partner, @Bind("id") UUID id);

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_delegation WHERE customer_tenant = :customer AND partner_tenant = :partner"
            + " AND status IN ('PENDING', 'CONNECTED')")
    Optional<Delegation> findOpen(@Bind("partner") String partner, @Bind("customer") String customer);

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_delegation WHERE customer_tenant = :customer AND status = 'CONNECTED'")
    Optional<Delegation> findConnected(@Bind("customer") String customer);

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_delegation WHERE partner_tenant = :partner AND status IN (<statuses>)"
            + " ORDER BY customer_email_canonical, delegation_id FETCH FIRST :limit ROWS ONLY")
    List<Delegation> listFirst(@Bind("partner") String partner, @BindList("statuses") Collection<String> statuses,
                               @Bind("limit") int limit);

    // Keyset: (email, id) > (:email, :id), spelled out so that both databases use the list index.
    @SqlQuery("SELECT " + COLUMNS + " FROM pd_delegation WHERE partner_tenant = :partner AND status IN (<statuses>)"
            + " AND (customer_email_canonical > :email OR (customer_email_canonical = :email AND delegation_id > :id))"
            + " ORDER BY customer_email_canonical, delegation_id FETCH FIRST :limit ROWS ONLY")
    List<Delegation> listAfter(@Bind("partner") String partner, @BindList("statuses") Collection<String> statuses,
                               @Bind("email") String email, @Bind("id") UUID id, @Bind("limit") int limit);

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_delegation d WHERE d.status = 'PENDING' AND d.delegation_id IN"
            + " (SELECT i.delegation_id FROM pd_invitation i WHERE i.status = 'OPEN' AND i.expires_at <= :now)"
            + " ORDER BY d.delegation_id FETCH FIRST :limit ROWS ONLY")
    List<Delegation> findExpiredPending(@Bind("now") Instant now, @Bind("limit") int limit);

    @SqlUpdate("INSERT INTO pd_delegation (delegation_id, partner_tenant, customer_tenant, customer_email, customer_email_canonical,"
            + " customer_account_number, status, created_at, updated_at, accepted_at, version) VALUES (:id, :partner, :customer,"
            + " :email, :canonical, :accountNumber, :status, :createdAt, :updatedAt, :acceptedAt, :version)")
    void insert(@Bind("id") UUID id, @Bind("partner") String partner, @Bind("customer") String customer,
                @Bind("email") String email, @Bind("canonical") String canonical, @Bind("accountNumber") String accountNumber,
                @Bind("status") String status, @Bind("createdAt") Instant createdAt, @Bind("updatedAt") Instant updatedAt,
                @Bind("acceptedAt") Instant acceptedAt, @Bind("version") long version);

    /** Optimistic locking: only the row still at the previous version changes. */
    @SqlUpdate("UPDATE pd_delegation SET status = :status, updated_at = :updatedAt, accepted_at = :acceptedAt, version = :version"
            + " WHERE delegation_id = :id AND version = :version - 1")
    int update(@Bind("id") UUID id, @Bind("status") String status, @Bind("updatedAt") Instant updatedAt,
               @Bind("acceptedAt") Instant acceptedAt, @Bind("version") long version);
}
