package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.memberOf;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.AuditQuery;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.usecase.RetentionPolicy;
import org.partnerdelegation.core.usecase.RetentionResult;

/**
 * The trust model, through the facade: no chained delegation, sessions ended one by one and in
 * bulk, revocations that stick, the partner who lost its permission reaching no one, clicks that
 * race, the invitation cool-down, the paged audit trail and retention.
 */
public abstract class TrustModelContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant OTHER_PARTNER = partner(2);
    private static final Tenant CUSTOMER = customer(1);
    /** Itself a partner (it holds the permission), with a customer of its own. */
    private static final Tenant CUSTOMER_WHO_IS_A_PARTNER = new Tenant(TenantId.of("reseller"), AccountNumber.of("R-1"),
            EmailAddress.of("admin@reseller.example"), true);
    private static final Tenant CUSTOMER_OF_THE_CUSTOMER = customer(3);

    private AdapterFixture fixture;
    private DelegationHarness h;
    private PartnerDelegation facade;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void registerTheTenants() {
        fixture = newFixture();
        h = new DelegationHarness(fixture);
        facade = h.delegation;
        for (Tenant t : List.of(PARTNER, OTHER_PARTNER, CUSTOMER, CUSTOMER_WHO_IS_A_PARTNER, CUSTOMER_OF_THE_CUSTOMER)) {
            h.register(t);
        }
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    // ------------------------------------------------------------------ no chained delegation

    @Test
    void aPartnerLoggedInToACustomerThatIsAPartnerCannotActAsThatPartner() {
        DelegationId downstream = h.connect(CUSTOMER_WHO_IS_A_PARTNER, CUSTOMER_OF_THE_CUSTOMER);
        String invitationToTheReseller = invitationFrom(OTHER_PARTNER, CUSTOMER_WHO_IS_A_PARTNER);
        DelegationId upstream = h.connect(PARTNER, CUSTOMER_WHO_IS_A_PARTNER);
        DelegatedSession session = facade.validateSession(facade.loginToCustomer(adminOf(PARTNER), upstream).token().reveal())
                .orElseThrow();
        Principal asReseller = session.principal();
        assertThat(asReseller.tenantId()).isEqualTo(CUSTOMER_WHO_IS_A_PARTNER.id());
        assertThat(asReseller.userId()).as("the real actor").isEqualTo(adminOf(PARTNER).userId());
        assertThat(asReseller.actingPartner()).contains(PARTNER.id());
        ObservedState before = observe(List.of(invitationToTheReseller));

        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.loginToCustomer(asReseller, downstream));
        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.addCustomerAccount(asReseller, CUSTOMER.administratorEmail()));
        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.deleteAccount(asReseller, downstream));
        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.listAccounts(asReseller, AccountQuery.firstPage()));
        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.acceptInvitation(asReseller, invitationToTheReseller));
        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.declineInvitation(asReseller, invitationToTheReseller));
        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.disassociatePartner(asReseller));
        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.endSessionsIntoTenant(asReseller));

        assertThat(observe(List.of(invitationToTheReseller))).as("nothing written").isEqualTo(before);
        assertThat(facade.currentPartner(adminOf(CUSTOMER_OF_THE_CUSTOMER))).isPresent();
    }

    @Test
    void aDelegatedPrincipalCannotBeGivenAnEmailNorForged() {
        DelegatedSession session = loginSession(h.connect(PARTNER, CUSTOMER));

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> session.principal().withVerifiedEmail(CUSTOMER.administratorEmail()));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> new Principal(OTHER_PARTNER.id(), session.actorUser(),
                org.partnerdelegation.core.domain.Role.ADMINISTRATOR, Optional.empty(), Optional.of(session)));
    }

    // ------------------------------------------------------------------ only the invited account answers

    @Test
    void hostsWithoutUserEmailsStateTheAdministratorAccountExplicitly() {
        DelegationId id = add(PARTNER, CUSTOMER);
        String token = ScenarioSupport.invitationTokenOf(h, id);
        Principal signedInAsTheAccount = Principal.administrator(CUSTOMER.id(), UserId.of("root")).withAdministratorAccountOf(CUSTOMER);

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> Principal.administrator(CUSTOMER.id(), UserId.of("root"))
                .withAdministratorAccountOf(OTHER_PARTNER));
        assertThat(facade.acceptInvitation(signedInAsTheAccount, token).status()).isEqualTo(DelegationStatus.CONNECTED);
    }

    @Test
    void theInvitationOfAPartnerThatLostThePermissionCannotBeAcceptedButCanBeDeclined() {
        DelegationId id = add(PARTNER, CUSTOMER);
        String token = ScenarioSupport.invitationTokenOf(h, id);
        facade.revokePartnerPermission(operator(), PARTNER.id());
        h.dispatcher.drain();
        ObservedState before = observe(List.of(token));

        DelegationException refusal = assertFailsWith(ErrorCode.INVITING_PARTNER_UNAVAILABLE,
                () -> facade.acceptInvitation(adminOf(CUSTOMER), token));

        assertThat(refusal.getMessage()).contains("decline");
        assertThat(observe(List.of(token))).isEqualTo(before);
        facade.declineInvitation(adminOf(CUSTOMER), token);
        assertThat(statusOf(id)).isEqualTo(DelegationStatus.DECLINED);
    }

    // ------------------------------------------------------------------ sessions ended one by one

    @Test
    void endingASessionLogsOutThatSessionOnlyAndIsIdempotent() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        String first = facade.loginToCustomer(adminOf(PARTNER), id).token().reveal();
        String second = facade.loginToCustomer(adminOf(PARTNER), id).token().reveal();

        assertThat(facade.endSession(first)).isTrue();
        assertThat(facade.endSession(first)).isFalse();
        assertThat(facade.endSession("not a token")).isFalse();
        assertThat(facade.endSession(null)).isFalse();

        assertThat(facade.validateSession(first)).isEmpty();
        assertThat(facade.validateSession(second)).isPresent();
        assertThat(statusOf(id)).isEqualTo(DelegationStatus.CONNECTED);
    }

    @Test
    void aPartnerEndsEverySessionOfAUserItLetGoAcrossItsCustomers() {
        DelegationId a = h.connect(PARTNER, CUSTOMER);
        DelegationId b = h.connect(PARTNER, CUSTOMER_OF_THE_CUSTOMER);
        Principal leaver = Principal.administrator(PARTNER.id(), UserId.of("leaver"));
        Principal stayer = Principal.administrator(PARTNER.id(), UserId.of("stayer"));
        String intoA = facade.loginToCustomer(leaver, a).token().reveal();
        String intoB = facade.loginToCustomer(leaver, b).token().reveal();
        String colleague = facade.loginToCustomer(stayer, a).token().reveal();

        assertFailsWith(ErrorCode.ACCOUNT_NOT_FOUND, () -> facade.endSessionsOfUser(adminOf(OTHER_PARTNER), PARTNER.id(), leaver.userId()));
        assertThat(facade.validateSession(intoA)).isPresent();
        assertThat(facade.endSessionsOfUser(adminOf(PARTNER), PARTNER.id(), leaver.userId())).isEqualTo(2);

        assertThat(facade.validateSession(intoA)).isEmpty();
        assertThat(facade.validateSession(intoB)).isEmpty();
        assertThat(facade.validateSession(colleague)).isPresent();
        assertThat(facade.endSessionsOfUser(operator(), PARTNER.id(), stayer.userId())).isEqualTo(1);
        assertThat(facade.validateSession(colleague)).isEmpty();
        assertThat(List.of(statusOf(a), statusOf(b))).containsOnly(DelegationStatus.CONNECTED);
    }

    @Test
    void aCustomerEndsEverySessionIntoItsTenantAndKeepsThePartner() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        String one = facade.loginToCustomer(adminOf(PARTNER), id).token().reveal();
        String two = facade.loginToCustomer(Principal.administrator(PARTNER.id(), UserId.of("colleague")), id).token().reveal();
        DelegationId elsewhere = h.connect(PARTNER, CUSTOMER_OF_THE_CUSTOMER);
        String intoAnother = facade.loginToCustomer(adminOf(PARTNER), elsewhere).token().reveal();

        assertThat(facade.endSessionsIntoTenant(adminOf(CUSTOMER))).isEqualTo(2);

        assertThat(facade.validateSession(one)).isEmpty();
        assertThat(facade.validateSession(two)).isEmpty();
        assertThat(facade.validateSession(intoAnother)).isPresent();
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isPresent();
        assertThat(AuditTrails.whole(facade, adminOf(CUSTOMER), id)).extracting(AuditEvent::type).endsWith(AuditEventType.SESSIONS_ENDED);
        assertThat(facade.validateSession(facade.loginToCustomer(adminOf(PARTNER), id).token().reveal()))
                .as("the partner may log in again").isPresent();
    }

    @Test
    void aSessionFromBeforeARevocationNeverComesBackWhenThePermissionIsGrantedAgain() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        IssuedSession before = facade.loginToCustomer(adminOf(PARTNER), id);

        facade.revokePartnerPermission(operator(), PARTNER.id());
        facade.grantPartnerPermission(operator(), PARTNER.id());

        assertThat(facade.validateSession(before.token().reveal())).isEmpty();
        assertThat(fixture.sessionIssuer().introspect(before.session().tokenHash()).orElseThrow().revokedAt())
                .as("revoked with the permission, in the same unit of work").isPresent();
        assertThat(facade.validateSession(facade.loginToCustomer(adminOf(PARTNER), id).token().reveal())).isPresent();
    }

    @Test
    void aSessionRecordedUnderAnEarlierEpochIsRefusedEvenIfNothingRevokedIt() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        IssuedSession issued = facade.loginToCustomer(adminOf(PARTNER), id);
        facade.revokePartnerPermission(operator(), PARTNER.id());
        facade.grantPartnerPermission(operator(), PARTNER.id());
        // What a login that read the permission just before the revocation committed would have left behind.
        DelegatedSession old = issued.session();
        org.partnerdelegation.core.domain.SecretToken token = org.partnerdelegation.core.domain.SecretToken.generate(new java.util.Random(7));
        DelegatedSession raced = new DelegatedSession(org.partnerdelegation.core.domain.SessionId.of(java.util.UUID.randomUUID()),
                token.hash(), old.delegationId(), old.customerTenant(), old.subject(), old.actorTenant(), old.actorUser(),
                old.scope(), 0, old.issuedAt(), old.expiresAt(), Optional.empty());
        fixture.delegationStore().inTransaction(tx -> {
            fixture.sessionIssuer().issue(raced);
            return null;
        });

        assertThat(facade.validateSession(token.reveal())).isEmpty();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void noLoginRacingARevocationOutlivesIt() throws Exception {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        List<String> issued = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> logins = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                logins.add(pool.submit((Callable<Void>) () -> {
                    go.await();
                    for (int i = 0; i < 30; i++) {
                        try {
                            issued.add(facade.loginToCustomer(adminOf(PARTNER), id).token().reveal());
                        } catch (DelegationException e) {
                            // 90 logins of one user at one instant: those past the login rate are refused before the revocation.
                            assertThat(e.code()).isIn(ErrorCode.PARTNER_PERMISSION_REQUIRED, ErrorCode.CONCURRENT_UPDATE,
                                    ErrorCode.TOO_MANY_REQUESTS);
                        }
                    }
                    return null;
                }));
            }
            Future<?> revoke = pool.submit((Callable<Void>) () -> {
                go.await();
                Thread.sleep(5);
                facade.revokePartnerPermission(operator(), PARTNER.id());
                return null;
            });
            go.countDown();
            revoke.get(1, TimeUnit.MINUTES);
            for (Future<?> f : logins) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        facade.grantPartnerPermission(operator(), PARTNER.id());

        assertThat(issued).allSatisfy(token -> assertThat(facade.validateSession(token)).as("a session from before the revocation").isEmpty());
    }

    @Test
    void aLoginActsAsTheCustomersAdministratorAccountAsTheDirectoryNamesItNow() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        Tenant handedOver = new Tenant(CUSTOMER.id(), CUSTOMER.accountNumber(), EmailAddress.of("new-admin@customer1.example"), false);
        h.register(handedOver);

        DelegatedSession session = facade.loginToCustomer(adminOf(PARTNER), id).session();

        assertThat(session.subject()).isEqualTo(handedOver.administratorEmail());
    }

    // ------------------------------------------------------------------ answering the same link at once

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theSameLinkClickedManyTimesAtOnceConnectsOnceAndAnswersEveryClickTheSame() throws Exception {
        for (int round = 0; round < 5; round++) {
            Tenant customer = customer(100 + round);
            h.register(customer);
            DelegationId id = add(PARTNER, customer);
            String token = ScenarioSupport.invitationTokenOf(h, id);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(12);
            List<Future<PartnerLink>> clicks = new ArrayList<>();
            try {
                for (int i = 0; i < 12; i++) {
                    clicks.add(pool.submit(() -> {
                        go.await();
                        return facade.acceptInvitation(adminOf(customer), token);
                    }));
                }
                go.countDown();
                for (Future<PartnerLink> click : clicks) {
                    assertThat(click.get(1, TimeUnit.MINUTES).delegationId()).isEqualTo(id);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(AuditTrails.whole(facade, adminOf(PARTNER), id)).filteredOn(e -> e.type() == AuditEventType.INVITATION_ACCEPTED).hasSize(1);
        }
    }

    // ------------------------------------------------------------------ what a use case returns is what storage gives back

    @Test
    void instantsReturnedAreTheInstantsReadBack() {
        h.clock.set(Instant.parse("2026-03-01T10:15:30.123456789Z"));
        AccountListEntry added = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        PartnerLink link = facade.acceptInvitation(adminOf(CUSTOMER), ScenarioSupport.invitationTokenOf(h, added.delegationId()));
        IssuedSession session = facade.loginToCustomer(adminOf(PARTNER), added.delegationId());

        assertThat(added.addedAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z"));
        assertThat(facade.listAccounts(adminOf(PARTNER), AccountQuery.firstPage()).items()).singleElement()
                .satisfies(row -> assertThat(row.addedAt()).isEqualTo(added.addedAt()));
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).contains(link);
        assertThat(facade.validateSession(session.token().reveal())).contains(session.session());
    }

    // ------------------------------------------------------------------ a partner that left

    @Test
    void currentPartnerNeverFailsForAPartnerThatLeftTheDirectory() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        TenantDirectory withoutThePartner = new HidingDirectory(fixture.tenantDirectory(), PARTNER.id());
        PartnerDelegation afterThePartnerLeft = PartnerDelegation.builder().tenantDirectory(withoutThePartner)
                .delegationStore(fixture.delegationStore()).sessionIssuer(fixture.sessionIssuer()).clock(h.clock).build();

        Optional<PartnerLink> link = afterThePartnerLeft.currentPartner(adminOf(CUSTOMER));

        assertThat(link).hasValueSatisfying(l -> {
            assertThat(l.delegationId()).isEqualTo(id);
            assertThat(l.partnerAccountNumber()).isEmpty();
            assertThat(l.partnerEmail()).isEmpty();
        });
        afterThePartnerLeft.disassociatePartner(adminOf(CUSTOMER));
        assertThat(statusOf(id)).isEqualTo(DelegationStatus.REMOVED);
    }

    // ------------------------------------------------------------------ the invitation cool-down

    @Test
    void invitingTheSameCustomerAgainWithinTheCooldownIsRefusedWithWhenToRetry() {
        DelegationHarness strict = new DelegationHarness(fixture, DelegationSettings.defaults());
        DelegationId first = strict.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId();
        assertThat(strict.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId())
                .as("the open row again, no new mail").isEqualTo(first);
        DelegationException resend = assertFailsWith(ErrorCode.TOO_MANY_REQUESTS,
                () -> strict.delegation.resendInvitation(adminOf(PARTNER), first));
        strict.delegation.deleteAccount(adminOf(PARTNER), first);
        int outboxBefore = strict.adapters.delegationStore().outboxEntries(OutboxStatus.PENDING, 100).size();

        DelegationException again = assertFailsWith(ErrorCode.TOO_MANY_REQUESTS,
                () -> strict.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()));

        Instant retryAt = strict.clock.instant().plus(DelegationSettings.DEFAULT_INVITATION_COOLDOWN);
        assertThat(again.retryAt()).hasValueSatisfying(at -> assertThat(at).isBetween(retryAt.minusSeconds(1), retryAt));
        assertThat(resend.retryAt()).isPresent();
        assertThat(again.getMessage()).contains("you can send another from");
        assertThat(strict.adapters.delegationStore().outboxEntries(OutboxStatus.PENDING, 100)).hasSize(outboxBefore);
        assertFailsWith(ErrorCode.PARTNER_PERMISSION_REQUIRED, () -> strict.delegation.addCustomerAccount(adminOf(CUSTOMER),
                CUSTOMER_OF_THE_CUSTOMER.administratorEmail()));

        strict.clock.advance(DelegationSettings.DEFAULT_INVITATION_COOLDOWN);
        assertThat(strict.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).status())
                .isEqualTo(DelegationStatus.PENDING);
        assertThat(strict.delegation.addCustomerAccount(adminOf(OTHER_PARTNER), CUSTOMER.administratorEmail()).status())
                .as("another partner has a cool-down of its own").isEqualTo(DelegationStatus.PENDING);
    }

    // ------------------------------------------------------------------ the audit trail, paged, and retention

    @Test
    void theAuditTrailPagesInOrderAndRefusesABadCursor() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        for (int i = 0; i < 5; i++) {
            facade.loginToCustomer(adminOf(PARTNER), id);
        }
        List<AuditEvent> whole = AuditTrails.whole(facade, adminOf(PARTNER), id);
        List<AuditEvent> paged = new ArrayList<>();
        AuditQuery query = AuditQuery.firstPage().withLimit(2);
        while (true) {
            Page<AuditEvent> page = facade.auditTrail(adminOf(PARTNER), id, query);
            paged.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                break;
            }
            query = query.after(page.nextCursor().get());
        }

        assertThat(whole).hasSize(7);
        assertThat(paged).isEqualTo(whole);
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.auditTrail(adminOf(PARTNER), id, AuditQuery.firstPage().after("garbage")));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.auditTrail(adminOf(PARTNER), id, AuditQuery.firstPage().withLimit(5_000)));
    }

    @Test
    void retentionDeletesOldDeliveredMailAndEndedSessionsAndKeepsTheAuditUnlessAsked() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        String ended = facade.loginToCustomer(adminOf(PARTNER), id).token().reveal();
        facade.endSession(ended);
        h.dispatcher.drain();
        int delivered = fixture.delegationStore().outboxEntries(OutboxStatus.DELIVERED, 100).size();
        int trail = AuditTrails.whole(facade, adminOf(PARTNER), id).size();
        h.clock.advance(Duration.ofDays(31));
        String live = facade.loginToCustomer(adminOf(PARTNER), id).token().reveal();

        RetentionResult kept = facade.applyRetention(operator(), RetentionPolicy.keepingAudit(Duration.ofDays(30)));

        assertThat(kept).isEqualTo(new RetentionResult(delivered, 1, 0));
        assertThat(fixture.delegationStore().outboxEntries(OutboxStatus.DELIVERED, 100)).isEmpty();
        assertThat(facade.validateSession(live)).isPresent();
        assertThat(AuditTrails.whole(facade, adminOf(PARTNER), id)).hasSize(trail + 1);
        RetentionResult all = facade.applyRetention(operator(), RetentionPolicy.keepingAudit(Duration.ofDays(30)).includingAuditEvents());
        assertThat(all.auditEvents()).isEqualTo(trail);
        assertThat(AuditTrails.whole(facade, adminOf(PARTNER), id)).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo(AuditEventType.DELEGATED_LOGIN));
        assertThat(statusOf(id)).isEqualTo(DelegationStatus.CONNECTED);
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> RetentionPolicy.keepingAudit(Duration.ofHours(1)));
    }

    // ------------------------------------------------------------------ helpers

    private DelegationId add(Tenant partner, Tenant customer) {
        return facade.addCustomerAccount(adminOf(partner), customer.administratorEmail()).delegationId();
    }

    private String invitationFrom(Tenant partner, Tenant customer) {
        return ScenarioSupport.invitationTokenOf(h, add(partner, customer));
    }

    private DelegatedSession loginSession(DelegationId id) {
        return facade.loginToCustomer(adminOf(PARTNER), id).session();
    }

    private DelegationStatus statusOf(DelegationId id) {
        return fixture.delegationStore().inTransaction(tx -> tx.findDelegation(id)).orElseThrow().status();
    }

    private ObservedState observe(List<String> invitationTokens) {
        return ObservedState.capture(h, List.of(PARTNER, OTHER_PARTNER, CUSTOMER, CUSTOMER_WHO_IS_A_PARTNER, CUSTOMER_OF_THE_CUSTOMER),
                invitationTokens, List.of());
    }

    /** The directory as it is after a tenant left it. */
    private record HidingDirectory(TenantDirectory delegate, TenantId hidden) implements TenantDirectory {
        @Override
        public Optional<Tenant> findById(TenantId id) {
            return id.equals(hidden) ? Optional.empty() : delegate.findById(id);
        }

        @Override
        public Optional<Tenant> findByAdministratorEmail(EmailAddress email) {
            return delegate.findByAdministratorEmail(email).filter(t -> !t.id().equals(hidden));
        }

        @Override
        public Tenant grantPartnerPermission(TenantId id) {
            return delegate.grantPartnerPermission(id);
        }

        @Override
        public Tenant revokePartnerPermission(TenantId id) {
            return delegate.revokePartnerPermission(id);
        }
    }
}
