package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.partnerdelegation.core.domain.Delegation;

/** The statements of {@code pd_delegation}, on one connection. */
final class DelegationDao {

    static final String COLUMNS = "delegation_id, partner_tenant, customer_tenant, customer_email, customer_account_number, status,"
            + " created_at, updated_at, accepted_at, version";

    /** The same columns of the delegation aliased {@code d}, for joins. */
    static final String D_COLUMNS = "d.delegation_id, d.partner_tenant, d.customer_tenant, d.customer_email,"
            + " d.customer_account_number, d.status, d.created_at, d.updated_at, d.accepted_at, d.version";

    private static final String FIND = "SELECT " + COLUMNS + " FROM pd_delegation WHERE delegation_id = ?";
    private static final String LOCK = FIND + " FOR UPDATE";
    private static final String LOCK_OWN = "SELECT " + COLUMNS + " FROM pd_delegation WHERE delegation_id = ? AND partner_tenant = ?"
            + " FOR UPDATE";
    private static final String FIND_OPEN = "SELECT " + COLUMNS + " FROM pd_delegation WHERE customer_tenant = ? AND partner_tenant = ?"
            + " AND status IN ('PENDING', 'CONNECTED')";
    private static final String FIND_CONNECTED = "SELECT " + COLUMNS + " FROM pd_delegation WHERE customer_tenant = ?"
            + " AND status = 'CONNECTED'";
    private static final String FIND_EXPIRED_PENDING = "SELECT " + COLUMNS + " FROM pd_delegation d WHERE d.status = 'PENDING'"
            + " AND d.delegation_id IN (SELECT i.delegation_id FROM pd_invitation i WHERE i.status = 'OPEN' AND i.expires_at <= ?)"
            + " ORDER BY d.delegation_id FETCH FIRST ? ROWS ONLY";
    private static final String INSERT = "INSERT INTO pd_delegation (delegation_id, partner_tenant, customer_tenant, customer_email,"
            + " customer_email_canonical, customer_account_number, status, created_at, updated_at, accepted_at, version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Optimistic locking: only the row still at the previous version changes. */
    private static final String UPDATE = "UPDATE pd_delegation SET status = ?, updated_at = ?, accepted_at = ?, version = ?"
            + " WHERE delegation_id = ? AND version = ?";

    private final Connection c;

    DelegationDao(Connection c) {
        this.c = c;
    }

    Optional<Delegation> find(UUID id) {
        return Sql.one(c, FIND, Rows::delegation, id);
    }

    Optional<Delegation> lock(UUID id) {
        return Sql.one(c, LOCK, Rows::delegation, id);
    }

    /** Locks the row only if it is the partner's: another partner's delegation is neither returned nor locked. */
    Optional<Delegation> lockOwn(String partner, UUID id) {
        return Sql.one(c, LOCK_OWN, Rows::delegation, id, partner);
    }

    Optional<Delegation> findOpen(String partner, String customer) {
        return Sql.one(c, FIND_OPEN, Rows::delegation, customer, partner);
    }

    Optional<Delegation> findConnected(String customer) {
        return Sql.one(c, FIND_CONNECTED, Rows::delegation, customer);
    }

    List<Delegation> list(String partner, List<String> statuses, Optional<AccountPages.AccountPosition> after, int limit) {
        Object[] args = AccountPages.arguments(partner, statuses, after, limit);
        return Sql.list(c, AccountPages.sql(statuses.size(), after.isPresent(), false), Rows::delegation, args);
    }

    List<Delegation> findExpiredPending(Instant now, int limit) {
        return Sql.list(c, FIND_EXPIRED_PENDING, Rows::delegation, now, limit);
    }

    void insert(Delegation d) {
        Sql.update(c, INSERT, d.id().value(), d.partnerTenant().value(), d.customerTenant().value(), d.customerEmail().value(),
                d.customerEmail().canonical(), d.customerAccountNumber().value(), d.status().name(), d.createdAt(), d.updatedAt(),
                Rows.orNull(d.acceptedAt()), d.version());
    }

    int update(Delegation d) {
        return Sql.update(c, UPDATE, d.status().name(), d.updatedAt(), Rows.orNull(d.acceptedAt()), d.version(), d.id().value(),
                d.version() - 1);
    }
}
