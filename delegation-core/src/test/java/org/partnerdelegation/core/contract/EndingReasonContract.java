package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;

/**
 * The reason a person gives for ending something (Delete Account, Disassociate, ending one
 * session, revoking the partner permission) is stored with its audit event, as typed (trimmed),
 * on every store; a reason that is not acceptable is refused before anything changes.
 */
public abstract class EndingReasonContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);

    private AdapterFixture fixture;
    private DelegationHarness h;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void freshAdapters() {
        fixture = newFixture();
        h = new DelegationHarness(fixture);
        h.register(PARTNER);
        h.register(CUSTOMER);
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    private AuditEvent last(DelegationId id, AuditEventType type) {
        List<AuditEvent> trail = AuditTrails.whole(h.delegation, operator(), id);
        return trail.stream().filter(e -> e.type() == type).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + type + " in " + trail));
    }

    @Test
    void deleteAccountRecordsThePartnersReasonTrimmed() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);

        h.delegation.deleteAccount(adminOf(PARTNER), id, Reason.of("  Contract ended, TICKET-4711 "));

        assertThat(last(id, AuditEventType.ACCOUNT_DELETED).reason()).contains("Contract ended, TICKET-4711");
    }

    @Test
    void deleteAccountWithoutAReasonRecordsNone() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);

        h.delegation.deleteAccount(adminOf(PARTNER), id);

        assertThat(last(id, AuditEventType.ACCOUNT_DELETED).reason()).isEmpty();
    }

    @Test
    void disassociateRecordsTheCustomersReason() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);

        h.delegation.disassociatePartner(adminOf(CUSTOMER), Reason.of("We changed reseller"));

        assertThat(last(id, AuditEventType.PARTNER_DISASSOCIATED).reason()).contains("We changed reseller");
    }

    @Test
    void endingASessionRecordsTheCustomersReasonInPlaceOfTheLogins() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        IssuedSession session = h.delegation.loginToCustomer(adminOf(PARTNER), id, LoginRequest.allGranted().withReason("TICKET-1"));
        IssuedSession other = h.delegation.loginToCustomer(adminOf(PARTNER), id, LoginRequest.allGranted().withReason("TICKET-2"));

        h.delegation.endDelegatedSession(adminOf(CUSTOMER), session.session().id(), Reason.of("Not announced"));
        h.delegation.endDelegatedSession(adminOf(CUSTOMER), other.session().id());

        List<Optional<String>> reasons = AuditTrails.whole(h.delegation, operator(), id).stream()
                .filter(e -> e.type() == AuditEventType.SESSION_ENDED).map(AuditEvent::reason).toList();
        assertThat(reasons).containsExactly(Optional.of("Not announced"), Optional.of("TICKET-2"));
        assertThat(h.delegation.validateSession(session.token().reveal())).isEmpty();
    }

    @Test
    void revokingThePartnerPermissionRecordsTheOperatorsReason() {
        h.delegation.revokePartnerPermission(operator(), PARTNER.id(), Reason.of("Reseller agreement terminated"));

        assertThat(h.delegation.permissionAuditTrail(operator(), PARTNER.id()))
                .filteredOn(e -> e.type() == AuditEventType.PARTNER_PERMISSION_REVOKED)
                .singleElement().extracting(AuditEvent::reason).isEqualTo(Optional.of("Reseller agreement terminated"));
    }

    @Test
    void aReasonThatIsBlankTooLongOrHoldsControlCharactersIsRefusedInWords() {
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> Reason.of("   "));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> Reason.of("x".repeat(DelegatedSession.MAX_REASON_LENGTH + 1)));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> Reason.of("ok\nFAKE AUDIT LINE"));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> Reason.of("right\u202Eto left"));
        for (String hidden : new String[] {"a\u2028b", "a\u2029b", "a\uFFFFb", "a\uD800b", "a\uE000b", "a\uFDD0b", "a\u0378b"}) {
            assertFailsWith(ErrorCode.INVALID_INPUT, () -> Reason.of(hidden));
        }
        assertThat(Reason.of("Vertrag beendet: Müller, Ticket № 4711 ✓").text()).isEqualTo("Vertrag beendet: Müller, Ticket № 4711 ✓");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> Reason.of(null));
        assertThat(Reason.of("x".repeat(DelegatedSession.MAX_REASON_LENGTH)).text()).hasSize(DelegatedSession.MAX_REASON_LENGTH);
    }

    @Test
    void aNullReasonIsRefusedAndChangesNothing() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> h.delegation.deleteAccount(adminOf(PARTNER), id, null));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> h.delegation.disassociatePartner(adminOf(CUSTOMER), null));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> h.delegation.revokePartnerPermission(operator(), PARTNER.id(), null));

        assertThat(h.delegation.currentPartner(adminOf(CUSTOMER))).get()
                .extracting(l -> l.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(h.delegation.tenantDirectory().findById(PARTNER.id())).get().extracting(Tenant::partnerPermission).isEqualTo(true);
    }

    @Test
    void aReasonGivesNoWayRoundTheChecks() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        Tenant stranger = partner(2);
        h.register(stranger);

        assertFailsWith(ErrorCode.DELEGATION_NOT_FOUND, () -> h.delegation.deleteAccount(adminOf(stranger), id, Reason.of("mine now")));
        assertFailsWith(ErrorCode.OPERATOR_REQUIRED,
                () -> h.delegation.revokePartnerPermission(adminOf(PARTNER), PARTNER.id(), Reason.of("self")));

        assertThat(h.delegation.currentPartner(adminOf(CUSTOMER))).isPresent();
    }
}
