package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.LoginKey;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.port.SessionIssuer;

/** The statements of {@code pd_session}, on one connection; rows are keyed by the token's hash, never the token. */
final class SessionDao {

    /** The session's roles are its {@code scope}: space-separated, {@link org.partnerdelegation.core.domain.RoleKey#join}. */
    static final String COLUMNS = "token_hash, session_id, delegation_id, customer_tenant, subject_email, actor_tenant, actor_user, scope,"
            + " reason, permission_epoch, issued_at, expires_at, revoked_at";
    private static final String NEVER = "CAST('-infinity' AS TIMESTAMP WITH TIME ZONE)";
    private static final String INSERT = "INSERT INTO pd_session (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT " + COLUMNS + " FROM pd_session WHERE token_hash = ?";
    /** A login with an idempotency key: the session and the hashes of its key and request. */
    private static final String INSERT_KEYED = "INSERT INTO pd_session (" + COLUMNS + ", login_key_hash, login_request_hash)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** A retried login's read: one lookup of {@code pd_session_login_key}. */
    private static final String FIND_BY_LOGIN_KEY = "SELECT " + COLUMNS + ", login_key_hash, login_request_hash FROM pd_session"
            + " WHERE delegation_id = ? AND actor_user = ? AND login_key_hash = ?";
    /** A retried login's new token; the primary key changes, which no other table refers to. */
    private static final String REISSUE = "UPDATE pd_session SET token_hash = ? WHERE session_id = ? AND revoked_at IS NULL";
    private static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM pd_session WHERE session_id = ?";
    /**
     * The sessions into a customer, newest first (issue time, then id), a page at a time: read
     * backwards along {@code pd_session_into_customer}. The ORDER BY starts with the customer,
     * though it is one value, so that H2 reads the index in order too.
     */
    private static final String INTO = "SELECT " + COLUMNS + " FROM pd_session WHERE customer_tenant = ?"
            + " ORDER BY customer_tenant DESC, issued_at DESC, session_id DESC FETCH FIRST ? ROWS ONLY";
    /**
     * {@link #INTO} after a session of that customer: before its (issue time, id). The issue time
     * alone bounds the index range (the row comparison does not, on H2); a session that is no
     * longer stored, or into another customer, ends the listing.
     */
    private static final String INTO_AFTER = "SELECT " + COLUMNS + " FROM pd_session WHERE customer_tenant = ?"
            + " AND issued_at <= (SELECT a.issued_at FROM pd_session a WHERE a.session_id = ? AND a.customer_tenant = ?)"
            + " AND (issued_at, session_id) < (SELECT a.issued_at, a.session_id FROM pd_session a WHERE a.session_id = ?)"
            + " ORDER BY customer_tenant DESC, issued_at DESC, session_id DESC FETCH FIRST ? ROWS ONLY";
    /**
     * The sessions of one partner user under one delegation issued after an instant, oldest first:
     * one range of {@code pd_session_of_user}, read in its order.
     */
    private static final String OF_USER = "SELECT " + COLUMNS + " FROM pd_session WHERE delegation_id = ? AND actor_user = ?"
            + " AND issued_at > ? ORDER BY delegation_id, actor_user, issued_at, session_id";
    private static final String REVOKE_ALL = "UPDATE pd_session SET revoked_at = ? WHERE delegation_id = ? AND revoked_at IS NULL";
    /** The sessions of a delegation still live at an instant, by {@code pd_session_by_delegation} (live ones only on PostgreSQL). */
    private static final String LIVE_OF_DELEGATION = "SELECT " + COLUMNS + " FROM pd_session WHERE delegation_id = ?"
            + " AND revoked_at IS NULL AND expires_at > ?";
    private static final String NARROW = "UPDATE pd_session SET scope = ? WHERE token_hash = ? AND revoked_at IS NULL";
    private static final String REVOKE = "UPDATE pd_session SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL";
    private static final String REVOKE_ALL_OF_USER = "UPDATE pd_session SET revoked_at = ? WHERE actor_tenant = ? AND actor_user = ?"
            + " AND revoked_at IS NULL";
    private static final String REVOKE_ALL_OF_PARTNER = "UPDATE pd_session SET revoked_at = ? WHERE actor_tenant = ?"
            + " AND revoked_at IS NULL";
    private static final String REVOKE_ALL_INTO = "UPDATE pd_session SET revoked_at = ? WHERE customer_tenant = ? AND revoked_at IS NULL";
    /**
     * Retention: sessions that ended (expired, or were revoked) before the cutoff, a batch at a time,
     * deleted by key. The batch is the earliest expired and the earliest revoked, each read along its
     * own index in order ({@code pd_session_by_expiry}, {@code pd_session_by_revocation}), then cut to
     * the batch's size: an OR of the two conditions is one scan of the whole table to the planner.
     * On PostgreSQL the batch is a CTE and the rows are deleted by key within the batch's own range
     * of keys: {@code key = ANY (batch) AND key BETWEEN min AND max}. With the array alone, the
     * generic plan prices the key lookups (ten assumed) above a sequential scan of a small or
     * young table and keeps that plan as the table grows; a range with both ends makes the
     * planner expect a handful of rows from an index whatever the statistics, and the
     * array keeps the delete to the batch exactly (rows inside the range but outside the batch stay).
     * Each time condition of the batch has a lower bound that excludes nothing ({@code -infinity}): as a
     * range with both ends it is one the planner expects to be narrow while the table has no
     * statistics, so that it reads the index rather than sorting a young table it thinks small.
     */
    private static final String DELETE_ENDED_BEFORE = "WITH batch AS ((SELECT token_hash FROM pd_session"
            + " WHERE expires_at > " + NEVER + " AND expires_at < ? ORDER BY expires_at FETCH FIRST ? ROWS ONLY)"
            + " UNION (SELECT token_hash FROM pd_session WHERE revoked_at > " + NEVER + " AND revoked_at < ?"
            + " ORDER BY revoked_at FETCH FIRST ? ROWS ONLY) FETCH FIRST ? ROWS ONLY)"
            + " DELETE FROM pd_session WHERE token_hash = ANY (ARRAY(SELECT token_hash FROM batch))"
            + " AND token_hash BETWEEN (SELECT MIN(token_hash) FROM batch) AND (SELECT MAX(token_hash) FROM batch)";
    /** {@link #DELETE_ENDED_BEFORE} for H2, whose plans see the values: the batch's keys gathered into an array first. */
    private static final String DELETE_ENDED_BEFORE_ON_H2 = "DELETE FROM pd_session WHERE token_hash = ANY (ARRAY(SELECT token_hash"
            + " FROM pd_session WHERE expires_at < ? OR revoked_at < ? FETCH FIRST ? ROWS ONLY))";

    private final Connection c;

    SessionDao(Connection c) {
        this.c = c;
    }

    void insert(DelegatedSession s) {
        Sql.update(c, INSERT, arguments(s));
    }

    void insertKeyed(DelegatedSession s, LoginKey key) {
        Object[] session = arguments(s);
        Object[] all = java.util.Arrays.copyOf(session, session.length + 2);
        all[session.length] = key.key().hex();
        all[session.length + 1] = key.request().hex();
        Sql.update(c, INSERT_KEYED, all);
    }

    Optional<SessionIssuer.KeyedSession> findByLoginKey(UUID delegation, String user, String keyHash) {
        return Sql.one(c, FIND_BY_LOGIN_KEY, rs -> new SessionIssuer.KeyedSession(Rows.session(rs),
                new LoginKey(TokenHash.ofHex(rs.getString("login_key_hash")), TokenHash.ofHex(rs.getString("login_request_hash")))),
                delegation, user, keyHash);
    }

    int reissue(UUID sessionId, String newHash) {
        return Sql.update(c, REISSUE, newHash, sessionId);
    }

    /** The arguments of {@link #INSERT} for the session, in order. */
    private static Object[] arguments(DelegatedSession s) {
        return new Object[] {s.tokenHash().hex(), s.id().value(), s.delegationId().value(), s.customerTenant().value(),
                s.subject().value(), s.actorTenant().value(), s.actorUser().value(), s.scope(), s.reason().orElse(null),
                s.permissionEpoch(), s.issuedAt(),
                s.expiresAt(), Rows.orNull(s.revokedAt())};
    }

    Optional<DelegatedSession> find(String hash) {
        return Sql.one(c, FIND, Rows::session, hash);
    }

    Optional<DelegatedSession> findById(UUID id) {
        return Sql.one(c, FIND_BY_ID, Rows::session, id);
    }

    List<DelegatedSession> into(String customer, Optional<UUID> after, int limit) {
        return after.isPresent()
                ? Sql.list(c, INTO_AFTER, Rows::session, customer, after.get(), customer, after.get(), limit)
                : Sql.list(c, INTO, Rows::session, customer, limit);
    }

    List<DelegatedSession> ofUser(UUID delegation, String user, Instant issuedAfter) {
        return Sql.list(c, OF_USER, Rows::session, delegation, user, issuedAfter);
    }

    int revokeAll(UUID delegation, Instant at) {
        return Sql.update(c, REVOKE_ALL, at, delegation);
    }

    /** {@link #revokeAll}, uncounted: held back until the unit of work's next statement or its commit. */
    void revokeAllLater(UUID delegation, Instant at) {
        Sql.updateLater(c, REVOKE_ALL, null, at, delegation);
    }

    List<DelegatedSession> liveOf(UUID delegation, Instant at) {
        return Sql.list(c, LIVE_OF_DELEGATION, Rows::session, delegation, at);
    }

    int narrow(String hash, String scope) {
        return Sql.update(c, NARROW, scope, hash);
    }

    int revoke(String hash, Instant at) {
        return Sql.update(c, REVOKE, at, hash);
    }

    int revokeAllOfUser(String partner, String user, Instant at) {
        return Sql.update(c, REVOKE_ALL_OF_USER, at, partner, user);
    }

    int revokeAllOfPartner(String partner, Instant at) {
        return Sql.update(c, REVOKE_ALL_OF_PARTNER, at, partner);
    }

    int revokeAllInto(String customer, Instant at) {
        return Sql.update(c, REVOKE_ALL_INTO, at, customer);
    }

    int deleteEndedBefore(Instant cutoff, int limit) {
        return Sql.dialectOf(c) == Dialect.H2 ? Sql.update(c, DELETE_ENDED_BEFORE_ON_H2, cutoff, cutoff, limit)
                : Sql.update(c, DELETE_ENDED_BEFORE, cutoff, limit, cutoff, limit, limit);
    }
}
