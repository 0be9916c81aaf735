package org.partnerdelegation.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.partnerdelegation.core.domain.AccessGrant;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.GrantChange;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.InvitationStatus;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.DelegatedLogin;
import org.partnerdelegation.core.domain.LoginNotice;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TenantProfile;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.port.JoinedQueries;

/** Maps rows onto the core's records; the core types carry no Jdbi annotation. */
final class Rows {

    private static final System.Logger LOG = System.getLogger(Rows.class.getName());

    private Rows() {
    }

    static void register(Jdbi jdbi) {
        jdbi.registerArgument(new InstantArgumentFactory());
        jdbi.registerArgument(new UuidArgumentFactory());
        // A single instant (an aggregate such as MAX) read as the rows' instants are, through OffsetDateTime.
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        });
        jdbi.registerRowMapper(Tenant.class, (rs, ctx) -> tenant(rs));
        jdbi.registerRowMapper(Delegation.class, (rs, ctx) -> delegation(rs));
        jdbi.registerRowMapper(Invitation.class, (rs, ctx) -> invitation(rs));
        jdbi.registerRowMapper(AuditEvent.class, (rs, ctx) -> auditEvent(rs));
        jdbi.registerRowMapper(OutboxEntry.class, (rs, ctx) -> outboxEntry(rs));
        jdbi.registerRowMapper(DelegatedSession.class, (rs, ctx) -> session(rs));
    }

    static Tenant tenant(ResultSet rs) throws SQLException {
        TenantId id = TenantId.of(rs.getString("tenant_id"));
        return new Tenant(id, AccountNumber.of(rs.getString("account_number")),
                EmailAddress.of(rs.getString("admin_email")), rs.getBoolean("partner_permission"), profile(rs, "", id));
    }

    /**
     * The tenant's profile from the columns {@code display_name}, {@code locale} and
     * {@code time_zone} under that prefix. Each part stands alone: a value written around the
     * library (by hand, by the host's own tool) that {@link TenantProfile} refuses leaves that part
     * at its default, with a WARNING naming the tenant, rather than failing every read of the tenant
     * (its partner's logins included) over the wording of its mails.
     */
    static TenantProfile profile(ResultSet rs, String prefix, TenantId tenant) throws SQLException {
        String name = rs.getString(prefix + "display_name");
        String tag = rs.getString(prefix + "locale");
        String zone = rs.getString(prefix + "time_zone");
        TenantProfile profile = TenantProfile.DEFAULTS;
        if (name != null) {
            try {
                profile = profile.withDisplayName(name);
            } catch (DelegationException e) {
                refusedProfilePart(tenant, "display_name", e);
            }
        }
        if (tag != null && !tag.equals("en")) {
            try {
                profile = profile.withLocale(Locale.forLanguageTag(tag));
            } catch (DelegationException e) {
                refusedProfilePart(tenant, "locale", e);
            }
        }
        if (zone != null && !zone.equals(TenantProfile.DEFAULT_TIME_ZONE.getId())) {
            try {
                profile = profile.withTimeZone(ZoneId.of(zone));
            } catch (DelegationException | DateTimeException e) {
                refusedProfilePart(tenant, "time_zone", e);
            }
        }
        return profile;
    }

    private static void refusedProfilePart(TenantId tenant, String column, RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "pd_tenant." + column + " of tenant " + tenant + " is not a valid value ("
                + e.getMessage() + "); its default is used");
    }

    /** The profile's columns as stored: the display name (or NULL), the language tag and the zone id. */
    static Object[] profileColumns(TenantProfile p) {
        return new Object[] {p.displayName().orElse(null), p.locale().toLanguageTag(), p.timeZone().getId()};
    }

    static Delegation delegation(ResultSet rs) throws SQLException {
        AccessGrant grant = new AccessGrant(RoleKey.parseSet(rs.getString("roles")), term(rs, "term_seconds"),
                optionalInstant(rs, "ends_at"), rs.getBoolean("auto_renew"), rs.getBoolean("reason_required"),
                rs.getBoolean("ending_notice_sent"));
        String requested = rs.getString("requested_roles");
        Optional<GrantChange> change = requested == null ? Optional.empty()
                : Optional.of(new GrantChange(RoleKey.parseSet(requested), term(rs, "requested_term_seconds"),
                instant(rs, "change_requested_at")));
        return new Delegation(DelegationId.of(uuid(rs, "delegation_id")), TenantId.of(rs.getString("partner_tenant")),
                TenantId.of(rs.getString("customer_tenant")), EmailAddress.of(rs.getString("customer_email")),
                AccountNumber.of(rs.getString("customer_account_number")), DelegationStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"), instant(rs, "updated_at"), optionalInstant(rs, "accepted_at"), grant, change,
                rs.getLong("version"));
    }

    static Invitation invitation(ResultSet rs) throws SQLException {
        return new Invitation(TokenHash.ofHex(rs.getString("token_hash")), DelegationId.of(uuid(rs, "delegation_id")),
                instant(rs, "created_at"), instant(rs, "expires_at"), InvitationStatus.valueOf(rs.getString("status")),
                optionalInstant(rs, "used_at"));
    }

    static AuditEvent auditEvent(ResultSet rs) throws SQLException {
        UUID delegation = rs.getObject("delegation_id", UUID.class);
        return new AuditEvent(new AuditEventId(uuid(rs, "event_id")), AuditEventType.valueOf(rs.getString("event_type")),
                Optional.ofNullable(delegation).map(DelegationId::of), TenantId.of(rs.getString("target_tenant")),
                TenantId.of(rs.getString("actor_tenant")), UserId.of(rs.getString("actor_user")),
                optionalStatus(rs, "from_status"), optionalStatus(rs, "to_status"), instant(rs, "occurred_at"),
                RoleKey.parseSet(rs.getString("roles")), optionalInstant(rs, "ends_at"), Optional.ofNullable(rs.getString("reason")),
                parseMethods(rs.getString("auth_methods")));
    }

    /** Authentication methods as one space-separated text in their natural order; NULL for none. */
    static String methods(java.util.Set<String> methods) {
        return methods.isEmpty() ? null : String.join(" ", new java.util.TreeSet<>(methods));
    }

    private static java.util.Set<String> parseMethods(String text) {
        return text == null ? java.util.Set.of() : java.util.Set.of(text.split(" "));
    }

    static OutboxEntry outboxEntry(ResultSet rs) throws SQLException {
        return new OutboxEntry(new NotificationId(uuid(rs, "notification_id")),
                NotificationType.valueOf(rs.getString("notification_type")), DelegationId.of(uuid(rs, "delegation_id")),
                EmailAddress.of(rs.getString("recipient")), OutboxStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                instant(rs, "created_at"), instant(rs, "next_attempt_at"), optionalInstant(rs, "delivered_at"),
                Optional.ofNullable(rs.getString("last_error")), logins(rs.getString("logins")));
    }

    /**
     * The logins a login notice or digest reports, as {@code pd_outbox.logins} keeps them: one line
     * per login, its fields URL-encoded (so that neither a space nor a line break in a reason or a
     * user id can break the line) and separated by single spaces: partner tenant, partner user, the
     * instant (ISO-8601), the roles (space-separated keys, itself encoded), the reason (empty for none).
     * Null for no login.
     */
    static String logins(List<DelegatedLogin> logins) {
        if (logins.isEmpty()) {
            return null;
        }
        return logins.stream().map(l -> String.join(" ", encode(l.partnerTenant().value()), encode(l.partnerUser().value()),
                        encode(l.at().toString()), encode(RoleKey.join(l.roles())), encode(l.reason().orElse(""))))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** What {@link #logins(List)} wrote; empty for null. */
    static List<DelegatedLogin> logins(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return text.lines().map(line -> {
            String[] f = line.split(" ", -1);
            String reason = decode(f[4]);
            return new DelegatedLogin(TenantId.of(decode(f[0])), UserId.of(decode(f[1])), Instant.parse(decode(f[2])),
                    RoleKey.parseSet(decode(f[3])), reason.isEmpty() ? Optional.empty() : Optional.of(reason));
        }).toList();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The settings of a {@code pd_customer_settings} row. */
    static CustomerSettings customerSettings(ResultSet rs) throws SQLException {
        long age = rs.getLong("step_up_max_age_seconds");
        Optional<java.time.Duration> stepUp = rs.wasNull() ? Optional.empty() : Optional.of(java.time.Duration.ofSeconds(age));
        return new CustomerSettings(LoginNotice.valueOf(rs.getString("login_notice")), stepUp);
    }

    static DelegatedSession session(ResultSet rs) throws SQLException {
        return session(rs, TokenHash.ofHex(rs.getString("token_hash")), optionalInstant(rs, "revoked_at"));
    }

    /** A row of the account list, from {@link AccountPages#SHOWN_COLUMNS}. */
    static JoinedQueries.ListedAccount listedAccount(ResultSet rs) throws SQLException {
        return new JoinedQueries.ListedAccount(DelegationId.of(uuid(rs, "delegation_id")), EmailAddress.of(rs.getString("customer_email")),
                AccountNumber.of(rs.getString("customer_account_number")), DelegationStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"), RoleKey.parseSet(rs.getString("roles")), term(rs, "term_seconds"),
                optionalInstant(rs, "access_until"), rs.getString("requested_roles") != null);
    }

    /** A session found live under {@code tokenHash}: neither the hash nor the revocation read back. */
    static DelegatedSession liveSession(ResultSet rs, TokenHash tokenHash) throws SQLException {
        return session(rs, tokenHash, Optional.empty());
    }

    private static DelegatedSession session(ResultSet rs, TokenHash tokenHash, Optional<Instant> revokedAt) throws SQLException {
        return new DelegatedSession(SessionId.of(uuid(rs, "session_id")), tokenHash,
                DelegationId.of(uuid(rs, "delegation_id")), TenantId.of(rs.getString("customer_tenant")),
                EmailAddress.of(rs.getString("subject_email")), TenantId.of(rs.getString("actor_tenant")),
                UserId.of(rs.getString("actor_user")), RoleKey.parseSet(rs.getString("scope")), Optional.ofNullable(rs.getString("reason")),
                rs.getLong("permission_epoch"), instant(rs, "issued_at"), instant(rs, "expires_at"), revokedAt);
    }

    private static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private static Optional<DelegationStatus> optionalStatus(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column)).map(DelegationStatus::valueOf);
    }

    private static Optional<Duration> term(ResultSet rs, String column) throws SQLException {
        long seconds = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    }

    static Instant orNull(Optional<Instant> value) {
        return value.orElse(null);
    }

    /**
     * A term as its column keeps it: whole seconds, null for none. A term with a fraction of a
     * second is refused rather than cut (an end date counted from it would no longer match).
     *
     * @throws DelegationException {@code INVALID_INPUT} for a term that is not whole seconds
     */
    static Long seconds(Optional<Duration> term, String name) {
        if (term.isEmpty()) {
            return null;
        }
        Duration d = term.get();
        if (d.getNano() != 0) {
            throw DelegationException.invalidInput(name, "is stored in whole seconds, got " + d);
        }
        return d.getSeconds();
    }

    /** A set of roles as its column keeps it: {@link RoleKey#join}, null for none. */
    static String roles(Set<RoleKey> roles) {
        return roles.isEmpty() ? null : RoleKey.join(roles);
    }
}
