package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.otherAdminOf;
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
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * The limits on delegated logins, through the facade: the login rate per partner user and
 * delegation (counted from storage, so another facade on the same storage, a restarted node,
 * counts the same logins), the cap on live sessions a login keeps by ending the oldest, and both
 * under concurrent logins of one user. Every wait is bounded.
 */
public abstract class LoginLimitsContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant OTHER_CUSTOMER = customer(2);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration MICRO = Duration.ofNanos(1000);
    private static final long WAIT_SECONDS = 60;

    private AdapterFixture fixture;
    private final List<DelegationHarness> harnesses = new ArrayList<>();

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void freshAdapters() {
        fixture = newFixture();
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    /** A facade over this test's adapters with these settings, its clock at {@code at}; the tenants registered once. */
    private DelegationHarness facadeWith(DelegationSettings settings, Instant at) {
        DelegationHarness h = new DelegationHarness(fixture, settings, RoleCatalogue.standard(), 42 + harnesses.size());
        h.clock.set(at);
        if (harnesses.isEmpty()) {
            h.register(PARTNER);
            h.register(CUSTOMER);
            h.register(OTHER_CUSTOMER);
        }
        harnesses.add(h);
        return h;
    }

    private static DelegationSettings settings() {
        return DelegationHarness.relaxedSettings();
    }

    private static IssuedSession login(DelegationHarness h, DelegationId id) {
        return h.delegation.loginToCustomer(adminOf(PARTNER), id);
    }

    private static List<AuditEventType> trailTypes(PartnerDelegation facade, DelegationId id) {
        return AuditTrails.whole(facade, operator(), id).stream().map(AuditEvent::type).toList();
    }

    private static boolean validates(PartnerDelegation facade, IssuedSession s) {
        return facade.validateSession(s.token().reveal()).isPresent();
    }

    // The login rate.

    @Test
    void theThirtiethLoginInAMinutePassesTheThirtyFirstIsRefusedUntilTheFirstLeavesTheWindow() {
        assertThat(DelegationSettings.defaults().loginsPerWindow()).isEqualTo(30);
        assertThat(DelegationSettings.defaults().loginWindow()).isEqualTo(MINUTE);
        DelegationHarness h = facadeWith(settings().withMaxLiveSessions(1000), MutableClock.START);
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        Instant first = h.clock.instant();
        login(h, id);
        h.clock.advance(Duration.ofSeconds(10));
        for (int i = 2; i <= 30; i++) {
            login(h, id);
        }
        int trail = trailTypes(h.delegation, id).size();

        DelegationException refused = assertFailsWith(ErrorCode.TOO_MANY_REQUESTS, () -> login(h, id));
        assertThat(refused.retryAt()).as("when the first login leaves the window").contains(first.plus(MINUTE));
        assertThat(refused.getMessage()).contains("30 logins per 1 minute").contains("2026-01-05 09:01:00 UTC")
                .contains(CUSTOMER.administratorEmail().value());
        h.clock.set(first.plus(MINUTE).minus(MICRO));
        assertThat(assertFailsWith(ErrorCode.TOO_MANY_REQUESTS, () -> login(h, id)).retryAt()).contains(first.plus(MINUTE));
        assertThat(trailTypes(h.delegation, id)).as("a refusal records nothing").hasSize(trail);

        h.clock.set(first.plus(MINUTE));
        login(h, id);
        assertThat(assertFailsWith(ErrorCode.TOO_MANY_REQUESTS, () -> login(h, id)).retryAt())
                .as("now the 29 of ten seconds later are the oldest").contains(first.plus(Duration.ofSeconds(10)).plus(MINUTE));
    }

    @Test
    void theRateCountsTheLoginsAnotherFacadeOnTheSameStorageMade() {
        DelegationSettings three = settings().withLoginRate(3, MINUTE);
        DelegationHarness nodeA = facadeWith(three, MutableClock.START);
        DelegationId id = nodeA.connect(PARTNER, CUSTOMER);
        login(nodeA, id);
        login(nodeA, id);
        // Another node, or this one restarted: nothing of the count lives in a facade.
        DelegationHarness nodeB = facadeWith(three, nodeA.clock.instant());
        login(nodeB, id);

        assertFailsWith(ErrorCode.TOO_MANY_REQUESTS, () -> login(nodeA, id));
        assertFailsWith(ErrorCode.TOO_MANY_REQUESTS, () -> login(nodeB, id));
    }

    @Test
    void theRateIsPerPartnerUserAndPerCustomer() {
        DelegationHarness h = facadeWith(settings().withLoginRate(2, MINUTE), MutableClock.START);
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        DelegationId other = h.connect(PARTNER, OTHER_CUSTOMER);
        login(h, id);
        login(h, id);
        assertFailsWith(ErrorCode.TOO_MANY_REQUESTS, () -> login(h, id));

        h.delegation.loginToCustomer(adminOf(PARTNER), other);
        h.delegation.loginToCustomer(otherAdminOf(PARTNER), id);
        h.delegation.loginToCustomer(otherAdminOf(PARTNER), id);
        assertFailsWith(ErrorCode.TOO_MANY_REQUESTS, () -> h.delegation.loginToCustomer(otherAdminOf(PARTNER), id));
    }

    @Test
    void loginsWhoseSessionsWereEndedStillCountAndRefusedLoginsDoNot() {
        DelegationHarness h = facadeWith(settings().withLoginRate(2, MINUTE), MutableClock.START);
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        // Refused for another reason: nothing was issued, nothing counts.
        assertFailsWith(ErrorCode.ROLE_NOT_GRANTED,
                () -> h.delegation.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("billing:read")));
        IssuedSession one = login(h, id);
        h.delegation.endSession(one.token().reveal());
        IssuedSession two = login(h, id);
        h.delegation.endDelegatedSession(adminOf(CUSTOMER), two.session().id());

        assertFailsWith(ErrorCode.TOO_MANY_REQUESTS, () -> login(h, id));
    }

    @Test
    void aLoweredRateWaitsUntilEnoughLoginsLeftTheWindow() {
        DelegationHarness before = facadeWith(settings().withMaxLiveSessions(1000), MutableClock.START);
        DelegationId id = before.connect(PARTNER, CUSTOMER);
        Instant t0 = before.clock.instant();
        for (int i = 0; i < 4; i++) {
            login(before, id);
            before.clock.advance(Duration.ofSeconds(1));
        }
        // Four logins at t0, t0+1s, t0+2s, t0+3s; a host lowers the rate to 2: one more fits once three have left,
        // the third at t0+2s plus the window.
        DelegationHarness after = facadeWith(settings().withLoginRate(2, MINUTE), before.clock.instant());
        Instant thirdLeaves = t0.plus(Duration.ofSeconds(2)).plus(MINUTE);
        assertThat(assertFailsWith(ErrorCode.TOO_MANY_REQUESTS, () -> login(after, id)).retryAt()).contains(thirdLeaves);
        after.clock.set(thirdLeaves.minus(MICRO));
        assertFailsWith(ErrorCode.TOO_MANY_REQUESTS, () -> login(after, id));
        after.clock.set(thirdLeaves);
        login(after, id);
    }

    // The cap on live sessions.

    @Test
    void theSixthLiveSessionEndsTheOldestAndTheTrailSaysSo() {
        assertThat(DelegationSettings.defaults().maxLiveSessions()).isEqualTo(5);
        DelegationHarness h = facadeWith(settings(), MutableClock.START);
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        List<IssuedSession> sessions = new ArrayList<>();
        sessions.add(h.delegation.loginToCustomer(adminOf(PARTNER), id, LoginRequest.allGranted().withReason("Ticket 1")));
        for (int i = 2; i <= 5; i++) {
            h.clock.advance(Duration.ofSeconds(1));
            sessions.add(login(h, id));
        }
        assertThat(sessions).as("five live sessions: at the cap, none ended").allMatch(s -> validates(h.delegation, s));
        assertThat(trailTypes(h.delegation, id)).doesNotContain(AuditEventType.SESSION_DISPLACED);

        h.clock.advance(Duration.ofSeconds(1));
        IssuedSession sixth = login(h, id);

        assertThat(validates(h.delegation, sessions.get(0))).as("the oldest stops validating at once").isFalse();
        assertThat(h.adapters.sessionIssuer().findSession(sessions.get(0).session().id()).orElseThrow().revokedAt())
                .contains(h.clock.instant());
        assertThat(sessions.subList(1, 5)).allMatch(s -> validates(h.delegation, s));
        assertThat(validates(h.delegation, sixth)).isTrue();
        List<AuditEvent> trail = AuditTrails.whole(h.delegation, adminOf(CUSTOMER), id);
        assertThat(trail.subList(trail.size() - 2, trail.size())).extracting(AuditEvent::type)
                .containsExactly(AuditEventType.SESSION_DISPLACED, AuditEventType.DELEGATED_LOGIN);
        AuditEvent displaced = trail.get(trail.size() - 2);
        assertThat(displaced.actorUser()).isEqualTo(adminOf(PARTNER).userId());
        assertThat(displaced.actorTenant()).isEqualTo(PARTNER.id());
        assertThat(displaced.occurredAt()).isEqualTo(h.clock.instant());
        assertThat(displaced.roles()).as("what the ended session held").isEqualTo(sessions.get(0).session().roles());
        assertThat(displaced.reason()).contains("Ticket 1");
    }

    @Test
    void expiredAndEndedSessionsLeaveRoomUnderTheCap() {
        DelegationHarness h = facadeWith(settings().withMaxLiveSessions(2), MutableClock.START);
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        IssuedSession expiring = login(h, id);
        h.clock.advance(DelegationSettings.DEFAULT_SESSION_TTL.minus(MICRO));
        IssuedSession ended = login(h, id);
        h.delegation.endSession(ended.token().reveal());
        h.clock.advance(MICRO);
        // The first expired just now, the second was ended: two more fit without ending anything.
        IssuedSession a = login(h, id);
        IssuedSession b = login(h, id);

        assertThat(validates(h.delegation, a)).isTrue();
        assertThat(validates(h.delegation, b)).isTrue();
        assertThat(trailTypes(h.delegation, id)).doesNotContain(AuditEventType.SESSION_DISPLACED);
        assertThat(h.adapters.sessionIssuer().findSession(expiring.session().id()).orElseThrow().revokedAt()).isEmpty();
    }

    @Test
    void aCapOfOneKeepsOnlyTheLatestSessionAndALoweredCapEndsEveryOldSessionOverIt() {
        DelegationHarness five = facadeWith(settings(), MutableClock.START);
        DelegationId id = five.connect(PARTNER, CUSTOMER);
        List<IssuedSession> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(login(five, id));
            five.clock.advance(Duration.ofSeconds(1));
        }
        DelegationHarness one = facadeWith(settings().withMaxLiveSessions(1), five.clock.instant());
        IssuedSession latest = login(one, id);

        assertThat(old).noneMatch(s -> validates(one.delegation, s));
        assertThat(validates(one.delegation, latest)).isTrue();
        assertThat(trailTypes(one.delegation, id)).filteredOn(t -> t == AuditEventType.SESSION_DISPLACED).hasSize(5);
        one.clock.advance(Duration.ofSeconds(1));
        IssuedSession next = login(one, id);
        assertThat(validates(one.delegation, latest)).isFalse();
        assertThat(validates(one.delegation, next)).isTrue();
    }

    @Test
    void theCapIsPerPartnerUser() {
        DelegationHarness h = facadeWith(settings().withMaxLiveSessions(1), MutableClock.START);
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        IssuedSession mine = login(h, id);
        IssuedSession colleagues = h.delegation.loginToCustomer(otherAdminOf(PARTNER), id);

        assertThat(validates(h.delegation, mine)).isTrue();
        assertThat(validates(h.delegation, colleagues)).isTrue();
    }

    // Concurrent logins of one user: the lock on the delegation makes each count the others.

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void concurrentLoginsOfOneUserCannotAllPassTheLastFreeSlotsOfTheRate() throws Exception {
        DelegationHarness h = facadeWith(settings().withLoginRate(3, MINUTE).withMaxLiveSessions(1000), MutableClock.START);
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        login(h, id);

        List<Optional<ErrorCode>> outcomes = atOnce(8, () -> login(h, id));

        assertThat(outcomes).filteredOn(Optional::isEmpty).as("the two slots left").hasSize(2);
        assertThat(outcomes).filteredOn(Optional::isPresent).extracting(Optional::get)
                .containsOnly(ErrorCode.TOO_MANY_REQUESTS).hasSize(6);
        assertThat(trailTypes(h.delegation, id)).filteredOn(t -> t == AuditEventType.DELEGATED_LOGIN).hasSize(3);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void concurrentLoginsOfOneUserLeaveNoMoreLiveSessionsThanTheCap() throws Exception {
        DelegationHarness h = facadeWith(settings().withMaxLiveSessions(2), MutableClock.START);
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        List<IssuedSession> issued = java.util.Collections.synchronizedList(new ArrayList<>());

        List<Optional<ErrorCode>> outcomes = atOnce(8, () -> issued.add(login(h, id)));

        assertThat(outcomes).allMatch(Optional::isEmpty);
        assertThat(issued).filteredOn(s -> validates(h.delegation, s)).as("live sessions").hasSize(2);
        assertThat(trailTypes(h.delegation, id)).filteredOn(t -> t == AuditEventType.SESSION_DISPLACED).hasSize(6);
    }

    /** Runs {@code n} copies of the call released at once; each outcome is empty, or the code it failed with. */
    private static List<Optional<ErrorCode>> atOnce(int n, Callable<?> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<ErrorCode>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    try {
                        call.call();
                        return Optional.<ErrorCode>empty();
                    } catch (DelegationException e) {
                        return Optional.of(e.code());
                    }
                }));
            }
            assertThat(ready.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Optional<ErrorCode>> outcomes = new ArrayList<>();
            for (Future<Optional<ErrorCode>> f : futures) {
                outcomes.add(f.get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }
}
