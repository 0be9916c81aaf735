package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.StepUpPolicy;
import org.partnerdelegation.core.usecase.TimeLimitResult;

/**
 * The session check of the Jdbi storage's joined queries ({@code JdbiJoinedQueries}, one statement)
 * against roles and end dates: a session holds only the roles its delegation still grants, and
 * stops validating at the end of access, before any sweep has ended the delegation; with automatic
 * renewal, at the end of the renewed period.
 */
class TimeLimitedSessionTest {

    private static final RoleKey BILLING = RoleKey.of("billing:read");
    private static final RoleKey SUPPORT = RoleKey.of("support:tickets");
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.builder()
            .role(DelegableRole.TENANT_ADMINISTRATOR)
            .role(DelegableRole.of(BILLING.value(), "Billing reader", "Reads invoices").withAutoRenewal(true))
            .role(DelegableRole.of(SUPPORT.value(), "Support agent", "Answers tickets").withAutoRenewal(true))
            .defaultRoles(RoleKey.TENANT_ADMINISTRATOR)
            .build();
    private static final Duration TERM = Duration.ofDays(30);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aReducedGrantNarrowsALiveSessionAndTheEndDateStopsIt(String database) {
        try (JdbiAdapterFixture fixture = database.equals("h2") ? Databases.h2() : Databases.postgres()) {
            Facade w = new Facade(fixture);
            DelegationId id = w.connect(GrantRequest.roles(Set.of(BILLING, SUPPORT)).forTerm(TERM), false);
            IssuedSession login = w.delegation.loginToCustomer(adminOf(partner(1)), id, LoginRequest.allGranted());
            String token = login.token().reveal();

            assertThat(w.delegation.validateSession(token)).map(DelegatedSession::roles).contains(Set.of(BILLING, SUPPORT));

            w.delegation.restrictPartnerAccess(adminOf(customer(1)), Set.of(BILLING), Optional.empty());
            DelegatedSession narrowed = w.delegation.validateSession(token).orElseThrow();
            assertThat(narrowed.roles()).containsExactly(BILLING);
            assertThat(narrowed.hasRole(SUPPORT)).isFalse();
            assertThat(fixture.sessionIssuer().introspect(login.session().tokenHash()).orElseThrow().roles())
                    .as("as stored: the cut is written to the session, so a later, wider grant cannot give it back")
                    .containsExactly(BILLING);

            // Sessions last an hour: log in again shortly before the end.
            w.clock.advance(TERM.minusMinutes(30));
            IssuedSession late = w.delegation.loginToCustomer(adminOf(partner(1)), id, LoginRequest.allGranted());
            assertThat(late.session().roles()).containsExactly(BILLING);
            w.clock.advance(Duration.ofMinutes(30).minusSeconds(1));
            assertThat(w.delegation.validateSession(late.token().reveal())).as("not yet: the end is a second away").isPresent();
            w.clock.advance(Duration.ofSeconds(1));
            assertThat(w.delegation.validateSession(late.token().reveal())).as("at the end, before any sweep").isEmpty();
            assertThat(fixture.delegationStore().inTransaction(tx -> tx.findDelegation(id)).orElseThrow().status())
                    .isEqualTo(DelegationStatus.CONNECTED);

            TimeLimitResult swept = w.delegation.enforceTimeLimits(operator());
            assertThat(swept.ended()).isEqualTo(1);
            assertThat(fixture.delegationStore().inTransaction(tx -> tx.findDelegation(id)).orElseThrow().status())
                    .isEqualTo(DelegationStatus.ENDED);
            assertThat(fixture.sessionIssuer().introspect(late.session().tokenHash()).orElseThrow().revokedAt())
                    .as("the sweep revokes the sessions still live").isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aSessionWhoseEveryRoleWasTakenAwayNoLongerValidates(String database) {
        try (JdbiAdapterFixture fixture = database.equals("h2") ? Databases.h2() : Databases.postgres()) {
            Facade w = new Facade(fixture);
            DelegationId id = w.connect(GrantRequest.roles(Set.of(BILLING, SUPPORT)), false);
            String supportOnly = w.delegation.loginToCustomer(adminOf(partner(1)), id, LoginRequest.roles(SUPPORT.value()))
                    .token().reveal();
            String both = w.delegation.loginToCustomer(adminOf(partner(1)), id, LoginRequest.allGranted()).token().reveal();

            w.delegation.restrictPartnerAccess(adminOf(customer(1)), Set.of(BILLING), Optional.empty());

            assertThat(w.delegation.validateSession(supportOnly)).isEmpty();
            assertThat(w.delegation.validateSession(both)).map(DelegatedSession::roles).contains(Set.of(BILLING));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void anApprovedRenewalKeepsTheSessionValidUntilTheEndOfTheRenewedPeriod(String database) {
        try (JdbiAdapterFixture fixture = database.equals("h2") ? Databases.h2() : Databases.postgres()) {
            Facade w = new Facade(fixture);
            Duration day = Duration.ofDays(1);
            DelegationId id = w.connect(GrantRequest.roles(Set.of(BILLING)).forTerm(day), true);

            w.clock.advance(day.minusMinutes(30));
            String token = w.delegation.loginToCustomer(adminOf(partner(1)), id, LoginRequest.allGranted()).token().reveal();
            w.clock.advance(Duration.ofMinutes(31));
            assertThat(w.delegation.validateSession(token)).as("past the first period, renewal approved, no sweep yet").isPresent();
            w.clock.advance(day.minusMinutes(31));
            String renewed = w.delegation.loginToCustomer(adminOf(partner(1)), id, LoginRequest.allGranted()).token().reveal();
            w.clock.advance(Duration.ofMinutes(30));
            assertThat(w.delegation.validateSession(renewed)).as("at the end of the renewed period").isEmpty();
        }
    }

    /** The facade over the fixture with the catalogue above, and a mailbox for the invitation's token. */
    private static final class Facade {
        final MutableClock clock = MutableClock.startingNow();
        final InMemoryNotifier notifier = new InMemoryNotifier();
        final PartnerDelegation delegation;
        final OutboxDispatcher dispatcher;

        Facade(JdbiAdapterFixture fixture) {
            Random random = new Random(7);
            delegation = PartnerDelegation.builder()
                    .tenantDirectory(fixture.tenantDirectory())
                    .delegationStore(fixture.delegationStore())
                    .sessionIssuer(fixture.sessionIssuer())
                    .clock(clock)
                    .random(random)
                    .roleCatalogue(CATALOGUE)
                    .settings(DelegationSettings.defaults())
                    .stepUpPolicy(StepUpPolicy.notRequired()).build();
            dispatcher = OutboxDispatcher.builder(delegation).notifier(notifier).random(random).build();
            assertThat(fixture.delegationStore().joinedQueries(fixture.tenantDirectory(), fixture.sessionIssuer()))
                    .as("the storage answers the session check itself").isPresent();
            fixture.register(partner(1));
            fixture.register(customer(1));
        }

        DelegationId connect(GrantRequest request, boolean autoRenew) {
            DelegationId id = delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail(), request)
                    .delegationId();
            dispatcher.drain();
            SecretToken token = notifier.latestInvitationTokenFor(customer(1).administratorEmail()).orElseThrow();
            delegation.acceptInvitation(adminOf(customer(1)), token.reveal(), GrantRules.asRequested().withAutoRenew(autoRenew));
            return id;
        }
    }
}
