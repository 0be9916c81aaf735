package org.partnerdelegation.benchmarks.floor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.partnerdelegation.core.domain.AccessGrant;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.jdbi.Dialect;

/** listAccounts, addCustomerAccount and deleteAccount, hand-written. */
final class AccountFloor {

    /**
     * One page, only while the partner holds the permission (an uncorrelated subquery, evaluated
     * once). The position is a row-value comparison, which both databases take as a bound of the
     * list index, so a deep page reads only its own rows; the ORDER BY names the partner first, as
     * the index does, so that H2 reads the index in order and stops at the page's end.
     */
    private static final String PAGE = "SELECT " + Rows.ENTRY + " FROM pd_delegation d"
            + " WHERE d.partner_tenant = ? AND d.status IN (%s)%s"
            + " AND EXISTS (SELECT 1 FROM pd_tenant p WHERE p.tenant_id = ? AND p.partner_permission = TRUE)"
            + " ORDER BY d.partner_tenant, d.customer_email_canonical, d.delegation_id FETCH FIRST ? ROWS ONLY";
    private static final String AFTER = " AND (d.customer_email_canonical, d.delegation_id) > (?, ?)";
    /** The page statements by statuses (a bit set of the ordinals) and whether a cursor is given. */
    private static final String[][] PAGES = pages();

    /**
     * Every check an add makes, in one read: the partner, the customer by email, the pair's open
     * delegation, the customer's link (while its access lasts: one that ended refuses no other
     * partner, as in the library), the cool-down.
     */
    private static final String ADD_CHECKS = "SELECT p.partner_permission, c.tenant_id, c.account_number, c.admin_email,"
            + " (SELECT o.delegation_id FROM pd_delegation o WHERE o.customer_tenant = c.tenant_id AND o.partner_tenant = p.tenant_id"
            + " AND o.status IN ('PENDING', 'CONNECTED')) AS open_pair,"
            + " EXISTS (SELECT 1 FROM pd_delegation x WHERE x.customer_tenant = c.tenant_id AND x.status = 'CONNECTED'"
            + " AND (x.access_until IS NULL OR x.access_until > ?)) AS linked,"
            + " (SELECT MAX(n.created_at) FROM pd_delegation pd JOIN pd_outbox n ON n.delegation_id = pd.delegation_id"
            + " WHERE pd.customer_tenant = c.tenant_id AND pd.partner_tenant = p.tenant_id AND n.notification_type = 'INVITATION')"
            + " AS last_invitation"
            + " FROM pd_tenant p LEFT JOIN pd_tenant c ON c.admin_email_canonical = ? WHERE p.tenant_id = ?";
    private static final String OPEN_PAIR = "SELECT " + Rows.DELEGATION + " FROM pd_delegation d WHERE d.customer_tenant = ?"
            + " AND d.partner_tenant = ? AND d.status IN ('PENDING', 'CONNECTED')";
    private static final WritePlan ADD = WritePlan.of(WritePlan.INSERT_DELEGATION, WritePlan.INSERT_AUDIT, WritePlan.INSERT_OUTBOX);

    /** The partner's own delegation, locked, with the partner and whether an invitation was ever minted read along. */
    private static final String LOCK_OWN = "SELECT " + Rows.DELEGATION + ","
            + " (SELECT p.partner_permission FROM pd_tenant p WHERE p.tenant_id = d.partner_tenant) AS partner_permission,"
            + " (SELECT p.admin_email FROM pd_tenant p WHERE p.tenant_id = d.partner_tenant) AS partner_email,"
            + " EXISTS (SELECT 1 FROM pd_invitation i WHERE i.delegation_id = d.delegation_id) AS invited"
            + " FROM pd_delegation d WHERE d.delegation_id = ? AND d.partner_tenant = ? FOR UPDATE";
    /** Removal writes by what the delegation had: invitations to supersede, and a customer to tell; sessions to revoke. */
    private static final WritePlan REMOVE_PENDING = WritePlan.of(WritePlan.UPDATE_DELEGATION, WritePlan.INSERT_AUDIT,
            WritePlan.INSERT_OUTBOX);
    private static final WritePlan REMOVE_INVITED = WritePlan.of(WritePlan.UPDATE_DELEGATION, WritePlan.SUPERSEDE_INVITATIONS,
            WritePlan.INSERT_AUDIT, WritePlan.INSERT_TWO_OUTBOX);
    private static final WritePlan REMOVE_CONNECTED = WritePlan.of(WritePlan.UPDATE_DELEGATION, WritePlan.SUPERSEDE_INVITATIONS,
            WritePlan.INSERT_AUDIT, WritePlan.INSERT_TWO_OUTBOX, WritePlan.REVOKE_SESSIONS);

    private static final RoleCatalogue CATALOGUE = RoleCatalogue.standard();

    private final DataSource pool;
    private final Dialect dialect;
    private final int maxPageSize;
    private final Duration cooldown;

    AccountFloor(DataSource pool, Dialect dialect, int maxPageSize, Duration cooldown) {
        this.pool = pool;
        this.dialect = dialect;
        this.maxPageSize = maxPageSize;
        this.cooldown = cooldown;
    }

    /** One SELECT in auto-commit; the partner is read again only to explain an empty page. */
    Page<AccountListEntry> listAccounts(Principal actor, AccountQuery query) {
        Refusals.notDelegated(actor);
        DelegationException.requireArgument(query, "query");
        if (query.limit() > maxPageSize) {
            throw DelegationException.invalidInput("limit", "must be at most " + maxPageSize + ", got " + query.limit());
        }
        Optional<AccountCursor> after = query.cursor().map(AccountCursor::decode);
        List<DelegationStatus> statuses = query.statuses().stream().sorted().toList();
        int set = 0;
        for (DelegationStatus s : statuses) {
            set |= 1 << s.ordinal();
        }
        String sql = PAGES[set][after.isPresent() ? 1 : 0];
        Instant now = FloorUseCases.now();
        List<AccountListEntry> rows = Jdbc.autoCommit(pool, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, actor.tenantId().value());
                for (DelegationStatus s : statuses) {
                    ps.setString(i++, s.name());
                }
                if (after.isPresent()) {
                    ps.setString(i++, after.get().customerEmailCanonical());
                    ps.setObject(i++, after.get().delegationId().value());
                }
                ps.setString(i++, actor.tenantId().value());
                ps.setInt(i, query.limit() + 1);
                List<AccountListEntry> found = new ArrayList<>(query.limit() + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(Rows.entry(rs, now));
                    }
                }
                if (found.isEmpty()) {
                    Refusals.partnerPermission(actor, SessionFloor.permission(c, actor));
                }
                return found;
            }
        });
        // Rows are shown as of now (an ended link as ENDED), and those whose shown status was not asked for are left
        // out, as the library does; the benchmarks' data has no ended links, so no page here needs a second read.
        Set<DelegationStatus> asked = query.statuses();
        boolean more = rows.size() > query.limit();
        List<AccountListEntry> read = more ? rows.subList(0, query.limit()) : rows;
        List<AccountListEntry> shown = new ArrayList<>(read.size());
        for (AccountListEntry e : read) {
            if (asked.contains(e.status())) {
                shown.add(e);
            }
        }
        Optional<String> next = Optional.empty();
        if (more) {
            AccountListEntry last = read.get(read.size() - 1);
            next = Optional.of(new AccountCursor(last.email().canonical(), last.delegationId()).encode());
        }
        return new Page<>(shown, next);
    }

    /** One transaction: one read for every check, then the delegation, its audit event and the invitation (one statement on PostgreSQL). */
    AccountListEntry addCustomerAccount(Principal actor, EmailAddress customerEmail) {
        Refusals.notDelegated(actor);
        DelegationException.requireArgument(customerEmail, "customerEmail");
        Refusals.administrator(actor);
        Instant now = FloorUseCases.now();
        return Jdbc.transaction(pool, c -> {
            Tenant customer;
            UUID openPair;
            Optional<Instant> lastInvitation;
            try (PreparedStatement ps = c.prepareStatement(ADD_CHECKS)) {
                Rows.bind(ps, now, customerEmail.canonical(), actor.tenantId().value());
                try (ResultSet rs = ps.executeQuery()) {
                    Refusals.partnerPermission(actor, rs.next() ? (Boolean) rs.getObject("partner_permission") : null);
                    String customerId = rs.getString("tenant_id");
                    if (customerId == null) {
                        throw Refusals.of(ErrorCode.ACCOUNT_NOT_FOUND, "No account has the administrator email " + customerEmail + ".");
                    }
                    if (customerId.equals(actor.tenantId().value())) {
                        throw Refusals.of(ErrorCode.CANNOT_LINK_OWN_ACCOUNT, "You cannot add your own account as a customer account.");
                    }
                    customer = new Tenant(TenantId.of(customerId), AccountNumber.of(rs.getString("account_number")),
                            EmailAddress.of(rs.getString("admin_email")), false);
                    openPair = rs.getObject("open_pair", UUID.class);
                    if (openPair == null && rs.getBoolean("linked")) {
                        throw DelegationException.alreadyLinked();
                    }
                    lastInvitation = Rows.optionalInstant(rs, "last_invitation");
                }
            }
            if (openPair != null) {
                return Rows.entry(openPair(c, actor.tenantId(), customer.id()).orElseThrow());
            }
            if (lastInvitation.isPresent() && now.isBefore(lastInvitation.get().plus(cooldown))) {
                // A concurrent add of this very customer may have started the cool-down: then this add is that row.
                Optional<Delegation> raced = openPair(c, actor.tenantId(), customer.id());
                if (raced.isPresent()) {
                    return Rows.entry(raced.get());
                }
                throw DelegationException.tooManyRequests("An invitation to this account was sent recently.",
                        lastInvitation.get().plus(cooldown));
            }
            // The facade's add asks for the catalogue's default roles, without an end date.
            Delegation created = Delegation.pending(DelegationId.of(UUID.randomUUID()), actor.tenantId(), customer,
                    AccessGrant.requested(CATALOGUE.defaultRoles(), Optional.empty()), now);
            List<Object> values = new ArrayList<>(41);
            values.addAll(Rows.delegationValues(created));
            values.addAll(Rows.auditValues(AuditEventType.CUSTOMER_ADDED, created, Optional.empty(), actor, now, created.roles(),
                    Optional.empty(), Optional.empty()));
            values.addAll(Rows.outboxValues(NotificationType.INVITATION, created.id(), customer.administratorEmail().value(), now));
            ADD.run(c, dialect, values);
            return Rows.entry(created);
        });
    }

    /** One transaction: lock the delegation (reading the partner along), then every removal write (one statement on PostgreSQL). */
    void deleteAccount(Principal actor, DelegationId id) {
        Refusals.notDelegated(actor);
        DelegationException.requireArgument(id, "delegationId");
        Refusals.administrator(actor);
        Instant now = FloorUseCases.now();
        Jdbc.transaction(pool, c -> {
            Delegation d;
            String partnerEmail;
            boolean invited;
            try (PreparedStatement ps = c.prepareStatement(LOCK_OWN)) {
                Rows.bind(ps, id.value(), actor.tenantId().value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        Refusals.partnerPermission(actor, SessionFloor.permission(c, actor));
                        throw Refusals.notFound(id);
                    }
                    Refusals.partnerPermission(actor, (Boolean) rs.getObject("partner_permission"));
                    d = Rows.delegation(rs);
                    partnerEmail = rs.getString("partner_email");
                    invited = rs.getBoolean("invited");
                }
            }
            if (d.status() == DelegationStatus.REMOVED) {
                // Removed already (a retry after OUTCOME_UNKNOWN): what was asked holds, as in the library.
                return null;
            }
            // Ended, whether or not the time-limit job has recorded it: not found, as in the library.
            if (!d.status().isOpen() || d.isConnected() && !d.grantsAccessAt(now)) {
                throw Refusals.notFound(id);
            }
            // REMOVED, the change request dropped, the grant kept: the library's transition, written whole.
            Delegation removed = d.remove(now);
            UUID key = d.id().value();
            List<Object> values = new ArrayList<>(60);
            values.addAll(Rows.updateValues(removed));
            if (invited || d.isConnected()) {
                values.add(key);
            }
            values.addAll(Rows.auditValues(AuditEventType.ACCOUNT_DELETED, removed, Optional.of(d.status()), actor, now, Set.of(),
                    Optional.empty(), Optional.empty()));
            values.addAll(Rows.outboxValues(NotificationType.REMOVAL_NOTICE_TO_PARTNER, d.id(), partnerEmail, now));
            if (invited || d.isConnected()) {
                values.addAll(Rows.outboxValues(NotificationType.REMOVAL_NOTICE_TO_CUSTOMER, d.id(), d.customerEmail().value(), now));
            }
            if (d.isConnected()) {
                values.addAll(List.of(now, key));
            }
            WritePlan plan = d.isConnected() ? REMOVE_CONNECTED : invited ? REMOVE_INVITED : REMOVE_PENDING;
            plan.run(c, dialect, values);
            return null;
        });
    }

    private static Optional<Delegation> openPair(Connection c, TenantId partner, TenantId customer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OPEN_PAIR)) {
            Rows.bind(ps, customer.value(), partner.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.delegation(rs)) : Optional.empty();
            }
        }
    }

    private static String[][] pages() {
        DelegationStatus[] all = DelegationStatus.values();
        String[][] pages = new String[1 << all.length][2];
        for (int set = 1; set < pages.length; set++) {
            StringBuilder marks = new StringBuilder();
            for (DelegationStatus s : all) {
                if ((set & 1 << s.ordinal()) != 0) {
                    marks.append(marks.length() == 0 ? "?" : ", ?");
                }
            }
            pages[set][0] = PAGE.formatted(marks, "");
            pages[set][1] = PAGE.formatted(marks, AFTER);
        }
        return pages;
    }
}
