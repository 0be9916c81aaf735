package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.partnerdelegation.core.domain.AccessGrant;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.GrantChange;
import org.partnerdelegation.core.domain.RoleKey;

/** The statements of {@code pd_delegation}, on one connection. */
final class DelegationDao {

    static final String COLUMNS = "delegation_id, partner_tenant, customer_tenant, customer_email, customer_account_number, status,"
            + " created_at, updated_at, accepted_at, roles, term_seconds, ends_at, auto_renew, reason_required, ending_notice_sent,"
            + " requested_roles, requested_term_seconds, change_requested_at, version";

    /** The same columns of the delegation aliased {@code d}, for joins. */
    static final String D_COLUMNS = "d.delegation_id, d.partner_tenant, d.customer_tenant, d.customer_email,"
            + " d.customer_account_number, d.status, d.created_at, d.updated_at, d.accepted_at, d.roles, d.term_seconds, d.ends_at,"
            + " d.auto_renew, d.reason_required, d.ending_notice_sent, d.requested_roles, d.requested_term_seconds,"
            + " d.change_requested_at, d.version";

    private static final String FIND = "SELECT " + COLUMNS + " FROM pd_delegation WHERE delegation_id = ?";
    private static final String LOCK = FIND + " FOR UPDATE";
    private static final String LOCK_OWN = "SELECT " + COLUMNS + " FROM pd_delegation WHERE delegation_id = ? AND partner_tenant = ?"
            + " FOR UPDATE";
    private static final String FIND_OPEN = "SELECT " + COLUMNS + " FROM pd_delegation WHERE customer_tenant = ? AND partner_tenant = ?"
            + " AND status IN ('PENDING', 'CONNECTED')";
    private static final String FIND_CONNECTED = "SELECT " + COLUMNS + " FROM pd_delegation WHERE customer_tenant = ?"
            + " AND status = 'CONNECTED'";
    /** A retried disassociation's read, on the refusal path only: the customer's delegations through {@code pd_delegation_customer}. */
    private static final String FIND_LATEST_ACCEPTED = "SELECT " + COLUMNS + " FROM pd_delegation WHERE customer_tenant = ?"
            + " AND accepted_at IS NOT NULL ORDER BY accepted_at DESC, delegation_id DESC LIMIT 1";
    private static final String FIND_EXPIRED_PENDING = "SELECT " + COLUMNS + " FROM pd_delegation d WHERE d.status = 'PENDING'"
            + " AND d.delegation_id IN (SELECT i.delegation_id FROM pd_invitation i WHERE i.status = 'OPEN' AND i.expires_at <= ?)"
            + " ORDER BY d.delegation_id FETCH FIRST ? ROWS ONLY";
    /**
     * The change requests whose invitation expired unanswered: CONNECTED delegations with a request
     * and an OPEN invitation expired by now. Read from the expired invitations (few: the sweep
     * retires them) or from the delegations with a request (few too; PostgreSQL keeps them in a
     * partial index), in no set order: the sweep handles each one found, whichever comes first.
     */
    private static final String FIND_EXPIRED_CHANGE_REQUESTS = "SELECT " + COLUMNS + " FROM pd_delegation d"
            + " WHERE d.status = 'CONNECTED' AND d.change_requested_at IS NOT NULL"
            + " AND d.delegation_id IN (SELECT i.delegation_id FROM pd_invitation i WHERE i.status = 'OPEN' AND i.expires_at <= ?)"
            + " FETCH FIRST ? ROWS ONLY";
    /**
     * CONNECTED, not yet told, ending by the threshold, earliest end first: a range of PostgreSQL's
     * partial {@code pd_delegation_ending_unnoticed}; on H2, of {@code pd_delegation_by_end} (the
     * CONNECTED ending by the threshold, the ones told left out). NULLS LAST, as both indexes keep them.
     */
    private static final String FIND_ENDING_UNNOTICED = "SELECT " + COLUMNS + " FROM pd_delegation WHERE status = 'CONNECTED'"
            + " AND NOT ending_notice_sent AND ends_at <= ? ORDER BY status, ends_at NULLS LAST FETCH FIRST ? ROWS ONLY";
    /**
     * The end-date sweep: CONNECTED delegations whose period ended, earliest first, locked; rows
     * another unit of work holds (another node sweeping) are skipped, not waited for. A range of
     * {@code pd_delegation_connected_by_end} (PostgreSQL) or {@code pd_delegation_by_end} (H2).
     */
    private static final String LOCK_ENDED_CONNECTED = "SELECT " + COLUMNS + " FROM pd_delegation WHERE status = 'CONNECTED'"
            + " AND ends_at <= ? ORDER BY status, ends_at NULLS LAST FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";
    /**
     * {@link #LOCK_ENDED_CONNECTED} for H2, which locks every row its WHERE matches before it sorts
     * and cuts them to the first {@code limit}: a sweep would hold all the due delegations and
     * return a batch of them, and a second sweep would find none. Here the batch is chosen first,
     * then only its rows are locked (rows another unit of work holds skipped), the conditions checked
     * again on the rows as locked.
     */
    private static final String LOCK_ENDED_CONNECTED_ON_H2 = "SELECT " + COLUMNS + " FROM pd_delegation WHERE delegation_id IN"
            + " (SELECT b.delegation_id FROM pd_delegation b WHERE b.status = 'CONNECTED' AND b.ends_at <= ?"
            + " ORDER BY b.status, b.ends_at NULLS LAST FETCH FIRST ? ROWS ONLY)"
            + " AND status = 'CONNECTED' AND ends_at <= ? ORDER BY status, ends_at NULLS LAST FOR UPDATE SKIP LOCKED";
    private static final String INSERT = "INSERT INTO pd_delegation (delegation_id, partner_tenant, customer_tenant, customer_email,"
            + " customer_email_canonical, customer_account_number, status, created_at, updated_at, accepted_at, roles, term_seconds,"
            + " ends_at, access_until, auto_renew, reason_required, ending_notice_sent, requested_roles, requested_term_seconds,"
            + " change_requested_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Optimistic locking: only the row still at the previous version changes. The grant and the change request go whole. */
    private static final String UPDATE = "UPDATE pd_delegation SET status = ?, updated_at = ?, accepted_at = ?, roles = ?,"
            + " term_seconds = ?, ends_at = ?, access_until = ?, auto_renew = ?, reason_required = ?, ending_notice_sent = ?,"
            + " requested_roles = ?, requested_term_seconds = ?, change_requested_at = ?, version = ?"
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

    Optional<Delegation> findLatestAccepted(String customer) {
        return Sql.one(c, FIND_LATEST_ACCEPTED, Rows::delegation, customer);
    }

    Optional<Delegation> findConnected(String customer) {
        return Sql.one(c, FIND_CONNECTED, Rows::delegation, customer);
    }

    List<Delegation> list(String partner, List<String> statuses, Optional<Instant> endingBy,
                          Optional<AccountPages.AccountPosition> after, int limit) {
        Object[] args = AccountPages.arguments(partner, statuses, endingBy, after, limit, false);
        return Sql.list(c, AccountPages.sql(statuses.size(), endingBy.isPresent(), after.isPresent(), false), Rows::delegation, args);
    }

    List<Delegation> findExpiredPending(Instant now, int limit) {
        return Sql.list(c, FIND_EXPIRED_PENDING, Rows::delegation, now, limit);
    }

    List<Delegation> findExpiredChangeRequests(Instant now, int limit) {
        return Sql.list(c, FIND_EXPIRED_CHANGE_REQUESTS, Rows::delegation, now, limit);
    }

    List<Delegation> findEndingUnnoticed(Instant threshold, int limit) {
        return Sql.list(c, FIND_ENDING_UNNOTICED, Rows::delegation, threshold, limit);
    }

    List<Delegation> lockEndedConnected(Instant now, int limit, Dialect dialect) {
        return dialect == Dialect.H2
                ? Sql.list(c, LOCK_ENDED_CONNECTED_ON_H2, Rows::delegation, now, limit, now)
                : Sql.list(c, LOCK_ENDED_CONNECTED, Rows::delegation, now, limit);
    }

    /** Held back until the unit of work's next statement or its commit: a refused insert (a second open pair) fails it there. */
    void insert(Delegation d) {
        AccessGrant g = d.grant();
        Optional<GrantChange> change = d.requestedChange();
        Sql.updateLater(c, INSERT, null, d.id().value(), d.partnerTenant().value(), d.customerTenant().value(), d.customerEmail().value(),
                d.customerEmail().canonical(), d.customerAccountNumber().value(), d.status().name(), d.createdAt(), d.updatedAt(),
                Rows.orNull(d.acceptedAt()), RoleKey.join(g.roles()), Rows.seconds(g.term(), "term"), Rows.orNull(g.endsAt()),
                Rows.orNull(g.accessUntil()), g.autoRenew(), g.reasonRequired(), g.endingNoticeSent(),
                change.map(r -> RoleKey.join(r.roles())).orElse(null), Rows.seconds(change.flatMap(GrantChange::term), "term"),
                change.map(GrantChange::requestedAt).orElse(null), d.version());
    }

    /**
     * Held back until the unit of work's next statement or its commit, where {@code changed} checks
     * the count: 0 when the row is gone or at another version.
     */
    void update(Delegation d, Sql.CountCheck changed) {
        AccessGrant g = d.grant();
        Optional<GrantChange> change = d.requestedChange();
        Sql.updateLater(c, UPDATE, changed, d.status().name(), d.updatedAt(), Rows.orNull(d.acceptedAt()), RoleKey.join(g.roles()),
                Rows.seconds(g.term(), "term"), Rows.orNull(g.endsAt()), Rows.orNull(g.accessUntil()), g.autoRenew(),
                g.reasonRequired(), g.endingNoticeSent(), change.map(r -> RoleKey.join(r.roles())).orElse(null),
                Rows.seconds(change.flatMap(GrantChange::term), "term"), change.map(GrantChange::requestedAt).orElse(null),
                d.version(), d.id().value(), d.version() - 1);
    }
}
