package org.partnerdelegation.benchmarks.floor;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.partnerdelegation.core.domain.LoginNotice;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.usecase.DelegationSettings;
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

    /**
     * The partner's own delegation, locked, with what a login checks and records read along (their
     * rows not locked): the partner's standing and epoch, the customer's administrator, and the
     * customer's settings (its own step-up age, how it is told of logins).
     */
    private static final String LOCK_LOGIN_TARGET = "SELECT " + Rows.DELEGATION + ","
            + " (SELECT p.partner_permission FROM pd_tenant p WHERE p.tenant_id = d.partner_tenant) AS partner_permission,"
            + " (SELECT e.epoch FROM pd_partner_epoch e WHERE e.partner_tenant = d.partner_tenant) AS partner_epoch,"
            + " (SELECT c.admin_email FROM pd_tenant c WHERE c.tenant_id = d.customer_tenant) AS subject_email,"
            + " (SELECT cs.login_notice FROM pd_customer_settings cs WHERE cs.tenant_id = d.customer_tenant) AS login_notice,"
            + " (SELECT cs.step_up_max_age_seconds FROM pd_customer_settings cs WHERE cs.tenant_id = d.customer_tenant)"
            + " AS step_up_max_age"
            + " FROM pd_delegation d WHERE d.delegation_id = ? AND d.partner_tenant = ? FOR UPDATE";

    static final String PARTNER_PERMISSION = "SELECT partner_permission FROM pd_tenant WHERE tenant_id = ?";

    /** The login limits' read, after the lock: the user's sessions under the delegation since the window or the TTL. */
    private static final String SESSIONS_OF_USER = "SELECT token_hash, issued_at, expires_at, revoked_at, scope, reason FROM pd_session"
            + " WHERE delegation_id = ? AND actor_user = ? AND issued_at > ? ORDER BY delegation_id, actor_user, issued_at, session_id";

    private static final String REVOKE_SESSION = "UPDATE pd_session SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL";

    private static final WritePlan RECORD_LOGIN = WritePlan.of(WritePlan.INSERT_AUDIT, WritePlan.INSERT_SESSION);
    /** A customer told of each login: its notice rides with the audit event and the session. */
    private static final WritePlan RECORD_NOTICED_LOGIN = WritePlan.of(WritePlan.INSERT_AUDIT, WritePlan.INSERT_OUTBOX,
            WritePlan.INSERT_SESSION);
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.standard();

    private final DataSource pool;
    private final Dialect dialect;
    private final SecureRandom random;
    private final Duration sessionTtl;
    private final int loginsPerWindow;
    private final Duration loginWindow;
    private final int maxLiveSessions;

    SessionFloor(DataSource pool, Dialect dialect, SecureRandom random, DelegationSettings settings) {
        this.pool = pool;
        this.dialect = dialect;
        this.random = random;
        this.sessionTtl = settings.sessionTtl();
        this.loginsPerWindow = settings.loginsPerWindow();
        this.loginWindow = settings.loginWindow();
        this.maxLiveSessions = settings.maxLiveSessions();
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

    /**
     * One transaction: read and lock, the user's recent sessions (the login limits), then the audit event and the
     * session (one statement on PostgreSQL), commit.
     */
    IssuedSession loginToCustomer(Principal actor, DelegationId id) {
        Refusals.administrator(actor);
        DelegationException.requireArgument(id, "delegationId");
        Instant now = FloorUseCases.now();
        return Jdbc.transaction(pool, c -> {
            Delegation d;
            long epoch;
            EmailAddress subject;
            boolean eachLogin;
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
                    // An ENDED delegation answers as a CONNECTED one whose end passed before the job recorded it.
                    boolean ended = d.status() == DelegationStatus.ENDED || d.isConnected() && !d.grantsAccessAt(now);
                    if (!d.status().isOpen() && d.status() != DelegationStatus.ENDED) {
                        throw Refusals.notFound(id);
                    }
                    if (!d.isConnected() && !ended) {
                        throw Refusals.of(ErrorCode.NOT_CONNECTED, "Account " + d.customerEmail() + " has not accepted yet.");
                    }
                    if (ended) {
                        throw Refusals.of(ErrorCode.NOT_CONNECTED, "Your access to account " + d.customerEmail() + " ended.");
                    }
                    long age = rs.getLong("step_up_max_age");
                    Refusals.steppedUp(actor, now, rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(age)));
                    // The facade's login asks for every granted role, without a reason.
                    if (d.grant().reasonRequired() && CATALOGUE.anySensitive(d.roles())) {
                        throw Refusals.of(ErrorCode.REASON_REQUIRED, "Account " + d.customerEmail() + " asks for a reason.");
                    }
                    if (email == null) {
                        throw Refusals.of(ErrorCode.ACCOUNT_NOT_FOUND, "Account " + d.customerAccountNumber() + " no longer exists.");
                    }
                    subject = EmailAddress.of(email);
                    eachLogin = LoginNotice.EACH_LOGIN.name().equals(rs.getString("login_notice"));
                }
            }
            withinLoginLimits(c, actor, d, now);
            SecretToken token = SecretToken.generate(random);
            // A session never outlives the grant it acts under.
            Instant expiresAt = now.plus(sessionTtl);
            Optional<Instant> accessUntil = d.grant().accessUntil();
            if (accessUntil.isPresent() && accessUntil.get().isBefore(expiresAt)) {
                expiresAt = accessUntil.get();
            }
            DelegatedSession session = new DelegatedSession(SessionId.of(UUID.randomUUID()), token.hash(), d.id(),
                    d.customerTenant(), subject, actor.tenantId(), actor.userId(), d.roles(), Optional.empty(),
                    epoch, now, expiresAt, Optional.empty());
            List<Object> values = new ArrayList<>(40);
            values.addAll(Rows.auditValues(AuditEventType.DELEGATED_LOGIN, d, Optional.of(d.status()), actor, now, d.roles(),
                    Optional.empty(), Optional.empty()));
            if (eachLogin) {
                List<Object> notice = new ArrayList<>(Rows.outboxValues(NotificationType.DELEGATED_LOGIN_NOTICE, d.id(),
                        subject.value(), now));
                notice.set(notice.size() - 1, Rows.logins(actor, now, d.roles(), Optional.empty()));
                values.addAll(notice);
            }
            values.addAll(Arrays.asList(session.tokenHash().hex(), session.id().value(), d.id().value(), d.customerTenant().value(),
                    subject.value(), actor.tenantId().value(), actor.userId().value(), session.scope(), null, epoch, now,
                    session.expiresAt()));
            (eachLogin ? RECORD_NOTICED_LOGIN : RECORD_LOGIN).run(c, dialect, values);
            return new IssuedSession(token, session);
        });
    }

    /**
     * The login rate and the cap on live sessions, as the library keeps them: one read of the
     * user's recent sessions; past the rate a refusal; at the cap the oldest live ones revoked,
     * each with its audit event (a statement each: rare, not what the benchmark measures).
     */
    private void withinLoginLimits(Connection c, Principal actor, Delegation d, Instant now) throws SQLException {
        Instant windowStart = now.minus(loginWindow);
        Duration back = loginWindow.compareTo(sessionTtl) > 0 ? loginWindow : sessionTtl;
        java.util.List<Instant> inWindow = new java.util.ArrayList<>();
        java.util.List<String[]> live = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SESSIONS_OF_USER)) {
            Rows.bind(ps, d.id().value(), actor.userId().value(), now.minus(back));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant issued = rs.getObject("issued_at", java.time.OffsetDateTime.class).toInstant();
                    if (issued.isAfter(windowStart)) {
                        inWindow.add(issued);
                    }
                    if (rs.getObject("revoked_at") == null
                            && rs.getObject("expires_at", java.time.OffsetDateTime.class).toInstant().isAfter(now)) {
                        live.add(new String[] {rs.getString("token_hash"), rs.getString("scope"), rs.getString("reason")});
                    }
                }
            }
        }
        if (inWindow.size() >= loginsPerWindow) {
            java.util.Collections.sort(inWindow);
            throw DelegationException.tooManyRequests("Too many logins to account " + d.customerEmail() + ".",
                    inWindow.get(inWindow.size() - loginsPerWindow).plus(loginWindow));
        }
        for (int i = 0; i < live.size() - (maxLiveSessions - 1); i++) {
            try (PreparedStatement ps = c.prepareStatement(REVOKE_SESSION)) {
                Rows.bind(ps, now, live.get(i)[0]);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(WritePlan.INSERT_AUDIT)) {
                String reason = live.get(i)[2];
                Rows.bind(ps, Rows.auditValues(AuditEventType.SESSION_DISPLACED, d, Optional.of(d.status()), actor, now,
                        RoleKey.parseSet(live.get(i)[1]), Optional.empty(), Optional.ofNullable(reason)).toArray());
                ps.executeUpdate();
            }
        }
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
