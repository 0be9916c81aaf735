package org.partnerdelegation.benchmarks.floor;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.InvitationStatus;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.jdbi.Dialect;

/** acceptInvitation, hand-written. */
final class InvitationFloor {

    /**
     * The invitation and its delegation, both locked (a second click on the same link waits, then
     * reads what the first committed), with the partner and any other link of the customer read along.
     */
    private static final String LOCK_INVITATION = "SELECT i.status AS invitation_status, i.expires_at, " + Rows.DELEGATION + ","
            + " (SELECT p.partner_permission FROM pd_tenant p WHERE p.tenant_id = d.partner_tenant) AS partner_permission,"
            + " (SELECT p.account_number FROM pd_tenant p WHERE p.tenant_id = d.partner_tenant) AS partner_account_number,"
            + " (SELECT p.admin_email FROM pd_tenant p WHERE p.tenant_id = d.partner_tenant) AS partner_email,"
            + " EXISTS (SELECT 1 FROM pd_delegation x WHERE x.customer_tenant = d.customer_tenant AND x.status = 'CONNECTED'"
            + " AND x.delegation_id <> d.delegation_id AND (x.access_until IS NULL OR x.access_until > ?)) AS linked_elsewhere"
            + " FROM pd_invitation i JOIN pd_delegation d ON d.delegation_id = i.delegation_id WHERE i.token_hash = ? FOR UPDATE";
    // Another partner's link whose access ended but which the time-limit job has not recorded yet refuses nothing here,
    // as in the library; the library then records its end in the same unit of work, which this floor does not (the
    // benchmarks have no such link): the one-CONNECTED-per-customer index would refuse the write instead.
    private static final WritePlan ACCEPT = WritePlan.of(WritePlan.UPDATE_DELEGATION, WritePlan.USE_INVITATION,
            WritePlan.INSERT_AUDIT, WritePlan.INSERT_TWO_OUTBOX);
    private static final WritePlan EXPIRE = WritePlan.of(WritePlan.UPDATE_DELEGATION, WritePlan.SUPERSEDE_INVITATIONS,
            WritePlan.INSERT_AUDIT, WritePlan.INSERT_OUTBOX);

    private final DataSource pool;
    private final Dialect dialect;

    InvitationFloor(DataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    private record Answer(PartnerLink link, boolean expired) {
    }

    /** One transaction: one locking read, then every write of the acceptance (one statement on PostgreSQL). */
    PartnerLink acceptInvitation(Principal actor, String text) {
        Refusals.notDelegated(actor);
        SecretToken token;
        try {
            token = SecretToken.parse(text);
        } catch (DelegationException e) {
            throw invalid("This invitation link is not valid.");
        }
        Instant now = FloorUseCases.now();
        Answer answer = Jdbc.transaction(pool, c -> {
            try (PreparedStatement ps = c.prepareStatement(LOCK_INVITATION)) {
                Rows.bind(ps, now, token.hash().hex());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw invalid("This invitation link is not valid.");
                    }
                    Delegation d = Rows.delegation(rs);
                    InvitationStatus status = InvitationStatus.valueOf(rs.getString("invitation_status"));
                    Instant expiresAt = Rows.instant(rs, "expires_at");
                    Boolean permission = (Boolean) rs.getObject("partner_permission");
                    String partnerEmail = rs.getString("partner_email");
                    Optional<AccountNumber> partnerAccount = Optional.ofNullable(rs.getString("partner_account_number")).map(AccountNumber::of);
                    boolean invited = actor.tenantId().equals(d.customerTenant()) && actor.isAdministrator()
                            && actor.verifiedEmail().map(email -> email.matches(d.customerEmail())).orElse(false);
                    if (!invited) {
                        throw Refusals.of(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, "This invitation was sent to another account.");
                    }
                    Optional<EmailAddress> partnerAddress = Optional.ofNullable(partnerEmail).map(EmailAddress::of);
                    // A second click answers as the first did only on an accepted link, while its access lasts, as
                    // the library does: a declined one (DECLINED) is refused as answered below.
                    if (status == InvitationStatus.USED && d.grantsAccessAt(now)) {
                        return new Answer(link(d, partnerAccount, partnerAddress, d.acceptedAt().orElse(d.updatedAt())), false);
                    }
                    requireUsable(status, d);
                    if (!now.isBefore(expiresAt)) {
                        expire(c, actor, d, partnerEmail, now);
                        return new Answer(null, true);
                    }
                    if (permission == null || !permission) {
                        throw Refusals.of(ErrorCode.INVITING_PARTNER_UNAVAILABLE, "The partner can no longer manage customer accounts.");
                    }
                    if (rs.getBoolean("linked_elsewhere")) {
                        throw DelegationException.alreadyLinked();
                    }
                    // The facade's accept approves the grant as requested: no renewal, no reason asked for.
                    Delegation accepted = d.accept(now);
                    List<Object> values = new ArrayList<>(50);
                    values.addAll(Rows.updateValues(accepted));
                    values.addAll(Arrays.asList(now, token.hash().hex()));
                    values.addAll(Rows.auditValues(AuditEventType.INVITATION_ACCEPTED, accepted, Optional.of(d.status()), actor, now,
                            accepted.roles(), accepted.grant().endsAt(), Optional.empty()));
                    values.addAll(Rows.outboxValues(NotificationType.ACCEPTANCE_CONFIRMATION, d.id(), d.customerEmail().value(), now));
                    values.addAll(Rows.outboxValues(NotificationType.ACCEPTANCE_NOTICE, d.id(), partnerEmail, now));
                    ACCEPT.run(c, dialect, values);
                    return new Answer(link(accepted, partnerAccount, partnerAddress, now), false);
                }
            }
        });
        if (answer.expired()) {
            throw Refusals.of(ErrorCode.INVITATION_EXPIRED, "This invitation has expired. Ask the partner to add your account again.");
        }
        return answer.link();
    }

    private void expire(java.sql.Connection c, Principal actor, Delegation d, String partnerEmail, Instant now) throws java.sql.SQLException {
        Delegation expired = d.expire(now);
        List<Object> values = new ArrayList<>(40);
        values.addAll(Rows.updateValues(expired));
        values.add(d.id().value());
        values.addAll(Rows.auditValues(AuditEventType.INVITATION_EXPIRED, expired, Optional.of(d.status()), actor, now,
                java.util.Set.of(), Optional.empty(), Optional.empty()));
        if (partnerEmail == null) {
            WritePlan.of(WritePlan.UPDATE_DELEGATION, WritePlan.SUPERSEDE_INVITATIONS, WritePlan.INSERT_AUDIT).run(c, dialect, values);
            return;
        }
        values.addAll(Rows.outboxValues(NotificationType.EXPIRY_NOTICE, d.id(), partnerEmail, now));
        EXPIRE.run(c, dialect, values);
    }

    private static void requireUsable(InvitationStatus status, Delegation d) {
        if (status.isAnswered()) {
            throw invalid("This invitation has already been answered.");
        }
        if (status == InvitationStatus.SUPERSEDED && d.status() == DelegationStatus.EXPIRED) {
            throw Refusals.of(ErrorCode.INVITATION_EXPIRED, "This invitation expired. Ask the partner to add your account again.");
        }
        if (status == InvitationStatus.SUPERSEDED && d.isPending()) {
            throw invalid("A newer invitation replaced this one.");
        }
        if (!d.isPending()) {
            throw invalid("This invitation is no longer valid.");
        }
    }

    private static PartnerLink link(Delegation d, Optional<AccountNumber> account, Optional<EmailAddress> email, Instant since) {
        return new PartnerLink(d.id(), d.partnerTenant(), account, email, d.status(), since,
                org.partnerdelegation.core.domain.RoleCatalogue.standard().describe(d.roles()), d.grant().endsAt(),
                d.grant().accessUntil(), new org.partnerdelegation.core.usecase.GrantRules(d.grant().autoRenew(),
                d.grant().reasonRequired()), d.requestedChange());
    }

    private static DelegationException invalid(String message) {
        return Refusals.of(ErrorCode.INVITATION_INVALID, message);
    }
}
