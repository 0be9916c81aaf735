package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.ScenarioSupport.mailOf;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.memberOf;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.otherAdminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegatedLogin;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.LoginNotice;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantProfile;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.AuditRange;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * The customer sees every access (issue 17): the customer tenant's settings, the login notice
 * written with each login on {@link LoginNotice#EACH_LOGIN}, and the daily digest
 * {@code enforceTimeLimits} writes for the others on {@link LoginNotice#DAILY_DIGEST} (the default),
 * never listing a login twice, also when two nodes run the job at once or it runs again.
 */
public abstract class LoginNoticeContract {

    private static final DelegableRole BILLING = DelegableRole.of("billing:read", "Billing (read)", "Reads invoices.");
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.builder()
            .role(DelegableRole.TENANT_ADMINISTRATOR).role(BILLING).defaultRoles(RoleKey.TENANT_ADMINISTRATOR).build();
    private static final Tenant PARTNER = partner(1);
    private static final Tenant OTHER_PARTNER = partner(2);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant OTHER_CUSTOMER = customer(2);
    private static final Duration DAY = Duration.ofDays(1);
    /** How much earlier than a day after the previous digest the next may come. */
    private static final Duration DIGEST_SLACK = Duration.ofMinutes(5);
    private static final Principal PARTNER_USER = Principal.administrator(PARTNER.id(), UserId.of("jane@partner-1.example"));
    private static final CustomerSettings EACH_LOGIN = CustomerSettings.DEFAULTS.withLoginNotice(LoginNotice.EACH_LOGIN);
    private static final CustomerSettings NONE = CustomerSettings.DEFAULTS.withLoginNotice(LoginNotice.NONE);
    private static final AuditRange EVERYTHING = AuditRange.between(Instant.MIN, Instant.MAX);

    private AdapterFixture fixture;
    private DelegationHarness h;
    private PartnerDelegation facade;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void registerTheTenants() {
        fixture = newFixture();
        h = DelegationHarness.withCatalogue(fixture, CATALOGUE);
        facade = h.delegation;
        List.of(PARTNER, OTHER_PARTNER, CUSTOMER, OTHER_CUSTOMER).forEach(h::register);
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    // ------------------------------------------------------------------ the settings

    @Test
    void aTenantThatNeverChoseIsOnTheDailyDigestWithTheHostsStepUpPolicy() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        Principal delegated = Principal.delegated(facade.loginToCustomer(adminOf(PARTNER), id).session());

        assertThat(facade.customerSettings(adminOf(CUSTOMER))).isEqualTo(CustomerSettings.DEFAULTS);
        assertThat(facade.customerSettings(memberOf(CUSTOMER))).isEqualTo(CustomerSettings.DEFAULTS);
        // A partner that knew the customer is told only once a day could time its logins.
        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.customerSettings(delegated));
        assertThat(CustomerSettings.DEFAULTS.loginNotice()).isEqualTo(LoginNotice.DAILY_DIGEST);
        assertThat(CustomerSettings.DEFAULTS.stepUpMaxAge()).isEmpty();
    }

    @Test
    void theCustomersAdministratorChangesTheSettingsOfItsOwnTenantOnlyAndTheChangeIsAudited() {
        CustomerSettings chosen = new CustomerSettings(LoginNotice.EACH_LOGIN, Optional.of(Duration.ofMinutes(15)));

        assertThat(facade.changeCustomerSettings(adminOf(CUSTOMER), chosen)).isEqualTo(chosen);

        assertThat(facade.customerSettings(memberOf(CUSTOMER))).isEqualTo(chosen);
        assertThat(facade.customerSettings(adminOf(OTHER_CUSTOMER))).as("another tenant's").isEqualTo(CustomerSettings.DEFAULTS);
        List<AuditEvent> trail = facade.auditTrailOfTenant(adminOf(CUSTOMER), CUSTOMER.id(), EVERYTHING).items();
        assertThat(trail).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.CUSTOMER_SETTINGS_CHANGED);
            assertThat(e.delegationId()).isEmpty();
            assertThat(e.targetTenant()).isEqualTo(CUSTOMER.id());
            assertThat(e.actorTenant()).isEqualTo(CUSTOMER.id());
            assertThat(e.actorUser()).isEqualTo(adminOf(CUSTOMER).userId());
        });
        assertThat(facade.permissionAuditTrail(operator(), CUSTOMER.id())).as("not a permission change").isEmpty();
        assertThat(facade.auditTrailOfTenant(adminOf(OTHER_CUSTOMER), OTHER_CUSTOMER.id(), EVERYTHING).items())
                .isEmpty();

        CustomerSettings back = CustomerSettings.DEFAULTS;
        assertThat(facade.changeCustomerSettings(otherAdminOf(CUSTOMER), back)).isEqualTo(back);
        assertThat(facade.customerSettings(adminOf(CUSTOMER))).isEqualTo(back);
    }

    @Test
    void savingTheSettingsInForceRecordsNothing() {
        facade.changeCustomerSettings(adminOf(CUSTOMER), CustomerSettings.DEFAULTS);
        facade.changeCustomerSettings(adminOf(CUSTOMER), NONE);
        facade.changeCustomerSettings(adminOf(CUSTOMER), NONE);

        assertThat(facade.auditTrailOfTenant(adminOf(CUSTOMER), CUSTOMER.id(), EVERYTHING).items())
                .extracting(AuditEvent::type).containsExactly(AuditEventType.CUSTOMER_SETTINGS_CHANGED);
    }

    @Test
    void aPartnerActingInTheCustomerTenantCannotChangeHowTheCustomerIsToldOfItsLogins() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        Principal delegated = Principal.delegated(facade.loginToCustomer(adminOf(PARTNER), id).session());
        ObservedState before = observe();

        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.changeCustomerSettings(delegated, NONE));
        assertFailsWith(ErrorCode.ADMINISTRATOR_REQUIRED, () -> facade.changeCustomerSettings(memberOf(CUSTOMER), NONE));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.changeCustomerSettings(adminOf(CUSTOMER), null));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.customerSettings(null));

        assertThat(observe()).as("nothing written").isEqualTo(before);
        assertThat(facade.customerSettings(adminOf(CUSTOMER))).isEqualTo(CustomerSettings.DEFAULTS);
        // The partner's administrator acting in its own tenant changes its own tenant's settings, never the customer's.
        facade.changeCustomerSettings(adminOf(PARTNER), NONE);
        assertThat(facade.customerSettings(adminOf(CUSTOMER))).isEqualTo(CustomerSettings.DEFAULTS);
    }

    @Test
    void theStepUpAgeIsStoredFromOneSecondToTwentyFourHoursInWholeSeconds() {
        for (Duration age : List.of(Duration.ofSeconds(1), Duration.ofHours(24), Duration.ofHours(24).minusSeconds(1))) {
            CustomerSettings settings = CustomerSettings.DEFAULTS.withStepUpMaxAge(Optional.of(age));
            facade.changeCustomerSettings(adminOf(CUSTOMER), settings);
            assertThat(facade.customerSettings(adminOf(CUSTOMER)).stepUpMaxAge()).contains(age);
        }
        for (Duration refused : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofHours(24).plusSeconds(1),
                Duration.ofHours(24).plusNanos(1000), Duration.ofMillis(1500))) {
            assertFailsWith(ErrorCode.INVALID_INPUT, () -> CustomerSettings.DEFAULTS.withStepUpMaxAge(Optional.of(refused)));
        }
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> new CustomerSettings(null, Optional.empty()));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> new CustomerSettings(LoginNotice.NONE, null));
        facade.changeCustomerSettings(adminOf(CUSTOMER), CustomerSettings.DEFAULTS);
        assertThat(facade.customerSettings(adminOf(CUSTOMER))).isEqualTo(CustomerSettings.DEFAULTS);
    }

    // ------------------------------------------------------------------ each login

    @Test
    void theLoginNoticeAndTheDigestNameThePartnerAsTheDirectoryNamesIt() {
        h.register(PARTNER.withProfile(TenantProfile.named("Acme Reseller")));
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.changeCustomerSettings(adminOf(CUSTOMER), EACH_LOGIN);
        facade.loginToCustomer(adminOf(PARTNER), id);
        DelegationId other = h.connect(PARTNER, OTHER_CUSTOMER);
        facade.loginToCustomer(adminOf(PARTNER), other);
        h.clock.advance(DAY);
        facade.enforceTimeLimits(operator());

        assertThat(mailOf(h, CUSTOMER, NotificationType.DELEGATED_LOGIN_NOTICE)).singleElement().satisfies(n -> {
            assertThat(n.partnerName()).contains("Acme Reseller");
            assertThat(n.customerName()).as("the customer has no name in the directory").isEmpty();
            assertThat(n.logins()).singleElement().satisfies(l -> assertThat(l.partnerName()).contains("Acme Reseller"));
        });
        assertThat(mailOf(h, OTHER_CUSTOMER, NotificationType.DELEGATED_LOGIN_DIGEST)).singleElement().satisfies(n ->
                assertThat(n.logins()).singleElement().satisfies(l -> assertThat(l.partnerName()).contains("Acme Reseller")));
    }

    @Test
    void onEachLoginTheCustomerIsToldWhoLoggedInWhenWithWhichRolesAndWhy() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, GrantRequest.roles("tenant:administrator", "billing:read"),
                GrantRules.asRequested());
        facade.changeCustomerSettings(adminOf(CUSTOMER), EACH_LOGIN);
        Instant firstAt = h.clock.instant();

        facade.loginToCustomer(PARTNER_USER, id, LoginRequest.roles("billing:read").withReason("Ticket 4711"));
        h.clock.advance(Duration.ofMinutes(5));
        facade.loginToCustomer(adminOf(PARTNER), id);

        List<Notification> notices = mailOf(h, CUSTOMER, NotificationType.DELEGATED_LOGIN_NOTICE);
        assertThat(notices).hasSize(2);
        assertThat(notices.get(0).recipient()).isEqualTo(CUSTOMER.administratorEmail());
        assertThat(notices.get(0).partnerAccountNumber()).isEqualTo(PARTNER.accountNumber());
        assertThat(notices.get(0).logins()).singleElement().satisfies(login -> {
            assertThat(login.partnerUser()).isEqualTo(PARTNER_USER.userId());
            assertThat(login.partnerAccountNumber()).isEqualTo(PARTNER.accountNumber());
            assertThat(login.partnerEmail()).isEqualTo(PARTNER.administratorEmail());
            assertThat(login.at()).isEqualTo(firstAt);
            assertThat(login.roles()).containsExactly(BILLING);
            assertThat(login.reason()).contains("Ticket 4711");
        });
        assertThat(notices.get(1).logins()).singleElement().satisfies(login -> {
            assertThat(login.partnerUser()).isEqualTo(adminOf(PARTNER).userId());
            assertThat(login.at()).isEqualTo(firstAt.plus(Duration.ofMinutes(5)));
            assertThat(login.roles()).as("in key order").containsExactly(BILLING, DelegableRole.TENANT_ADMINISTRATOR);
            assertThat(login.reason()).isEmpty();
        });
        assertThat(mailOf(h, PARTNER)).as("the partner is not told of its own logins").noneMatch(n -> n.type().reportsLogins());

        h.clock.advance(DAY.multipliedBy(2));
        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).as("no digest on EACH_LOGIN").isZero();
        assertThat(mailOf(h, CUSTOMER, NotificationType.DELEGATED_LOGIN_DIGEST)).isEmpty();
    }

    @Test
    void theLoginNoticeIsWrittenWithTheLoginAndOnlyWhenTheLoginSucceeds() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.changeCustomerSettings(adminOf(CUSTOMER), EACH_LOGIN);
        ObservedState before = observe();

        assertFailsWith(ErrorCode.ROLE_NOT_GRANTED, () -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("billing:read")));
        assertFailsWith(ErrorCode.DELEGATION_NOT_FOUND, () -> facade.loginToCustomer(adminOf(OTHER_PARTNER), id));

        assertThat(observe()).as("a refused login tells no one").isEqualTo(before);
        facade.loginToCustomer(adminOf(PARTNER), id);
        assertThat(outbox(NotificationType.DELEGATED_LOGIN_NOTICE)).singleElement().satisfies(e -> {
            assertThat(e.delegationId()).isEqualTo(id);
            assertThat(e.recipient()).isEqualTo(CUSTOMER.administratorEmail());
            assertThat(e.logins()).singleElement().extracting(DelegatedLogin::partnerTenant).isEqualTo(PARTNER.id());
        });
    }

    // ------------------------------------------------------------------ the digest

    @Test
    void onTheDigestALoginMailsNothingUntilTheJobWhichListsEveryLoginOnceInOrder() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        Instant firstAt = h.clock.instant();
        facade.loginToCustomer(PARTNER_USER, id, LoginRequest.roles("tenant:administrator").withReason("Invoice question"));
        h.clock.advance(Duration.ofHours(2));
        facade.loginToCustomer(adminOf(PARTNER), id);
        assertThat(mailOf(h, CUSTOMER)).noneMatch(n -> n.type().reportsLogins());

        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).isEqualTo(1);
        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).as("run again at once").isZero();

        List<Notification> digests = mailOf(h, CUSTOMER, NotificationType.DELEGATED_LOGIN_DIGEST);
        assertThat(digests).singleElement().satisfies(d -> {
            assertThat(d.recipient()).isEqualTo(CUSTOMER.administratorEmail());
            assertThat(d.logins()).extracting(Notification.Login::partnerUser)
                    .containsExactly(PARTNER_USER.userId(), adminOf(PARTNER).userId());
            assertThat(d.logins()).extracting(Notification.Login::at).containsExactly(firstAt, firstAt.plus(Duration.ofHours(2)));
            assertThat(d.logins().get(0).reason()).contains("Invoice question");
            assertThat(d.logins().get(1).reason()).isEmpty();
            assertThat(d.logins()).allSatisfy(l -> {
                assertThat(l.partnerAccountNumber()).isEqualTo(PARTNER.accountNumber());
                assertThat(l.roles()).containsExactly(DelegableRole.TENANT_ADMINISTRATOR);
            });
        });
        assertThat(mailOf(h, OTHER_CUSTOMER)).as("a tenant without logins gets no digest").isEmpty();
    }

    @Test
    void theNextDigestComesNoEarlierThanADayAfterThePrevious() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.loginToCustomer(adminOf(PARTNER), id);
        Instant firstDigest = h.clock.instant();
        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).isEqualTo(1);
        h.clock.advance(Duration.ofHours(1));
        Instant laterLogin = h.clock.instant();
        facade.loginToCustomer(PARTNER_USER, id);

        // A day, less the few minutes by which a job run once a day may start earlier than the day before.
        Instant due = firstDigest.plus(DAY).minus(DIGEST_SLACK);
        h.clock.set(due.minusSeconds(1));
        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).as("a second before a day has passed").isZero();
        h.clock.set(due);
        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).as("a day after the previous digest").isEqualTo(1);
        h.clock.set(due.plusSeconds(1));
        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).as("nothing new to report").isZero();

        List<Notification> digests = mailOf(h, CUSTOMER, NotificationType.DELEGATED_LOGIN_DIGEST);
        assertThat(digests).hasSize(2);
        assertThat(digests.get(1).logins()).singleElement().satisfies(l -> {
            assertThat(l.partnerUser()).isEqualTo(PARTNER_USER.userId());
            assertThat(l.at()).isEqualTo(laterLogin);
        });
    }

    @Test
    void aJobRunOnceADayAFewMillisecondsEarlierThanTheDayBeforeStillWritesTheDigest() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.loginToCustomer(adminOf(PARTNER), id);
        Instant firstRun = h.clock.instant();
        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).isEqualTo(1);
        facade.loginToCustomer(PARTNER_USER, id);

        h.clock.set(firstRun.plus(DAY).minusMillis(40));
        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).isEqualTo(1);
    }

    @Test
    void aFloodOfLoginsCannotPutALaterLoginOffTheNextRunMailsTheRest() {
        // A host whose rate and cap let one partner user log in 501 times in a row.
        DelegationHarness roomy = new DelegationHarness(fixture, DelegationHarness.relaxedSettings()
                .withLoginRate(1000, Duration.ofMinutes(1)).withMaxLiveSessions(1000), CATALOGUE, 7);
        DelegationId id = roomy.connect(PARTNER, CUSTOMER);
        for (int i = 0; i < 500; i++) {
            roomy.delegation.loginToCustomer(adminOf(PARTNER), id);
        }
        roomy.clock.advance(Duration.ofSeconds(1));
        Instant hidden = roomy.clock.instant();
        roomy.delegation.loginToCustomer(PARTNER_USER, id, LoginRequest.roles("tenant:administrator").withReason("the one"));

        assertThat(roomy.delegation.enforceTimeLimits(operator()).loginDigests()).as("the first 500").isEqualTo(1);
        roomy.clock.advance(Duration.ofMinutes(5));
        assertThat(roomy.delegation.enforceTimeLimits(operator()).loginDigests()).as("the rest, at the next run").isEqualTo(1);
        assertThat(roomy.delegation.enforceTimeLimits(operator()).loginDigests()).as("then nothing").isZero();

        List<Notification> digests = mailOf(roomy, CUSTOMER, NotificationType.DELEGATED_LOGIN_DIGEST);
        assertThat(digests).hasSize(2);
        assertThat(digests.get(0).logins()).hasSize(500);
        assertThat(digests.get(1).logins()).singleElement().satisfies(l -> {
            assertThat(l.partnerUser()).isEqualTo(PARTNER_USER.userId());
            assertThat(l.at()).isEqualTo(hidden);
        });
    }

    @Test
    void aDigestIsDueJustAfterADayToo() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.loginToCustomer(adminOf(PARTNER), id);
        Instant firstDigest = h.clock.instant();
        facade.enforceTimeLimits(operator());
        facade.loginToCustomer(PARTNER_USER, id);

        h.clock.set(firstDigest.plus(DAY).plusSeconds(1));
        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).isEqualTo(1);
        assertThat(mailOf(h, CUSTOMER, NotificationType.DELEGATED_LOGIN_DIGEST)).hasSize(2);
    }

    @Test
    void withNoneNothingIsMailedAndTheLoginIsStillInTheAuditTrail() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.changeCustomerSettings(adminOf(CUSTOMER), NONE);
        facade.loginToCustomer(adminOf(PARTNER), id);
        h.clock.advance(DAY.multipliedBy(3));

        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).isZero();
        assertThat(mailOf(h, CUSTOMER)).noneMatch(n -> n.type().reportsLogins());
        assertThat(AuditTrails.whole(facade, adminOf(CUSTOMER), id)).extracting(AuditEvent::type).contains(AuditEventType.DELEGATED_LOGIN);
    }

    @Test
    void aLoginMadeWhileTheTenantWasToldOfEachLoginOrOfNoneIsNeverInALaterDigest() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.changeCustomerSettings(adminOf(CUSTOMER), EACH_LOGIN);
        facade.loginToCustomer(adminOf(PARTNER), id);
        facade.changeCustomerSettings(adminOf(CUSTOMER), NONE);
        facade.loginToCustomer(adminOf(PARTNER), id);
        facade.changeCustomerSettings(adminOf(CUSTOMER), CustomerSettings.DEFAULTS);
        h.clock.advance(Duration.ofMinutes(1));
        Instant onTheDigest = h.clock.instant();
        facade.loginToCustomer(PARTNER_USER, id);

        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).isEqualTo(1);

        assertThat(mailOf(h, CUSTOMER, NotificationType.DELEGATED_LOGIN_NOTICE)).hasSize(1);
        assertThat(mailOf(h, CUSTOMER, NotificationType.DELEGATED_LOGIN_DIGEST)).singleElement()
                .satisfies(d -> assertThat(d.logins()).extracting(Notification.Login::at).containsExactly(onTheDigest));
    }

    @Test
    void aDigestNamesEachLoginsOwnPartnerWhenTheCustomerChangedPartnerWithinTheDay() {
        DelegationId first = h.connect(PARTNER, CUSTOMER);
        facade.loginToCustomer(adminOf(PARTNER), first);
        facade.disassociatePartner(adminOf(CUSTOMER));
        DelegationId second = h.connect(OTHER_PARTNER, CUSTOMER);
        facade.loginToCustomer(adminOf(OTHER_PARTNER), second);

        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).isEqualTo(1);

        assertThat(mailOf(h, CUSTOMER, NotificationType.DELEGATED_LOGIN_DIGEST)).singleElement().satisfies(d ->
                assertThat(d.logins()).extracting(Notification.Login::partnerAccountNumber)
                        .containsExactly(PARTNER.accountNumber(), OTHER_PARTNER.accountNumber()));
    }

    @Test
    void aRestartedNodeRunningTheJobAgainMailsNoLoginTwice() {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.loginToCustomer(adminOf(PARTNER), id);
        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).isEqualTo(1);

        DelegationHarness restarted = DelegationHarness.withCatalogue(fixture, CATALOGUE);
        restarted.clock.set(h.clock.instant().plus(DAY.multipliedBy(2)));

        assertThat(restarted.delegation.enforceTimeLimits(operator()).loginDigests()).isZero();
        assertThat(outbox(NotificationType.DELEGATED_LOGIN_DIGEST)).hasSize(1);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void twoNodesRunningTheJobAtOnceMailEachLoginExactlyOnce() throws Exception {
        List<Tenant> customers = IntStream.rangeClosed(10, 29).mapToObj(TenantFixtures::customer).toList();
        customers.forEach(h::register);
        List<DelegationId> delegations = customers.stream().map(c -> h.connect(PARTNER, c)).toList();
        for (DelegationId id : delegations) {
            facade.loginToCustomer(adminOf(PARTNER), id);
            facade.loginToCustomer(PARTNER_USER, id);
        }
        DelegationHarness otherNode = DelegationHarness.withCatalogue(fixture, CATALOGUE);
        otherNode.clock.set(h.clock.instant());
        List<PartnerDelegation> nodes = List.of(facade, otherNode.delegation, facade, otherNode.delegation);
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        int digests = 0;
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> runs = new ArrayList<>();
            for (PartnerDelegation node : nodes) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return node.enforceTimeLimits(operator()).loginDigests();
                }));
            }
            start.countDown();
            for (Future<Integer> run : runs) {
                digests += run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(digests).as("digests the runs counted").isEqualTo(customers.size());
        List<OutboxEntry> written = outbox(NotificationType.DELEGATED_LOGIN_DIGEST);
        assertThat(written).hasSize(customers.size());
        assertThat(written).extracting(OutboxEntry::recipient).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(customers.stream().map(Tenant::administratorEmail).toList());
        assertThat(written).allSatisfy(e -> assertThat(e.logins()).extracting(DelegatedLogin::partnerUser)
                .containsExactly(adminOf(PARTNER).userId(), PARTNER_USER.userId()));
    }

    // ------------------------------------------------------------------ helpers

    private ObservedState observe() {
        return ObservedState.capture(h, List.of(PARTNER, OTHER_PARTNER, CUSTOMER, OTHER_CUSTOMER), List.of(), List.of());
    }

    /** Every outbox entry of that type, delivered or not. */
    private List<OutboxEntry> outbox(NotificationType type) {
        return ObservedState.capture(h, List.of(PARTNER), List.of(), List.of()).allOutboxEntries().stream()
                .filter(e -> e.type() == type).toList();
    }
}
