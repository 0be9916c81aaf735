package org.partnerdelegation.benchmarks.floor;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.partnerdelegation.core.domain.AccessGrant;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.GrantChange;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.AccountAction;
import org.partnerdelegation.core.usecase.AccountListEntry;

/**
 * Binding and reading the columns, into the core's records: the same answers the library gives
 * are built from the same types, so that a floor's figures include what any caller of a
 * {@code PartnerDelegation} pays for its results.
 */
final class Rows {

    /** The delegation columns, qualified by {@code d}: every one the library's {@code Delegation} is made of. */
    static final String DELEGATION = "d.delegation_id, d.partner_tenant, d.customer_tenant, d.customer_email,"
            + " d.customer_account_number, d.status, d.created_at, d.updated_at, d.accepted_at, d.roles, d.term_seconds, d.ends_at,"
            + " d.auto_renew, d.reason_required, d.ending_notice_sent, d.requested_roles, d.requested_term_seconds,"
            + " d.change_requested_at, d.version";

    /**
     * Only what an account list row shows, qualified by {@code d}: its end is {@code access_until}
     * (the renewal included, as the library stores it), and whether a change request waits is one
     * boolean, not the request.
     */
    static final String ENTRY = "d.delegation_id, d.customer_email, d.customer_account_number, d.status, d.created_at, d.roles,"
            + " d.term_seconds, d.access_until, d.change_requested_at IS NOT NULL AS change_requested";

    /** The columns of {@code pd_delegation} an insert writes, in the order of {@link #delegationValues}. */
    static final String DELEGATION_INSERT_COLUMNS = "delegation_id, partner_tenant, customer_tenant, customer_email,"
            + " customer_email_canonical, customer_account_number, status, created_at, updated_at, accepted_at, roles, term_seconds,"
            + " ends_at, access_until, auto_renew, reason_required, ending_notice_sent, requested_roles, requested_term_seconds,"
            + " change_requested_at, version";

    /** The session columns, qualified by {@code s}. */
    static final String SESSION = "s.token_hash, s.session_id, s.delegation_id, s.customer_tenant, s.subject_email,"
            + " s.actor_tenant, s.actor_user, s.scope, s.reason, s.permission_epoch, s.issued_at, s.expires_at, s.revoked_at";

    private Rows() {
    }

    static Delegation delegation(ResultSet rs) throws SQLException {
        AccessGrant grant = new AccessGrant(RoleKey.parseSet(rs.getString("roles")), term(rs, "term_seconds"),
                optionalInstant(rs, "ends_at"), rs.getBoolean("auto_renew"), rs.getBoolean("reason_required"),
                rs.getBoolean("ending_notice_sent"));
        String requested = rs.getString("requested_roles");
        Optional<GrantChange> change = requested == null ? Optional.empty()
                : Optional.of(new GrantChange(RoleKey.parseSet(requested), term(rs, "requested_term_seconds"),
                        instant(rs, "change_requested_at")));
        return new Delegation(DelegationId.of(rs.getObject("delegation_id", UUID.class)), TenantId.of(rs.getString("partner_tenant")),
                TenantId.of(rs.getString("customer_tenant")), EmailAddress.of(rs.getString("customer_email")),
                AccountNumber.of(rs.getString("customer_account_number")), DelegationStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"), instant(rs, "updated_at"), optionalInstant(rs, "accepted_at"), grant, change,
                rs.getLong("version"));
    }

    /**
     * The list row from {@link #ENTRY}, as the library shows it at {@code now}: a CONNECTED row
     * whose access ended is shown ENDED, without actions or change request, whether or not the
     * time-limit job has recorded it ({@code Transitions.asOf}).
     */
    static AccountListEntry entry(ResultSet rs, Instant now) throws SQLException {
        DelegationStatus status = DelegationStatus.valueOf(rs.getString("status"));
        Optional<Instant> accessUntil = optionalInstant(rs, "access_until");
        boolean changeRequested = rs.getBoolean("change_requested");
        if (status == DelegationStatus.CONNECTED && accessUntil.isPresent() && !now.isBefore(accessUntil.get())) {
            status = DelegationStatus.ENDED;
            changeRequested = false;
        }
        return new AccountListEntry(DelegationId.of(rs.getObject("delegation_id", UUID.class)),
                EmailAddress.of(rs.getString("customer_email")), AccountNumber.of(rs.getString("customer_account_number")), status,
                actions(status), instant(rs, "created_at"), RoleKey.parseSet(rs.getString("roles")),
                status == DelegationStatus.CONNECTED ? accessUntil : Optional.empty(), changeRequested, term(rs, "term_seconds"));
    }

    /** The values of {@link #DELEGATION_INSERT_COLUMNS} for the delegation, in order, as the library's insert binds them. */
    static List<Object> delegationValues(Delegation d) {
        List<Object> values = new ArrayList<>(21);
        values.addAll(Arrays.asList(d.id().value(), d.partnerTenant().value(), d.customerTenant().value(), d.customerEmail().value(),
                d.customerEmail().canonical(), d.customerAccountNumber().value(), d.status().name(), d.createdAt(), d.updatedAt(),
                d.acceptedAt().orElse(null)));
        grantValues(values, d);
        values.add(d.version());
        return values;
    }

    /** The values of {@code WritePlan.UPDATE_DELEGATION} for the delegation after a transition, its key last. */
    static List<Object> updateValues(Delegation d) {
        List<Object> values = new ArrayList<>(15);
        values.addAll(Arrays.asList(d.status().name(), d.updatedAt(), d.acceptedAt().orElse(null)));
        grantValues(values, d);
        values.add(d.version());
        values.add(d.id().value());
        return values;
    }

    /** roles to change_requested_at: the grant, its end with renewal ({@code access_until}) and the change request. */
    private static void grantValues(List<Object> values, Delegation d) {
        AccessGrant g = d.grant();
        Optional<GrantChange> change = d.requestedChange();
        values.addAll(Arrays.asList(RoleKey.join(g.roles()), seconds(g.term()), g.endsAt().orElse(null),
                g.accessUntil().orElse(null), g.autoRenew(), g.reasonRequired(), g.endingNoticeSent(),
                change.map(r -> RoleKey.join(r.roles())).orElse(null), seconds(change.flatMap(GrantChange::term)),
                change.map(GrantChange::requestedAt).orElse(null)));
    }

    /**
     * The values of {@code WritePlan.INSERT_AUDIT}, as the library writes an event: no roles and no
     * authentication methods are NULL, not an empty text.
     */
    static List<Object> auditValues(AuditEventType type, Delegation after, Optional<DelegationStatus> from, Principal actor,
                                    Instant now, Set<RoleKey> roles, Optional<Instant> endsAt, Optional<String> reason) {
        Set<String> methods = actor.authentication().map(Authentication::recordedMethods).orElse(Set.of());
        return Arrays.asList(UUID.randomUUID(), type.name(), after.id().value(), after.customerTenant().value(),
                actor.tenantId().value(), actor.userId().value(), from.map(Enum::name).orElse(null), after.status().name(), now,
                roles.isEmpty() ? null : RoleKey.join(roles), endsAt.orElse(null), reason.orElse(null),
                methods.isEmpty() ? null : String.join(" ", new TreeSet<>(methods)));
    }

    /** The values of {@code WritePlan.INSERT_OUTBOX} for a new entry due now, reporting no login. */
    static List<Object> outboxValues(NotificationType type, DelegationId delegation, String recipient, Instant now) {
        return Arrays.asList(UUID.randomUUID(), type.name(), delegation.value(), recipient, now, now, null);
    }

    /**
     * The {@code logins} text of a login notice reporting one login, in the library's format: one
     * line, its fields URL-encoded and separated by spaces.
     */
    static String logins(Principal actor, Instant at, Set<RoleKey> roles, Optional<String> reason) {
        return String.join(" ", encode(actor.tenantId().value()), encode(actor.userId().value()), encode(at.toString()),
                encode(RoleKey.join(roles)), encode(reason.orElse("")));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Long seconds(Optional<Duration> term) {
        return term.map(Duration::getSeconds).orElse(null);
    }

    private static Optional<Duration> term(ResultSet rs, String column) throws SQLException {
        long seconds = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    }

    static DelegatedSession session(ResultSet rs) throws SQLException {
        return new DelegatedSession(SessionId.of(rs.getObject("session_id", UUID.class)), TokenHash.ofHex(rs.getString("token_hash")),
                DelegationId.of(rs.getObject("delegation_id", UUID.class)), TenantId.of(rs.getString("customer_tenant")),
                EmailAddress.of(rs.getString("subject_email")), TenantId.of(rs.getString("actor_tenant")),
                UserId.of(rs.getString("actor_user")), RoleKey.parseSet(rs.getString("scope")),
                Optional.ofNullable(rs.getString("reason")), rs.getLong("permission_epoch"),
                instant(rs, "issued_at"), instant(rs, "expires_at"), optionalInstant(rs, "revoked_at"));
    }

    /** The account list row of a delegation just written, as {@code AccountListEntry.of} makes it. */
    static AccountListEntry entry(Delegation d) {
        return new AccountListEntry(d.id(), d.customerEmail(), d.customerAccountNumber(), d.status(), actions(d.status()),
                d.createdAt(), d.roles(), d.isConnected() ? d.grant().accessUntil() : Optional.empty(),
                d.requestedChange().isPresent(), d.grant().term());
    }

    /** The actions {@code AccountListEntry.of} offers for the status. */
    private static Set<AccountAction> actions(DelegationStatus status) {
        Set<AccountAction> actions = EnumSet.noneOf(AccountAction.class);
        if (status == DelegationStatus.CONNECTED) {
            actions.add(AccountAction.LOGIN);
        }
        if (status == DelegationStatus.PENDING) {
            actions.add(AccountAction.RESEND_INVITATION);
        }
        if (status == DelegationStatus.CONNECTED) {
            actions.add(AccountAction.REQUEST_CHANGE);
        }
        if (status.isOpen()) {
            actions.add(AccountAction.DELETE_ACCOUNT);
        }
        return actions;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? Optional.empty() : Optional.of(value.toInstant());
    }

    /** Binds the parameters in order: instants as UTC timestamps, everything else as the driver maps it. */
    static void bind(PreparedStatement ps, Object... values) throws SQLException {
        bind(ps, 0, values.length, values);
    }

    /** Binds {@code count} of the values, from {@code from} on, as the statement's parameters 1 to {@code count}. */
    static void bind(PreparedStatement ps, int from, int count, Object[] values) throws SQLException {
        for (int i = 0; i < count; i++) {
            Object value = values[from + i];
            ps.setObject(i + 1, value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
        }
    }
}
