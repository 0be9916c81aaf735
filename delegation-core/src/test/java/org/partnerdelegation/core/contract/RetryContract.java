package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.ScenarioSupport.mailOf;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.otherAdminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.IdempotencyKey;
import org.partnerdelegation.core.domain.LoginNotice;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;

/**
 * What the same call answers when it is made again after its first attempt committed: the
 * retry a host makes after {@code OUTCOME_UNKNOWN}, when the answer was lost but the change was
 * written. Each retry answers as done (or with the same row, link or session) and writes nothing
 * twice: no second row, session, audit event or mail. The refusals a retry must not weaken (another
 * partner's row, another account's link, someone else's idempotency key) stay refusals.
 */
public abstract class RetryContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant OTHER_PARTNER = partner(2);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant OTHER_CUSTOMER = customer(2);

    private AdapterFixture fixture;
    private DelegationHarness h;
    private PartnerDelegation facade;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void freshFacade() {
        fixture = newFixture();
        h = new DelegationHarness(fixture);
        facade = h.delegation;
        h.register(PARTNER);
        h.register(OTHER_PARTNER);
        h.register(CUSTOMER);
        h.register(OTHER_CUSTOMER);
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    private List<AuditEventType> trail(DelegationId id) {
        return AuditTrails.whole(facade, operator(), id).stream().map(AuditEvent::type).toList();
    }

    private int pendingMail() {
        return fixture.delegationStore().outboxEntries(OutboxStatus.PENDING, 1000).size();
    }

    private List<DelegatedSession> sessionsInto(Tenant customer) {
        return fixture.sessionIssuer().sessionsInto(customer.id(), Optional.empty(), 100);
    }

    // ------------------------------------------------------------------ partner side

    @Test
    void aDeleteThatAlreadyHappenedAnswersAsDoneAndWritesNothingMore() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.deleteAccount(adminOf(PARTNER), id);
        List<AuditEventType> after = trail(id);
        int mail = pendingMail();

        facade.deleteAccount(adminOf(PARTNER), id);

        assertThat(trail(id)).isEqualTo(after).containsOnlyOnce(AuditEventType.ACCOUNT_DELETED);
        assertThat(pendingMail()).isEqualTo(mail);
    }

    @Test
    void aDeletedPendingRowDeletedAgainAnswersAsDone() {
        DelegationId id = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId();
        facade.deleteAccount(adminOf(PARTNER), id);

        facade.deleteAccount(adminOf(PARTNER), id);

        assertThat(trail(id)).containsExactly(AuditEventType.CUSTOMER_ADDED, AuditEventType.ACCOUNT_DELETED);
    }

    @Test
    void anotherPartnersRemovedRowIsStillNotFound() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.deleteAccount(adminOf(PARTNER), id);

        DelegationException refused = assertFailsWith(ErrorCode.DELEGATION_NOT_FOUND, () -> facade.deleteAccount(adminOf(OTHER_PARTNER), id));

        assertThat(refused.getMessage()).doesNotContain(CUSTOMER.administratorEmail().value());
    }

    @Test
    void aRowThatEndedOrWasDeclinedIsNotDeletedAfterTheFact() {
        DelegationId declined = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId();
        facade.declineInvitation(adminOf(CUSTOMER), h.invitationTokenFor(CUSTOMER));

        assertFailsWith(ErrorCode.DELEGATION_NOT_FOUND, () -> facade.deleteAccount(adminOf(PARTNER), declined));
    }

    @Test
    void anAddMadeAgainReturnsTheOpenRowWithoutASecondInvitation() {
        AccountListEntry first = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        int mail = pendingMail();

        AccountListEntry again = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());

        assertThat(again.delegationId()).isEqualTo(first.delegationId());
        assertThat(again.status()).isEqualTo(DelegationStatus.PENDING);
        assertThat(trail(first.delegationId())).containsExactly(AuditEventType.CUSTOMER_ADDED);
        assertThat(pendingMail()).isEqualTo(mail);
    }

    // ------------------------------------------------------------------ customer side

    @Test
    void anAcceptOfTheLinkItAlreadyUsedAnswersConnected() {
        DelegationId id = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId();
        String token = h.invitationTokenFor(CUSTOMER);
        PartnerLink first = facade.acceptInvitation(adminOf(CUSTOMER), token);
        int mail = pendingMail();

        PartnerLink again = facade.acceptInvitation(adminOf(CUSTOMER), token);

        assertThat(again.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(again.delegationId()).isEqualTo(first.delegationId()).isEqualTo(id);
        assertThat(trail(id)).containsOnlyOnce(AuditEventType.INVITATION_ACCEPTED);
        assertThat(pendingMail()).isEqualTo(mail);
    }

    @Test
    void aUsedLinkPresentedByAnotherCustomerIsStillRefused() {
        facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        String token = h.invitationTokenFor(CUSTOMER);
        facade.acceptInvitation(adminOf(CUSTOMER), token);

        assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.acceptInvitation(adminOf(OTHER_CUSTOMER), token));
    }

    @Test
    void aUsedLinkOfADelegationNoLongerConnectedIsStillRefused() {
        facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        String token = h.invitationTokenFor(CUSTOMER);
        facade.acceptInvitation(adminOf(CUSTOMER), token);
        facade.disassociatePartner(adminOf(CUSTOMER));

        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(CUSTOMER), token));
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isEmpty();
    }

    @Test
    void aDeclineMadeAgainAnswersAsDoneAndTellsThePartnerOnce() {
        DelegationId id = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId();
        String token = h.invitationTokenFor(CUSTOMER);
        facade.declineInvitation(adminOf(CUSTOMER), token);

        facade.declineInvitation(adminOf(CUSTOMER), token);

        assertThat(trail(id)).containsOnlyOnce(AuditEventType.INVITATION_DECLINED);
        h.dispatcher.drain();
        assertThat(mailOf(h, PARTNER, NotificationType.DECLINE_NOTICE)).singleElement();
        assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.declineInvitation(adminOf(OTHER_CUSTOMER), token));
    }

    @Test
    void aDisassociationThatAlreadyHappenedAnswersAsDone() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.disassociatePartner(adminOf(CUSTOMER));
        int mail = pendingMail();

        facade.disassociatePartner(adminOf(CUSTOMER));

        assertThat(trail(id)).containsOnlyOnce(AuditEventType.PARTNER_DISASSOCIATED);
        assertThat(pendingMail()).isEqualTo(mail);
    }

    @Test
    void aCustomerThatNeverHadAPartnerStillCannotDisassociate() {
        facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());

        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.disassociatePartner(adminOf(CUSTOMER)));
        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.disassociatePartner(adminOf(OTHER_CUSTOMER)));
    }

    @Test
    void endingEverySessionAgainEndsNoneAndRecordsNothing() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.loginToCustomer(adminOf(PARTNER), id);
        assertThat(facade.endSessionsIntoTenant(adminOf(CUSTOMER))).isEqualTo(1);
        List<AuditEventType> after = trail(id);

        assertThat(facade.endSessionsIntoTenant(adminOf(CUSTOMER))).isZero();

        assertThat(trail(id)).isEqualTo(after).containsOnlyOnce(AuditEventType.SESSIONS_ENDED);
    }

    @Test
    void endingASessionAgainAnswersFalseAndItStaysEnded() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        IssuedSession issued = facade.loginToCustomer(adminOf(PARTNER), id);
        assertThat(facade.endSession(issued.token().reveal())).isTrue();

        assertThat(facade.endSession(issued.token().reveal())).isFalse();

        assertThat(facade.validateSession(issued.token().reveal())).isEmpty();
    }

    // ------------------------------------------------------------------ logins with an idempotency key

    private IssuedSession loginWithKey(String key) {
        return facade.loginToCustomer(adminOf(PARTNER), connected(), LoginRequest.allGranted().withIdempotencyKey(key));
    }

    private DelegationId connectedId;

    private DelegationId connected() {
        if (connectedId == null) {
            connectedId = h.connect(PARTNER, CUSTOMER);
        }
        return connectedId;
    }

    @Test
    void aLoginRetriedWithTheSameKeyReturnsTheSameSessionWithANewTokenAndRecordsItOnce() {
        facade.changeCustomerSettings(adminOf(CUSTOMER), CustomerSettings.DEFAULTS.withLoginNotice(LoginNotice.EACH_LOGIN));
        IssuedSession first = loginWithKey("retry-1");
        int mail = pendingMail();
        h.clock.advance(Duration.ofSeconds(5));

        IssuedSession again = loginWithKey("retry-1");

        assertThat(again.session().id()).isEqualTo(first.session().id());
        assertThat(again.session().expiresAt()).isEqualTo(first.session().expiresAt());
        assertThat(again.session().issuedAt()).isEqualTo(first.session().issuedAt());
        assertThat(again.session().roles()).isEqualTo(first.session().roles());
        assertThat(again.token().reveal()).isNotEqualTo(first.token().reveal());
        assertThat(facade.validateSession(again.token().reveal())).hasValueSatisfying(s -> assertThat(s.id()).isEqualTo(first.session().id()));
        assertThat(facade.validateSession(first.token().reveal())).as("the earlier token stops working").isEmpty();
        assertThat(sessionsInto(CUSTOMER)).singleElement();
        assertThat(trail(connected())).containsOnlyOnce(AuditEventType.DELEGATED_LOGIN);
        assertThat(pendingMail()).as("no second login notice").isEqualTo(mail);
    }

    @Test
    void aRetryCountsNeitherAgainstTheLoginRateNorTheCap() {
        h = new DelegationHarness(fixture, DelegationHarness.relaxedSettings().withLoginRate(1, Duration.ofMinutes(1)).withMaxLiveSessions(1));
        facade = h.delegation;
        IssuedSession first = loginWithKey("k");

        IssuedSession again = loginWithKey("k");
        IssuedSession third = loginWithKey("k");

        assertThat(again.session().id()).isEqualTo(first.session().id());
        assertThat(facade.validateSession(third.token().reveal())).isPresent();
        assertFailsWith(ErrorCode.TOO_MANY_REQUESTS, () -> loginWithKey("another login"));
    }

    @Test
    void theSameKeyWithOtherRolesOrAnotherReasonIsRefused() {
        facade.loginToCustomer(adminOf(PARTNER), connected(), LoginRequest.roles("tenant:administrator").withIdempotencyKey("k"));

        DelegationException otherRoles = assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.loginToCustomer(adminOf(PARTNER), connected(),
                LoginRequest.allGranted().withIdempotencyKey("k")));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.loginToCustomer(adminOf(PARTNER), connected(),
                LoginRequest.roles("tenant:administrator").withReason("TICKET-1").withIdempotencyKey("k")));

        assertThat(otherRoles.getMessage()).contains("idempotencyKey").contains("new key");
        assertThat(sessionsInto(CUSTOMER)).singleElement();
    }

    @Test
    void anotherPartnerUserOrDelegationWithTheSameKeyGetsASessionOfItsOwn() {
        IssuedSession mine = loginWithKey("shared-key");
        DelegationId elsewhere = h.connect(OTHER_PARTNER, OTHER_CUSTOMER);

        IssuedSession colleague = facade.loginToCustomer(otherAdminOf(PARTNER), connected(),
                LoginRequest.allGranted().withIdempotencyKey("shared-key"));
        IssuedSession otherPartner = facade.loginToCustomer(adminOf(OTHER_PARTNER), elsewhere,
                LoginRequest.allGranted().withIdempotencyKey("shared-key"));

        assertThat(colleague.session().id()).isNotEqualTo(mine.session().id());
        assertThat(colleague.session().actorUser()).isEqualTo(otherAdminOf(PARTNER).userId());
        assertThat(otherPartner.session().id()).isNotEqualTo(mine.session().id());
        assertThat(otherPartner.session().customerTenant()).isEqualTo(OTHER_CUSTOMER.id());
        assertThat(facade.validateSession(mine.token().reveal())).as("nobody else's login touched it").isPresent();
    }

    @Test
    void aKeyWhoseSessionEndedIsRefusedAndTheSessionStaysEnded() {
        IssuedSession first = loginWithKey("k");
        facade.endSession(first.token().reveal());

        DelegationException refused = assertFailsWith(ErrorCode.INVALID_INPUT, () -> loginWithKey("k"));

        assertThat(refused.getMessage()).contains("ended").contains("new key");
        assertThat(fixture.sessionIssuer().findSession(first.session().id()).orElseThrow().revokedAt()).isPresent();
        assertThat(loginWithKey("k2").session().id()).isNotEqualTo(first.session().id());
    }

    @Test
    void aKeyWhoseSessionExpiredIsRefused() {
        IssuedSession first = loginWithKey("k");
        h.clock.set(first.session().expiresAt().minusNanos(1000));
        assertThat(loginWithKey("k").session().id()).as("a microsecond before its expiry").isEqualTo(first.session().id());

        h.clock.set(first.session().expiresAt());

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> loginWithKey("k"));
    }

    @Test
    void aKeyRetriedAfterTheDelegationWasDeletedIsNotConnected() {
        loginWithKey("k");
        facade.deleteAccount(adminOf(PARTNER), connected());

        assertFailsWith(ErrorCode.DELEGATION_NOT_FOUND, () -> loginWithKey("k"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 255})
    void keysOfOneTo255PrintableCharactersAreTaken(int length) {
        String key = "~ ".repeat(length).substring(0, length - 1) + "a";

        assertThat(loginWithKey(key).session().id()).isEqualTo(loginWithKey(key).session().id());
    }

    @Test
    void malformedKeysAreRefusedBeforeAnythingIsRead() {
        for (String key : new String[] {"", "   ", "a".repeat(256), "caf\u00e9", "line\nbreak", "tab\there", "nul\u0000", "\u007f"}) {
            DelegationException refused = assertFailsWith(ErrorCode.INVALID_INPUT, () -> LoginRequest.allGranted().withIdempotencyKey(key));
            assertThat(refused.getMessage()).contains("idempotencyKey");
        }
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> LoginRequest.allGranted().withIdempotencyKey(null));
        assertThat(IdempotencyKey.of("a b").toString()).doesNotContain("a b");
    }
}
