package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.LoginNotice;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.LoginKey;
import org.partnerdelegation.core.domain.InvitationStatus;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.port.DelegationTransaction;
import org.partnerdelegation.core.port.JoinedQueries;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * The hot paths in one statement each, over the tables of one storage: the session check joins
 * the session, its delegation, the partner tenant and the partner's epoch; the login's read joins
 * the delegation (locked) with both tenants and the epoch; the account list carries the partner
 * permission check. Offered by {@link JdbiDelegationStore#joinedQueries} only for its sibling
 * directory and issuer.
 */
final class JdbiJoinedQueries implements JoinedQueries {

    /**
     * Served by the session's primary key, then the three primary keys it joins. The delegation's
     * grant must still give access ({@code access_until}, renewal included, written with the grant),
     * and its roles come along, so that the session is narrowed to what is granted now: one
     * statement still.
     */
    private static final String LIVE_SESSION = "SELECT s.session_id, s.delegation_id, s.customer_tenant, s.subject_email,"
            + " s.actor_tenant, s.actor_user, s.scope, s.reason, s.permission_epoch, s.issued_at, s.expires_at,"
            + " d.roles AS granted_roles FROM pd_session s"
            + " JOIN pd_delegation d ON d.delegation_id = s.delegation_id"
            + " JOIN pd_tenant p ON p.tenant_id = s.actor_tenant"
            + " LEFT JOIN pd_partner_epoch e ON e.partner_tenant = s.actor_tenant"
            + " WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND d.status = 'CONNECTED'"
            + " AND (d.access_until IS NULL OR d.access_until > ?)"
            + " AND p.partner_permission AND COALESCE(e.epoch, 0) = s.permission_epoch";

    /**
     * The epoch and both tenants beside the delegation: one statement, so one snapshot, in which a
     * revoked permission and its moved epoch are seen together or not at all.
     */
    private static final String OWN_DELEGATION_COLUMNS = DelegationDao.D_COLUMNS + ", COALESCE(e.epoch, 0) AS partner_epoch,"
            + " p.tenant_id AS p_id, p.account_number AS p_account_number, p.admin_email AS p_admin_email,"
            + " p.partner_permission AS p_permission, " + profileColumns("p") + ", c.tenant_id AS c_id,"
            + " c.account_number AS c_account_number, c.admin_email AS c_admin_email, c.partner_permission AS c_permission, "
            + profileColumns("c") + ", cs.login_notice AS cs_login_notice, cs.step_up_max_age_seconds AS cs_step_up_max_age_seconds";
    private static final String OWN_DELEGATION_JOINS = " LEFT JOIN pd_tenant p ON p.tenant_id = d.partner_tenant"
            + " LEFT JOIN pd_partner_epoch e ON e.partner_tenant = d.partner_tenant"
            + " LEFT JOIN pd_tenant c ON c.tenant_id = d.customer_tenant"
            + " LEFT JOIN pd_customer_settings cs ON cs.tenant_id = d.customer_tenant"
            + " WHERE d.delegation_id = ? AND d.partner_tenant = ?";
    /** PostgreSQL locks the delegation's row only, not the tenants'. */
    private static final String LOCK_OWN_DELEGATION_ON_POSTGRES = "SELECT " + OWN_DELEGATION_COLUMNS + " FROM pd_delegation d"
            + OWN_DELEGATION_JOINS + " FOR UPDATE OF d";
    /** H2 has no {@code FOR UPDATE OF}: the delegation is locked by a statement of its own first (no round trip in process). */
    private static final String OWN_DELEGATION_ON_H2 = "SELECT " + OWN_DELEGATION_COLUMNS + " FROM pd_delegation d" + OWN_DELEGATION_JOINS;


    /**
     * The invitation and its delegation, the partner tenant, and the customer's CONNECTED delegation
     * with another partner (at most one: the unique index of CONNECTED delegations), from the
     * invitation's primary key and the primary keys it leads to (the invitation first: H2 keeps
     * that order, and a delegation scanned first is a whole table). On PostgreSQL the delegation is
     * named first in {@code FOR UPDATE OF}, which locks in that order, as every use case on a
     * delegation locks it before writing its invitations (no deadlock with a deletion); the
     * invitation is locked too, so that a second answer to the same link waits, then reads both
     * rows as the first answer left them.
     */
    private static final String INVITATION_TARGET = "SELECT i.token_hash AS i_token_hash, i.created_at AS i_created_at,"
            + " i.expires_at AS i_expires_at, i.status AS i_status, i.used_at AS i_used_at, " + DelegationDao.D_COLUMNS + ","
            + " p.tenant_id AS p_id, p.account_number AS p_account_number, p.admin_email AS p_admin_email,"
            + " p.partner_permission AS p_permission, " + profileColumns("p") + ","
            + " (SELECT x.delegation_id FROM pd_delegation x WHERE x.customer_tenant = d.customer_tenant AND x.status = 'CONNECTED'"
            + " AND x.delegation_id <> d.delegation_id) AS other_connected"
            + " FROM pd_invitation i JOIN pd_delegation d ON d.delegation_id = i.delegation_id"
            + " LEFT JOIN pd_tenant p ON p.tenant_id = d.partner_tenant"
            + " WHERE i.token_hash = ?";
    private static final String LOCK_INVITATION_TARGET_ON_POSTGRES = INVITATION_TARGET + " FOR UPDATE OF d, i";
    /** H2 has no {@code FOR UPDATE OF}: the delegation, then the invitation, locked by statements of their own first. */
    private static final String LOCK_INVITATION_DELEGATION_ON_H2 = "SELECT delegation_id FROM pd_delegation WHERE delegation_id ="
            + " (SELECT delegation_id FROM pd_invitation WHERE token_hash = ?) FOR UPDATE";
    private static final String LOCK_INVITATION_ON_H2 = "SELECT token_hash FROM pd_invitation WHERE token_hash = ? FOR UPDATE";

    /**
     * Both tenants, the pair's open delegation, whether the customer is connected and until when,
     * and the pair's last invitation, from one anchor row: each part is a keyed lookup, present or
     * NULL (a customer has at most one CONNECTED delegation, so its join adds no row).
     */
    private static final String ADD_TARGET_ON_H2 = "SELECT p.tenant_id AS p_id, p.account_number AS p_account_number,"
            + " p.admin_email AS p_admin_email, p.partner_permission AS p_permission, " + profileColumns("p") + ","
            + " c.tenant_id AS c_id, c.account_number AS c_account_number, c.admin_email AS c_admin_email,"
            + " c.partner_permission AS c_permission, " + profileColumns("c") + ", "
            + DelegationDao.D_COLUMNS + ","
            + " k.delegation_id AS connected_id, k.access_until AS connected_until,"
            + " (SELECT MAX(o.created_at) FROM pd_delegation y JOIN pd_outbox o ON o.delegation_id = y.delegation_id"
            + " WHERE y.customer_tenant = c.tenant_id AND y.partner_tenant = ? AND o.notification_type = 'INVITATION')"
            + " AS last_invitation"
            + " FROM (SELECT 1 AS anchor) a"
            + " LEFT JOIN pd_tenant p ON p.tenant_id = ?"
            + " LEFT JOIN pd_tenant c ON c.admin_email_canonical = ?"
            + " LEFT JOIN pd_delegation d ON d.customer_tenant = c.tenant_id AND d.partner_tenant = ?"
            + " AND d.status IN ('PENDING', 'CONNECTED')"
            + " LEFT JOIN pd_delegation k ON k.customer_tenant = c.tenant_id AND k.status = 'CONNECTED'";

    /**
     * {@link #ADD_TARGET_ON_H2} for PostgreSQL, in a shape whose plan the table statistics cannot
     * turn around: each part a lookup correlated to the customer found by its email, on the
     * customer's own index ({@code LATERAL}), and the pair's last invitation read per delegation of
     * the pair from the outbox's delegation index. Written as joins, a plan made while the tables
     * were young read the pair's invitations from every INVITATION entry of the outbox: an add
     * cost more the more customers there were (measured: 1.9 times as much after 4,000 adds).
     */
    private static final String ADD_TARGET_ON_POSTGRES = "SELECT p.tenant_id AS p_id, p.account_number AS p_account_number,"
            + " p.admin_email AS p_admin_email, p.partner_permission AS p_permission, " + profileColumns("p") + ","
            + " c.tenant_id AS c_id, c.account_number AS c_account_number, c.admin_email AS c_admin_email,"
            + " c.partner_permission AS c_permission, " + profileColumns("c") + ", "
            + DelegationDao.D_COLUMNS + ","
            + " k.delegation_id AS connected_id, k.access_until AS connected_until,"
            + " (SELECT MAX((SELECT MAX(o.created_at) FROM pd_outbox o WHERE o.delegation_id = y.delegation_id"
            + " AND o.notification_type = 'INVITATION')) FROM pd_delegation y WHERE y.customer_tenant = c.tenant_id"
            + " AND y.partner_tenant = ?) AS last_invitation"
            + " FROM (SELECT 1 AS anchor) a"
            + " LEFT JOIN pd_tenant p ON p.tenant_id = ?"
            + " LEFT JOIN pd_tenant c ON c.admin_email_canonical = ?"
            + " LEFT JOIN LATERAL (SELECT " + DelegationDao.COLUMNS + " FROM pd_delegation o WHERE o.customer_tenant = c.tenant_id"
            + " AND o.partner_tenant = ? AND o.status IN ('PENDING', 'CONNECTED') FETCH FIRST 1 ROW ONLY) d ON TRUE"
            + " LEFT JOIN LATERAL (SELECT x.delegation_id, x.access_until FROM pd_delegation x WHERE x.customer_tenant = c.tenant_id"
            + " AND x.status = 'CONNECTED' FETCH FIRST 1 ROW ONLY) k ON TRUE";

    private final Database db;

    JdbiJoinedQueries(Database db) {
        this.db = db;
    }

    @Override
    public Optional<DelegatedSession> findLiveSession(TokenHash tokenHash, Instant now) {
        // The token's hash and the revocation are not read back: the row was found by that hash, and unrevoked.
        return db.readOnce(c -> Sql.one(c, LIVE_SESSION, rs -> narrowedSession(rs, tokenHash), tokenHash.hex(), now, now));
    }

    @Override
    public Optional<OwnDelegation> lockOwnDelegation(DelegationTransaction tx, TenantId partner, DelegationId id) {
        Connection c = db.joined();
        if (db.dialect() == Dialect.POSTGRESQL) {
            return Sql.one(c, LOCK_OWN_DELEGATION_ON_POSTGRES, JdbiJoinedQueries::ownDelegation, id.value(), partner.value());
        }
        if (new DelegationDao(c).lockOwn(partner.value(), id.value()).isEmpty()) {
            return Optional.empty();
        }
        return Sql.one(c, OWN_DELEGATION_ON_H2, JdbiJoinedQueries::ownDelegation, id.value(), partner.value());
    }

    @Override
    public Optional<InvitationTarget> lockInvitation(DelegationTransaction tx, TenantDirectory tenants, TokenHash tokenHash) {
        Connection c = db.joined();
        if (db.dialect() == Dialect.POSTGRESQL) {
            return Sql.one(c, LOCK_INVITATION_TARGET_ON_POSTGRES, JdbiJoinedQueries::invitationTarget, tokenHash.hex());
        }
        if (Sql.one(c, LOCK_INVITATION_DELEGATION_ON_H2, rs -> Boolean.TRUE, tokenHash.hex()).isEmpty()
                || Sql.one(c, LOCK_INVITATION_ON_H2, rs -> Boolean.TRUE, tokenHash.hex()).isEmpty()) {
            return Optional.empty();
        }
        return Sql.one(c, INVITATION_TARGET, JdbiJoinedQueries::invitationTarget, tokenHash.hex());
    }

    /**
     * The writes held back together: on PostgreSQL the delegation's update carries the others (its
     * invitations and sessions retired, the audit event, the notices) at the commit, one statement,
     * whose own snapshot decides the notice that needs an invitation: one a delivery committed while
     * this unit of work waited for the delegation's lock counts, which a subquery of the locking read
     * (on the snapshot taken before the wait) would miss.
     */
    @Override
    public void recordEnd(DelegationTransaction tx, SessionIssuer sessions, Delegation ended, AuditEvent event,
                          List<OutboxEntry> notices, Optional<OutboxEntry> noticeIfInvited, Optional<Instant> sessionsRevokedAt) {
        Connection c = db.joined();
        tx.update(ended);
        new InvitationDao(c).supersedeOpenLater(ended.id().value());
        new AuditDao(c).insert(event);
        OutboxDao outbox = new OutboxDao(c);
        notices.forEach(outbox::insert);
        noticeIfInvited.ifPresent(outbox::insertIfInvited);
        sessionsRevokedAt.ifPresent(at -> new SessionDao(c).revokeAllLater(ended.id().value(), at));
    }

    @Override
    public void recordLogin(DelegationTransaction tx, AuditEvent login, DelegatedSession session) {
        // The audit event is held back and, on PostgreSQL, rides with the session's insert: one round trip.
        Connection c = db.joined();
        new AuditDao(c).insert(login);
        new SessionDao(c).insert(session);
    }

    @Override
    public void recordLogin(DelegationTransaction tx, AuditEvent login, DelegatedSession session, Optional<OutboxEntry> notice) {
        // The notice is held back too, before the session's insert that carries them all on PostgreSQL.
        Connection c = db.joined();
        new AuditDao(c).insert(login);
        notice.ifPresent(new OutboxDao(c)::insert);
        new SessionDao(c).insert(session);
    }

    @Override
    public void recordKeyedLogin(DelegationTransaction tx, SessionIssuer sessions, AuditEvent login, DelegatedSession session,
                                 Optional<OutboxEntry> notice, LoginKey key) {
        // As recordLogin: the audit event and the notice held back, sent with the session's insert.
        Connection c = db.joined();
        new AuditDao(c).insert(login);
        notice.ifPresent(new OutboxDao(c)::insert);
        new SessionDao(c).insertKeyed(session, key);
    }

    @Override
    public AddTarget readAddTarget(DelegationTransaction tx, TenantId partner, EmailAddress customerEmail) {
        return Sql.one(db.joined(), db.dialect() == Dialect.POSTGRESQL ? ADD_TARGET_ON_POSTGRES : ADD_TARGET_ON_H2,
                JdbiJoinedQueries::addTarget, partner.value(), partner.value(),
                customerEmail.canonical(), partner.value()).orElseThrow();
    }

    @Override
    public List<Delegation> listOfPermittedPartner(TenantId partner, Set<DelegationStatus> statuses, Optional<Instant> endingBy,
                                                   Optional<AccountCursor> after, int limit) {
        List<String> names = AccountPages.statusNames(statuses);
        if (names.isEmpty()) {
            return List.of();
        }
        Optional<AccountPages.AccountPosition> position = AccountPages.position(after);
        return db.readOnce(c -> Sql.list(c, AccountPages.sql(names.size(), endingBy.isPresent(), position.isPresent(), true),
                Rows::delegation, AccountPages.arguments(partner.value(), names, endingBy, position, limit, true)));
    }

    /** The page with only the columns a row shows: on H2 the columns read are most of a page's cost. */
    @Override
    public List<ListedAccount> listedAccountsOfPermittedPartner(TenantId partner, Set<DelegationStatus> statuses,
                                                               Optional<Instant> endingBy, Optional<AccountCursor> after, int limit) {
        List<String> names = AccountPages.statusNames(statuses);
        if (names.isEmpty()) {
            return List.of();
        }
        Optional<AccountPages.AccountPosition> position = AccountPages.position(after);
        return db.readOnce(c -> Sql.list(c, AccountPages.shownSql(names.size(), endingBy.isPresent(), position.isPresent()),
                Rows::listedAccount, AccountPages.arguments(partner.value(), names, endingBy, position, limit, true)));
    }

    /** The live session narrowed to the roles its delegation grants now; null (no session) when none is left. */
    private static DelegatedSession narrowedSession(ResultSet rs, TokenHash tokenHash) throws SQLException {
        return Rows.liveSession(rs, tokenHash).narrowedTo(RoleKey.parseSet(rs.getString("granted_roles"))).orElse(null);
    }

    private static OwnDelegation ownDelegation(ResultSet rs) throws SQLException {
        String notice = rs.getString("cs_login_notice");
        long age = rs.getLong("cs_step_up_max_age_seconds");
        CustomerSettings settings = notice == null ? CustomerSettings.DEFAULTS
                : new CustomerSettings(LoginNotice.valueOf(notice), rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(age)));
        return new OwnDelegation(tenant(rs, "p_"), rs.getLong("partner_epoch"), Rows.delegation(rs), tenant(rs, "c_"), settings);
    }

    private static InvitationTarget invitationTarget(ResultSet rs) throws SQLException {
        Delegation d = Rows.delegation(rs);
        Invitation invitation = new Invitation(TokenHash.ofHex(rs.getString("i_token_hash")), d.id(),
                rs.getObject("i_created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("i_expires_at", OffsetDateTime.class).toInstant(), InvitationStatus.valueOf(rs.getString("i_status")),
                Optional.ofNullable(rs.getObject("i_used_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
        Optional<DelegationId> other = Optional.ofNullable(rs.getObject("other_connected", java.util.UUID.class)).map(DelegationId::of);
        return new InvitationTarget(invitation, d, tenant(rs, "p_"), other);
    }

    private static AddTarget addTarget(ResultSet rs) throws SQLException {
        Optional<Delegation> open = rs.getObject("delegation_id") == null ? Optional.empty() : Optional.of(Rows.delegation(rs));
        OffsetDateTime last = rs.getObject("last_invitation", OffsetDateTime.class);
        OffsetDateTime connectedUntil = rs.getObject("connected_until", OffsetDateTime.class);
        return new AddTarget(tenant(rs, "p_"), tenant(rs, "c_"), open, rs.getObject("connected_id") != null,
                Optional.ofNullable(last).map(OffsetDateTime::toInstant), Optional.ofNullable(connectedUntil).map(OffsetDateTime::toInstant));
    }

    /** The tenant the left join found under that column prefix; empty when it found none. */
    private static Optional<Tenant> tenant(ResultSet rs, String prefix) throws SQLException {
        String id = rs.getString(prefix + "id");
        if (id == null) {
            return Optional.empty();
        }
        TenantId tenant = TenantId.of(id);
        return Optional.of(new Tenant(tenant, AccountNumber.of(rs.getString(prefix + "account_number")),
                EmailAddress.of(rs.getString(prefix + "admin_email")), rs.getBoolean(prefix + "permission"),
                Rows.profile(rs, prefix, tenant)));
    }

    /** The profile's columns of the tenant under that alias, named {@code <alias>_display_name} and so on. */
    private static String profileColumns(String alias) {
        return alias + ".display_name AS " + alias + "_display_name, " + alias + ".locale AS " + alias + "_locale, "
                + alias + ".time_zone AS " + alias + "_time_zone";
    }
}
