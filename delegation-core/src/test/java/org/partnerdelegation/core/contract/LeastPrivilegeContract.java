package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.ScenarioSupport.changeRequestTokenOf;
import static org.partnerdelegation.core.contract.ScenarioSupport.invitationTokenOf;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantProfile;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.AccountAction;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.AuditRange;
import org.partnerdelegation.core.usecase.DelegatedSessionView;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.InvitationReview;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.StepUpPolicy;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.usecase.SessionQuery;
import org.partnerdelegation.core.usecase.TimeLimitResult;

/**
 * Least privilege and time limits (issue 10), through the facade: roles from the host's
 * catalogue, approved as a whole; per-session elevation and reasons; the end date, its notice
 * and one automatic renewal; change requests and the customer's reductions; the one partner per
 * customer rule across all of it; the customer's view of the delegated sessions; the tenant's
 * audit export as JSON Lines; and what an attacker holding a session, a link or another account
 * cannot do with them.
 */
public abstract class LeastPrivilegeContract {

    /** Not sensitive, may be renewed automatically. */
    protected static final DelegableRole BILLING = DelegableRole.of("billing:read", "Billing (read)",
            "Reads invoices and payment methods.");
    /** Sensitive, may be renewed automatically. */
    protected static final DelegableRole TICKETS = DelegableRole.of("support:tickets", "Support tickets",
            "Opens and answers support tickets.").asSensitive();
    /** Sensitive, kept from automatic renewal. */
    protected static final DelegableRole USERS = DelegableRole.of("users:manage", "User management",
            "Invites and removes users.").asSensitive().withAutoRenewal(false);
    /** The host's catalogue: the seed's role, the default, and three more. */
    protected static final RoleCatalogue CATALOGUE = RoleCatalogue.builder()
            .role(DelegableRole.TENANT_ADMINISTRATOR).role(BILLING).role(TICKETS).role(USERS)
            .defaultRoles(RoleKey.TENANT_ADMINISTRATOR).build();

    private static final Tenant PARTNER = partner(1);
    private static final Tenant OTHER_PARTNER = partner(2);
    private static final Tenant THIRD_PARTNER = partner(3);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant OTHER_CUSTOMER = customer(2);
    private static final Tenant THIRD_CUSTOMER = customer(3);
    private static final Tenant FOURTH_CUSTOMER = customer(4);
    private static final Tenant FIFTH_CUSTOMER = customer(5);
    private static final List<Tenant> TENANTS = List.of(PARTNER, OTHER_PARTNER, THIRD_PARTNER, CUSTOMER, OTHER_CUSTOMER,
            THIRD_CUSTOMER, FOURTH_CUSTOMER, FIFTH_CUSTOMER);

    private static final Instant START = MutableClock.START;
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);
    private static final GrantRequest BILLING_30_DAYS = GrantRequest.roles("billing:read").forTerm(THIRTY_DAYS);
    private static final List<String> JSON_KEYS = List.of("id", "type", "occurredAt", "delegationId", "targetTenant",
            "actorTenant", "actorUser", "fromStatus", "toStatus", "roles", "endsAt", "reason", "authenticationMethods");

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
        TENANTS.forEach(h::register);
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    // ------------------------------------------------------------------ the seed's flow

    @Test
    void withoutRolesTheSeedFlowGrantsTheWholeTenantWithoutAnEndDate() {
        AccountListEntry added = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        assertThat(added.roles()).containsExactly(RoleKey.TENANT_ADMINISTRATOR);
        assertThat(added.endsAt()).isEmpty();
        assertThat(mailOf(h, CUSTOMER, NotificationType.INVITATION)).singleElement().satisfies(n -> {
            assertThat(n.roles()).containsExactly(DelegableRole.TENANT_ADMINISTRATOR);
            assertThat(n.term()).isEmpty();
            assertThat(n.endsAt()).isEmpty();
        });

        PartnerLink link = facade.acceptInvitation(adminOf(CUSTOMER), invitationTokenOf(h, added.delegationId()));
        IssuedSession issued = facade.loginToCustomer(adminOf(PARTNER), added.delegationId());

        assertThat(link.roles()).containsExactly(DelegableRole.TENANT_ADMINISTRATOR);
        assertThat(link.endsAt()).isEmpty();
        assertThat(link.accessUntil()).isEmpty();
        assertThat(link.rules()).isEqualTo(GrantRules.asRequested());
        assertThat(rowOf(added.delegationId()).roles()).containsExactly(RoleKey.TENANT_ADMINISTRATOR);
        assertThat(rowOf(added.delegationId()).endsAt()).isEmpty();
        assertThat(issued.session().roles()).containsExactly(RoleKey.TENANT_ADMINISTRATOR);
        assertThat(issued.session().scope()).isEqualTo(DelegatedSession.TENANT_ADMINISTRATOR_SCOPE);
        assertThat(issued.session().expiresAt()).isEqualTo(START.plus(DelegationSettings.DEFAULT_SESSION_TTL));
        assertThat(facade.validateSession(issued.token().reveal())).hasValueSatisfying(s -> {
            assertThat(s.hasRole("tenant:administrator")).isTrue();
            assertThat(s.hasRole(RoleKey.TENANT_ADMINISTRATOR)).isTrue();
            assertThat(s.hasRole("billing:read")).isFalse();
        });
        assertThat(facade.roleCatalogue()).isSameAs(CATALOGUE);

        h.clock.advance(Duration.ofDays(1000));
        assertThat(facade.enforceTimeLimits(operator()).total()).as("nothing ends without an end date").isZero();
        assertThat(facade.validateSession(facade.loginToCustomer(adminOf(PARTNER), added.delegationId()).token().reveal()))
                .isPresent();
    }

    @Test
    void theInvitationAndTheChangeRequestNameThePartnerAsTheDirectoryNamesIt() {
        h.register(PARTNER.withProfile(TenantProfile.named("Acme Reseller")));
        h.register(CUSTOMER.withProfile(TenantProfile.named("Initech")));
        DelegationId id = add(CUSTOMER, BILLING_30_DAYS);

        assertThat(facade.reviewInvitation(adminOf(CUSTOMER), invitationTokenOf(h, id)).partnerName()).contains("Acme Reseller");
        assertThat(mailOf(h, CUSTOMER, NotificationType.INVITATION)).singleElement().satisfies(n -> {
            assertThat(n.partnerName()).contains("Acme Reseller");
            assertThat(n.customerName()).contains("Initech");
        });

        DelegationId connected = connect(OTHER_CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        facade.requestGrantChange(adminOf(PARTNER), connected, GrantRequest.roles("billing:read", "support:tickets"));
        InvitationReview change = facade.reviewInvitation(adminOf(OTHER_CUSTOMER), changeRequestTokenOf(h, connected));
        assertThat(change.kind()).isEqualTo(InvitationReview.Kind.CHANGE_OF_GRANT);
        assertThat(change.partnerName()).contains("Acme Reseller");
        assertThat(mailOf(h, OTHER_CUSTOMER, NotificationType.CHANGE_REQUEST)).singleElement().satisfies(n -> {
            assertThat(n.partnerName()).contains("Acme Reseller");
            assertThat(n.customerName()).as("no name in the directory").isEmpty();
        });
    }

    // ------------------------------------------------------------------ the host's catalogue

    @Test
    void aRoleTheCatalogueDoesNotOfferIsRefusedBeforeAnythingIsWritten() {
        DelegationId connected = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        ObservedState before = observe(List.of(), List.of());

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.addCustomerAccount(adminOf(PARTNER),
                OTHER_CUSTOMER.administratorEmail(), GrantRequest.roles("payroll:write")));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.addCustomerAccount(adminOf(PARTNER),
                OTHER_CUSTOMER.administratorEmail(), GrantRequest.roles("billing:read", "payroll:write").forTerm(THIRTY_DAYS)));
        DelegationException beforeAnyRead = assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.addCustomerAccount(
                adminOf(PARTNER), org.partnerdelegation.core.domain.EmailAddress.of("nobody@nowhere.example"),
                GrantRequest.roles("payroll:write")));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.requestGrantChange(adminOf(PARTNER), connected,
                GrantRequest.roles("billing:read", "payroll:write")));

        assertThat(beforeAnyRead.getMessage()).contains("payroll:write");
        assertThat(observe(List.of(), List.of())).as("nothing written").isEqualTo(before);
    }

    @Test
    void theRolesARequestWithoutRolesAsksForAreTheHostsDefault() {
        RoleCatalogue billingByDefault = RoleCatalogue.builder().role(DelegableRole.TENANT_ADMINISTRATOR).role(BILLING)
                .defaultRoles(RoleKey.of("billing:read")).build();
        DelegationHarness host = DelegationHarness.withCatalogue(fixture, billingByDefault);

        AccountListEntry added = host.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        host.delegation.acceptInvitation(adminOf(CUSTOMER), invitationTokenOf(host, added.delegationId()));
        DelegatedSession session = host.delegation.loginToCustomer(adminOf(PARTNER), added.delegationId()).session();

        assertThat(added.roles()).containsExactly(RoleKey.of("billing:read"));
        assertThat(mailOf(host, CUSTOMER, NotificationType.INVITATION)).singleElement()
                .satisfies(n -> assertThat(n.roles()).containsExactly(BILLING));
        assertThat(session.hasRole("billing:read")).isTrue();
        assertThat(session.hasRole("tenant:administrator")).isFalse();
    }

    @Test
    void aPeriodOutsideTheBoundsIsRefusedBeforeAnythingIsWritten() {
        ObservedState before = observe(List.of(), List.of());

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> add(CUSTOMER, GrantRequest.roles("billing:read").forTerm(Duration.ofHours(23))));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> add(CUSTOMER, GrantRequest.roles("billing:read").forTerm(Duration.ofDays(731))));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> add(CUSTOMER, GrantRequest.roles("billing:read")
                .forTerm(Duration.ofDays(730).plusSeconds(1))));
        assertThat(observe(List.of(), List.of())).as("nothing written").isEqualTo(before);

        assertThat(add(CUSTOMER, GrantRequest.roles("billing:read").forTerm(DAY))).isNotNull();
        assertThat(add(OTHER_CUSTOMER, GrantRequest.roles("billing:read").forTerm(Duration.ofDays(730)))).isNotNull();
    }

    @Test
    void theHostsOwnBoundsApplyToRequestsAndChanges() {
        DelegationHarness host = new DelegationHarness(fixture, DelegationHarness.relaxedSettings()
                .withTermBounds(Duration.ofDays(7), Duration.ofDays(90)), CATALOGUE);
        PartnerDelegation bounded = host.delegation;

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> bounded.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail(),
                GrantRequest.roles("billing:read").forTerm(Duration.ofDays(6))));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> bounded.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail(),
                GrantRequest.roles("billing:read").forTerm(Duration.ofDays(91))));
        DelegationId id = host.connect(PARTNER, CUSTOMER, GrantRequest.roles("billing:read").forTerm(Duration.ofDays(7)),
                GrantRules.asRequested());
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> bounded.requestGrantChange(adminOf(PARTNER), id,
                GrantRequest.roles("billing:read").forTerm(Duration.ofDays(91))));

        assertThat(bounded.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read")
                .forTerm(Duration.ofDays(90))).changeRequested()).isTrue();
        assertThat(bounded.settings().maxTerm()).isEqualTo(Duration.ofDays(90));
    }

    // ------------------------------------------------------------------ the invitation lists the roles; approved as a whole

    @Test
    void theInvitationListsTheRequestedRolesWithTheirNamesAndTheCustomerApprovesThemAsAWhole() {
        GrantRequest request = GrantRequest.roles("support:tickets", "billing:read").forTerm(THIRTY_DAYS);
        DelegationId id = add(CUSTOMER, request);
        String token = invitationTokenOf(h, id);

        InvitationReview review = facade.reviewInvitation(adminOf(CUSTOMER), token);

        assertThat(review.kind()).isEqualTo(InvitationReview.Kind.NEW_DELEGATION);
        assertThat(review.delegationId()).isEqualTo(id);
        assertThat(review.requestedRoles()).containsExactly(BILLING, TICKETS);
        assertThat(review.requestedRoles()).extracting(DelegableRole::name).containsExactly("Billing (read)", "Support tickets");
        assertThat(review.requestedTerm()).contains(THIRTY_DAYS);
        assertThat(review.currentRoles()).isEmpty();
        assertThat(review.currentEndsAt()).isEmpty();
        assertThat(review.partnerEmail()).contains(PARTNER.administratorEmail());
        assertThat(review.partnerAccountNumber()).contains(PARTNER.accountNumber());
        assertThat(review.partnerName()).as("the directory names no partner here").isEmpty();
        assertThat(review.autoRenewalAllowed()).isTrue();
        assertThat(mailOf(h, CUSTOMER, NotificationType.INVITATION)).singleElement().satisfies(n -> {
            assertThat(n.roles()).containsExactly(BILLING, TICKETS);
            assertThat(n.term()).contains(THIRTY_DAYS);
            assertThat(n.endsAt()).as("counted from the approval").isEmpty();
            assertThat(n.invitationToken()).isPresent();
        });
        assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.reviewInvitation(otherAdminOf(CUSTOMER), token));
        assertThat(rowOf(id).status()).as("reviewing writes nothing").isEqualTo(DelegationStatus.PENDING);

        h.clock.advance(Duration.ofHours(2));
        PartnerLink link = facade.acceptInvitation(adminOf(CUSTOMER), token);

        Instant end = START.plus(Duration.ofHours(2)).plus(THIRTY_DAYS);
        assertThat(link.roles()).containsExactly(BILLING, TICKETS);
        assertThat(link.endsAt()).contains(end);
        assertThat(link.accessUntil()).contains(end);
        assertThat(rowOf(id).roles()).containsExactlyInAnyOrder(RoleKey.of("billing:read"), RoleKey.of("support:tickets"));
        assertThat(rowOf(id).endsAt()).contains(end);
        assertThat(lastEvent(id)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.INVITATION_ACCEPTED);
            assertThat(e.roles()).containsExactly(RoleKey.of("billing:read"), RoleKey.of("support:tickets"));
            assertThat(e.endsAt()).contains(end);
        });
        assertThat(mailOf(h, PARTNER, NotificationType.ACCEPTANCE_NOTICE)).singleElement().satisfies(n -> {
            assertThat(n.roles()).containsExactly(BILLING, TICKETS);
            assertThat(n.endsAt()).contains(end);
        });
    }

    @Test
    void theCustomerDeclinesTheRequestAsAWhole() {
        DelegationId id = add(CUSTOMER, GrantRequest.roles("billing:read", "support:tickets").forTerm(THIRTY_DAYS));

        facade.declineInvitation(adminOf(CUSTOMER), invitationTokenOf(h, id));

        assertThat(rowOf(id).status()).isEqualTo(DelegationStatus.DECLINED);
        assertThat(mailOf(h, PARTNER, NotificationType.DECLINE_NOTICE)).singleElement()
                .satisfies(n -> assertThat(n.roles()).containsExactly(BILLING, TICKETS));
        assertFailsWith(ErrorCode.DELEGATION_NOT_FOUND, () -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("billing:read")));
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isEmpty();
    }

    // ------------------------------------------------------------------ sessions carry the approved roles; per-session elevation

    @Test
    void aSessionCarriesTheApprovedRolesAndALoginAskingASubsetHoldsOnlyThat() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read", "support:tickets"), GrantRules.asRequested());

        IssuedSession all = facade.loginToCustomer(adminOf(PARTNER), id);
        IssuedSession subset = facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("billing:read"));

        assertThat(all.session().roles()).containsExactly(RoleKey.of("billing:read"), RoleKey.of("support:tickets"));
        assertThat(subset.session().roles()).containsExactly(RoleKey.of("billing:read"));
        assertThat(facade.validateSession(subset.token().reveal())).hasValueSatisfying(s -> {
            assertThat(s.hasRole("billing:read")).isTrue();
            assertThat(s.hasRole("support:tickets")).isFalse();
            assertThat(s.hasRole("tenant:administrator")).isFalse();
            assertThat(s.scope()).isEqualTo("billing:read");
        });
        assertThat(facade.validateSession(all.token().reveal())).hasValueSatisfying(s ->
                assertThat(s.hasRole("support:tickets")).isTrue());
        assertThat(lastEvent(id)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.DELEGATED_LOGIN);
            assertThat(e.roles()).containsExactly(RoleKey.of("billing:read"));
        });
    }

    @Test
    void aLoginAskingARoleNotGrantedIsRefusedAndWritesNothing() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        ObservedState before = observe(List.of(), List.of());
        int sessions = sessionsInto(CUSTOMER).size();

        DelegationException refusal = assertFailsWith(ErrorCode.ROLE_NOT_GRANTED, () -> facade.loginToCustomer(adminOf(PARTNER), id,
                LoginRequest.roles("billing:read", "tenant:administrator")));
        assertFailsWith(ErrorCode.ROLE_NOT_GRANTED, () -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets")));
        assertFailsWith(ErrorCode.ROLE_NOT_GRANTED, () -> facade.loginToCustomer(adminOf(PARTNER), id,
                LoginRequest.roles("payroll:write").withReason("not in the catalogue at all")));

        assertThat(refusal.getMessage()).contains("tenant:administrator").contains("billing:read");
        assertThat(observe(List.of(), List.of())).as("nothing written").isEqualTo(before);
        assertThat(sessionsInto(CUSTOMER)).hasSize(sessions);
    }

    @Test
    void aReasonIsRequiredForSensitiveRolesWhenTheCustomersRulesSaySo() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read", "support:tickets").forTerm(THIRTY_DAYS),
                GrantRules.asRequested().withReasonRequired(true));
        DelegationId lenient = connect(OTHER_CUSTOMER, GrantRequest.roles("support:tickets"), GrantRules.asRequested());
        ObservedState before = observe(List.of(), List.of());

        assertFailsWith(ErrorCode.REASON_REQUIRED, () -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets")));
        assertFailsWith(ErrorCode.REASON_REQUIRED, () -> facade.loginToCustomer(adminOf(PARTNER), id));
        assertThat(observe(List.of(), List.of())).as("nothing written").isEqualTo(before);
        assertThat(sessionsInto(CUSTOMER)).isEmpty();

        assertThat(facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("billing:read")).session().reason())
                .as("a role that is not sensitive needs none").isEmpty();
        assertThat(facade.loginToCustomer(adminOf(PARTNER), lenient, LoginRequest.roles("support:tickets")).session().roles())
                .as("a customer that does not ask for reasons").containsExactly(RoleKey.of("support:tickets"));
        h.clock.advance(Duration.ofMinutes(1));
        IssuedSession given = facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets").withReason("  INC-4711  "));

        assertThat(given.session().reason()).contains("INC-4711");
        assertThat(facade.validateSession(given.token().reveal())).hasValueSatisfying(s -> assertThat(s.reason()).contains("INC-4711"));
        assertThat(lastEvent(id)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.DELEGATED_LOGIN);
            assertThat(e.reason()).contains("INC-4711");
            assertThat(e.roles()).containsExactly(RoleKey.of("support:tickets"));
        });
        assertThat(sessionsInto(CUSTOMER)).first().satisfies(v -> {
            assertThat(v.sessionId()).isEqualTo(given.session().id());
            assertThat(v.reason()).contains("INC-4711");
        });

        PartnerLink relaxed = facade.changeGrantRules(adminOf(CUSTOMER), GrantRules.asRequested());
        assertThat(relaxed.rules().requireReasonForSensitiveRoles()).isFalse();
        assertThat(lastEvent(id).type()).isEqualTo(AuditEventType.GRANT_RULES_CHANGED);
        assertThat(facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets")).session().reason()).isEmpty();
    }

    // ------------------------------------------------------------------ the end date

    @Test
    void aDelegationEndsAtItsEndDateWhileASessionIsLive() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        Instant end = START.plus(THIRTY_DAYS);
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).hasValueSatisfying(l -> {
            assertThat(l.endsAt()).contains(end);
            assertThat(l.accessUntil()).contains(end);
        });
        h.clock.set(end.minus(Duration.ofMinutes(30)));
        IssuedSession live = facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("billing:read"));
        assertThat(live.session().expiresAt()).as("a session never outlives the grant").isEqualTo(end);
        assertThat(facade.validateSession(live.token().reveal())).isPresent();

        h.clock.set(end);

        assertThat(facade.validateSession(live.token().reveal())).as("at once, before any sweep").isEmpty();
        DelegationException refused = assertFailsWith(ErrorCode.NOT_CONNECTED,
                () -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("billing:read")));
        assertThat(refused.getMessage()).contains("ended");

        TimeLimitResult swept = facade.enforceTimeLimits(operator());

        assertThat(swept.ended()).isEqualTo(1);
        assertThat(swept.renewed()).isZero();
        assertThat(rowOf(id).status()).isEqualTo(DelegationStatus.ENDED);
        assertThat(facade.listAccounts(adminOf(PARTNER), AccountQuery.firstPage()).items()).isEmpty();
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isEmpty();
        assertThat(sessionsInto(CUSTOMER)).singleElement().satisfies(v -> assertThat(v.live()).isFalse());
        assertThat(lastEvent(id)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.DELEGATION_ENDED);
            assertThat(e.fromStatus()).contains(DelegationStatus.CONNECTED);
            assertThat(e.toStatus()).contains(DelegationStatus.ENDED);
            assertThat(e.roles()).containsExactly(RoleKey.of("billing:read"));
            assertThat(e.endsAt()).contains(end);
            assertThat(e.actorUser()).isEqualTo(operator().userId());
        });
        assertThat(mailOf(h, PARTNER, NotificationType.END_NOTICE_TO_PARTNER)).singleElement().satisfies(n -> {
            assertThat(n.endsAt()).contains(end);
            assertThat(n.roles()).containsExactly(BILLING);
        });
        assertThat(mailOf(h, CUSTOMER, NotificationType.END_NOTICE_TO_CUSTOMER)).singleElement();
        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("billing:read")));
        assertThat(facade.validateSession(live.token().reveal())).isEmpty();
        assertThat(facade.enforceTimeLimits(operator()).total()).as("ended once").isZero();
        assertThat(mailOf(h, CUSTOMER, NotificationType.END_NOTICE_TO_CUSTOMER)).hasSize(1);
    }

    @Test
    void anEndedDelegationCannotBeRevivedBeforeTheSweepRecordsIt() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        h.clock.set(START.plus(THIRTY_DAYS).plusSeconds(1));
        ObservedState before = observe(List.of(), List.of());

        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.requestGrantChange(adminOf(PARTNER), id,
                GrantRequest.roles("billing:read").forTerm(THIRTY_DAYS)));
        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.changeGrantRules(adminOf(CUSTOMER), new GrantRules(true, false)));
        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.restrictPartnerAccess(adminOf(CUSTOMER),
                RoleKey.setOf("billing:read"), Optional.of(h.clock.instant().plus(DAY))));

        assertThat(observe(List.of(), List.of())).as("nothing written").isEqualTo(before);
        assertThat(facade.enforceTimeLimits(operator()).ended()).isEqualTo(1);
    }

    @Test
    void aChangeRequestLeftOpenPastTheEndDateCannotBeApproved() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read").forTerm(Duration.ofDays(3)), GrantRules.asRequested());
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read").forTerm(THIRTY_DAYS));
        String token = changeRequestTokenOf(h, id);
        h.clock.set(START.plus(Duration.ofDays(3)).plusSeconds(1));
        ObservedState before = observe(List.of(token), List.of());

        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(CUSTOMER), token));
        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.reviewInvitation(adminOf(CUSTOMER), token));

        assertThat(observe(List.of(token), List.of())).as("nothing written").isEqualTo(before);
        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.loginToCustomer(adminOf(PARTNER), id));
        facade.enforceTimeLimits(operator());
        assertThat(rowOf(id).status()).isEqualTo(DelegationStatus.ENDED);
        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(CUSTOMER), token));
    }

    // ------------------------------------------------------------------ the ending notice

    @Test
    void theEndingNoticeGoesToBothSidesOnceBeforeTheEnd() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        Instant end = START.plus(THIRTY_DAYS);
        Duration notice = facade.settings().endingNotice();
        assertThat(notice).isEqualTo(Duration.ofDays(14));

        h.clock.set(end.minus(notice).minusSeconds(1));
        assertThat(facade.enforceTimeLimits(operator()).endingNotices()).as("not yet").isZero();
        h.clock.set(end.minus(notice));
        assertThat(facade.enforceTimeLimits(operator()).endingNotices()).isEqualTo(1);
        h.clock.advance(DAY);
        assertThat(facade.enforceTimeLimits(operator()).endingNotices()).as("not twice").isZero();

        assertThat(mailOf(h, PARTNER, NotificationType.ENDING_NOTICE_TO_PARTNER)).singleElement().satisfies(n -> {
            assertThat(n.endsAt()).contains(end);
            assertThat(n.roles()).containsExactly(BILLING);
            assertThat(n.delegationId()).isEqualTo(id);
        });
        assertThat(mailOf(h, CUSTOMER, NotificationType.ENDING_NOTICE_TO_CUSTOMER)).singleElement()
                .satisfies(n -> assertThat(n.endsAt()).contains(end));

        h.clock.set(end);
        assertThat(facade.enforceTimeLimits(operator())).isEqualTo(new TimeLimitResult(0, 0, 0, 0, 1));
        assertThat(mailOf(h, PARTNER, NotificationType.ENDING_NOTICE_TO_PARTNER)).hasSize(1);
        assertThat(mailOf(h, CUSTOMER, NotificationType.ENDING_NOTICE_TO_CUSTOMER)).hasSize(1);
    }

    @Test
    void aSweepThatFirstRunsAfterTheEndSendsTheEndNotAnEndingNotice() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        h.clock.set(START.plus(THIRTY_DAYS).plus(Duration.ofHours(1)));

        TimeLimitResult swept = facade.enforceTimeLimits(operator());

        assertThat(swept.ended()).isEqualTo(1);
        assertThat(swept.endingNotices()).isZero();
        assertThat(rowOf(id).status()).isEqualTo(DelegationStatus.ENDED);
        assertThat(mailOf(h, PARTNER)).extracting(Notification::type)
                .contains(NotificationType.END_NOTICE_TO_PARTNER).doesNotContain(NotificationType.ENDING_NOTICE_TO_PARTNER);
        assertThat(mailOf(h, CUSTOMER)).extracting(Notification::type)
                .contains(NotificationType.END_NOTICE_TO_CUSTOMER).doesNotContain(NotificationType.ENDING_NOTICE_TO_CUSTOMER);
    }

    @Test
    void anEarlierEndSetByTheCustomerGetsANoticeOfItsOwn() {
        connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        h.clock.set(START.plus(Duration.ofDays(16)));
        assertThat(facade.enforceTimeLimits(operator()).endingNotices()).isEqualTo(1);
        h.dispatcher.drain();

        Instant earlier = START.plus(Duration.ofDays(20));
        facade.restrictPartnerAccess(adminOf(CUSTOMER), RoleKey.setOf("billing:read"), Optional.of(earlier));

        assertThat(facade.enforceTimeLimits(operator()).endingNotices()).isEqualTo(1);
        assertThat(mailOf(h, CUSTOMER, NotificationType.ENDING_NOTICE_TO_CUSTOMER)).extracting(n -> n.endsAt().orElseThrow())
                .containsExactly(START.plus(THIRTY_DAYS), earlier);
        assertThat(facade.enforceTimeLimits(operator()).endingNotices()).isZero();
    }

    @Test
    void withoutAnEndingNoticeConfiguredNoneIsSent() {
        DelegationHarness quiet = new DelegationHarness(fixture, DelegationHarness.relaxedSettings().withEndingNotice(Duration.ZERO),
                CATALOGUE);
        quiet.connect(PARTNER, CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        quiet.clock.set(START.plus(THIRTY_DAYS).minusSeconds(1));

        assertThat(quiet.delegation.enforceTimeLimits(operator()).endingNotices()).isZero();
        assertThat(mailOf(quiet, CUSTOMER, NotificationType.ENDING_NOTICE_TO_CUSTOMER)).isEmpty();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void severalNodesSweepingAtOnceEndRenewAndNoticeEachDelegationOnce() throws Exception {
        List<Tenant> ending = new ArrayList<>();
        List<Tenant> renewing = new ArrayList<>();
        List<Tenant> endingSoon = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Tenant customer = customer(100 + i);
            h.register(customer);
            switch (i % 3) {
                case 0 -> ending.add(customer);
                case 1 -> renewing.add(customer);
                default -> endingSoon.add(customer);
            }
            connect(customer, GrantRequest.roles("billing:read").forTerm(i % 3 == 2 ? Duration.ofDays(10) : DAY),
                    GrantRules.asRequested().withAutoRenew(i % 3 == 1));
        }
        Instant sweepAt = START.plus(DAY).plus(Duration.ofMinutes(1));
        List<PartnerDelegation> nodes = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            // Nodes of one application: the same storage, each with its own clock and (unlike the harness's seeded one)
            // its own source of ids.
            nodes.add(PartnerDelegation.builder().tenantDirectory(fixture.tenantDirectory())
                    .delegationStore(fixture.delegationStore()).sessionIssuer(fixture.sessionIssuer())
                    .clock(new MutableClock(sweepAt)).settings(DelegationHarness.relaxedSettings()).roleCatalogue(CATALOGUE)
                    .stepUpPolicy(StepUpPolicy.notRequired()).build());
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        List<TimeLimitResult> results = new ArrayList<>();
        try {
            List<Future<TimeLimitResult>> runs = new ArrayList<>();
            for (PartnerDelegation node : nodes) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return node.enforceTimeLimits(operator());
                }));
            }
            go.countDown();
            for (Future<TimeLimitResult> run : runs) {
                results.add(run.get(1, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }

        h.clock.set(sweepAt);
        assertThat(results.stream().mapToInt(TimeLimitResult::ended).sum()).isEqualTo(ending.size());
        assertThat(results.stream().mapToInt(TimeLimitResult::renewed).sum()).isEqualTo(renewing.size());
        assertThat(results.stream().mapToInt(TimeLimitResult::endingNotices).sum())
                .as("the renewed periods end within the notice too").isEqualTo(renewing.size() + endingSoon.size());
        for (Tenant customer : ending) {
            assertThat(mailOf(h, customer, NotificationType.END_NOTICE_TO_CUSTOMER)).as("ended once").hasSize(1);
            assertThat(mailOf(h, customer, NotificationType.ENDING_NOTICE_TO_CUSTOMER)).isEmpty();
        }
        for (Tenant customer : renewing) {
            assertThat(mailOf(h, customer, NotificationType.RENEWAL_NOTICE_TO_CUSTOMER)).as("renewed once").hasSize(1);
            assertThat(mailOf(h, customer, NotificationType.ENDING_NOTICE_TO_CUSTOMER)).hasSize(1);
            assertThat(mailOf(h, customer, NotificationType.END_NOTICE_TO_CUSTOMER)).isEmpty();
        }
        for (Tenant customer : endingSoon) {
            assertThat(mailOf(h, customer, NotificationType.ENDING_NOTICE_TO_CUSTOMER)).as("told once").hasSize(1);
        }
        assertThat(facade.listAccounts(adminOf(PARTNER), AccountQuery.firstPage().withLimit(100)).items())
                .hasSize(renewing.size() + endingSoon.size()).allSatisfy(r -> assertThat(r.status()).isEqualTo(DelegationStatus.CONNECTED));
        assertThat(facade.enforceTimeLimits(operator()).total()).as("nothing left to do").isZero();
    }

    // ------------------------------------------------------------------ automatic renewal

    @Test
    void anApprovedRenewalRenewsOnceForTheSameLengthAndTheNextEndEndsIt() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested().withAutoRenew(true));
        Instant firstEnd = START.plus(THIRTY_DAYS);
        Instant secondEnd = firstEnd.plus(THIRTY_DAYS);
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).hasValueSatisfying(l -> {
            assertThat(l.endsAt()).contains(firstEnd);
            assertThat(l.accessUntil()).as("the renewal included").contains(secondEnd);
            assertThat(l.rules().autoRenew()).isTrue();
        });
        assertThat(rowOf(id).endsAt()).as("the list shows when access ends, renewal included").contains(secondEnd);
        h.clock.set(firstEnd.minus(Duration.ofMinutes(30)));
        IssuedSession acrossTheEnd = facade.loginToCustomer(adminOf(PARTNER), id);
        assertThat(acrossTheEnd.session().expiresAt()).isEqualTo(firstEnd.plus(Duration.ofMinutes(30)));

        h.clock.set(firstEnd.plus(Duration.ofMinutes(10)));
        assertThat(facade.validateSession(acrossTheEnd.token().reveal())).as("before the sweep").isPresent();
        TimeLimitResult swept = facade.enforceTimeLimits(operator());

        assertThat(swept.renewed()).isEqualTo(1);
        assertThat(swept.ended()).isZero();
        assertThat(facade.validateSession(acrossTheEnd.token().reveal())).as("after the renewal").isPresent();
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).hasValueSatisfying(l -> {
            assertThat(l.status()).isEqualTo(DelegationStatus.CONNECTED);
            assertThat(l.endsAt()).contains(secondEnd);
            assertThat(l.accessUntil()).contains(secondEnd);
            assertThat(l.rules().autoRenew()).as("renewed once only").isFalse();
        });
        assertThat(lastEvent(id)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.DELEGATION_RENEWED);
            assertThat(e.endsAt()).contains(secondEnd);
            assertThat(e.roles()).containsExactly(RoleKey.of("billing:read"));
        });
        assertThat(mailOf(h, PARTNER, NotificationType.RENEWAL_NOTICE_TO_PARTNER)).singleElement()
                .satisfies(n -> assertThat(n.endsAt()).contains(secondEnd));
        assertThat(mailOf(h, CUSTOMER, NotificationType.RENEWAL_NOTICE_TO_CUSTOMER)).singleElement();
        assertThat(facade.enforceTimeLimits(operator()).renewed()).as("not twice").isZero();

        h.clock.set(secondEnd.minus(Duration.ofMinutes(30)));
        IssuedSession last = facade.loginToCustomer(adminOf(PARTNER), id);
        assertThat(last.session().expiresAt()).isEqualTo(secondEnd);
        h.clock.set(secondEnd);
        assertThat(facade.validateSession(last.token().reveal())).isEmpty();
        assertThat(facade.enforceTimeLimits(operator())).satisfies(r -> {
            assertThat(r.ended()).isEqualTo(1);
            assertThat(r.renewed()).isZero();
        });
        assertThat(rowOf(id).status()).isEqualTo(DelegationStatus.ENDED);
        assertThat(mailOf(h, CUSTOMER, NotificationType.RENEWAL_NOTICE_TO_CUSTOMER)).hasSize(1);
    }

    @Test
    void aSweepThatFirstRunsAfterTheRenewedPeriodEndsTheDelegationWithoutRenewingIt() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read").forTerm(DAY), GrantRules.asRequested().withAutoRenew(true));
        h.clock.set(START.plus(Duration.ofDays(3)));

        TimeLimitResult swept = facade.enforceTimeLimits(operator());

        assertThat(swept.renewed()).isZero();
        assertThat(swept.ended()).isEqualTo(1);
        assertThat(rowOf(id).status()).isEqualTo(DelegationStatus.ENDED);
        assertThat(AuditTrails.whole(facade, adminOf(CUSTOMER), id)).extracting(AuditEvent::type).doesNotContain(AuditEventType.DELEGATION_RENEWED);
        assertThat(mailOf(h, CUSTOMER)).extracting(Notification::type).doesNotContain(NotificationType.RENEWAL_NOTICE_TO_CUSTOMER)
                .doesNotContain(NotificationType.ENDING_NOTICE_TO_CUSTOMER).contains(NotificationType.END_NOTICE_TO_CUSTOMER);
        Instant accessEnded = START.plus(DAY).plus(DAY);
        assertThat(mailOf(h, PARTNER, NotificationType.END_NOTICE_TO_PARTNER)).singleElement().satisfies(n -> {
            assertThat(n.endsAt()).as("when access ended, the approved renewal included").contains(accessEnded);
            assertThat(n.autoRenew()).isFalse();
        });
        assertThat(lastEvent(id)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.DELEGATION_ENDED);
            assertThat(e.endsAt()).contains(accessEnded);
        });
    }

    @Test
    void automaticRenewalOfTheAdministratorRoleIsRefusedUnlessTheHostAllowsIt() {
        DelegationId id = add(CUSTOMER, GrantRequest.roles("tenant:administrator").forTerm(THIRTY_DAYS));
        String token = invitationTokenOf(h, id);
        assertThat(facade.reviewInvitation(adminOf(CUSTOMER), token).autoRenewalAllowed()).isFalse();
        ObservedState before = observe(List.of(token), List.of());

        assertFailsWith(ErrorCode.RENEWAL_NOT_ALLOWED, () -> facade.acceptInvitation(adminOf(CUSTOMER), token,
                GrantRules.asRequested().withAutoRenew(true)));

        assertThat(observe(List.of(token), List.of())).as("nothing written").isEqualTo(before);
        assertThat(facade.acceptInvitation(adminOf(CUSTOMER), token).status()).isEqualTo(DelegationStatus.CONNECTED);
        assertFailsWith(ErrorCode.RENEWAL_NOT_ALLOWED, () -> facade.changeGrantRules(adminOf(CUSTOMER),
                GrantRules.asRequested().withAutoRenew(true)));
        assertThat(facade.currentPartner(adminOf(CUSTOMER)).orElseThrow().rules().autoRenew()).isFalse();

        RoleCatalogue lenientHost = RoleCatalogue.builder().role(DelegableRole.TENANT_ADMINISTRATOR.withAutoRenewal(true))
                .defaultRoles(RoleKey.TENANT_ADMINISTRATOR).build();
        DelegationHarness allowing = DelegationHarness.withCatalogue(fixture, lenientHost);
        DelegationId allowed = allowing.delegation.addCustomerAccount(adminOf(PARTNER), OTHER_CUSTOMER.administratorEmail(),
                GrantRequest.roles("tenant:administrator").forTerm(THIRTY_DAYS)).delegationId();
        String allowedToken = invitationTokenOf(allowing, allowed);
        assertThat(allowing.delegation.reviewInvitation(adminOf(OTHER_CUSTOMER), allowedToken).autoRenewalAllowed()).isTrue();
        PartnerLink renewing = allowing.delegation.acceptInvitation(adminOf(OTHER_CUSTOMER), allowedToken,
                GrantRules.asRequested().withAutoRenew(true));
        assertThat(renewing.rules().autoRenew()).isTrue();
        assertThat(renewing.accessUntil()).contains(START.plus(THIRTY_DAYS).plus(THIRTY_DAYS));
    }

    @Test
    void automaticRenewalOfARoleTheHostKeepsFromItIsRefusedOnApprovalAndLater() {
        DelegationId id = add(CUSTOMER, GrantRequest.roles("billing:read", "users:manage").forTerm(THIRTY_DAYS));
        String token = invitationTokenOf(h, id);

        DelegationException refusal = assertFailsWith(ErrorCode.RENEWAL_NOT_ALLOWED, () -> facade.acceptInvitation(adminOf(CUSTOMER),
                token, GrantRules.asRequested().withAutoRenew(true)));

        assertThat(refusal.getMessage()).contains(USERS.name());
        assertThat(rowOf(id).status()).isEqualTo(DelegationStatus.PENDING);
        facade.acceptInvitation(adminOf(CUSTOMER), token);
        assertFailsWith(ErrorCode.RENEWAL_NOT_ALLOWED, () -> facade.changeGrantRules(adminOf(CUSTOMER),
                GrantRules.asRequested().withAutoRenew(true)));

        DelegationId renewing = connect(OTHER_CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested().withAutoRenew(true));
        facade.requestGrantChange(adminOf(PARTNER), renewing, GrantRequest.roles("billing:read", "users:manage").forTerm(THIRTY_DAYS));
        String change = changeRequestTokenOf(h, renewing);
        assertThat(facade.reviewInvitation(adminOf(OTHER_CUSTOMER), change).autoRenewalAllowed()).isFalse();
        ObservedState before = observe(List.of(change), List.of());
        assertFailsWith(ErrorCode.RENEWAL_NOT_ALLOWED, () -> facade.acceptInvitation(adminOf(OTHER_CUSTOMER), change,
                GrantRules.asRequested().withAutoRenew(true)));
        assertThat(observe(List.of(change), List.of())).as("nothing written").isEqualTo(before);
        PartnerLink approved = facade.acceptInvitation(adminOf(OTHER_CUSTOMER), change);
        assertThat(approved.roles()).containsExactly(BILLING, USERS);
        assertThat(approved.rules().autoRenew()).as("a renewal approved for the old grant does not carry over").isFalse();
    }

    @Test
    void automaticRenewalWithoutAnEndDateIsRefused() {
        DelegationId id = add(CUSTOMER, GrantRequest.roles("billing:read"));
        String token = invitationTokenOf(h, id);
        assertThat(facade.reviewInvitation(adminOf(CUSTOMER), token).autoRenewalAllowed()).isFalse();

        assertFailsWith(ErrorCode.RENEWAL_NOT_ALLOWED, () -> facade.acceptInvitation(adminOf(CUSTOMER), token,
                GrantRules.asRequested().withAutoRenew(true)));
        facade.acceptInvitation(adminOf(CUSTOMER), token);
        assertFailsWith(ErrorCode.RENEWAL_NOT_ALLOWED, () -> facade.changeGrantRules(adminOf(CUSTOMER),
                GrantRules.asRequested().withAutoRenew(true)));

        assertThat(facade.currentPartner(adminOf(CUSTOMER)).orElseThrow().accessUntil()).isEmpty();
    }

    @Test
    void theCustomerMayApproveRenewalAfterAccepting() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());

        PartnerLink link = facade.changeGrantRules(adminOf(CUSTOMER), GrantRules.asRequested().withAutoRenew(true));

        assertThat(link.rules().autoRenew()).isTrue();
        assertThat(link.accessUntil()).contains(START.plus(THIRTY_DAYS).plus(THIRTY_DAYS));
        assertThat(lastEvent(id)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.GRANT_RULES_CHANGED);
            assertThat(e.actorTenant()).isEqualTo(CUSTOMER.id());
        });
        int trail = AuditTrails.whole(facade, adminOf(CUSTOMER), id).size();
        facade.changeGrantRules(adminOf(CUSTOMER), GrantRules.asRequested().withAutoRenew(true));
        assertThat(AuditTrails.whole(facade, adminOf(CUSTOMER), id)).as("the same rules again record nothing").hasSize(trail);
    }

    // ------------------------------------------------------------------ the account list

    @Test
    void theAccountListShowsRolesAndEndDateAndFiltersWhatEndsWithinAPeriod() {
        DelegationId tenDays = connect(CUSTOMER, GrantRequest.roles("billing:read").forTerm(Duration.ofDays(10)), GrantRules.asRequested());
        DelegationId sixtyDays = connect(OTHER_CUSTOMER, GrantRequest.roles("billing:read", "support:tickets")
                .forTerm(Duration.ofDays(60)), GrantRules.asRequested());
        DelegationId noEnd = connect(THIRD_CUSTOMER, GrantRequest.roles("support:tickets"), GrantRules.asRequested());
        DelegationId pending = add(FOURTH_CUSTOMER, GrantRequest.roles("billing:read").forTerm(Duration.ofDays(5)));
        DelegationId renewing = connect(FIFTH_CUSTOMER, GrantRequest.roles("billing:read").forTerm(Duration.ofDays(20)),
                GrantRules.asRequested().withAutoRenew(true));

        Map<DelegationId, AccountListEntry> rows = new LinkedHashMap<>();
        facade.listAccounts(adminOf(PARTNER), AccountQuery.firstPage()).items().forEach(r -> rows.put(r.delegationId(), r));

        assertThat(rows.get(tenDays).endsAt()).contains(START.plus(Duration.ofDays(10)));
        assertThat(rows.get(tenDays).roles()).containsExactly(RoleKey.of("billing:read"));
        assertThat(rows.get(sixtyDays).endsAt()).contains(START.plus(Duration.ofDays(60)));
        assertThat(rows.get(sixtyDays).roles()).containsExactlyInAnyOrder(RoleKey.of("billing:read"), RoleKey.of("support:tickets"));
        assertThat(rows.get(noEnd).endsAt()).isEmpty();
        assertThat(rows.get(pending).endsAt()).as("counted from the approval").isEmpty();
        assertThat(rows.get(pending).roles()).as("requested").containsExactly(RoleKey.of("billing:read"));
        assertThat(rows.get(renewing).endsAt()).as("renewal included").contains(START.plus(Duration.ofDays(40)));
        assertThat(rows.get(tenDays).actions()).contains(AccountAction.LOGIN, AccountAction.REQUEST_CHANGE);
        assertThat(rows.get(pending).actions()).doesNotContain(AccountAction.REQUEST_CHANGE);
        assertThat(rows.values()).noneMatch(AccountListEntry::changeRequested);

        assertThat(endingWithin(Duration.ofDays(30), 50)).containsExactly(tenDays);
        assertThat(endingWithin(Duration.ofDays(45), 1)).containsExactlyInAnyOrder(tenDays, renewing);
        assertThat(endingWithin(Duration.ofDays(60), 50)).containsExactlyInAnyOrder(tenDays, renewing, sixtyDays);
        assertThat(endingWithin(Duration.ZERO, 50)).isEmpty();
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> AccountQuery.firstPage().endingWithin(Duration.ofDays(-1)));

        facade.requestGrantChange(adminOf(PARTNER), sixtyDays, GrantRequest.roles("billing:read", "support:tickets")
                .forTerm(Duration.ofDays(90)));
        assertThat(rowOf(sixtyDays).changeRequested()).isTrue();
    }

    // ------------------------------------------------------------------ change requests

    @Test
    void aChangeRequestMailsTheCustomerAndTheGrantInForceStaysUntilItIsApproved() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        h.clock.advance(Duration.ofDays(2));

        AccountListEntry row = facade.requestGrantChange(adminOf(PARTNER), id,
                GrantRequest.roles("billing:read", "support:tickets").forTerm(Duration.ofDays(90)));

        assertThat(row.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(row.changeRequested()).isTrue();
        assertThat(row.roles()).as("the grant in force").containsExactly(RoleKey.of("billing:read"));
        assertThat(row.endsAt()).contains(START.plus(THIRTY_DAYS));
        assertThat(lastEvent(id)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.GRANT_CHANGE_REQUESTED);
            assertThat(e.roles()).containsExactly(RoleKey.of("billing:read"), RoleKey.of("support:tickets"));
        });
        assertThat(mailOf(h, CUSTOMER, NotificationType.CHANGE_REQUEST)).singleElement().satisfies(n -> {
            assertThat(n.invitationToken()).isPresent();
            assertThat(n.invitationExpiresAt()).isPresent();
            assertThat(n.roles()).containsExactly(BILLING, TICKETS);
            assertThat(n.term()).contains(Duration.ofDays(90));
        });
        String token = changeRequestTokenOf(h, id);
        assertFailsWith(ErrorCode.ROLE_NOT_GRANTED, () -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets")));
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).hasValueSatisfying(l -> {
            assertThat(l.roles()).containsExactly(BILLING);
            assertThat(l.requestedChange()).hasValueSatisfying(c -> assertThat(c.roles())
                    .containsExactly(RoleKey.of("billing:read"), RoleKey.of("support:tickets")));
        });
        InvitationReview review = facade.reviewInvitation(adminOf(CUSTOMER), token);
        assertThat(review.kind()).isEqualTo(InvitationReview.Kind.CHANGE_OF_GRANT);
        assertThat(review.requestedRoles()).containsExactly(BILLING, TICKETS);
        assertThat(review.requestedTerm()).contains(Duration.ofDays(90));
        assertThat(review.currentRoles()).containsExactly(BILLING);
        assertThat(review.currentEndsAt()).contains(START.plus(THIRTY_DAYS));

        h.clock.advance(Duration.ofHours(1));
        IssuedSession before = facade.loginToCustomer(adminOf(PARTNER), id);
        PartnerLink approved = facade.acceptInvitation(adminOf(CUSTOMER), token);

        Instant newEnd = h.clock.instant().plus(Duration.ofDays(90));
        assertThat(approved.roles()).containsExactly(BILLING, TICKETS);
        assertThat(approved.endsAt()).contains(newEnd);
        assertThat(approved.requestedChange()).isEmpty();
        assertThat(rowOf(id).changeRequested()).isFalse();
        assertThat(rowOf(id).endsAt()).contains(newEnd);
        assertThat(lastEvent(id)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.GRANT_CHANGE_APPROVED);
            assertThat(e.actorTenant()).isEqualTo(CUSTOMER.id());
            assertThat(e.endsAt()).contains(newEnd);
        });
        assertThat(mailOf(h, PARTNER, NotificationType.CHANGE_APPROVED_NOTICE)).singleElement()
                .satisfies(n -> assertThat(n.roles()).containsExactly(BILLING, TICKETS));
        IssuedSession elevated = facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets"));
        assertThat(facade.validateSession(elevated.token().reveal())).hasValueSatisfying(s -> assertThat(s.hasRole("support:tickets")).isTrue());
        assertThat(facade.validateSession(before.token().reveal())).as("a session from before keeps what it held")
                .hasValueSatisfying(s -> assertThat(s.roles()).containsExactly(RoleKey.of("billing:read")));
    }

    @Test
    void theHostTenantsTrailDoesNotDiscloseTheTenantsItsOperatorsActedOn() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        facade.revokePartnerPermission(operator(), OTHER_PARTNER.id());
        h.clock.advance(Duration.ofDays(31));
        assertThat(facade.enforceTimeLimits(operator()).ended()).isEqualTo(1);
        AuditRange all = AuditRange.between(START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(60)));

        // An administrator of the host's own tenant, where the operators sit, is not an operator.
        Principal hostAdmin = Principal.administrator(TenantFixtures.HOST, UserId.of("host-admin"));
        StringBuilder hostTrail = new StringBuilder();
        facade.exportAuditTrail(hostAdmin, TenantFixtures.HOST, all, hostTrail);

        assertThat(hostTrail.toString()).as("the sweep and the permission change acted on other tenants").isEmpty();
        StringBuilder customerTrail = new StringBuilder();
        facade.exportAuditTrail(adminOf(CUSTOMER), CUSTOMER.id(), all, customerTrail);
        assertThat(customerTrail.toString()).contains("\"type\":\"DELEGATION_ENDED\"").contains(id.toString());
        StringBuilder otherPartnerTrail = new StringBuilder();
        facade.exportAuditTrail(operator(), OTHER_PARTNER.id(), all, otherPartnerTrail);
        assertThat(otherPartnerTrail.toString()).contains("\"type\":\"PARTNER_PERMISSION_REVOKED\"");
    }

    @Test
    void aReductionDropsTheUnansweredChangeRequestSoThatItsLinkCannotBringBackWhatWasCut() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read", "support:tickets").forTerm(Duration.ofDays(90)),
                GrantRules.asRequested());
        h.clock.advance(Duration.ofMinutes(1));
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "support:tickets", "users:manage"));
        String token = changeRequestTokenOf(h, id);

        facade.restrictPartnerAccess(adminOf(CUSTOMER), RoleKey.setOf("billing:read"), Optional.empty());

        assertThat(rowOf(id).changeRequested()).isFalse();
        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(CUSTOMER), token));
        assertThat(facade.currentPartner(adminOf(CUSTOMER)).orElseThrow().roles()).extracting(DelegableRole::key)
                .containsExactly(RoleKey.of("billing:read"));
        assertFailsWith(ErrorCode.ROLE_NOT_GRANTED, () -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets")));
    }

    @Test
    void aDeclinedChangeLeavesTheGrantInForceUnchanged() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        PartnerLink inForce = facade.currentPartner(adminOf(CUSTOMER)).orElseThrow();
        IssuedSession live = facade.loginToCustomer(adminOf(PARTNER), id);
        h.clock.advance(Duration.ofMinutes(1));
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "users:manage").forTerm(Duration.ofDays(365)));
        String token = changeRequestTokenOf(h, id);

        facade.declineInvitation(adminOf(CUSTOMER), token);

        PartnerLink after = facade.currentPartner(adminOf(CUSTOMER)).orElseThrow();
        assertThat(after.roles()).isEqualTo(inForce.roles());
        assertThat(after.endsAt()).isEqualTo(inForce.endsAt());
        assertThat(after.accessUntil()).isEqualTo(inForce.accessUntil());
        assertThat(after.rules()).isEqualTo(inForce.rules());
        assertThat(after.requestedChange()).isEmpty();
        assertThat(after.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(facade.validateSession(live.token().reveal())).hasValueSatisfying(s ->
                assertThat(s.roles()).containsExactly(RoleKey.of("billing:read")));
        assertThat(rowOf(id).changeRequested()).isFalse();
        assertThat(lastEvent(id).type()).isEqualTo(AuditEventType.GRANT_CHANGE_DECLINED);
        assertThat(mailOf(h, PARTNER, NotificationType.CHANGE_DECLINED_NOTICE)).singleElement();
        assertFailsWith(ErrorCode.ROLE_NOT_GRANTED, () -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("users:manage")));
        int trail = AuditTrails.whole(facade, operator(), id).size();
        facade.declineInvitation(adminOf(CUSTOMER), token);
        assertThat(AuditTrails.whole(facade, operator(), id)).as("declining again answers as done and records nothing").hasSize(trail);
        assertThat(mailOf(h, PARTNER, NotificationType.CHANGE_DECLINED_NOTICE)).singleElement();
        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.reviewInvitation(adminOf(CUSTOMER), token));
        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(CUSTOMER), token));
        assertThat(facade.currentPartner(adminOf(CUSTOMER)).orElseThrow().roles()).as("a declined link approves nothing later")
                .isEqualTo(inForce.roles());
        assertThat(AuditTrails.whole(facade, adminOf(CUSTOMER), id)).extracting(AuditEvent::type)
                .doesNotContain(AuditEventType.GRANT_CHANGE_APPROVED);
    }

    @Test
    void anExpiredChangeRequestIsDroppedByTheSweepAndTheGrantStays() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read").forTerm(Duration.ofDays(90)), GrantRules.asRequested());
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "support:tickets"));
        String token = changeRequestTokenOf(h, id);
        h.clock.advance(facade.settings().invitationTtl());

        TimeLimitResult swept = facade.enforceTimeLimits(operator());

        assertThat(swept.changeRequestsExpired()).isEqualTo(1);
        assertThat(swept.ended()).isZero();
        assertThat(rowOf(id).changeRequested()).isFalse();
        assertThat(rowOf(id).status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(rowOf(id).roles()).containsExactly(RoleKey.of("billing:read"));
        assertThat(rowOf(id).endsAt()).contains(START.plus(Duration.ofDays(90)));
        assertThat(lastEvent(id).type()).isEqualTo(AuditEventType.GRANT_CHANGE_EXPIRED);
        assertThat(mailOf(h, PARTNER, NotificationType.CHANGE_DECLINED_NOTICE)).singleElement();
        DelegationException dead = ContractAssertions.assertFails(() -> facade.acceptInvitation(adminOf(CUSTOMER), token));
        assertThat(dead.code()).isEqualTo(ErrorCode.INVITATION_EXPIRED);
        assertThat(dead).hasMessageContaining("expired");
        assertThat(rowOf(id).roles()).containsExactly(RoleKey.of("billing:read"));
        assertThat(facade.enforceTimeLimits(operator()).changeRequestsExpired()).isZero();
    }

    @Test
    void anExpiredChangeRequestLinkClickedBeforeTheSweepDropsItAndSaysSo() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read").forTerm(Duration.ofDays(90)), GrantRules.asRequested());
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "support:tickets"));
        String token = changeRequestTokenOf(h, id);
        h.clock.advance(facade.settings().invitationTtl());

        assertFailsWith(ErrorCode.INVITATION_EXPIRED, () -> facade.acceptInvitation(adminOf(CUSTOMER), token));

        assertThat(rowOf(id).changeRequested()).isFalse();
        assertThat(rowOf(id).roles()).containsExactly(RoleKey.of("billing:read"));
        assertThat(lastEvent(id).type()).isEqualTo(AuditEventType.GRANT_CHANGE_EXPIRED);
        assertThat(facade.enforceTimeLimits(operator()).changeRequestsExpired()).isZero();
    }

    @Test
    void aNewerChangeRequestSupersedesTheLinkOfTheOlderOne() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "support:tickets"));
        String older = changeRequestTokenOf(h, id);
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "users:manage").forTerm(Duration.ofDays(60)));
        String newer = changeRequestTokenOf(h, id);
        assertThat(newer).isNotEqualTo(older);

        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(CUSTOMER), older));
        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.reviewInvitation(adminOf(CUSTOMER), older));
        assertThat(facade.reviewInvitation(adminOf(CUSTOMER), newer).requestedRoles()).containsExactly(BILLING, USERS);

        PartnerLink approved = facade.acceptInvitation(adminOf(CUSTOMER), newer);

        assertThat(approved.roles()).containsExactly(BILLING, USERS);
        assertThat(approved.endsAt()).contains(START.plus(Duration.ofDays(60)));
        assertThat(AuditTrails.whole(facade, adminOf(CUSTOMER), id)).filteredOn(e -> e.type() == AuditEventType.GRANT_CHANGE_APPROVED)
                .singleElement().satisfies(e -> assertThat(e.roles()).containsExactly(RoleKey.of("billing:read"), RoleKey.of("users:manage")));
    }

    @Test
    void aChangeRequestWithoutANewPeriodKeepsTheEndDate() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        h.clock.advance(Duration.ofDays(3));
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "support:tickets"));

        PartnerLink approved = facade.acceptInvitation(adminOf(CUSTOMER), changeRequestTokenOf(h, id));

        assertThat(approved.roles()).containsExactly(BILLING, TICKETS);
        assertThat(approved.endsAt()).contains(START.plus(THIRTY_DAYS));
    }

    @Test
    void aChangeRequestIsRefusedOnAPendingDelegationForNothingNewAndWithinTheCooldown() {
        DelegationId pending = add(OTHER_CUSTOMER, BILLING_30_DAYS);
        DelegationId seed = connect(THIRD_CUSTOMER, GrantRequest.defaults(), GrantRules.asRequested());
        DelegationHarness strict = new DelegationHarness(fixture, DelegationSettings.defaults(), CATALOGUE);
        DelegationId id = strict.connect(PARTNER, CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        strict.dispatcher.drain();
        h.dispatcher.drain();
        ObservedState before = observe(List.of(), List.of());

        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.requestGrantChange(adminOf(PARTNER), pending,
                GrantRequest.roles("billing:read", "support:tickets")));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read")));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.requestGrantChange(adminOf(PARTNER), seed, GrantRequest.defaults()));
        assertFailsWith(ErrorCode.DELEGATION_NOT_FOUND, () -> facade.requestGrantChange(adminOf(OTHER_PARTNER), id,
                GrantRequest.roles("billing:read", "support:tickets")));
        assertFailsWith(ErrorCode.ADMINISTRATOR_REQUIRED, () -> facade.requestGrantChange(memberOf(PARTNER), id,
                GrantRequest.roles("billing:read", "support:tickets")));
        assertThat(observe(List.of(), List.of())).as("nothing written").isEqualTo(before);

        strict.delegation.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "support:tickets"));
        strict.clock.advance(Duration.ofMinutes(1));
        ObservedState afterTheFirst = observe(List.of(), List.of());
        DelegationException tooSoon = assertFailsWith(ErrorCode.TOO_MANY_REQUESTS, () -> strict.delegation.requestGrantChange(
                adminOf(PARTNER), id, GrantRequest.roles("billing:read", "users:manage")));
        assertThat(tooSoon.retryAt()).contains(START.plus(DelegationSettings.DEFAULT_INVITATION_COOLDOWN));
        assertThat(observe(List.of(), List.of())).as("nothing written").isEqualTo(afterTheFirst);

        strict.clock.set(START.plus(DelegationSettings.DEFAULT_INVITATION_COOLDOWN));
        assertThat(strict.delegation.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "users:manage"))
                .changeRequested()).isTrue();
    }

    // ------------------------------------------------------------------ the customer reduces the grant

    @Test
    void aReductionTakesTheRemovedRolesFromLiveSessionsAtTheirNextValidation() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read", "support:tickets").forTerm(THIRTY_DAYS),
                GrantRules.asRequested());
        IssuedSession both = facade.loginToCustomer(adminOf(PARTNER), id);
        IssuedSession ticketsOnly = facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets"));
        IssuedSession billingOnly = facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("billing:read"));

        PartnerLink reduced = facade.restrictPartnerAccess(adminOf(CUSTOMER), RoleKey.setOf("billing:read"), Optional.empty());

        assertThat(reduced.roles()).containsExactly(BILLING);
        assertThat(reduced.endsAt()).as("the end stays").contains(START.plus(THIRTY_DAYS));
        assertThat(facade.validateSession(both.token().reveal())).hasValueSatisfying(s -> {
            assertThat(s.hasRole("support:tickets")).isFalse();
            assertThat(s.hasRole("billing:read")).isTrue();
            assertThat(s.id()).isEqualTo(both.session().id());
        });
        assertThat(facade.validateSession(ticketsOnly.token().reveal())).as("nothing left").isEmpty();
        assertThat(facade.validateSession(billingOnly.token().reveal())).contains(billingOnly.session());
        assertThat(sessionsInto(CUSTOMER)).filteredOn(v -> v.sessionId().equals(ticketsOnly.session().id())).singleElement()
                .satisfies(v -> assertThat(v.live()).as("the customer's view says it no longer validates").isFalse());
        assertThat(sessionsInto(CUSTOMER)).filteredOn(v -> v.sessionId().equals(both.session().id())).singleElement()
                .satisfies(v -> assertThat(v.live()).isTrue());
        assertFailsWith(ErrorCode.ROLE_NOT_GRANTED, () -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets")));
        assertThat(lastEvent(id)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.GRANT_REDUCED);
            assertThat(e.actorTenant()).isEqualTo(CUSTOMER.id());
            assertThat(e.actorUser()).isEqualTo(adminOf(CUSTOMER).userId());
            assertThat(e.roles()).containsExactly(RoleKey.of("billing:read"));
        });
        assertThat(mailOf(h, PARTNER, NotificationType.GRANT_REDUCED_NOTICE)).singleElement()
                .satisfies(n -> assertThat(n.roles()).containsExactly(BILLING));
        int trail = AuditTrails.whole(facade, adminOf(CUSTOMER), id).size();
        facade.restrictPartnerAccess(adminOf(CUSTOMER), RoleKey.setOf("billing:read"), Optional.empty());
        assertThat(AuditTrails.whole(facade, adminOf(CUSTOMER), id)).as("nothing cut, nothing recorded").hasSize(trail);
    }

    @Test
    void anEarlierEndAppliesAtOnceAndALaterOneIsRefused() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read", "support:tickets").forTerm(THIRTY_DAYS),
                GrantRules.asRequested().withAutoRenew(true));
        IssuedSession live = facade.loginToCustomer(adminOf(PARTNER), id);
        ObservedState before = observe(List.of(), List.of());

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.restrictPartnerAccess(adminOf(CUSTOMER), RoleKey.setOf("billing:read"),
                Optional.of(START.plus(THIRTY_DAYS).plusSeconds(1))));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.restrictPartnerAccess(adminOf(CUSTOMER), RoleKey.setOf("billing:read"),
                Optional.of(START)));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.restrictPartnerAccess(adminOf(CUSTOMER), RoleKey.setOf("users:manage"),
                Optional.empty()));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.restrictPartnerAccess(adminOf(CUSTOMER), Set.of(), Optional.empty()));
        assertThat(observe(List.of(), List.of())).as("nothing written").isEqualTo(before);

        Instant soon = START.plus(Duration.ofMinutes(10));
        PartnerLink shortened = facade.restrictPartnerAccess(adminOf(CUSTOMER), RoleKey.setOf("billing:read", "support:tickets"),
                Optional.of(soon));

        assertThat(shortened.endsAt()).contains(soon);
        assertThat(shortened.accessUntil()).as("an earlier end also ends the renewal").contains(soon);
        assertThat(shortened.rules().autoRenew()).isFalse();
        assertThat(lastEvent(id)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.GRANT_REDUCED);
            assertThat(e.endsAt()).contains(soon);
        });
        assertThat(mailOf(h, PARTNER, NotificationType.GRANT_REDUCED_NOTICE)).singleElement()
                .satisfies(n -> assertThat(n.endsAt()).contains(soon));
        assertThat(facade.validateSession(live.token().reveal())).isPresent();
        h.clock.set(soon);
        assertThat(live.session().expiresAt()).isAfter(soon);
        assertThat(facade.validateSession(live.token().reveal())).as("the session had not expired; the grant had").isEmpty();
        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.loginToCustomer(adminOf(PARTNER), id));
        assertThat(facade.enforceTimeLimits(operator()).ended()).isEqualTo(1);
        assertThat(sessionsInto(CUSTOMER)).singleElement().satisfies(v -> {
            assertThat(v.revokedAt()).as("revoked when the end is recorded").contains(soon);
            assertThat(v.live()).isFalse();
        });
    }

    @Test
    void theCustomerMaySetAnEndOnAGrantThatHadNone() {
        DelegationId id = connect(CUSTOMER, GrantRequest.defaults(), GrantRules.asRequested());
        Instant end = START.plus(Duration.ofDays(5));

        PartnerLink link = facade.restrictPartnerAccess(adminOf(CUSTOMER), Set.of(RoleKey.TENANT_ADMINISTRATOR), Optional.of(end));

        assertThat(link.endsAt()).contains(end);
        assertThat(rowOf(id).endsAt()).contains(end);
        assertFailsWith(ErrorCode.RENEWAL_NOT_ALLOWED, () -> facade.changeGrantRules(adminOf(CUSTOMER), new GrantRules(true, false)));
        h.clock.set(end);
        assertThat(facade.enforceTimeLimits(operator()).ended()).isEqualTo(1);
    }

    @Test
    void onlyTheCustomersAdministratorReducesAndOnlyItsOwnPartner() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read", "support:tickets"), GrantRules.asRequested());
        ObservedState before = observe(List.of(), List.of());

        assertFailsWith(ErrorCode.ADMINISTRATOR_REQUIRED, () -> facade.restrictPartnerAccess(memberOf(CUSTOMER),
                RoleKey.setOf("billing:read"), Optional.empty()));
        assertFailsWith(ErrorCode.ADMINISTRATOR_REQUIRED, () -> facade.changeGrantRules(memberOf(CUSTOMER),
                GrantRules.asRequested().withReasonRequired(true)));
        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.restrictPartnerAccess(adminOf(OTHER_CUSTOMER),
                RoleKey.setOf("billing:read"), Optional.empty()));
        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.restrictPartnerAccess(adminOf(PARTNER),
                RoleKey.setOf("billing:read"), Optional.empty()));
        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.changeGrantRules(adminOf(PARTNER),
                GrantRules.asRequested().withReasonRequired(false)));

        assertThat(observe(List.of(), List.of())).as("nothing written").isEqualTo(before);
        assertThat(rowOf(id).roles()).hasSize(2);
    }

    // ------------------------------------------------------------------ one partner per customer

    @Test
    void oneConnectedPartnerPerCustomerHoldsThroughChangeRequestsAndRenewals() {
        DelegationId waiting = add(OTHER_PARTNER, CUSTOMER, GrantRequest.roles("billing:read"));
        String waitingToken = invitationTokenOf(h, waiting);
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested().withAutoRenew(true));

        assertFailsWith(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, () -> facade.acceptInvitation(adminOf(CUSTOMER), waitingToken));
        assertFailsWith(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, () -> add(THIRD_PARTNER, CUSTOMER, GrantRequest.roles("billing:read")));

        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "support:tickets").forTerm(THIRTY_DAYS));
        String change = changeRequestTokenOf(h, id);
        assertFailsWith(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, () -> facade.acceptInvitation(adminOf(CUSTOMER), waitingToken));
        assertFailsWith(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, () -> add(THIRD_PARTNER, CUSTOMER, GrantRequest.roles("billing:read")));
        facade.declineInvitation(adminOf(CUSTOMER), change);

        h.clock.set(START.plus(THIRTY_DAYS));
        assertThat(facade.enforceTimeLimits(operator()).renewed()).isEqualTo(1);
        assertThat(rowOf(waiting).status()).as("its invitation expired meanwhile").isEqualTo(DelegationStatus.EXPIRED);
        assertFailsWith(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, () -> add(OTHER_PARTNER, CUSTOMER, GrantRequest.roles("billing:read")));
        assertFailsWith(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, () -> add(THIRD_PARTNER, CUSTOMER, GrantRequest.roles("billing:read")));

        h.clock.set(START.plus(THIRTY_DAYS).plus(THIRTY_DAYS));
        assertThat(facade.enforceTimeLimits(operator()).ended()).isEqualTo(1);
        DelegationId next = add(THIRD_PARTNER, CUSTOMER, GrantRequest.roles("billing:read"));
        assertThat(facade.acceptInvitation(adminOf(CUSTOMER), invitationTokenOf(h, next)).partnerTenant()).isEqualTo(THIRD_PARTNER.id());
        assertThat(rowOf(id).status()).isEqualTo(DelegationStatus.ENDED);
    }

    // ------------------------------------------------------------------ the customer's view of the sessions

    @Test
    void theCustomerSeesWhoLoggedInWhenWithWhichRolesAndWhyNewestFirstAndPaged() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read", "support:tickets"), GrantRules.asRequested());
        DelegationId elsewhere = connect(OTHER_CUSTOMER, GrantRequest.roles("billing:read"), GrantRules.asRequested());
        Principal colleague = Principal.administrator(PARTNER.id(), UserId.of("colleague"));
        h.clock.advance(Duration.ofMinutes(1));
        IssuedSession first = facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("billing:read").withReason("T-1"));
        h.clock.advance(Duration.ofMinutes(1));
        IssuedSession second = facade.loginToCustomer(colleague, id, LoginRequest.roles("support:tickets").withReason("T-2"));
        h.clock.advance(Duration.ofMinutes(1));
        IssuedSession third = facade.loginToCustomer(adminOf(PARTNER), id);
        facade.loginToCustomer(adminOf(PARTNER), elsewhere);
        facade.endSession(first.token().reveal());

        Page<DelegatedSessionView> page1 = facade.delegatedSessions(adminOf(CUSTOMER), SessionQuery.firstPage().withLimit(2));
        Page<DelegatedSessionView> page2 = facade.delegatedSessions(adminOf(CUSTOMER), SessionQuery.firstPage().withLimit(2)
                .after(page1.nextCursor().orElseThrow()));

        assertThat(page1.items()).extracting(DelegatedSessionView::sessionId).containsExactly(third.session().id(), second.session().id());
        assertThat(page2.items()).extracting(DelegatedSessionView::sessionId).containsExactly(first.session().id());
        assertThat(page2.hasNext()).isFalse();
        DelegatedSessionView viewed = page1.items().get(1);
        assertThat(viewed.actorTenant()).isEqualTo(PARTNER.id());
        assertThat(viewed.actorUser()).isEqualTo(UserId.of("colleague"));
        assertThat(viewed.subject()).isEqualTo(CUSTOMER.administratorEmail());
        assertThat(viewed.delegationId()).isEqualTo(id);
        assertThat(viewed.roles()).containsExactly(RoleKey.of("support:tickets"));
        assertThat(viewed.reason()).contains("T-2");
        assertThat(viewed.issuedAt()).isEqualTo(START.plus(Duration.ofMinutes(2)));
        assertThat(viewed.expiresAt()).isEqualTo(viewed.issuedAt().plus(DelegationSettings.DEFAULT_SESSION_TTL));
        assertThat(viewed.revokedAt()).isEmpty();
        assertThat(viewed.live()).isTrue();
        assertThat(page1.items().get(0).reason()).isEmpty();
        assertThat(page1.items().get(0).roles()).hasSize(2);
        assertThat(page2.items().get(0).live()).isFalse();
        assertThat(page2.items().get(0).revokedAt()).isPresent();
        assertThat(page2.items().get(0).reason()).contains("T-1");

        assertThat(facade.delegatedSessions(memberOf(CUSTOMER), SessionQuery.firstPage()).items()).hasSize(3);
        assertThat(facade.delegatedSessions(adminOf(OTHER_CUSTOMER), SessionQuery.firstPage()).items()).singleElement()
                .satisfies(v -> assertThat(v.delegationId()).isEqualTo(elsewhere));
        assertThat(facade.delegatedSessions(adminOf(THIRD_CUSTOMER), SessionQuery.firstPage()).items()).isEmpty();
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.delegatedSessions(adminOf(CUSTOMER), SessionQuery.firstPage().after("garbage")));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.delegatedSessions(adminOf(CUSTOMER), SessionQuery.firstPage().withLimit(5_000)));

        h.clock.advance(Duration.ofHours(2));
        assertThat(sessionsInto(CUSTOMER)).as("expired").noneMatch(DelegatedSessionView::live);
    }

    @Test
    void sessionsIssuedAtTheSameInstantPageWithoutGapsOrRepeats() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read"), GrantRules.asRequested());
        List<SessionId> issued = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            issued.add(facade.loginToCustomer(adminOf(PARTNER), id).session().id());
        }

        List<SessionId> paged = new ArrayList<>();
        SessionQuery query = SessionQuery.firstPage().withLimit(3);
        while (true) {
            Page<DelegatedSessionView> page = facade.delegatedSessions(adminOf(CUSTOMER), query);
            page.items().forEach(v -> paged.add(v.sessionId()));
            if (page.nextCursor().isEmpty()) {
                break;
            }
            query = query.after(page.nextCursor().get());
        }

        assertThat(paged).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(issued);
        assertThat(paged).isEqualTo(sessionsInto(CUSTOMER).stream().map(DelegatedSessionView::sessionId).toList());
    }

    @Test
    void theCustomerEndsOneDelegatedSessionAndItStopsValidatingAtOnce() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read", "support:tickets"), GrantRules.asRequested());
        IssuedSession ended = facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets").withReason("T-9"));
        IssuedSession kept = facade.loginToCustomer(adminOf(PARTNER), id);

        assertThat(facade.endDelegatedSession(adminOf(CUSTOMER), ended.session().id())).isTrue();

        assertThat(facade.validateSession(ended.token().reveal())).isEmpty();
        assertThat(facade.validateSession(kept.token().reveal())).isPresent();
        assertThat(facade.endDelegatedSession(adminOf(CUSTOMER), ended.session().id())).as("ended already").isFalse();
        assertThat(lastEvent(id)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.SESSION_ENDED);
            assertThat(e.actorTenant()).isEqualTo(CUSTOMER.id());
            assertThat(e.roles()).containsExactly(RoleKey.of("support:tickets"));
            assertThat(e.reason()).contains("T-9");
        });
        assertThat(AuditTrails.whole(facade, adminOf(CUSTOMER), id)).filteredOn(e -> e.type() == AuditEventType.SESSION_ENDED).hasSize(1);
        assertThat(sessionsInto(CUSTOMER)).filteredOn(v -> v.sessionId().equals(ended.session().id())).singleElement()
                .satisfies(v -> assertThat(v.live()).isFalse());
        assertThat(rowOf(id).status()).isEqualTo(DelegationStatus.CONNECTED);
    }

    @Test
    void noOneButTheCustomersAdministratorEndsItsSessionsById() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read"), GrantRules.asRequested());
        connect(OTHER_CUSTOMER, GrantRequest.roles("billing:read"), GrantRules.asRequested());
        IssuedSession target = facade.loginToCustomer(adminOf(PARTNER), id);
        Principal delegated = facade.validateSession(target.token().reveal()).orElseThrow().principal();
        SessionId victim = target.session().id();
        ObservedState before = observe(List.of(), List.of(target.token().reveal()));

        assertFailsWith(ErrorCode.SESSION_NOT_FOUND, () -> facade.endDelegatedSession(adminOf(OTHER_CUSTOMER), victim));
        assertFailsWith(ErrorCode.SESSION_NOT_FOUND, () -> facade.endDelegatedSession(adminOf(PARTNER), victim));
        assertFailsWith(ErrorCode.SESSION_NOT_FOUND, () -> facade.endDelegatedSession(adminOf(CUSTOMER), SessionId.of(UUID.randomUUID())));
        assertFailsWith(ErrorCode.ADMINISTRATOR_REQUIRED, () -> facade.endDelegatedSession(memberOf(CUSTOMER), victim));
        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.endDelegatedSession(delegated, victim));
        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.delegatedSessions(delegated, SessionQuery.firstPage()));
        DelegationException other = assertFailsWith(ErrorCode.SESSION_NOT_FOUND,
                () -> facade.endDelegatedSession(adminOf(OTHER_CUSTOMER), victim));

        assertThat(other.getMessage()).doesNotContain(CUSTOMER.id().toString());
        assertThat(observe(List.of(), List.of(target.token().reveal()))).as("nothing written").isEqualTo(before);
        assertThat(facade.validateSession(target.token().reveal())).isPresent();
    }

    // ------------------------------------------------------------------ the audit export

    @Test
    void theAuditTrailOfACustomerAndOfAPartnerExportsAsJsonLinesPagedOverATimeRange() {
        DelegationId id = add(CUSTOMER, BILLING_30_DAYS);                                    // START: excluded
        h.clock.set(START.plus(Duration.ofHours(1)));
        facade.acceptInvitation(adminOf(CUSTOMER), invitationTokenOf(h, id));                  // +1h: the range's first instant
        h.clock.set(START.plus(Duration.ofHours(2)));
        // A partner user who authenticated with a password and a security key: the export names both methods.
        facade.loginToCustomer(adminOf(PARTNER).withAuthentication(Authentication.of(h.clock.instant(), "pwd", "hwk")), id,
                LoginRequest.roles("billing:read").withReason("T-1"));
        h.clock.set(START.plus(Duration.ofHours(3)));
        DelegationId other = connect(OTHER_CUSTOMER, GrantRequest.roles("billing:read"), GrantRules.asRequested());
        h.clock.set(START.plus(Duration.ofHours(4)));
        facade.restrictPartnerAccess(adminOf(CUSTOMER), RoleKey.setOf("billing:read"), Optional.of(START.plus(Duration.ofDays(20))));
        h.clock.set(START.plus(Duration.ofHours(5)));                                          // the range's end: excluded
        facade.loginToCustomer(adminOf(PARTNER), id);
        AuditRange range = AuditRange.between(START.plus(Duration.ofHours(1)), START.plus(Duration.ofHours(5))).withLimit(2);

        StringBuilder customerOut = new StringBuilder();
        long customerCount = facade.exportAuditTrail(adminOf(CUSTOMER), CUSTOMER.id(), range, customerOut);
        StringBuilder partnerOut = new StringBuilder();
        long partnerCount = facade.exportAuditTrail(adminOf(PARTNER), PARTNER.id(), range, partnerOut);

        List<Map<String, Object>> customerLines = jsonLines(customerOut.toString());
        assertThat(customerCount).isEqualTo(customerLines.size());
        assertThat(customerLines).extracting(l -> l.get("type"))
                .containsExactly("INVITATION_ACCEPTED", "DELEGATED_LOGIN", "GRANT_REDUCED");
        assertThat(customerLines).allSatisfy(l -> {
            assertThat(new ArrayList<>(l.keySet())).isEqualTo(JSON_KEYS);
            assertThat(l.get("delegationId")).isEqualTo(id.toString());
            assertThat(l.get("targetTenant")).isEqualTo(CUSTOMER.id().toString());
        });
        Map<String, Object> login = customerLines.get(1);
        assertThat(login.get("reason")).isEqualTo("T-1");
        assertThat(login.get("authenticationMethods")).isEqualTo(List.of("hwk", "pwd"));
        assertThat(login.get("roles")).isEqualTo(List.of("billing:read"));
        assertThat(login.get("actorTenant")).isEqualTo(PARTNER.id().toString());
        assertThat(login.get("actorUser")).isEqualTo(adminOf(PARTNER).userId().toString());
        assertThat(login.get("occurredAt")).isEqualTo(START.plus(Duration.ofHours(2)).toString());
        assertThat(login.get("fromStatus")).isEqualTo("CONNECTED");
        assertThat(login.get("endsAt")).isNull();
        assertThat(customerLines.get(2).get("endsAt")).isEqualTo(START.plus(Duration.ofDays(20)).toString());
        assertThat(customerLines.get(0).get("reason")).isNull();
        List<String> ids = customerLines.stream().map(l -> (String) l.get("id")).toList();
        assertThat(ids).isEqualTo(pagedTrail(adminOf(CUSTOMER), CUSTOMER, range).stream().map(e -> e.id().toString()).toList());

        List<Map<String, Object>> partnerLines = jsonLines(partnerOut.toString());
        assertThat(partnerCount).isEqualTo(partnerLines.size());
        assertThat(partnerLines).extracting(l -> l.get("type")).containsExactly("INVITATION_ACCEPTED", "DELEGATED_LOGIN",
                "CUSTOMER_ADDED", "INVITATION_ACCEPTED", "GRANT_REDUCED");
        assertThat(partnerLines).extracting(l -> l.get("delegationId")).containsOnly(id.toString(), other.toString());

        StringBuilder byOperator = new StringBuilder();
        assertThat(facade.exportAuditTrail(operator(), CUSTOMER.id(), range.withLimit(100), byOperator)).isEqualTo(customerCount);
        assertThat(byOperator.toString()).isEqualTo(customerOut.toString());
        StringBuilder fromTheSecondPage = new StringBuilder();
        Page<AuditEvent> firstPage = facade.auditTrailOfTenant(adminOf(CUSTOMER), CUSTOMER.id(), range);
        facade.exportAuditTrail(adminOf(CUSTOMER), CUSTOMER.id(), range.after(firstPage.nextCursor().orElseThrow()), fromTheSecondPage);
        assertThat(jsonLines(fromTheSecondPage.toString())).extracting(l -> l.get("type")).containsExactly("GRANT_REDUCED");
    }

    @Test
    void onlyAnOperatorOrTheTenantsOwnAdministratorExportsItsTrail() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read"), GrantRules.asRequested());
        Principal delegated = facade.validateSession(facade.loginToCustomer(adminOf(PARTNER), id).token().reveal()).orElseThrow()
                .principal();
        AuditRange all = AuditRange.between(START, START.plus(DAY));
        StringBuilder out = new StringBuilder();

        assertFailsWith(ErrorCode.ACCOUNT_NOT_FOUND, () -> facade.exportAuditTrail(adminOf(OTHER_CUSTOMER), CUSTOMER.id(), all, out));
        assertFailsWith(ErrorCode.ACCOUNT_NOT_FOUND, () -> facade.exportAuditTrail(adminOf(CUSTOMER), PARTNER.id(), all, out));
        assertFailsWith(ErrorCode.ACCOUNT_NOT_FOUND, () -> facade.exportAuditTrail(adminOf(OTHER_PARTNER), PARTNER.id(), all, out));
        assertFailsWith(ErrorCode.ADMINISTRATOR_REQUIRED, () -> facade.exportAuditTrail(memberOf(CUSTOMER), CUSTOMER.id(), all, out));
        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.exportAuditTrail(delegated, CUSTOMER.id(), all, out));
        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> facade.auditTrailOfTenant(delegated, CUSTOMER.id(), all));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.exportAuditTrail(adminOf(CUSTOMER), CUSTOMER.id(), all.withLimit(5_000), out));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.exportAuditTrail(adminOf(CUSTOMER), CUSTOMER.id(), all.after("garbage"), out));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> AuditRange.between(START, START));

        assertThat(out).as("nothing exported").isEmpty();
        assertThat(facade.exportAuditTrail(adminOf(CUSTOMER), CUSTOMER.id(), all, out)).isEqualTo(3);
        assertThat(facade.exportAuditTrail(adminOf(THIRD_CUSTOMER), THIRD_CUSTOMER.id(), all, new StringBuilder())).isZero();
    }

    @Test
    void aHostileReasonComesOutOfTheExportAsOneLineOfValidJson() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read"), GrantRules.asRequested());
        String hostile = "\"},{\"type\":\"FORGED\"} \\ </script> '; DROP TABLE audit_event; -- \u00e9\u20ac\uD83D\uDE00";
        facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("billing:read").withReason(hostile));
        ObservedState before = observe(List.of(), List.of());

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> LoginRequest.roles("billing:read").withReason("line one\nline two"));
        for (String smuggled : List.of("a\u2028b", "a\u2029b", "a\uD800b", "a\u202Eb", "a\u0000b")) {
            assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.loginToCustomer(adminOf(PARTNER), id,
                    new LoginRequest(RoleKey.setOf("billing:read"), Optional.of(smuggled))));
        }
        assertThat(observe(List.of(), List.of())).as("nothing written").isEqualTo(before);

        StringBuilder out = new StringBuilder();
        long written = facade.exportAuditTrail(adminOf(CUSTOMER), CUSTOMER.id(), AuditRange.between(START, START.plus(DAY)), out);

        List<Map<String, Object>> lines = jsonLines(out.toString());
        assertThat(lines).hasSize((int) written);
        assertThat(lines).extracting(l -> l.get("type")).doesNotContain("FORGED");
        assertThat(lines).filteredOn(l -> "DELEGATED_LOGIN".equals(l.get("type"))).singleElement()
                .satisfies(l -> assertThat(l.get("reason")).isEqualTo(hostile));
        assertThat(out.toString()).doesNotContain("\u2028").doesNotContain("\r");
        assertThat(sessionsInto(CUSTOMER)).singleElement().satisfies(v -> assertThat(v.reason()).contains(hostile));
    }

    // ------------------------------------------------------------------ attackers

    @Test
    void aDelegatedSessionCanNeitherChangeNorReadWhatTheCustomerControls() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("billing:read", "support:tickets").forTerm(THIRTY_DAYS),
                GrantRules.asRequested());
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "support:tickets", "users:manage"));
        String change = changeRequestTokenOf(h, id);
        IssuedSession issued = facade.loginToCustomer(adminOf(PARTNER), id);
        DelegatedSession session = facade.validateSession(issued.token().reveal()).orElseThrow();
        Principal asCustomer = session.principal();
        AuditRange all = AuditRange.between(START, START.plus(DAY));
        ObservedState before = observe(List.of(change), List.of(issued.token().reveal()));

        List<Runnable> attempts = List.of(
                () -> facade.requestGrantChange(asCustomer, id, GrantRequest.roles("tenant:administrator")),
                () -> facade.restrictPartnerAccess(asCustomer, RoleKey.setOf("billing:read"), Optional.empty()),
                () -> facade.changeGrantRules(asCustomer, GrantRules.asRequested().withAutoRenew(true)),
                () -> facade.delegatedSessions(asCustomer, SessionQuery.firstPage()),
                () -> facade.endDelegatedSession(asCustomer, session.id()),
                () -> facade.exportAuditTrail(asCustomer, CUSTOMER.id(), all, new StringBuilder()),
                () -> facade.auditTrailOfTenant(asCustomer, CUSTOMER.id(), all),
                () -> facade.reviewInvitation(asCustomer, change),
                () -> facade.acceptInvitation(asCustomer, change),
                () -> facade.acceptInvitation(asCustomer, change, GrantRules.asRequested().withAutoRenew(true)),
                () -> facade.declineInvitation(asCustomer, change),
                () -> facade.loginToCustomer(asCustomer, id, LoginRequest.roles("billing:read")),
                () -> facade.addCustomerAccount(asCustomer, OTHER_CUSTOMER.administratorEmail(), BILLING_30_DAYS),
                () -> facade.enforceTimeLimits(asCustomer));
        for (Runnable attempt : attempts) {
            assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, attempt::run);
        }

        assertThat(observe(List.of(change), List.of(issued.token().reveal()))).as("nothing written").isEqualTo(before);
        assertThat(facade.currentPartner(asCustomer)).as("reading the link it acts under is allowed").isPresent();
        assertThat(facade.reviewInvitation(adminOf(CUSTOMER), change).kind()).isEqualTo(InvitationReview.Kind.CHANGE_OF_GRANT);
    }

    @Test
    void thePartnerCannotApproveItsOwnChangeRequest() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("tenant:administrator").forTerm(Duration.ofDays(730)));
        String change = changeRequestTokenOf(h, id);
        Principal partnerClaimingTheCustomersEmail = Principal.administrator(PARTNER.id(), UserId.of("sneaky"))
                .withVerifiedEmail(CUSTOMER.administratorEmail());
        ObservedState before = observe(List.of(change), List.of());

        for (Principal partnerSide : List.of(adminOf(PARTNER), partnerClaimingTheCustomersEmail, memberOf(PARTNER))) {
            assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.acceptInvitation(partnerSide, change));
            assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.reviewInvitation(partnerSide, change));
            assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.declineInvitation(partnerSide, change));
        }

        assertThat(observe(List.of(change), List.of())).as("nothing written").isEqualTo(before);
        assertFailsWith(ErrorCode.ROLE_NOT_GRANTED, () -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("tenant:administrator")));
    }

    @Test
    void aChangeRequestLinkCannotBeUsedByAnotherCustomerAccount() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        connect(OTHER_CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "users:manage"));
        String change = changeRequestTokenOf(h, id);
        Principal otherCustomerClaimingTheEmail = Principal.administrator(OTHER_CUSTOMER.id(), UserId.of("sneaky"))
                .withVerifiedEmail(CUSTOMER.administratorEmail());
        Principal memberWithTheEmail = Principal.member(CUSTOMER.id(), UserId.of("member"))
                .withVerifiedEmail(CUSTOMER.administratorEmail());
        ObservedState before = observe(List.of(change), List.of());

        for (Principal intruder : List.of(otherAdminOf(CUSTOMER), adminOf(OTHER_CUSTOMER), otherCustomerClaimingTheEmail,
                memberWithTheEmail, memberOf(CUSTOMER))) {
            assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.acceptInvitation(intruder, change));
            assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.declineInvitation(intruder, change));
            assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.reviewInvitation(intruder, change));
        }

        assertThat(observe(List.of(change), List.of())).as("nothing written").isEqualTo(before);
        assertThat(facade.acceptInvitation(adminOf(CUSTOMER), change).roles()).containsExactly(BILLING, USERS);
    }

    @Test
    void anApprovedChangeRequestLinkUsedAgainIsNotAppliedTwice() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "support:tickets").forTerm(Duration.ofDays(90)));
        String change = changeRequestTokenOf(h, id);
        facade.acceptInvitation(adminOf(CUSTOMER), change);
        h.clock.advance(Duration.ofDays(1));
        PartnerLink reduced = facade.restrictPartnerAccess(adminOf(CUSTOMER), RoleKey.setOf("billing:read"),
                Optional.of(START.plus(Duration.ofDays(10))));

        Throwable again = catchThrowable(() -> facade.acceptInvitation(adminOf(CUSTOMER), change));

        if (again != null) {
            assertThat(again).isInstanceOf(DelegationException.class);
            assertThat(((DelegationException) again).code()).isEqualTo(ErrorCode.INVITATION_INVALID);
        }
        PartnerLink now = facade.currentPartner(adminOf(CUSTOMER)).orElseThrow();
        assertThat(now.roles()).isEqualTo(reduced.roles());
        assertThat(now.endsAt()).isEqualTo(reduced.endsAt());
        assertThat(AuditTrails.whole(facade, adminOf(CUSTOMER), id)).filteredOn(e -> e.type() == AuditEventType.GRANT_CHANGE_APPROVED).hasSize(1);
        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.declineInvitation(adminOf(CUSTOMER), change));
        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.reviewInvitation(adminOf(CUSTOMER), change));
        assertFailsWith(ErrorCode.ROLE_NOT_GRANTED, () -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets")));
    }

    @Test
    void aChangeRequestOfAPartnerThatLostThePermissionCannotBeApprovedButCanBeDeclined() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "support:tickets"));
        String change = changeRequestTokenOf(h, id);
        facade.revokePartnerPermission(operator(), PARTNER.id());
        h.dispatcher.drain();
        ObservedState before = observe(List.of(change), List.of());

        assertFailsWith(ErrorCode.INVITING_PARTNER_UNAVAILABLE, () -> facade.acceptInvitation(adminOf(CUSTOMER), change));

        assertThat(observe(List.of(change), List.of())).as("nothing written").isEqualTo(before);
        facade.declineInvitation(adminOf(CUSTOMER), change);
        assertThat(facade.currentPartner(adminOf(CUSTOMER)).orElseThrow().roles()).containsExactly(BILLING);
    }

    @Test
    void aChangeRequestLinkDiesWithItsDelegation() {
        DelegationId id = connect(CUSTOMER, BILLING_30_DAYS, GrantRules.asRequested());
        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read", "support:tickets"));
        String change = changeRequestTokenOf(h, id);

        facade.disassociatePartner(adminOf(CUSTOMER));

        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(CUSTOMER), change));
        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.reviewInvitation(adminOf(CUSTOMER), change));
        assertThat(rowOf(id).status()).isEqualTo(DelegationStatus.REMOVED);
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private DelegationId add(Tenant customer, GrantRequest request) {
        return add(PARTNER, customer, request);
    }

    private DelegationId add(Tenant partner, Tenant customer, GrantRequest request) {
        return facade.addCustomerAccount(adminOf(partner), customer.administratorEmail(), request).delegationId();
    }

    private DelegationId connect(Tenant customer, GrantRequest request, GrantRules rules) {
        return h.connect(PARTNER, customer, request, rules);
    }

    /** The delegation's row in its partner's whole account list, whatever its status. */
    private AccountListEntry rowOf(DelegationId id) {
        for (Tenant partner : List.of(PARTNER, OTHER_PARTNER, THIRD_PARTNER)) {
            Optional<AccountListEntry> row = facade.listAccounts(adminOf(partner), AccountQuery.firstPage()
                    .withStatuses(EnumSet.allOf(DelegationStatus.class)).withLimit(100)).items().stream()
                    .filter(r -> r.delegationId().equals(id)).findFirst();
            if (row.isPresent()) {
                return row.get();
            }
        }
        throw new AssertionError("no partner lists delegation " + id);
    }

    private AuditEvent lastEvent(DelegationId id) {
        List<AuditEvent> trail = AuditTrails.whole(facade, operator(), id);
        return trail.get(trail.size() - 1);
    }

    /** The partner's open rows whose access ends within {@code period}, read page by page. */
    private List<DelegationId> endingWithin(Duration period, int pageSize) {
        List<DelegationId> ids = new ArrayList<>();
        AccountQuery query = AccountQuery.firstPage().withLimit(pageSize).endingWithin(period);
        while (true) {
            Page<AccountListEntry> page = facade.listAccounts(adminOf(PARTNER), query);
            page.items().forEach(r -> ids.add(r.delegationId()));
            if (page.nextCursor().isEmpty()) {
                return ids;
            }
            query = query.after(page.nextCursor().get());
        }
    }

    private List<DelegatedSessionView> sessionsInto(Tenant customer) {
        return facade.delegatedSessions(adminOf(customer), SessionQuery.firstPage().withLimit(100)).items();
    }

    private List<AuditEvent> pagedTrail(Principal actor, Tenant tenant, AuditRange range) {
        List<AuditEvent> events = new ArrayList<>();
        AuditRange page = range;
        while (true) {
            Page<AuditEvent> read = facade.auditTrailOfTenant(actor, tenant.id(), page);
            events.addAll(read.items());
            if (read.nextCursor().isEmpty()) {
                return events;
            }
            page = page.after(read.nextCursor().get());
        }
    }

    private ObservedState observe(List<String> invitationTokens, List<String> sessionTokens) {
        h.dispatcher.drain();
        return ObservedState.capture(h, TENANTS, invitationTokens, sessionTokens);
    }

    /** Each line of a JSON Lines text, parsed strictly as one JSON object. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> jsonLines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        assertThat(text).as("every line ends with a line feed").endsWith("\n");
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            Object value = new Json(line).document();
            assertThat(value).as("a JSON object per line: %s", line).isInstanceOf(Map.class);
            lines.add((Map<String, Object>) value);
        }
        return lines;
    }

    /** A strict RFC 8259 reader of one JSON text, for checking what the export writes. */
    private static final class Json {
        private final String text;
        private int at;

        Json(String text) {
            this.text = text;
        }

        Object document() {
            Object value = value();
            space();
            if (at != text.length()) {
                throw new AssertionError("trailing characters at " + at + " in " + text);
            }
            return value;
        }

        private Object value() {
            space();
            if (at >= text.length()) {
                throw new AssertionError("a value is missing at the end of " + text);
            }
            char c = text.charAt(at);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> members = new LinkedHashMap<>();
            at++;
            space();
            if (peek() == '}') {
                at++;
                return members;
            }
            while (true) {
                space();
                String key = string();
                space();
                expect(':');
                if (members.put(key, value()) != null) {
                    throw new AssertionError("duplicate key " + key + " in " + text);
                }
                space();
                if (peek() == ',') {
                    at++;
                } else {
                    expect('}');
                    return members;
                }
            }
        }

        private List<Object> array() {
            List<Object> items = new ArrayList<>();
            at++;
            space();
            if (peek() == ']') {
                at++;
                return items;
            }
            while (true) {
                items.add(value());
                space();
                if (peek() == ',') {
                    at++;
                } else {
                    expect(']');
                    return items;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw new AssertionError("an unescaped control character in a string of " + text);
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw new AssertionError("a bad escape \\" + e + " in " + text);
                }
            }
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) {
                throw new AssertionError("not JSON at " + at + " in " + text);
            }
            at += word.length();
            return value;
        }

        private Object number() {
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            if (start == at) {
                throw new AssertionError("not JSON at " + at + " in " + text);
            }
            return new java.math.BigDecimal(text.substring(start, at));
        }

        private void space() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private char peek() {
            if (at >= text.length()) {
                throw new AssertionError("unexpected end of " + text);
            }
            return text.charAt(at);
        }

        private char next() {
            char c = peek();
            at++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw new AssertionError("expected '" + c + "' at " + (at - 1) + " in " + text);
            }
        }
    }
}
