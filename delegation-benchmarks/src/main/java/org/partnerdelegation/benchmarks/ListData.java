package org.partnerdelegation.benchmarks;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountQuery;

/**
 * The account list's data: partner 1 with {@code customers} open (PENDING) customer accounts
 * (their delegations; the customers' own tenant rows are left out, since the list never reads
 * them and H2 takes seconds to insert a hundred thousand rows in every JMH fork),
 * and the three pages the benchmarks read, {@value AccountQuery#DEFAULT_LIMIT} rows each: the
 * first, the one starting at the middle row, and the last. The later pages are reached by the
 * cursor of the row before them, as a host paging through would; the cursor is read from the
 * database's own order, so that it is the one the library would have handed out.
 *
 * @param partnerAdmin the partner's administrator, who lists
 * @param first        the first page
 * @param middle       the page starting at row {@code customers / 2 + 1}
 * @param last         the last page
 */
public record ListData(Principal partnerAdmin, AccountQuery first, AccountQuery middle, AccountQuery last) {

    /** The database with that many customers (shared on PostgreSQL, fresh on H2), loaded. */
    public static BenchmarkDatabase database(String storage, int customers) {
        return BenchmarkDatabase.shared(storage, "pd_list_" + customers, db -> load(db, customers));
    }

    /** Loads the partner and a PENDING delegation to each of its customers; then refreshes the statistics. */
    public static void load(BenchmarkDatabase db, int customers) {
        Tenant partner = Fixtures.partner(1);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (DataLoader loader = DataLoader.open(db)) {
            loader.tenants(List.of(partner));
            // In slices, so that a hundred thousand rows never sit in memory twice over.
            for (int from = 1; from <= customers; from += 10_000) {
                List<Delegation> delegations = new ArrayList<>();
                for (int n = from; n < from + 10_000 && n <= customers; n++) {
                    delegations.add(Delegation.pending(DelegationId.of(UUID.nameUUIDFromBytes(
                            ("listed-" + n).getBytes(StandardCharsets.UTF_8))), partner.id(), Fixtures.customer(n), now));
                }
                loader.delegations(delegations);
            }
            loader.analyze();
        }
    }

    /** The three pages of that database's list. */
    public static ListData pages(BenchmarkDatabase db, int customers) {
        int rows = AccountQuery.DEFAULT_LIMIT;
        if (customers < 2 * rows + 1) {
            throw new IllegalArgumentException("the list needs more than " + 2 * rows + " customers, got " + customers);
        }
        AccountQuery first = AccountQuery.firstPage();
        try (Connection c = db.connect()) {
            return new ListData(SessionData.partnerAdmin(), first,
                    first.after(cursorAt(c, customers / 2 - 1)), first.after(cursorAt(c, customers - rows - 1)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cursor of the row at that offset (from 0) of partner 1's open accounts, in list order. */
    private static String cursorAt(Connection c, int offset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT customer_email_canonical, delegation_id FROM pd_delegation"
                + " WHERE partner_tenant = ? AND status IN ('PENDING', 'CONNECTED')"
                + " ORDER BY customer_email_canonical, delegation_id OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
            ps.setString(1, Fixtures.partner(1).id().value());
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
