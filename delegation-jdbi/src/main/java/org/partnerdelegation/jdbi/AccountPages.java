package org.partnerdelegation.jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The account list's keyset query: a partner's delegations in the given statuses (and, if asked,
 * ending by a date), ordered by customer email (canonical) then id, after a position. The position is a row-value comparison,
 * {@code (customer_email_canonical, delegation_id) > (?, ?)}, which both databases turn into a
 * bound of the list index ({@code pd_delegation_partner_list}): a page reads its own rows
 * whatever its depth, on both databases. (The spelled-out {@code email > ? OR (email = ? AND id > ?)} is no index
 * bound on PostgreSQL, which then filtered every row before the cursor.)
 */
final class AccountPages {

    /** The position of the last row of the previous page. */
    record AccountPosition(String emailCanonical, UUID delegationId) {
    }

    private static final int MOST_STATUSES = org.partnerdelegation.core.domain.DelegationStatus.values().length;
    /** Indexed by [number of statuses][ending by a date][after a position][only while the partner may list]. */
    private static final String[][][][] SQL = new String[MOST_STATUSES + 1][2][2][2];
    /** The columns a row of the account list shows ({@code JoinedQueries.ListedAccount}), and no other. */
    static final String SHOWN_COLUMNS = "delegation_id, customer_email, customer_account_number, status, created_at, roles,"
            + " term_seconds, access_until, requested_roles";
    /** The permitted partner's pages, with {@link #SHOWN_COLUMNS} only; indexed by [statuses][ending by][after]. */
    private static final String[][][] SHOWN = new String[MOST_STATUSES + 1][2][2];

    static {
        for (int n = 1; n <= MOST_STATUSES; n++) {
            for (int ending = 0; ending < 2; ending++) {
                for (int after = 0; after < 2; after++) {
                    for (int permitted = 0; permitted < 2; permitted++) {
                        SQL[n][ending][after][permitted] = build(DelegationDao.COLUMNS, n, ending == 1, after == 1, permitted == 1);
                    }
                    SHOWN[n][ending][after] = build(SHOWN_COLUMNS, n, ending == 1, after == 1, true);
                }
            }
        }
    }

    private AccountPages() {
    }

    static String sql(int statuses, boolean endingBy, boolean after, boolean onlyIfPermitted) {
        return statuses <= MOST_STATUSES ? SQL[statuses][endingBy ? 1 : 0][after ? 1 : 0][onlyIfPermitted ? 1 : 0]
                : build(DelegationDao.COLUMNS, statuses, endingBy, after, onlyIfPermitted);
    }

    /** The permitted partner's page as {@link #sql} reads it, with only the columns a row shows ({@link #SHOWN_COLUMNS}). */
    static String shownSql(int statuses, boolean endingBy, boolean after) {
        return statuses <= MOST_STATUSES ? SHOWN[statuses][endingBy ? 1 : 0][after ? 1 : 0]
                : build(SHOWN_COLUMNS, statuses, endingBy, after, true);
    }

    /**
     * The query. With {@code endingBy} it keeps the delegations whose access ends by then
     * ({@code access_until}, renewal included; none without an end date), filtered along the list
     * index. With {@code onlyIfPermitted} it returns rows only while the partner tenant holds
     * the partner permission: an uncorrelated subquery the databases evaluate once, before the scan.
     */
    private static String build(String columns, int statuses, boolean endingBy, boolean after, boolean onlyIfPermitted) {
        return "SELECT " + columns + " FROM pd_delegation WHERE partner_tenant = ?"
                + " AND status IN (" + Sql.placeholders(statuses) + ")"
                + (endingBy ? " AND access_until <= ?" : "")
                + (after ? " AND (customer_email_canonical, delegation_id) > (?, ?)" : "")
                + (onlyIfPermitted ? " AND EXISTS (SELECT 1 FROM pd_tenant p WHERE p.tenant_id = ? AND p.partner_permission)" : "")
                // The partner first, though it is one value: H2 reads the index in order (and stops at the page's end)
                // only for an ORDER BY that starts with the index's first column.
                + " ORDER BY partner_tenant, customer_email_canonical, delegation_id FETCH FIRST ? ROWS ONLY";
    }

    /** The statuses' names, sorted, so that a set's iteration order never makes another statement. */
    static List<String> statusNames(java.util.Set<org.partnerdelegation.core.domain.DelegationStatus> statuses) {
        return statuses.stream().map(Enum::name).sorted().toList();
    }

    static Optional<AccountPosition> position(Optional<org.partnerdelegation.core.domain.AccountCursor> cursor) {
        return cursor.map(c -> new AccountPosition(c.customerEmailCanonical(), c.delegationId().value()));
    }

    /** The arguments of {@link #sql}, in order. */
    static Object[] arguments(String partner, List<String> statuses, Optional<Instant> endingBy, Optional<AccountPosition> after,
                              int limit, boolean onlyIfPermitted) {
        Object[] args = new Object[1 + statuses.size() + (endingBy.isPresent() ? 1 : 0) + (after.isPresent() ? 2 : 0)
                + (onlyIfPermitted ? 1 : 0) + 1];
        int i = 0;
        args[i++] = partner;
        for (String status : statuses) {
            args[i++] = status;
        }
        if (endingBy.isPresent()) {
            args[i++] = endingBy.get();
        }
        if (after.isPresent()) {
            args[i++] = after.get().emailCanonical();
            args[i++] = after.get().delegationId();
        }
        if (onlyIfPermitted) {
            args[i++] = partner;
        }
        args[i] = limit;
        return args;
    }
}
