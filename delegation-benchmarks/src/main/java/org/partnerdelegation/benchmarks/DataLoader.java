package org.partnerdelegation.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.Tenant;

/**
 * Writes benchmark data straight into the library's tables with batched plain JDBC inserts, the
 * rows exactly as the library writes them: a hundred thousand customers in seconds, where the
 * library would add them one unit of work at a time. Not thread-safe; close it when done.
 */
public final class DataLoader implements AutoCloseable {

    private static final int BATCH = 1_000;

    private final Connection connection;
    private final BenchmarkDatabase db;

    private DataLoader(BenchmarkDatabase db) throws SQLException {
        this.db = db;
        this.connection = db.connectForLoading();
        this.connection.setAutoCommit(false);
    }

    /** A loader on a plain connection of its own. */
    public static DataLoader open(BenchmarkDatabase db) {
        try {
            return new DataLoader(db);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to " + db.url() + ": " + e.getMessage(), e);
        }
    }

    /** Inserts the tenants, committed. */
    public DataLoader tenants(Collection<Tenant> tenants) {
        return batch("INSERT INTO pd_tenant (tenant_id, account_number, admin_email, admin_email_canonical, partner_permission)"
                + " VALUES (?, ?, ?, ?, ?)", tenants, (ps, t) -> {
                    ps.setString(1, t.id().value());
                    ps.setString(2, t.accountNumber().value());
                    ps.setString(3, t.administratorEmail().value());
                    ps.setString(4, t.administratorEmail().canonical());
                    ps.setBoolean(5, t.partnerPermission());
                });
    }

    /** Inserts the delegations, committed. */
    public DataLoader delegations(Collection<Delegation> delegations) {
        return batch("INSERT INTO pd_delegation (delegation_id, partner_tenant, customer_tenant, customer_email,"
                + " customer_email_canonical, customer_account_number, status, created_at, updated_at, accepted_at, version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", delegations, (ps, d) -> {
                    ps.setObject(1, d.id().value());
                    ps.setString(2, d.partnerTenant().value());
                    ps.setString(3, d.customerTenant().value());
                    ps.setString(4, d.customerEmail().value());
                    ps.setString(5, d.customerEmail().canonical());
                    ps.setString(6, d.customerAccountNumber().value());
                    ps.setString(7, d.status().name());
                    ps.setObject(8, utc(d.createdAt()));
                    ps.setObject(9, utc(d.updatedAt()));
                    ps.setObject(10, utc(d.acceptedAt()));
                    ps.setLong(11, d.version());
                });
    }

    /** Inserts the invitations, committed. */
    public DataLoader invitations(Collection<Invitation> invitations) {
        return batch("INSERT INTO pd_invitation (token_hash, delegation_id, created_at, expires_at, status, used_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", invitations, (ps, i) -> {
                    ps.setString(1, i.tokenHash().hex());
                    ps.setObject(2, i.delegationId().value());
                    ps.setObject(3, utc(i.createdAt()));
                    ps.setObject(4, utc(i.expiresAt()));
                    ps.setString(5, i.status().name());
                    ps.setObject(6, utc(i.usedAt()));
                });
    }

    /** Inserts the sessions, committed. */
    public DataLoader sessions(Collection<DelegatedSession> sessions) {
        return batch("INSERT INTO pd_session (token_hash, session_id, delegation_id, customer_tenant, subject_email, actor_tenant,"
                + " actor_user, scope, permission_epoch, issued_at, expires_at, revoked_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sessions, (ps, s) -> {
                    ps.setString(1, s.tokenHash().hex());
                    ps.setObject(2, s.id().value());
                    ps.setObject(3, s.delegationId().value());
                    ps.setString(4, s.customerTenant().value());
                    ps.setString(5, s.subject().value());
                    ps.setString(6, s.actorTenant().value());
                    ps.setString(7, s.actorUser().value());
                    ps.setString(8, s.scope());
                    ps.setLong(9, s.permissionEpoch());
                    ps.setObject(10, utc(s.issuedAt()));
                    ps.setObject(11, utc(s.expiresAt()));
                    ps.setObject(12, utc(s.revokedAt()));
                });
    }

    /**
     * Refreshes the planner's statistics, as a database that grew in production would have them:
     * without, PostgreSQL plans for the empty tables the schema was installed with.
     */
    public DataLoader analyze() {
        try (Statement s = connection.createStatement()) {
            s.execute("ANALYZE");
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("ANALYZE failed on " + db.url() + ": " + e.getMessage(), e);
        }
        return this;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing was left uncommitted
        }
    }

    private interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    private <T> DataLoader batch(String sql, Collection<T> rows, Binder<T> binder) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int pending = 0;
            for (T row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Loading failed on " + db.url() + ": " + e.getMessage(), e);
        }
        return this;
    }

    private static Object utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Object utc(Optional<Instant> instant) {
        return instant.map(DataLoader::utc).orElse(null);
    }
}
