package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.LoginNotice;

/**
 * The statements of {@code pd_customer_settings} and of the login digest, on one connection. A
 * tenant without a row has the default settings and nothing reported. The digest's watermark is a
 * sequence of the audit trail ({@code pd_audit_event.seq}): exact, because the logins into one
 * customer are written one at a time (each holds the customer's CONNECTED delegation, and there is
 * one), so a login not yet committed when a digest reads has a higher sequence than every login the
 * digest saw, and comes in the next one.
 */
final class CustomerSettingsDao {

    private static final String FIND = "SELECT login_notice, step_up_max_age_seconds FROM pd_customer_settings WHERE tenant_id = ?";
    /**
     * Onto the digest from another notice: the watermark moves to the tenant's latest login. The
     * right-hand sides read the row as it was, so {@code login_notice} there is the notice before.
     */
    private static final String UPDATE = "UPDATE pd_customer_settings SET login_notice = ?, step_up_max_age_seconds = ?,"
            + " reported_through = CASE WHEN login_notice <> 'DAILY_DIGEST' AND ? = 'DAILY_DIGEST'"
            + " THEN COALESCE((SELECT MAX(a.seq) FROM pd_audit_event a WHERE a.event_type = 'DELEGATED_LOGIN'"
            + " AND a.target_tenant = ?), reported_through) ELSE reported_through END"
            + " WHERE tenant_id = ?";
    /** A tenant without a row was on the digest: a first row starts with nothing reported whatever it chooses. */
    private static final String INSERT = "INSERT INTO pd_customer_settings (tenant_id, login_notice, step_up_max_age_seconds,"
            + " reported_through) VALUES (?, ?, ?, 0)";
    /**
     * Tenants due a digest: with a login after their watermark, on the digest (or without a row),
     * their last digest old enough. Each login is looked at through the logins' index; the tenant's
     * settings row by its key.
     */
    private static final String DUE = "SELECT DISTINCT a.target_tenant FROM pd_audit_event a"
            + " LEFT JOIN pd_customer_settings s ON s.tenant_id = a.target_tenant"
            + " WHERE a.event_type = 'DELEGATED_LOGIN' AND (s.tenant_id IS NULL OR (s.login_notice = 'DAILY_DIGEST'"
            + " AND a.seq > s.reported_through AND (s.last_digest_at IS NULL OR s.last_digest_at <= ?)))"
            + " FETCH FIRST ? ROWS ONLY";
    /**
     * The digest's row, made first when the tenant has none (the defaults, nothing reported), so that
     * there is always a row to lock: without one, two nodes would both read the logins, and the
     * second's update would land on the row the first inserted. A concurrent insert of the same
     * tenant is waited for, then left alone (PostgreSQL's {@code ON CONFLICT DO NOTHING}, H2's
     * {@code MERGE}).
     */
    private static final String ENSURE_ON_POSTGRES = "INSERT INTO pd_customer_settings (tenant_id, login_notice, reported_through)"
            + " VALUES (?, 'DAILY_DIGEST', 0) ON CONFLICT (tenant_id) DO NOTHING";
    private static final String ENSURE_ON_H2 = "MERGE INTO pd_customer_settings s USING (VALUES (CAST(? AS VARCHAR(128)))) t (tenant_id)"
            + " ON s.tenant_id = t.tenant_id"
            + " WHEN NOT MATCHED THEN INSERT (tenant_id, login_notice, reported_through) VALUES (t.tenant_id, 'DAILY_DIGEST', 0)";
    private static final String LOCK = "SELECT login_notice, reported_through, last_digest_at FROM pd_customer_settings"
            + " WHERE tenant_id = ? FOR UPDATE";
    private static final String LOGINS_AFTER = "SELECT " + AuditDao.COLUMNS + " FROM pd_audit_event"
            + " WHERE event_type = 'DELEGATED_LOGIN' AND target_tenant = ? AND seq > ?"
            + " ORDER BY event_type, target_tenant, seq FETCH FIRST ? ROWS ONLY";
    private static final String LOGIN_SEQ = "(SELECT a.seq FROM pd_audit_event a WHERE a.event_id = ?)";
    private static final String MARK = "UPDATE pd_customer_settings SET reported_through = GREATEST(reported_through, "
            + LOGIN_SEQ + "), last_digest_at = ? WHERE tenant_id = ?";

    private final Connection c;
    private final Dialect dialect;

    CustomerSettingsDao(Connection c, Dialect dialect) {
        this.c = c;
        this.dialect = dialect;
    }

    Optional<CustomerSettings> find(String tenant) {
        return Sql.one(c, FIND, Rows::customerSettings, tenant);
    }

    /** Updates the row, or inserts one; a row inserted meanwhile by another unit of work is a CONCURRENT_UPDATE. */
    void save(String tenant, CustomerSettings settings) {
        String notice = settings.loginNotice().name();
        Long age = settings.stepUpMaxAge().map(java.time.Duration::getSeconds).orElse(null);
        if (Sql.update(c, UPDATE, notice, age, notice, tenant, tenant) == 0) {
            Sql.update(c, INSERT, tenant, notice, age);
        }
    }

    List<String> due(Instant lastDigestBy, int limit) {
        return Sql.list(c, DUE, rs -> rs.getString(1), lastDigestBy, limit);
    }

    /**
     * The tenant's unreported logins when it is still due, its row (if any) locked first: a second
     * node waits here, then reads the watermark and digest time the first committed.
     */
    List<AuditEvent> lockUnreported(String tenant, Instant lastDigestBy, int limit) {
        Sql.update(c, dialect == Dialect.POSTGRESQL ? ENSURE_ON_POSTGRES : ENSURE_ON_H2, tenant);
        long[] state = Sql.one(c, LOCK, rs -> {
            OffsetDateTime last = rs.getObject("last_digest_at", OffsetDateTime.class);
            boolean due = LoginNotice.valueOf(rs.getString("login_notice")) == LoginNotice.DAILY_DIGEST
                    && (last == null || !last.toInstant().isAfter(lastDigestBy));
            return new long[] {due ? 1 : 0, rs.getLong("reported_through")};
        }, tenant).orElseThrow(() -> missingRow(tenant));
        if (state[0] == 0) {
            return List.of();
        }
        return Sql.list(c, LOGINS_AFTER, Rows::auditEvent, tenant, state[1], limit);
    }

    /** Moves the watermark of the row {@link #lockUnreported} made and holds. */
    void mark(String tenant, java.util.UUID through, Instant at) {
        if (Sql.update(c, MARK, through, at, tenant) == 0) {
            throw missingRow(tenant);
        }
    }

    /**
     * The row this unit of work made (or found) and holds is gone: the database did not keep what it
     * was told, or another tool deleted it meanwhile. Nothing is marked; the digest is retried.
     */
    private static DelegationException missingRow(String tenant) {
        return new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, "The login digest of tenant " + tenant
                + " found no settings row to hold; nothing was reported. The next run of the time-limit job tries again.");
    }
}
