package org.partnerdelegation.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.Tenant;

/**
 * Writes benchmark data straight into the library's tables with plain JDBC, the rows exactly as
 * the library writes them, many rows per statement: a hundred thousand customers in seconds,
 * where the library would add them one unit of work at a time. On PostgreSQL, batched inserts
 * that pgjdbc rewrites into multi-row inserts; on H2, which runs each row of a batch as a
 * statement of its own, one {@code INSERT ... SELECT FROM UNNEST} of column arrays per chunk.
 * Not thread-safe; close it when done.
 */
public final class DataLoader implements AutoCloseable {

    /** Rows per statement: H2 takes arrays of at most 65,536 elements. */
    private static final int CHUNK = 10_000;

    private static final List<String> TENANT = List.of("tenant_id", "account_number", "admin_email", "admin_email_canonical",
            "partner_permission");
    private static final List<String> DELEGATION = List.of("delegation_id", "partner_tenant", "customer_tenant", "customer_email",
            "customer_email_canonical", "customer_account_number", "status", "created_at", "updated_at", "accepted_at", "version");
    private static final List<String> INVITATION = List.of("token_hash", "delegation_id", "created_at", "expires_at", "status",
            "used_at");
    private static final List<String> SESSION = List.of("token_hash", "session_id", "delegation_id", "customer_tenant",
            "subject_email", "actor_tenant", "actor_user", "scope", "permission_epoch", "issued_at", "expires_at", "revoked_at");

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
        return insert("pd_tenant", TENANT, tenants, t -> new Object[] {t.id().value(), t.accountNumber().value(),
                t.administratorEmail().value(), t.administratorEmail().canonical(), t.partnerPermission()});
    }

    /** Inserts the delegations, committed. */
    public DataLoader delegations(Collection<Delegation> delegations) {
        return insert("pd_delegation", DELEGATION, delegations, d -> new Object[] {d.id().value(), d.partnerTenant().value(),
                d.customerTenant().value(), d.customerEmail().value(), d.customerEmail().canonical(),
                d.customerAccountNumber().value(), d.status().name(), utc(d.createdAt()), utc(d.updatedAt()),
                utc(d.acceptedAt()), d.version()});
    }

    /** Inserts the invitations, committed. */
    public DataLoader invitations(Collection<Invitation> invitations) {
        return insert("pd_invitation", INVITATION, invitations, i -> new Object[] {i.tokenHash().hex(), i.delegationId().value(),
                utc(i.createdAt()), utc(i.expiresAt()), i.status().name(), utc(i.usedAt())});
    }

    /** Inserts the sessions, committed. */
    public DataLoader sessions(Collection<DelegatedSession> sessions) {
        return insert("pd_session", SESSION, sessions, s -> new Object[] {s.tokenHash().hex(), s.id().value(),
                s.delegationId().value(), s.customerTenant().value(), s.subject().value(), s.actorTenant().value(),
                s.actorUser().value(), s.scope(), s.permissionEpoch(), utc(s.issuedAt()), utc(s.expiresAt()), utc(s.revokedAt())});
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

    private <T> DataLoader insert(String table, List<String> columns, Collection<T> rows, Function<T, Object[]> values) {
        String names = String.join(", ", columns);
        try {
            if (db.kind().equals(BenchmarkDatabase.H2)) {
                String sql = "INSERT INTO " + table + " (" + names + ") SELECT * FROM UNNEST("
                        + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
                List<T> all = new ArrayList<>(rows);
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    for (int from = 0; from < all.size(); from += CHUNK) {
                        List<T> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
                        Object[][] arrays = new Object[columns.size()][chunk.size()];
                        for (int r = 0; r < chunk.size(); r++) {
                            Object[] row = values.apply(chunk.get(r));
                            for (int c = 0; c < row.length; c++) {
                                arrays[c][r] = row[c];
                            }
                        }
                        for (int c = 0; c < arrays.length; c++) {
                            ps.setObject(c + 1, arrays[c]);
                        }
                        ps.executeUpdate();
                    }
                }
            } else {
                String sql = "INSERT INTO " + table + " (" + names + ") VALUES ("
                        + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    int pending = 0;
                    for (T row : rows) {
                        Object[] v = values.apply(row);
                        for (int c = 0; c < v.length; c++) {
                            ps.setObject(c + 1, v[c]);
                        }
                        ps.addBatch();
                        if (++pending == CHUNK) {
                            ps.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        ps.executeBatch();
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Loading " + table + " failed on " + db.url() + ": " + e.getMessage(), e);
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
