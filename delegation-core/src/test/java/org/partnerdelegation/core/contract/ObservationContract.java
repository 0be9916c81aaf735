package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.RecordingObserver.Event;
import org.partnerdelegation.core.contract.RecordingObserver.Kind;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.observation.DelegationObserver;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.IssuedSession;

/**
 * What the facade and the outbox dispatcher tell a {@link DelegationObserver}, over an adapter: each
 * use case begun and ended with its outcome, a refusal with its code, each delivery attempt with
 * its outcome, and never anything that identifies a tenant, a user, an address, a delegation or a
 * token. An adapter that observes its statements too ({@link #newFixture(DelegationObserver)} hands
 * it the observer) has them checked the same way, and nested inside their use case.
 */
public abstract class ObservationContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant NOT_A_PARTNER = customer(2);

    private final RecordingObserver observer = new RecordingObserver();
    private AdapterFixture adapters;
    private DelegationHarness world;

    /**
     * The adapters under test; an adapter that can report its statements reports them to {@code observer}.
     *
     * @param observer the test's recording observer
     * @return a fresh fixture, closed after each test
     */
    protected abstract AdapterFixture newFixture(DelegationObserver observer);

    /** {@return whether the adapter reports its statements to the observer it was given} */
    protected boolean reportsStatements() {
        return false;
    }

    @BeforeEach
    void assemble() {
        adapters = newFixture(observer);
        world = DelegationHarness.observedBy(adapters, observer);
        world.register(PARTNER);
        world.register(CUSTOMER);
        world.register(NOT_A_PARTNER);
        observer.clear();
    }

    @AfterEach
    void closeFixture() {
        adapters.close();
    }

    @Test
    void aUseCaseIsObservedUnderItsNameFromItsStartToItsEnd() {
        world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());

        List<Event> useCases = observer.events().stream().filter(e -> e.kind() == Kind.USE_CASE).toList();
        assertThat(useCases).extracting(Event::name, Event::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("add_customer_account", "started"),
                        org.assertj.core.groups.Tuple.tuple("add_customer_account", "succeeded"));
        assertThat(useCases).allSatisfy(e -> assertThat(e.depth()).isZero());
    }

    @Test
    void aRefusedUseCaseIsObservedWithItsErrorCode() {
        DelegationException refusal = catchThrowableOfType(DelegationException.class,
                () -> world.delegation.addCustomerAccount(adminOf(NOT_A_PARTNER), CUSTOMER.administratorEmail()));

        assertThat(refusal.code()).isEqualTo(ErrorCode.PARTNER_PERMISSION_REQUIRED);
        assertThat(observer.ends(Kind.USE_CASE)).extracting(Event::name, Event::outcome, Event::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("add_customer_account", "refused", "PARTNER_PERMISSION_REQUIRED"));
    }

    @Test
    void theStatementsOfAUseCaseAreObservedInsideIt() {
        world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());

        List<Event> statements = observer.ends(Kind.STATEMENT);
        if (!reportsStatements()) {
            assertThat(statements).isEmpty();
            return;
        }
        assertThat(statements).isNotEmpty();
        assertThat(statements).extracting(Event::name).anyMatch(name -> name.contains("INSERT pd_delegation"));
        assertThat(statements).allSatisfy(e -> {
            assertThat(e.depth()).as("%s nested in the use case", e.name()).isEqualTo(1);
            assertThat(e.outcome()).isEqualTo("succeeded");
        });
    }

    @Test
    void eachDeliveryAttemptIsObservedWithItsOutcome() {
        world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        world.notifier.simulateOutage(true);
        world.dispatcher.drain();                                  // attempt 1 of 3: retry
        world.clock.advance(Duration.ofMinutes(1));
        world.dispatcher.drain();                                  // attempt 2: retry
        world.clock.advance(Duration.ofMinutes(10));
        world.dispatcher.drain();                                  // attempt 3, the last: failed
        world.notifier.simulateOutage(false);
        world.delegation.resendInvitation(adminOf(PARTNER), world.delegation.listAccounts(adminOf(PARTNER),
                AccountQuery.firstPage()).items().get(0).delegationId());
        world.dispatcher.drain();                                  // delivered

        assertThat(observer.ends(Kind.DELIVERY)).extracting(Event::name, Event::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("INVITATION", "retry"),
                        org.assertj.core.groups.Tuple.tuple("INVITATION", "retry"),
                        org.assertj.core.groups.Tuple.tuple("INVITATION", "failed"),
                        org.assertj.core.groups.Tuple.tuple("INVITATION", "delivered"));
    }

    @Test
    void theWholeFlowTellsTheObserverNothingThatIdentifiesAnyone() {
        Principal partnerAdmin = adminOf(PARTNER);
        DelegationId id = world.delegation.addCustomerAccount(partnerAdmin, CUSTOMER.administratorEmail()).delegationId();
        String invitationToken = world.invitationTokenFor(CUSTOMER);
        world.delegation.reviewInvitation(adminOf(CUSTOMER), invitationToken);
        world.delegation.acceptInvitation(adminOf(CUSTOMER), invitationToken);
        world.dispatcher.drain();
        IssuedSession login = world.delegation.loginToCustomer(partnerAdmin, id);
        String bearer = login.token().reveal();
        DelegatedSession session = world.delegation.validateSession(bearer).orElseThrow();
        world.delegation.listAccounts(partnerAdmin, AccountQuery.firstPage());
        world.delegation.currentPartner(adminOf(CUSTOMER));
        catchThrowableOfType(DelegationException.class,
                () -> world.delegation.addCustomerAccount(adminOf(NOT_A_PARTNER), CUSTOMER.administratorEmail()));
        catchThrowableOfType(DelegationException.class, () -> world.delegation.acceptInvitation(adminOf(CUSTOMER), invitationToken));
        world.delegation.endSession(bearer);
        world.delegation.deleteAccount(partnerAdmin, id, Reason.of("ticket 4711 for admin@customer1.example"));
        world.delegation.enforceTimeLimits(operator());
        world.dispatcher.drain();

        List<String> secrets = new ArrayList<>();
        for (Tenant t : List.of(PARTNER, CUSTOMER, NOT_A_PARTNER)) {
            secrets.addAll(List.of(t.id().value(), t.accountNumber().value(), t.administratorEmail().value(),
                    adminOf(t).userId().value()));
        }
        secrets.addAll(List.of(id.value().toString(), invitationToken, bearer, session.id().value().toString(), "4711"));
        assertThat(observer.ends(Kind.USE_CASE)).extracting(Event::name).contains("add_customer_account", "accept_invitation",
                "login_to_customer", "validate_session", "delete_account", "end_session");
        assertThat(observer.ends(Kind.DELIVERY)).isNotEmpty();
        for (Event event : observer.events()) {
            for (String text : event.texts()) {
                String lower = text.toLowerCase(Locale.ROOT);
                assertThat(secrets).as("%s carries none of the test's identifiers", event)
                        .noneMatch(secret -> lower.contains(secret.toLowerCase(Locale.ROOT)));
                assertThat(text).as("%s carries no address", event).doesNotContain("@");
            }
        }
    }
}
