package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.OperationalFigures;
import org.partnerdelegation.core.port.OperationalFigures.Figures;
import org.partnerdelegation.core.usecase.IssuedSession;

/**
 * The {@link OperationalFigures} of an adapter, against what the use cases and the dispatcher did:
 * the outbox backlog and its oldest due time (each edge of "due"), the notifications that gave up,
 * the live sessions (each edge of "live").
 */
public abstract class OperationalFiguresContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);
    private static final Duration MICRO = Duration.ofNanos(1_000);

    private AdapterFixture adapters;
    private DelegationHarness world;
    private OperationalFigures figures;

    /** {@return fresh adapters, closed after each test} */
    protected abstract AdapterFixture newFixture();

    /**
     * The figures of the fixture's adapters.
     *
     * @param fixture the fixture of this test
     * @return its figures
     */
    protected abstract OperationalFigures figuresOf(AdapterFixture fixture);

    @BeforeEach
    void assemble() {
        adapters = newFixture();
        world = new DelegationHarness(adapters);
        world.register(PARTNER);
        world.register(CUSTOMER);
        figures = figuresOf(adapters);
    }

    @AfterEach
    void closeFixture() {
        adapters.close();
    }

    private Instant now() {
        return world.clock.instant();
    }

    @Test
    void aFreshStoreHasNothingDueNothingFailedAndNoLiveSession() {
        assertThat(figures.figuresAt(now())).isEqualTo(new Figures(0, Optional.empty(), 0, 0));
    }

    @Test
    void anAddedCustomersInvitationIsBacklogFromItsCommitUntilItIsDelivered() {
        Instant added = world.clock.instant();
        world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        world.clock.advance(Duration.ofMinutes(5));

        Figures waiting = figures.figuresAt(now());
        assertThat(waiting.outboxBacklog()).isEqualTo(1);
        assertThat(waiting.oldestDueAt()).hasValueSatisfying(at -> assertThat(Duration.between(at, added).abs()).isLessThan(Duration.ofMillis(1)));
        assertThat(waiting.oldestDueAge(now())).isBetween(Duration.ofMinutes(5).minusMillis(1), Duration.ofMinutes(5).plusMillis(1));

        world.dispatcher.drain();

        assertThat(figures.figuresAt(now())).isEqualTo(new Figures(0, Optional.empty(), 0, 0));
    }

    @Test
    void anEntryWaitingForItsRetryIsBacklogFromTheInstantItIsDueAgain() {
        world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        world.notifier.simulateOutage(true);
        world.dispatcher.drain();                                   // due again one minute later (the harness's policy)
        Instant dueAgain = world.delegation.delegationStore().outboxEntries(org.partnerdelegation.core.domain.OutboxStatus.PENDING, 1)
                .get(0).nextAttemptAt();

        assertThat(figures.figuresAt(dueAgain.minus(MICRO)).outboxBacklog()).as("just before it is due").isZero();
        assertThat(figures.figuresAt(dueAgain.minus(MICRO)).oldestDueAt()).isEmpty();
        assertThat(figures.figuresAt(dueAgain).outboxBacklog()).as("at the instant it is due").isEqualTo(1);
        assertThat(figures.figuresAt(dueAgain).oldestDueAt()).contains(dueAgain);
        assertThat(figures.figuresAt(dueAgain.plus(MICRO)).outboxBacklog()).as("just after").isEqualTo(1);
    }

    @Test
    void aNotificationThatGaveUpIsCountedAsFailedAndNoLongerAsBacklog() {
        world.delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        world.notifier.simulateOutage(true);
        world.dispatcher.drain();
        world.clock.advance(Duration.ofMinutes(1));
        world.dispatcher.drain();
        assertThat(figures.figuresAt(now()).failedNotifications()).as("after two of three attempts").isZero();
        world.clock.advance(Duration.ofMinutes(10));
        world.dispatcher.drain();

        Figures after = figures.figuresAt(now());
        assertThat(after.failedNotifications()).isEqualTo(1);
        assertThat(after.outboxBacklog()).isZero();
    }

    @Test
    void aSessionIsLiveUntilItsExpiryAndNotOnceEnded() {
        DelegationId id = world.connect(PARTNER, CUSTOMER);
        IssuedSession first = world.delegation.loginToCustomer(adminOf(PARTNER), id);
        IssuedSession second = world.delegation.loginToCustomer(adminOf(PARTNER), id);

        assertThat(figures.figuresAt(now()).liveSessions()).isEqualTo(2);
        world.delegation.endSession(first.token().reveal());
        assertThat(figures.figuresAt(now()).liveSessions()).as("once one is ended").isEqualTo(1);
        Instant expiry = second.session().expiresAt();
        assertThat(figures.figuresAt(expiry.minus(MICRO)).liveSessions()).as("just before it expires").isEqualTo(1);
        assertThat(figures.figuresAt(expiry).liveSessions()).as("at its expiry").isZero();
        assertThat(figures.figuresAt(expiry.plus(MICRO)).liveSessions()).as("just after").isZero();
    }
}
