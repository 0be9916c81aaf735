package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.partnerdelegation.core.contract.AuthorizationMatrixContract.Outcome.ADMINISTRATOR_REQUIRED;
import static org.partnerdelegation.core.contract.AuthorizationMatrixContract.Outcome.DELEGATION_NOT_FOUND;
import static org.partnerdelegation.core.contract.AuthorizationMatrixContract.Outcome.PARTNER_PERMISSION_REQUIRED;
import static org.partnerdelegation.core.contract.AuthorizationMatrixContract.Outcome.SHOWN;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.memberOf;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.AuditQuery;

/**
 * Who may act on a partner's delegations. A partner sees and acts on its own delegations only:
 * every other actor, against each partner-side action on that partner's PENDING and CONNECTED
 * delegation, gets exactly the refusal the table below names, and nothing changes (delegations,
 * audit trails, outbox, invitations, the live session).
 */
public abstract class AuthorizationMatrixContract {

    private static final Tenant OWNER = partner(1);
    private static final Tenant ANOTHER_PARTNER = partner(2);
    private static final Tenant NON_PARTNER = customer(90);
    private static final Tenant PENDING_CUSTOMER = customer(1);
    private static final Tenant CONNECTED_CUSTOMER = customer(2);
    /** Connected to ANOTHER_PARTNER; has nothing to do with OWNER. */
    private static final Tenant UNRELATED_CUSTOMER = customer(3);

    /** What an actor gets. {@link #SHOWN}: the read is allowed (the actor is a side of the delegation, or an operator). */
    enum Outcome {
        SHOWN, DELEGATION_NOT_FOUND, PARTNER_PERMISSION_REQUIRED, ADMINISTRATOR_REQUIRED;

        Optional<ErrorCode> code() {
            return this == SHOWN ? Optional.empty() : Optional.of(ErrorCode.valueOf(name()));
        }
    }

    /** The owning partner's delegation under attack. */
    enum Target {
        PENDING(PENDING_CUSTOMER), CONNECTED(CONNECTED_CUSTOMER);

        final Tenant customer;

        Target(Tenant customer) {
            this.customer = customer;
        }
    }

    /** Who tries. Some actors depend on the target (the customer of that very delegation). */
    enum Actor {
        MEMBER_OF_THE_OWNING_PARTNER(target -> memberOf(OWNER)),
        ADMIN_OF_ANOTHER_PARTNER(target -> adminOf(ANOTHER_PARTNER)),
        MEMBER_OF_ANOTHER_PARTNER(target -> memberOf(ANOTHER_PARTNER)),
        ADMIN_OF_A_TENANT_WITHOUT_PARTNER_PERMISSION(target -> adminOf(NON_PARTNER)),
        ADMIN_OF_THE_CUSTOMER(target -> adminOf(target.customer)),
        MEMBER_OF_THE_CUSTOMER(target -> memberOf(target.customer)),
        ADMIN_OF_AN_UNRELATED_CUSTOMER(target -> adminOf(UNRELATED_CUSTOMER)),
        OPERATOR(target -> operator());

        private final Function<Target, Principal> principal;

        Actor(Function<Target, Principal> principal) {
            this.principal = principal;
        }

        Principal against(Target target) {
            return principal.apply(target);
        }
    }

    /** The partner-side actions on one delegation. */
    enum Action {
        RESEND_INVITATION((f, p, id) -> f.resendInvitation(p, id)),
        LOGIN_TO_CUSTOMER((f, p, id) -> f.loginToCustomer(p, id)),
        DELETE_ACCOUNT((f, p, id) -> {
            f.deleteAccount(p, id);
            return null;
        }),
        AUDIT_TRAIL((f, p, id) -> f.auditTrail(p, id, AuditQuery.firstPage()).items());

        private final Call call;

        Action(Call call) {
            this.call = call;
        }

        Object perform(PartnerDelegation facade, Principal actor, DelegationId id) {
            return call.perform(facade, actor, id);
        }

        @FunctionalInterface
        interface Call {
            Object perform(PartnerDelegation facade, Principal actor, DelegationId id);
        }
    }

    /**
     * The table. The same for the PENDING and the CONNECTED delegation: refusals are decided
     * before the delegation's status is looked at, so they reveal nothing about it.
     */
    static Stream<Arguments> matrix() {
        return Stream.of(
                //  actor                                             resend                       login                        delete                       audit trail
                row(Actor.MEMBER_OF_THE_OWNING_PARTNER,                 ADMINISTRATOR_REQUIRED,      ADMINISTRATOR_REQUIRED,      ADMINISTRATOR_REQUIRED,      SHOWN),
                row(Actor.ADMIN_OF_ANOTHER_PARTNER,                     DELEGATION_NOT_FOUND,        DELEGATION_NOT_FOUND,        DELEGATION_NOT_FOUND,        DELEGATION_NOT_FOUND),
                row(Actor.MEMBER_OF_ANOTHER_PARTNER,                    ADMINISTRATOR_REQUIRED,      ADMINISTRATOR_REQUIRED,      ADMINISTRATOR_REQUIRED,      DELEGATION_NOT_FOUND),
                row(Actor.ADMIN_OF_A_TENANT_WITHOUT_PARTNER_PERMISSION, PARTNER_PERMISSION_REQUIRED, PARTNER_PERMISSION_REQUIRED, PARTNER_PERMISSION_REQUIRED, DELEGATION_NOT_FOUND),
                row(Actor.ADMIN_OF_THE_CUSTOMER,                        PARTNER_PERMISSION_REQUIRED, PARTNER_PERMISSION_REQUIRED, PARTNER_PERMISSION_REQUIRED, SHOWN),
                row(Actor.MEMBER_OF_THE_CUSTOMER,                       ADMINISTRATOR_REQUIRED,      ADMINISTRATOR_REQUIRED,      ADMINISTRATOR_REQUIRED,      SHOWN),
                row(Actor.ADMIN_OF_AN_UNRELATED_CUSTOMER,               PARTNER_PERMISSION_REQUIRED, PARTNER_PERMISSION_REQUIRED, PARTNER_PERMISSION_REQUIRED, DELEGATION_NOT_FOUND),
                row(Actor.OPERATOR,                                     ADMINISTRATOR_REQUIRED,      ADMINISTRATOR_REQUIRED,      ADMINISTRATOR_REQUIRED,      SHOWN)
        ).flatMap(List::stream);
    }

    private static List<Arguments> row(Actor actor, Outcome resend, Outcome login, Outcome delete, Outcome auditTrail) {
        Outcome[] byAction = {resend, login, delete, auditTrail};
        List<Arguments> cases = new ArrayList<>();
        for (Target target : Target.values()) {
            for (Action action : Action.values()) {
                cases.add(Arguments.of(actor, action, target, byAction[action.ordinal()]));
            }
        }
        return cases;
    }

    private final List<Tenant> tenants = new ArrayList<>();
    private AdapterFixture fixture;
    private DelegationHarness h;
    private PartnerDelegation facade;
    private DelegationId pending;
    private DelegationId connected;
    private String pendingInvitation;
    private String liveSession;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void giveTheOwnerAPendingAndAConnectedDelegation() {
        fixture = newFixture();
        h = new DelegationHarness(fixture);
        facade = h.delegation;
        for (Tenant t : List.of(OWNER, ANOTHER_PARTNER, NON_PARTNER, PENDING_CUSTOMER, CONNECTED_CUSTOMER, UNRELATED_CUSTOMER)) {
            tenants.add(h.register(t));
        }
        pending = facade.addCustomerAccount(adminOf(OWNER), PENDING_CUSTOMER.administratorEmail()).delegationId();
        pendingInvitation = ScenarioSupport.invitationTokenOf(h, pending);
        connected = h.connect(OWNER, CONNECTED_CUSTOMER);
        liveSession = facade.loginToCustomer(adminOf(OWNER), connected).token().reveal();
        h.connect(ANOTHER_PARTNER, UNRELATED_CUSTOMER);
        h.dispatcher.drain();
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0} / {1} / owner''s {2} delegation -> {3}")
    @MethodSource("matrix")
    void onlyTheOwningPartnersAdministratorActsOnItsDelegation(Actor actor, Action action, Target target, Outcome expected) {
        DelegationId id = target == Target.PENDING ? pending : connected;
        Principal principal = actor.against(target);
        ObservedState before = observe();
        Optional<DelegatedSession> sessionBefore = facade.validateSession(liveSession);
        assertThat(sessionBefore).as("the owner's live session, before").isPresent();

        Object[] result = new Object[1];
        Throwable thrown = catchThrowable(() -> result[0] = action.perform(facade, principal, id));

        if (expected == SHOWN) {
            assertThat(thrown).as("%s may read the audit trail", actor).isNull();
            assertThat(result[0]).asInstanceOf(InstanceOfAssertFactories.list(AuditEvent.class))
                    .isNotEmpty()
                    .allSatisfy(event -> assertThat(event.delegationId()).contains(id));
        } else {
            assertThat(thrown).as("%s %s", actor, action).isInstanceOf(DelegationException.class);
            DelegationException refusal = (DelegationException) thrown;
            assertThat(Optional.of(refusal.code())).as("code of: %s", refusal.getMessage()).isEqualTo(expected.code());
            assertThat(refusal.getMessage()).doesNotContain(pendingInvitation).doesNotContain(liveSession);
            if (expected == DELEGATION_NOT_FOUND) {
                assertThat(refusal.getMessage()).as("not found looks the same as for an id that never existed")
                        .isEqualTo(notFoundMessageFor(principal, action, id));
            }
        }
        assertThat(observe()).as("nothing changed").isEqualTo(before);
        assertThat(facade.validateSession(liveSession)).as("the owner's live session, after").isEqualTo(sessionBefore);
        assertThat(statusOf(pending)).isEqualTo(DelegationStatus.PENDING);
        assertThat(statusOf(connected)).isEqualTo(DelegationStatus.CONNECTED);
    }

    @Test
    void theTableCoversEveryActorActionAndTarget() {
        List<Arguments> cases = matrix().toList();

        assertThat(cases).hasSize(Actor.values().length * Action.values().length * Target.values().length);
        assertThat(cases.stream().map(a -> Arrays.asList(a.get()[0], a.get()[1], a.get()[2])).distinct()).hasSameSizeAs(cases);
    }

    @Test
    void theOwningPartnersAdministratorMayDoWhatTheOthersMayNot() {
        facade.resendInvitation(adminOf(OWNER), pending);
        assertThat(facade.auditTrail(adminOf(OWNER), connected, AuditQuery.firstPage()).items()).isNotEmpty();
        assertThat(facade.validateSession(facade.loginToCustomer(adminOf(OWNER), connected).token().reveal())).isPresent();
        facade.deleteAccount(adminOf(OWNER), connected);

        assertThat(statusOf(connected)).isEqualTo(DelegationStatus.REMOVED);
        assertThat(facade.validateSession(liveSession)).isEmpty();
    }

    @Test
    void theInvitationStillWorksForItsCustomerAfterAllThoseAttempts() {
        for (Actor actor : Actor.values()) {
            for (Action action : Action.values()) {
                catchThrowable(() -> action.perform(facade, actor.against(Target.PENDING), pending));
            }
        }

        assertThat(facade.acceptInvitation(adminOf(PENDING_CUSTOMER), pendingInvitation).delegationId()).isEqualTo(pending);
        assertThat(statusOf(pending)).isEqualTo(DelegationStatus.CONNECTED);
    }

    // ------------------------------------------------------------------ helpers

    /** The refusal the same actor gets for an id that never existed, with the id swapped in. */
    private String notFoundMessageFor(Principal principal, Action action, DelegationId id) {
        DelegationId neverExisted = DelegationId.of(new UUID(42, 42));
        Throwable thrown = catchThrowable(() -> action.perform(facade, principal, neverExisted));
        assertThat(thrown).isInstanceOf(DelegationException.class);
        assertThat(((DelegationException) thrown).code()).isEqualTo(ErrorCode.DELEGATION_NOT_FOUND);
        return thrown.getMessage().replace(neverExisted.toString(), id.toString());
    }

    private DelegationStatus statusOf(DelegationId id) {
        return fixture.delegationStore().inTransaction(tx -> tx.findDelegation(id)).orElseThrow().status();
    }

    private ObservedState observe() {
        return ObservedState.capture(h, tenants, List.of(pendingInvitation), List.of(liveSession));
    }
}
