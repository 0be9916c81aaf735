package org.partnerdelegation.benchmarks.floor;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
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

    /** The delegation columns, qualified by {@code d}. */
    static final String DELEGATION = "d.delegation_id, d.partner_tenant, d.customer_tenant, d.customer_email,"
            + " d.customer_account_number, d.status, d.created_at, d.updated_at, d.accepted_at, d.version";

    /** The session columns, qualified by {@code s}. */
    static final String SESSION = "s.token_hash, s.session_id, s.delegation_id, s.customer_tenant, s.subject_email,"
            + " s.actor_tenant, s.actor_user, s.scope, s.reason, s.permission_epoch, s.issued_at, s.expires_at, s.revoked_at";

    private Rows() {
    }

    static Delegation delegation(ResultSet rs) throws SQLException {
        return new Delegation(DelegationId.of(rs.getObject("delegation_id", UUID.class)), TenantId.of(rs.getString("partner_tenant")),
                TenantId.of(rs.getString("customer_tenant")), EmailAddress.of(rs.getString("customer_email")),
                AccountNumber.of(rs.getString("customer_account_number")), DelegationStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"), instant(rs, "updated_at"), optionalInstant(rs, "accepted_at"), rs.getLong("version"));
    }

    static DelegatedSession session(ResultSet rs) throws SQLException {
        return new DelegatedSession(SessionId.of(rs.getObject("session_id", UUID.class)), TokenHash.ofHex(rs.getString("token_hash")),
                DelegationId.of(rs.getObject("delegation_id", UUID.class)), TenantId.of(rs.getString("customer_tenant")),
                EmailAddress.of(rs.getString("subject_email")), TenantId.of(rs.getString("actor_tenant")),
                UserId.of(rs.getString("actor_user")), RoleKey.parseSet(rs.getString("scope")),
                Optional.ofNullable(rs.getString("reason")), rs.getLong("permission_epoch"),
                instant(rs, "issued_at"), instant(rs, "expires_at"), optionalInstant(rs, "revoked_at"));
    }

    /** The account list row, with the actions {@code AccountListEntry.of} offers for the status. */
    static AccountListEntry entry(Delegation d) {
        Set<AccountAction> actions = EnumSet.noneOf(AccountAction.class);
        if (d.isConnected()) {
            actions.add(AccountAction.LOGIN);
        }
        if (d.isPending()) {
            actions.add(AccountAction.RESEND_INVITATION);
        }
        if (d.isConnected()) {
            actions.add(AccountAction.REQUEST_CHANGE);
        }
        if (d.status().isOpen()) {
            actions.add(AccountAction.DELETE_ACCOUNT);
        }
        return new AccountListEntry(d.id(), d.customerEmail(), d.customerAccountNumber(), d.status(), actions, d.createdAt(),
                d.roles(), d.isConnected() ? d.grant().accessUntil() : Optional.empty(), d.requestedChange().isPresent());
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
