package org.partnerdelegation.benchmarks.scale;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.partnerdelegation.benchmarks.BenchmarkDatabase;
import org.partnerdelegation.benchmarks.Fixtures;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.AuditRange;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;

/**
 * What the scale benchmarks call, on a loaded scale database: the live sessions' tokens, the
 * large partner's CONNECTED delegations to log in to, its three list pages (first, from the
 * middle row, last; the later two by the cursor of the row before, as a host paging through would
 * reach them) and its audit trail of the last 30 days. Immutable.
 *
 * @param partnerAdmin the large partner's administrator (partner 1)
 * @param partner      the large partner
 * @param liveTokens   the bearer tokens of the live sessions
 * @param loginTo      the large partner's CONNECTED delegations
 * @param first        the list's first page
 * @param middle       the page starting at the middle row
 * @param last         the last page
 * @param auditRange   the first page of the large partner's audit trail of the last 30 days
 */
public record ScaleData(Principal partnerAdmin, TenantId partner, String[] liveTokens, DelegationId[] loginTo, AccountQuery first,
                        AccountQuery middle, AccountQuery last, AuditRange auditRange) {

    /** The name of the shared database of that many delegations. */
    public static String databaseName(int delegations) {
        return "pd_scale_" + delegations;
    }

    /**
     * The shared PostgreSQL database of that many delegations ({@link ScaleShape#of}): loaded by
     * the first process to ask (a few minutes for a million), found loaded by the others.
     *
     * @param delegations the delegations it holds
     * @param loaded      told what a load wrote, when this call loaded it
     */
    public static BenchmarkDatabase database(int delegations, java.util.function.Consumer<ScaleLoader.Result> loaded) {
        return BenchmarkDatabase.shared(BenchmarkDatabase.POSTGRESQL, databaseName(delegations),
                db -> loaded.accept(ScaleLoader.load(db, ScalePlan.draw(ScaleShape.of(delegations), Instant.now()))));
    }

    /** The calls' arguments on a database loaded from that shape. */
    public static ScaleData of(BenchmarkDatabase db, ScaleShape shape) {
        ScalePlan plan = ScalePlan.draw(shape, Instant.now());
        String[] tokens = new String[plan.liveSessionDelegations().length];
        for (int k = 0; k < tokens.length; k++) {
            tokens[k] = ScalePlan.liveToken(k);
        }
        DelegationId[] loginTo = java.util.Arrays.stream(plan.largePartnerConnected()).mapToObj(ScalePlan::delegationId)
                .toArray(DelegationId[]::new);
        int open = plan.largePartnerOpen();
        int rows = AccountQuery.DEFAULT_LIMIT;
        if (open < 2 * rows + 1) {
            throw new IllegalArgumentException("the large partner needs more than " + 2 * rows + " open accounts, has " + open);
        }
        TenantId partner = Fixtures.partner(1).id();
        AccountQuery first = AccountQuery.firstPage();
        Instant now = Instant.now();
        try (Connection c = db.connect()) {
            return new ScaleData(Fixtures.adminOf(Fixtures.partner(1)), partner, tokens, loginTo, first,
                    first.after(cursorAt(c, partner, open / 2 - 1)), first.after(cursorAt(c, partner, open - rows - 1)),
                    AuditRange.between(now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(1))));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The library over the database, built as a host builds it (default settings, SecureRandom, system clock). */
    public static Library library(BenchmarkDatabase db) {
        JdbiStorage storage = JdbiStorage.connect(DatabaseConfig.of(db.url(), db.user(), db.password()).withInstallSchema(false));
        return new Library(storage, PartnerDelegation.builder()
                .tenantDirectory(storage.tenantDirectory())
                .delegationStore(storage.delegationStore())
                .sessionIssuer(storage.sessionIssuer())
                .build());
    }

    /**
     * The library's facade and the storage under it; close it before dropping the database.
     *
     * @param storage the storage, which holds the pool
     * @param facade  the facade
     */
    public record Library(JdbiStorage storage, PartnerDelegation facade) implements AutoCloseable {
        @Override
        public void close() {
            storage.close();
        }
    }

    /** The cursor of the row at that offset (from 0) of the partner's open accounts, in list order. */
    private static String cursorAt(Connection c, TenantId partner, int offset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT customer_email_canonical, delegation_id FROM pd_delegation"
                + " WHERE partner_tenant = ? AND status IN ('PENDING', 'CONNECTED')"
                + " ORDER BY customer_email_canonical, delegation_id OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
            ps.setString(1, partner.value());
            ps.setInt(2, offset);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row at offset " + offset);
                }
                return new AccountCursor(rs.getString(1), DelegationId.of(rs.getObject(2, UUID.class))).encode();
            }
        }
    }
}
