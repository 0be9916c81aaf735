package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.memberOf;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.otherAdminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.AuditRange;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.SessionQuery;
import org.partnerdelegation.core.usecase.AuditQuery;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.RetentionPolicy;
import org.partnerdelegation.core.usecase.StepUpPolicy;

/**
 * Every use case of the facade against every kind of principal: who may, and what everyone else
 * gets. A refusal carries exactly the code of the table and leaves nothing written (delegations,
 * audit trails, permission changes, the outbox, the invitation, the live delegated session).
 *
 * <p>The world: partner {@link #OWNER} is CONNECTED to {@link #CONNECTED_CUSTOMER} and holds a
 * live delegated session into it; it invited {@link #INVITED_CUSTOMER}, whose link is pending;
 * {@link #STRANGER} is a tenant with nothing to do with either.
 */
public abstract class UseCaseAccessMatrixContract {

    private static final Tenant OWNER = partner(1);
    private static final Tenant CONNECTED_CUSTOMER = customer(1);
    private static final Tenant INVITED_CUSTOMER = customer(2);
    private static final Tenant NEW_CUSTOMER = customer(3);
    private static final Tenant STRANGER = customer(90);

    /** The kinds of principal a host may hand in. */
    enum Who {
        PARTNER_ADMIN, PARTNER_MEMBER, CUSTOMER_ADMIN, INVITED_ACCOUNT, OTHER_ADMIN_OF_THE_INVITED_CUSTOMER,
        DELEGATED_SESSION, OPERATOR, STRANGER_ADMIN,
        /** The partner administrator, signed in with a password only: no fresh multi-factor authentication. */
        PARTNER_ADMIN_WITHOUT_STEP_UP,
        /** The connected customer's administrator, signed in with a password only. */
        CUSTOMER_ADMIN_WITHOUT_STEP_UP
    }

    /** Every use case that takes a principal, with the arguments the world gives it. */
    enum UseCase {
        ADD_CUSTOMER_ACCOUNT, LIST_ACCOUNTS, RESEND_INVITATION, LOGIN_TO_CUSTOMER, DELETE_ACCOUNT, END_SESSIONS_OF_USER,
        ACCEPT_INVITATION, DECLINE_INVITATION, DISASSOCIATE_PARTNER, CURRENT_PARTNER, END_SESSIONS_INTO_TENANT,
        GRANT_PARTNER_PERMISSION, REVOKE_PARTNER_PERMISSION, EXPIRE_INVITATIONS, AUDIT_TRAIL, PERMISSION_AUDIT_TRAIL,
        APPLY_RETENTION, REQUEST_GRANT_CHANGE, REVIEW_INVITATION, RESTRICT_PARTNER_ACCESS, CHANGE_GRANT_RULES,
        DELEGATED_SESSIONS, END_DELEGATED_SESSION, ENFORCE_TIME_LIMITS, AUDIT_TRAIL_OF_TENANT, EXPORT_AUDIT_TRAIL,
        CUSTOMER_SETTINGS, CHANGE_CUSTOMER_SETTINGS, VIEW_ACCOUNTS
    }

    private static final String OK = "OK";
    private static final AuditRange EVERYTHING = AuditRange.between(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));

    /** The table: for each use case, the outcome of each principal in {@link Who}'s order: OK or an error code. */
    private static final Map<UseCase, List<String>> TABLE = new EnumMap<>(UseCase.class);

    static {
        // partner admin, partner member, customer admin, invited account, other admin of invited, delegated, operator, stranger,
        // partner admin without step-up, customer admin without step-up (every other principal has just stepped up)
        String ar = "ADMINISTRATOR_REQUIRED", ppr = "PARTNER_PERMISSION_REQUIRED", dsna = "DELEGATED_SESSION_NOT_ALLOWED",
                ifaa = "INVITATION_FOR_ANOTHER_ACCOUNT", nc = "NOT_CONNECTED", anf = "ACCOUNT_NOT_FOUND",
                or = "OPERATOR_REQUIRED", dnf = "DELEGATION_NOT_FOUND", snf = "SESSION_NOT_FOUND", sur = "STEP_UP_REQUIRED";
        row(UseCase.ADD_CUSTOMER_ACCOUNT, OK, ar, ppr, ppr, ppr, dsna, ar, ppr, OK, ppr);
        row(UseCase.LIST_ACCOUNTS, OK, OK, ppr, ppr, ppr, dsna, anf, ppr, OK, ppr);
        // Read-only to a tenant without the permission (its rows, none here), so every member of a known tenant may ask.
        row(UseCase.VIEW_ACCOUNTS, OK, OK, OK, OK, OK, dsna, anf, OK, OK, OK);
        row(UseCase.RESEND_INVITATION, OK, ar, ppr, ppr, ppr, dsna, ar, ppr, OK, ppr);
        row(UseCase.LOGIN_TO_CUSTOMER, OK, ar, ppr, ppr, ppr, dsna, ar, ppr, sur, ppr);
        row(UseCase.DELETE_ACCOUNT, OK, ar, ppr, ppr, ppr, dsna, ar, ppr, OK, ppr);
        row(UseCase.END_SESSIONS_OF_USER, OK, ar, anf, anf, anf, dsna, OK, anf, OK, anf);
        row(UseCase.ACCEPT_INVITATION, ifaa, ifaa, ifaa, OK, ifaa, dsna, ifaa, ifaa, ifaa, ifaa);
        row(UseCase.DECLINE_INVITATION, ifaa, ifaa, ifaa, OK, ifaa, dsna, ifaa, ifaa, ifaa, ifaa);
        row(UseCase.DISASSOCIATE_PARTNER, nc, ar, OK, nc, nc, dsna, ar, nc, nc, OK);
        row(UseCase.CURRENT_PARTNER, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK);
        row(UseCase.END_SESSIONS_INTO_TENANT, OK, ar, OK, OK, OK, dsna, ar, OK, OK, OK);
        row(UseCase.GRANT_PARTNER_PERMISSION, or, or, or, or, or, dsna, OK, or, or, or);
        row(UseCase.REVOKE_PARTNER_PERMISSION, or, or, or, or, or, dsna, OK, or, or, or);
        row(UseCase.EXPIRE_INVITATIONS, or, or, or, or, or, dsna, OK, or, or, or);
        row(UseCase.AUDIT_TRAIL, OK, OK, OK, dnf, dnf, OK, OK, dnf, OK, OK);
        row(UseCase.PERMISSION_AUDIT_TRAIL, or, or, or, or, or, dsna, OK, or, or, or);
        row(UseCase.APPLY_RETENTION, or, or, or, or, or, dsna, OK, or, or, or);
        row(UseCase.REQUEST_GRANT_CHANGE, OK, ar, ppr, ppr, ppr, dsna, ar, ppr, OK, ppr);
        row(UseCase.REVIEW_INVITATION, ifaa, ifaa, ifaa, OK, ifaa, dsna, ifaa, ifaa, ifaa, ifaa);
        row(UseCase.RESTRICT_PARTNER_ACCESS, nc, ar, OK, nc, nc, dsna, ar, nc, nc, sur);
        row(UseCase.CHANGE_GRANT_RULES, nc, ar, OK, nc, nc, dsna, ar, nc, nc, sur);
        row(UseCase.DELEGATED_SESSIONS, OK, OK, OK, OK, OK, dsna, OK, OK, OK, OK);
        row(UseCase.END_DELEGATED_SESSION, snf, ar, OK, snf, snf, dsna, ar, snf, snf, OK);
        row(UseCase.ENFORCE_TIME_LIMITS, or, or, or, or, or, dsna, OK, or, or, or);
        row(UseCase.AUDIT_TRAIL_OF_TENANT, anf, ar, OK, anf, anf, dsna, OK, anf, anf, OK);
        row(UseCase.EXPORT_AUDIT_TRAIL, anf, ar, OK, anf, anf, dsna, OK, anf, anf, OK);
        // Each acts on its own tenant's settings: a partner's or a stranger's administrator changes its own, never another's;
        // loosening them (no more notices, no step-up of its own) is a sensitive customer action.
        row(UseCase.CUSTOMER_SETTINGS, OK, OK, OK, OK, OK, dsna, OK, OK, OK, OK);
        row(UseCase.CHANGE_CUSTOMER_SETTINGS, OK, ar, OK, OK, OK, dsna, ar, OK, sur, sur);
    }

    private static void row(UseCase useCase, String... outcomes) {
        TABLE.put(useCase, List.of(outcomes));
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (UseCase useCase : UseCase.values()) {
            for (Who who : Who.values()) {
                cells.add(Arguments.of(useCase, who, TABLE.get(useCase).get(who.ordinal())));
            }
        }
        return cells.stream();
    }

    private final List<Tenant> tenants = new ArrayList<>();
    private AdapterFixture fixture;
    private DelegationHarness h;
    private PartnerDelegation facade;
    private DelegationId connected;
    private DelegationId pending;
    private String invitation;
    private DelegatedSession liveSession;
    private String liveToken;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void buildTheWorld() {
        fixture = newFixture();
        // The host's default step-up, and for the customer's sensitive actions too: the two principals without a
        // step-up are refused exactly those.
        h = DelegationHarness.withStepUpPolicy(fixture, StepUpPolicy.defaults().forCustomerActionsToo());
        facade = h.delegation;
        for (Tenant t : List.of(OWNER, CONNECTED_CUSTOMER, INVITED_CUSTOMER, NEW_CUSTOMER, STRANGER)) {
            tenants.add(h.register(t));
        }
        // Accepted by the customer's administrator just after a step-up: the host asks one for customer actions too.
        connected = facade.addCustomerAccount(adminOf(OWNER), CONNECTED_CUSTOMER.administratorEmail()).delegationId();
        facade.acceptInvitation(principal(Who.CUSTOMER_ADMIN), ScenarioSupport.invitationTokenOf(h, connected));
        var issued = facade.loginToCustomer(principal(Who.PARTNER_ADMIN), connected);
        liveSession = issued.session();
        liveToken = issued.token().reveal();
        pending = facade.addCustomerAccount(adminOf(OWNER), INVITED_CUSTOMER.administratorEmail()).delegationId();
        invitation = ScenarioSupport.invitationTokenOf(h, pending);
        h.dispatcher.drain();
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0} by {1} -> {2}")
    @MethodSource("cells")
    void eachUseCaseAllowsWhomTheTableSaysAndRefusesEveryoneElseWritingNothing(UseCase useCase, Who who, String expected) {
        Principal actor = principal(who);
        ObservedState before = observe();

        Throwable thrown = catchThrowable(() -> perform(useCase, actor));

        if (expected.equals(OK)) {
            assertThat(thrown).as("%s may %s", who, useCase).isNull();
            return;
        }
        assertThat(thrown).as("%s %s", who, useCase).isInstanceOf(DelegationException.class);
        DelegationException refusal = (DelegationException) thrown;
        assertThat(refusal.code()).as("code of: %s", refusal.getMessage()).isEqualTo(ErrorCode.valueOf(expected));
        assertThat(refusal.getMessage()).doesNotContain(invitation).doesNotContain(liveToken);
        assertThat(observe()).as("nothing written").isEqualTo(before);
        assertThat(facade.validateSession(liveToken)).as("the live session").isPresent();
    }

    @Test
    void theTableCoversEveryUseCaseAndEveryKindOfPrincipal() {
        assertThat(TABLE.keySet()).containsExactlyInAnyOrder(UseCase.values());
        assertThat(TABLE.values()).allSatisfy(outcomes -> assertThat(outcomes).hasSize(Who.values().length));
        assertThat(cells()).hasSize(UseCase.values().length * Who.values().length);
        assertThat(Arrays.stream(PartnerDelegation.class.getDeclaredMethods())
                .filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers()))
                .filter(m -> m.getParameterCount() > 0 && m.getParameterTypes()[0] == Principal.class)
                .map(m -> m.getName())
                .distinct())
                .as("every use case taking a principal is in the table")
                .allSatisfy(name -> assertThat(Arrays.stream(UseCase.values()).map(u -> camel(u.name()))).contains(name));
    }

    @Test
    void aDelegatedSessionReadsTheTrailOfItsOwnDelegationOnly() {
        Principal delegated = liveSession.principal();

        assertThat(facade.auditTrail(delegated, connected, AuditQuery.firstPage()).items()).isNotEmpty();
        DelegationException refusal = (DelegationException) catchThrowable(() -> facade.auditTrail(delegated, pending, AuditQuery.firstPage()));
        assertThat(refusal.code()).isEqualTo(ErrorCode.DELEGATION_NOT_FOUND);
        assertThat(facade.currentPartner(delegated)).hasValueSatisfying(link -> assertThat(link.partnerTenant()).isEqualTo(OWNER.id()));
    }

    // ------------------------------------------------------------------ helpers

    private Principal principal(Who who) {
        Authentication steppedUp = Authentication.of(h.clock.instant(), "pwd", "otp");
        Authentication passwordOnly = Authentication.of(h.clock.instant(), "pwd");
        return switch (who) {
            case PARTNER_ADMIN -> adminOf(OWNER).withAuthentication(steppedUp);
            case PARTNER_MEMBER -> memberOf(OWNER).withAuthentication(steppedUp);
            case CUSTOMER_ADMIN -> adminOf(CONNECTED_CUSTOMER).withAuthentication(steppedUp);
            case INVITED_ACCOUNT -> adminOf(INVITED_CUSTOMER).withAuthentication(steppedUp);
            case OTHER_ADMIN_OF_THE_INVITED_CUSTOMER -> otherAdminOf(INVITED_CUSTOMER).withAuthentication(steppedUp);
            case DELEGATED_SESSION -> facade.validateSession(liveToken).orElseThrow().principal();
            case OPERATOR -> operator().withAuthentication(steppedUp);
            case STRANGER_ADMIN -> adminOf(STRANGER).withAuthentication(steppedUp);
            case PARTNER_ADMIN_WITHOUT_STEP_UP -> adminOf(OWNER).withAuthentication(passwordOnly);
            case CUSTOMER_ADMIN_WITHOUT_STEP_UP -> adminOf(CONNECTED_CUSTOMER).withAuthentication(passwordOnly);
        };
    }

    private Object perform(UseCase useCase, Principal actor) {
        return switch (useCase) {
            case ADD_CUSTOMER_ACCOUNT -> facade.addCustomerAccount(actor, NEW_CUSTOMER.administratorEmail());
            case LIST_ACCOUNTS -> facade.listAccounts(actor, AccountQuery.firstPage());
            case VIEW_ACCOUNTS -> facade.viewAccounts(actor, AccountQuery.firstPage());
            case RESEND_INVITATION -> facade.resendInvitation(actor, pending);
            case LOGIN_TO_CUSTOMER -> facade.loginToCustomer(actor, connected);
            case DELETE_ACCOUNT -> run(() -> facade.deleteAccount(actor, connected));
            case END_SESSIONS_OF_USER -> facade.endSessionsOfUser(actor, OWNER.id(), adminOf(OWNER).userId());
            case ACCEPT_INVITATION -> facade.acceptInvitation(actor, invitation);
            case DECLINE_INVITATION -> run(() -> facade.declineInvitation(actor, invitation));
            case DISASSOCIATE_PARTNER -> run(() -> facade.disassociatePartner(actor));
            case CURRENT_PARTNER -> facade.currentPartner(actor);
            case END_SESSIONS_INTO_TENANT -> facade.endSessionsIntoTenant(actor);
            case GRANT_PARTNER_PERMISSION -> facade.grantPartnerPermission(actor, STRANGER.id());
            case REVOKE_PARTNER_PERMISSION -> facade.revokePartnerPermission(actor, OWNER.id());
            case EXPIRE_INVITATIONS -> facade.expireInvitations(actor);
            case AUDIT_TRAIL -> facade.auditTrail(actor, connected, AuditQuery.firstPage());
            case PERMISSION_AUDIT_TRAIL -> facade.permissionAuditTrail(actor, OWNER.id());
            case APPLY_RETENTION -> facade.applyRetention(actor, RetentionPolicy.keepingAudit(Duration.ofDays(30)));
            case REQUEST_GRANT_CHANGE -> facade.requestGrantChange(actor, connected, GrantRequest.defaults().forTerm(Duration.ofDays(30)));
            case REVIEW_INVITATION -> facade.reviewInvitation(actor, invitation);
            case RESTRICT_PARTNER_ACCESS -> facade.restrictPartnerAccess(actor, Set.of(RoleKey.TENANT_ADMINISTRATOR),
                    Optional.of(h.clock.instant().plus(Duration.ofDays(10))));
            case CHANGE_GRANT_RULES -> facade.changeGrantRules(actor, GrantRules.asRequested().withReasonRequired(true));
            case DELEGATED_SESSIONS -> facade.delegatedSessions(actor, SessionQuery.firstPage());
            case END_DELEGATED_SESSION -> facade.endDelegatedSession(actor, liveSession.id());
            case ENFORCE_TIME_LIMITS -> facade.enforceTimeLimits(actor);
            case AUDIT_TRAIL_OF_TENANT -> facade.auditTrailOfTenant(actor, CONNECTED_CUSTOMER.id(), EVERYTHING);
            case EXPORT_AUDIT_TRAIL -> facade.exportAuditTrail(actor, CONNECTED_CUSTOMER.id(), EVERYTHING, new StringBuilder());
            case CUSTOMER_SETTINGS -> facade.customerSettings(actor);
            case CHANGE_CUSTOMER_SETTINGS -> facade.changeCustomerSettings(actor,
                    org.partnerdelegation.core.domain.CustomerSettings.DEFAULTS.withLoginNotice(
                            org.partnerdelegation.core.domain.LoginNotice.NONE));
        };
    }

    private static Object run(Runnable call) {
        call.run();
        return null;
    }

    private static String camel(String constant) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : constant.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private ObservedState observe() {
        return ObservedState.capture(h, tenants, List.of(invitation), List.of(liveToken));
    }

}
