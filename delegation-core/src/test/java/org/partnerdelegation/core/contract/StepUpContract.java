package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.LoginNotice;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.StepUpChallenge;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AuditQuery;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.SessionQuery;
import org.partnerdelegation.core.usecase.StepUpPolicy;

/**
 * Step-up before a delegated login, through the facade with the default policy: a fresh
 * multi-factor authentication or {@code STEP_UP_REQUIRED}, nothing written on a refusal, the
 * methods in the login's audit event, the relaxations a host must name, and the same rule for the
 * customer's own sensitive actions where the host turns it on.
 */
public abstract class StepUpContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);
    private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);
    private static final Duration ONE_MICROSECOND = Duration.of(1, ChronoUnit.MICROS);

    private AdapterFixture fixture;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void newAdapters() {
        fixture = newFixture();
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    private DelegationHarness harness(StepUpPolicy policy) {
        DelegationHarness h = DelegationHarness.withStepUpPolicy(fixture, policy);
        h.register(PARTNER);
        h.register(CUSTOMER);
        return h;
    }

    private static Instant now(DelegationHarness h) {
        return h.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Principal partnerAdmin(Authentication authentication) {
        return adminOf(PARTNER).withAuthentication(authentication);
    }

    private static Principal customerSteppedUp(DelegationHarness h) {
        return adminOf(CUSTOMER).withAuthentication(Authentication.of(now(h), "pwd", "otp"));
    }

    /** The partner adds the customer, whose administrator accepts just after a step-up. */
    private static DelegationId connectSteppedUp(DelegationHarness h) {
        DelegationId id = h.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId();
        h.delegation.acceptInvitation(customerSteppedUp(h), ScenarioSupport.invitationTokenOf(h, id));
        return id;
    }

    private static List<AuditEvent> trail(DelegationHarness h, DelegationId id) {
        return h.delegation.auditTrail(adminOf(PARTNER), id, AuditQuery.firstPage()).items();
    }

    private static long logins(DelegationHarness h, DelegationId id) {
        return trail(h, id).stream().filter(e -> e.type() == AuditEventType.DELEGATED_LOGIN).count();
    }

    private static int sessionsIntoTheCustomer(DelegationHarness h) {
        return h.delegation.delegatedSessions(adminOf(CUSTOMER), SessionQuery.firstPage()).items().size();
    }

    /** The refusal, having checked that it wrote nothing: no session, no login in the trail. */
    private static DelegationException refusedWithNothingWritten(DelegationHarness h, DelegationId id, Principal actor) {
        DelegationException refused = assertFailsWith(ErrorCode.STEP_UP_REQUIRED, () -> h.delegation.loginToCustomer(actor, id));
        assertThat(sessionsIntoTheCustomer(h)).isZero();
        assertThat(logins(h, id)).isZero();
        return refused;
    }

    // ------------------------------------------------------------------ the default: multi-factor, 15 minutes

    @Test
    void aLoginWithoutAnyStatementOfAuthenticationIsRefusedAndTheChallengeSaysWhatToAskFor() {
        DelegationHarness h = harness(StepUpPolicy.defaults());
        DelegationId id = h.connect(PARTNER, CUSTOMER);

        DelegationException refused = refusedWithNothingWritten(h, id, adminOf(PARTNER));

        assertThat(refused.stepUpChallenge()).contains(new StepUpChallenge(true, FIFTEEN_MINUTES));
        assertThat(refused.getMessage()).contains("multi-factor").contains("15 minutes").contains("did not say");
    }

    @Test
    void aPasswordAloneIsOneFactorAndTheMessageNamesIt() {
        DelegationHarness h = harness(StepUpPolicy.defaults());
        DelegationId id = h.connect(PARTNER, CUSTOMER);

        DelegationException refused = refusedWithNothingWritten(h, id, partnerAdmin(Authentication.of(now(h), "pwd")));

        assertThat(refused.getMessage()).contains("pwd").contains("single factor").contains("second factor");
    }

    @Test
    void twoMethodsOfOneKindAreStillOneFactor() {
        DelegationHarness h = harness(StepUpPolicy.defaults());
        DelegationId id = h.connect(PARTNER, CUSTOMER);

        refusedWithNothingWritten(h, id, partnerAdmin(Authentication.of(now(h), "pwd", "pin", "kba")));
        refusedWithNothingWritten(h, id, partnerAdmin(Authentication.of(now(h), "otp", "hwk")));
    }

    @Test
    void aPasswordAndAOneTimeCodeLogInAndTheLoginRecordsBothMethods() {
        DelegationHarness h = harness(StepUpPolicy.defaults());
        DelegationId id = h.connect(PARTNER, CUSTOMER);

        IssuedSession issued = h.delegation.loginToCustomer(partnerAdmin(Authentication.of(now(h), "pwd", "otp")), id);

        assertThat(h.delegation.validateSession(issued.token().reveal())).isPresent();
        AuditEvent login = trail(h, id).stream().filter(e -> e.type() == AuditEventType.DELEGATED_LOGIN).findFirst().orElseThrow();
        assertThat(login.authenticationMethods()).containsExactly("otp", "pwd");
    }

    @Test
    void theAmrValueMfaAndTheHostsOwnStatementEachCountAsMultiFactor() {
        DelegationHarness h = harness(StepUpPolicy.defaults());
        DelegationId id = h.connect(PARTNER, CUSTOMER);

        h.delegation.loginToCustomer(partnerAdmin(Authentication.of(now(h), "mfa")), id);
        h.delegation.loginToCustomer(partnerAdmin(Authentication.multiFactor(now(h))), id);

        List<Set<String>> recorded = trail(h, id).stream().filter(e -> e.type() == AuditEventType.DELEGATED_LOGIN)
                .map(AuditEvent::authenticationMethods).toList();
        // The host's statement without methods is recorded as "mfa": the trail never shows a login with no method.
        assertThat(recorded).containsExactly(Set.of("mfa"), Set.of("mfa"));
    }

    @Test
    void anAuthenticationExactlyFifteenMinutesOldPassesAndOneMicrosecondOlderIsRefused() {
        DelegationHarness h = harness(StepUpPolicy.defaults());
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        Instant now = now(h);

        h.delegation.loginToCustomer(partnerAdmin(Authentication.multiFactor(now.minus(FIFTEEN_MINUTES).plus(ONE_MICROSECOND))), id);
        h.delegation.loginToCustomer(partnerAdmin(Authentication.multiFactor(now.minus(FIFTEEN_MINUTES))), id);
        DelegationException refused = assertFailsWith(ErrorCode.STEP_UP_REQUIRED, () -> h.delegation.loginToCustomer(
                partnerAdmin(Authentication.multiFactor(now.minus(FIFTEEN_MINUTES).minus(ONE_MICROSECOND))), id));

        assertThat(refused.getMessage()).contains("15 minutes").contains("ago");
        assertThat(logins(h, id)).isEqualTo(2);
    }

    @Test
    void anAuthenticationTimeAheadOfTheClockIsAcceptedWithinTheSkewAndRefusedBeyondIt() {
        DelegationHarness h = harness(StepUpPolicy.defaults());
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        Instant now = now(h);

        h.delegation.loginToCustomer(partnerAdmin(Authentication.multiFactor(now.plus(StepUpPolicy.CLOCK_SKEW))), id);
        DelegationException refused = assertFailsWith(ErrorCode.STEP_UP_REQUIRED, () -> h.delegation.loginToCustomer(
                partnerAdmin(Authentication.multiFactor(now.plus(StepUpPolicy.CLOCK_SKEW).plus(ONE_MICROSECOND))), id));

        // A far-future time would otherwise be a step-up that never ages.
        assertThat(refused.getMessage()).contains("ahead of this server's clock");
    }

    @Test
    void aUserWhoCouldNotLogInAnywayIsToldWhyAndNotAskedForAStepUp() {
        DelegationHarness h = harness(StepUpPolicy.defaults());
        Tenant otherPartner = h.register(partner(2));
        Tenant pendingCustomer = h.register(customer(2));
        DelegationId othersDelegation = h.connect(otherPartner, CUSTOMER);
        DelegationId pending = h.delegation.addCustomerAccount(adminOf(PARTNER), pendingCustomer.administratorEmail()).delegationId();
        Principal passwordOnly = partnerAdmin(Authentication.of(now(h), "pwd"));

        assertFailsWith(ErrorCode.DELEGATION_NOT_FOUND, () -> h.delegation.loginToCustomer(passwordOnly, othersDelegation));
        assertFailsWith(ErrorCode.DELEGATION_NOT_FOUND,
                () -> h.delegation.loginToCustomer(passwordOnly, DelegationId.of(java.util.UUID.randomUUID())));
        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> h.delegation.loginToCustomer(passwordOnly, pending));
        assertFailsWith(ErrorCode.ADMINISTRATOR_REQUIRED, () -> h.delegation.loginToCustomer(
                TenantFixtures.memberOf(PARTNER).withAuthentication(Authentication.of(now(h), "pwd")), pending));
    }

    @Test
    void aShorterMaximumAgeSetByTheHostIsEnforced() {
        DelegationHarness h = harness(StepUpPolicy.defaults().withMaxAge(Duration.ofMinutes(5)));
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        Instant now = now(h);

        h.delegation.loginToCustomer(partnerAdmin(Authentication.multiFactor(now.minus(Duration.ofMinutes(5)))), id);
        DelegationException refused = assertFailsWith(ErrorCode.STEP_UP_REQUIRED, () -> h.delegation.loginToCustomer(
                partnerAdmin(Authentication.multiFactor(now.minus(Duration.ofMinutes(6)))), id));

        assertThat(refused.stepUpChallenge()).contains(new StepUpChallenge(true, Duration.ofMinutes(5)));
    }

    // ------------------------------------------------------------------ relaxations the host names

    @Test
    void allowingSingleFactorStillAsksForAFreshAuthentication() {
        DelegationHarness h = harness(StepUpPolicy.defaults().allowingSingleFactor());
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        Instant now = now(h);

        h.delegation.loginToCustomer(partnerAdmin(Authentication.of(now, "pwd")), id);
        DelegationException noStatement = assertFailsWith(ErrorCode.STEP_UP_REQUIRED,
                () -> h.delegation.loginToCustomer(adminOf(PARTNER), id));
        assertFailsWith(ErrorCode.STEP_UP_REQUIRED, () -> h.delegation.loginToCustomer(
                partnerAdmin(Authentication.of(now.minus(FIFTEEN_MINUTES).minus(ONE_MICROSECOND), "pwd")), id));

        assertThat(noStatement.stepUpChallenge()).contains(new StepUpChallenge(false, FIFTEEN_MINUTES));
    }

    @Test
    void notRequiredAsksNothingOfTheHost() {
        DelegationHarness h = harness(StepUpPolicy.notRequired());
        DelegationId id = h.connect(PARTNER, CUSTOMER);

        IssuedSession issued = h.delegation.loginToCustomer(adminOf(PARTNER), id);

        assertThat(h.delegation.validateSession(issued.token().reveal())).isPresent();
        AuditEvent login = trail(h, id).stream().filter(e -> e.type() == AuditEventType.DELEGATED_LOGIN).findFirst().orElseThrow();
        assertThat(login.authenticationMethods()).isEmpty();
    }

    // ------------------------------------------------------------------ the customer's own requirement

    private static void customerRequires(DelegationHarness h, Duration age) {
        h.delegation.changeCustomerSettings(adminOf(CUSTOMER).withAuthentication(Authentication.multiFactor(now(h))),
                CustomerSettings.DEFAULTS.withStepUpMaxAge(Optional.of(age)));
    }

    @Test
    void aCustomerRequiresAStepUpForItsTenantWhereTheHostRelaxedIt() {
        DelegationHarness h = harness(StepUpPolicy.notRequired());
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        customerRequires(h, Duration.ofMinutes(10));
        Instant now = now(h);

        DelegationException refused = refusedWithNothingWritten(h, id, adminOf(PARTNER));
        assertThat(refused.stepUpChallenge()).contains(new StepUpChallenge(true, Duration.ofMinutes(10)));
        assertThat(refused.getMessage()).contains("10 minutes").contains("as the customer requires");
        refusedWithNothingWritten(h, id, partnerAdmin(Authentication.of(now, "pwd")));
        refusedWithNothingWritten(h, id, partnerAdmin(Authentication.multiFactor(now.minus(Duration.ofMinutes(10)).minus(ONE_MICROSECOND))));

        h.delegation.loginToCustomer(partnerAdmin(Authentication.multiFactor(now.minus(Duration.ofMinutes(10)))), id);
    }

    @Test
    void aCustomersShorterAgeIsEnforcedAndALongerOneLoosensNothing() {
        DelegationHarness h = harness(StepUpPolicy.defaults());
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        Instant now = now(h);

        customerRequires(h, Duration.ofMinutes(5));
        DelegationException shorter = refusedWithNothingWritten(h, id,
                partnerAdmin(Authentication.multiFactor(now.minus(Duration.ofMinutes(5)).minus(ONE_MICROSECOND))));
        assertThat(shorter.stepUpChallenge()).contains(new StepUpChallenge(true, Duration.ofMinutes(5)));
        assertThat(shorter.getMessage()).contains("5 minutes").contains("as the customer requires");

        customerRequires(h, Duration.ofHours(2));
        DelegationException longer = assertFailsWith(ErrorCode.STEP_UP_REQUIRED, () -> h.delegation.loginToCustomer(
                partnerAdmin(Authentication.multiFactor(now.minus(FIFTEEN_MINUTES).minus(ONE_MICROSECOND))), id));
        assertThat(longer.stepUpChallenge()).contains(new StepUpChallenge(true, FIFTEEN_MINUTES));
        assertThat(longer.getMessage()).doesNotContain("customer requires");
        h.delegation.loginToCustomer(partnerAdmin(Authentication.multiFactor(now.minus(FIFTEEN_MINUTES))), id);
    }

    @Test
    void aPartnerCannotLowerTheCustomersRequirement() {
        DelegationHarness h = harness(StepUpPolicy.notRequired());
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        customerRequires(h, Duration.ofMinutes(10));

        // The partner's administrator changes its own tenant's settings, never the customer's; its session cannot either.
        h.delegation.changeCustomerSettings(adminOf(PARTNER), CustomerSettings.DEFAULTS);
        assertThat(h.delegation.customerSettings(adminOf(CUSTOMER)).stepUpMaxAge()).contains(Duration.ofMinutes(10));
        refusedWithNothingWritten(h, id, adminOf(PARTNER));
    }

    @Test
    void whenTheHostTurnsItOnChangingTheCustomersSettingsNeedsAFreshMultiFactorAuthentication() {
        DelegationHarness h = harness(StepUpPolicy.defaults().forCustomerActionsToo());
        connectSteppedUp(h);

        assertFailsWith(ErrorCode.STEP_UP_REQUIRED, () -> h.delegation.changeCustomerSettings(
                adminOf(CUSTOMER).withAuthentication(Authentication.of(now(h), "pwd")),
                CustomerSettings.DEFAULTS.withLoginNotice(LoginNotice.NONE)));
        assertThat(h.delegation.customerSettings(adminOf(CUSTOMER))).isEqualTo(CustomerSettings.DEFAULTS);

        h.delegation.changeCustomerSettings(adminOf(CUSTOMER).withAuthentication(Authentication.of(now(h), "pwd", "otp")),
                CustomerSettings.DEFAULTS.withLoginNotice(LoginNotice.NONE));
        assertThat(h.delegation.customerSettings(adminOf(CUSTOMER)).loginNotice()).isEqualTo(LoginNotice.NONE);
    }

    // ------------------------------------------------------------------ the customer's own sensitive actions

    @Test
    void customerActionsNeedNoStepUpByDefault() {
        DelegationHarness h = harness(StepUpPolicy.defaults());
        h.connect(PARTNER, CUSTOMER);

        h.delegation.restrictPartnerAccess(adminOf(CUSTOMER), Set.of(RoleKey.TENANT_ADMINISTRATOR),
                Optional.of(now(h).plus(Duration.ofDays(10))));
    }

    @Test
    void whenTheHostTurnsItOnRestrictingAccessNeedsAFreshMultiFactorAuthentication() {
        DelegationHarness h = harness(StepUpPolicy.defaults().forCustomerActionsToo());
        DelegationId id = connectSteppedUp(h);
        Optional<Instant> earlier = Optional.of(now(h).plus(Duration.ofDays(10)));

        DelegationException refused = assertFailsWith(ErrorCode.STEP_UP_REQUIRED, () -> h.delegation.restrictPartnerAccess(
                adminOf(CUSTOMER).withAuthentication(Authentication.of(now(h), "pwd")), Set.of(RoleKey.TENANT_ADMINISTRATOR), earlier));
        assertThat(refused.getMessage()).startsWith("Restricting your partner's access");
        assertThat(h.delegation.currentPartner(adminOf(CUSTOMER)).orElseThrow().endsAt()).isEmpty();

        h.delegation.restrictPartnerAccess(adminOf(CUSTOMER).withAuthentication(Authentication.multiFactor(now(h))),
                Set.of(RoleKey.TENANT_ADMINISTRATOR), earlier);
        assertThat(h.delegation.currentPartner(adminOf(CUSTOMER)).orElseThrow().endsAt()).isEqualTo(earlier);
        AuditEvent restriction = trail(h, id).get(trail(h, id).size() - 1);
        assertThat(restriction.authenticationMethods()).containsExactly("mfa");
    }

    @Test
    void whenTheHostTurnsItOnAcceptingAnInvitationAndApprovingAChangeNeedAFreshMultiFactorAuthentication() {
        DelegationHarness h = harness(StepUpPolicy.defaults().forCustomerActionsToo());
        DelegationId id = h.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId();
        String invitation = ScenarioSupport.invitationTokenOf(h, id);

        DelegationException refused = assertFailsWith(ErrorCode.STEP_UP_REQUIRED, () -> h.delegation.acceptInvitation(
                adminOf(CUSTOMER).withAuthentication(Authentication.of(now(h), "pwd")), invitation));
        assertThat(refused.getMessage()).startsWith("Accepting a partner's invitation");
        assertThat(h.delegation.currentPartner(adminOf(CUSTOMER))).isEmpty();
        h.delegation.acceptInvitation(customerSteppedUp(h), invitation);

        h.delegation.requestGrantChange(partnerAdmin(Authentication.multiFactor(now(h))), id,
                new GrantRequest(Set.of(), Optional.of(Duration.ofDays(30))));
        String change = ScenarioSupport.changeRequestTokenOf(h, id);
        assertFailsWith(ErrorCode.STEP_UP_REQUIRED, () -> h.delegation.acceptInvitation(adminOf(CUSTOMER), change));
        assertThat(h.delegation.currentPartner(adminOf(CUSTOMER)).orElseThrow().endsAt()).isEmpty();

        h.delegation.acceptInvitation(adminOf(CUSTOMER).withAuthentication(Authentication.of(now(h), "pwd", "hwk")), change,
                GrantRules.asRequested());
        assertThat(h.delegation.currentPartner(adminOf(CUSTOMER)).orElseThrow().endsAt()).isPresent();
    }

    @Test
    void whenTheHostTurnsItOnChangingTheGrantsRulesNeedsAFreshMultiFactorAuthentication() {
        DelegationHarness h = harness(StepUpPolicy.defaults().forCustomerActionsToo());
        connectSteppedUp(h);

        assertFailsWith(ErrorCode.STEP_UP_REQUIRED, () -> h.delegation.changeGrantRules(
                adminOf(CUSTOMER).withAuthentication(Authentication.of(now(h), "pwd")), GrantRules.asRequested().withReasonRequired(true)));
        assertThat(h.delegation.currentPartner(adminOf(CUSTOMER)).orElseThrow().rules().requireReasonForSensitiveRoles()).isFalse();

        h.delegation.changeGrantRules(customerSteppedUp(h), GrantRules.asRequested().withReasonRequired(true));
        assertThat(h.delegation.currentPartner(adminOf(CUSTOMER)).orElseThrow().rules().requireReasonForSensitiveRoles()).isTrue();
    }

    @Test
    void aRelaxedFacadeStillRecordsTheMethodsAHostGives() {
        DelegationHarness h = harness(StepUpPolicy.notRequired());
        DelegationId id = h.connect(PARTNER, CUSTOMER);

        h.delegation.loginToCustomer(partnerAdmin(Authentication.of(now(h), "pwd", "swk")), id);

        assertThat(trail(h, id).stream().filter(e -> e.type() == AuditEventType.DELEGATED_LOGIN).findFirst().orElseThrow()
                .authenticationMethods()).containsExactly("pwd", "swk");
    }
}
