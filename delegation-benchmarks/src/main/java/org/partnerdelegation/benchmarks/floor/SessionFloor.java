package org.partnerdelegation.benchmarks.floor;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.jdbi.Dialect;

/** validateSession and loginToCustomer, hand-written. */
final class SessionFloor {

    /**
     * The session, only if live: not revoked or expired, its delegation CONNECTED and within its
     * grant's end, its partner permitted at the same epoch; with the roles granted now, to narrow it.
     */
    private static final String LIVE_SESSION = "SELECT " + Rows.SESSION + ", d.roles AS granted_roles FROM pd_session s"
            + " JOIN pd_delegation d ON d.delegation_id = s.delegation_id"
            + " JOIN pd_tenant p ON p.tenant_id = s.actor_tenant"
            + " LEFT JOIN pd_partner_epoch e ON e.partner_tenant = s.actor_tenant"
            + " WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND d.status = 'CONNECTED'"
            + " AND (d.access_until IS NULL OR d.access_until > ?)"
            + " AND p.partner_permission = TRUE AND COALESCE(e.epoch, 0) = s.permission_epoch";

    /** The partner's own delegation, locked, with what a login checks and records read along (their rows not locked). */
    private static final String LOCK_LOGIN_TARGET = "SELECT " + Rows.DELEGATION + ","
            + " (SELECT p.partner_permission FROM pd_tenant p WHERE p.tenant_id = d.partner_tenant) AS partner_permission,"
            + " (SELECT e.epoch FROM pd_partner_epoch e WHERE e.partner_tenant = d.partner_tenant) AS partner_epoch,"
            + " (SELECT c.admin_email FROM pd_tenant c WHERE c.tenant_id = d.customer_tenant) AS subject_email"
            + " FROM pd_delegation d WHERE d.delegation_id = ? AND d.partner_tenant = ? FOR UPDATE";

    static final String PARTNER_PERMISSION = "SELECT partner_permission FROM pd_tenant WHERE tenant_id = ?";

    private static final WritePlan RECORD_LOGIN = WritePlan.of(WritePlan.INSERT_AUDIT, WritePlan.INSERT_SESSION);

    private final DataSource pool;
    private final Dialect dialect;
    private final SecureRandom random;
    private final Duration sessionTtl;

    SessionFloor(DataSource pool, Dialect dialect, SecureRandom random, Duration sessionTtl) {
        this.pool = pool;
        this.dialect = dialect;
        this.random = random;
        this.sessionTtl = sessionTtl;
    }

    /** One SELECT in auto-commit. */
    Optional<DelegatedSession> validateSession(String text) {
        SecretToken token;
        try {
            token = SecretToken.parse(text);
        } catch (DelegationException e) {
            return Optional.empty();
        }
        Instant now = FloorUseCases.now();
        return Jdbc.autoCommit(pool, c -> {
            try (PreparedStatement ps = c.prepareStatement(LIVE_SESSION)) {
                Rows.bind(ps, token.hash().hex(), now, now);
                try (ResultSet rs = ps.executeQuery()) {
                    // The lookup by hash found it; the constant-time comparison decides, as in the library.
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    java.util.Set<RoleKey> granted = RoleKey.parseSet(rs.getString("granted_roles"));
                    return Optional.of(Rows.session(rs)).filter(s -> s.tokenHash().matches(token)).flatMap(s -> s.narrowedTo(granted));
                }
            }
        });
    }

    /** One transaction: read and lock, then the audit event and the session (one statement on PostgreSQL), commit. */
    IssuedSession loginToCustomer(Principal actor, DelegationId id) {
        Refusals.administrator(actor);
        DelegationException.requireArgument(id, "delegationId");
        Instant now = FloorUseCases.now();
        return Jdbc.transaction(pool, c -> {
            Delegation d;
            long epoch;
            EmailAddress subject;
            try (PreparedStatement ps = c.prepareStatement(LOCK_LOGIN_TARGET)) {
                Rows.bind(ps, id.value(), actor.tenantId().value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        Refusals.partnerPermission(actor, permission(c, actor));
                        throw Refusals.notFound(id);
                    }
                    Refusals.partnerPermission(actor, (Boolean) rs.getObject("partner_permission"));
                    d = Rows.delegation(rs);
                    epoch = rs.getLong("partner_epoch");
                    String email = rs.getString("subject_email");
                    if (!d.status().isOpen()) {
                        throw Refusals.notFound(id);
                    }
                    if (!d.isConnected()) {
                        throw Refusals.of(ErrorCode.NOT_CONNECTED, "Account " + d.customerEmail() + " has not accepted yet.");
                    }
                    if (email == null) {
                        throw Refusals.of(ErrorCode.ACCOUNT_NOT_FOUND, "Account " + d.customerAccountNumber() + " no longer exists.");
                    }
                    Refusals.steppedUp(actor, now);
                    subject = EmailAddress.of(email);
                }
            }
            SecretToken token = SecretToken.generate(random);
            DelegatedSession session = new DelegatedSession(SessionId.of(UUID.randomUUID()), token.hash(), d.id(),
                    d.customerTenant(), subject, actor.tenantId(), actor.userId(), DelegatedSession.TENANT_ADMINISTRATOR_SCOPE,
                    epoch, now, now.plus(sessionTtl), Optional.empty());
            String connected = DelegationStatus.CONNECTED.name();
            RECORD_LOGIN.run(c, dialect,
                    UUID.randomUUID(), AuditEventType.DELEGATED_LOGIN.name(), d.id().value(), d.customerTenant().value(),
                    actor.tenantId().value(), actor.userId().value(), connected, connected, now,
                    session.tokenHash().hex(), session.id().value(), d.id().value(), d.customerTenant().value(), subject.value(),
                    actor.tenantId().value(), actor.userId().value(), session.scope(), epoch, now, session.expiresAt());
            return new IssuedSession(token, session);
        });
    }

    /** The partner's permission, null when the tenant is not in the directory: only to explain a refusal. */
    static Boolean permission(Connection c, Principal actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PARTNER_PERMISSION)) {
            Rows.bind(ps, actor.tenantId().value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }
}
