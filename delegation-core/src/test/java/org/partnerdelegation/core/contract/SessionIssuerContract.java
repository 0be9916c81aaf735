package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.T0;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFails;
import static org.partnerdelegation.core.contract.ContractAssertions.at;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.IdempotencyKey;
import org.partnerdelegation.core.domain.Ids;
import org.partnerdelegation.core.domain.LoginKey;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.port.SessionIssuer;

/**
 * The behaviour every {@link SessionIssuer} must have. An adapter module runs it by subclassing
 * it and supplying a fresh {@link AdapterFixture} per test.
 *
 * <p>Each session is issued under a CONNECTED delegation that the test first stores through the
 * same fixture's {@link org.partnerdelegation.core.port.DelegationStore} (with its tenants
 * registered), so an issuer whose schema refers to delegations works too.
 */
public abstract class SessionIssuerContract {

    protected static final Duration SESSION_TTL = Duration.ofHours(1);
    protected static final Instant T1 = at(600, 1);
    protected static final Instant T2 = at(1_200, 999_999);

    /** The adapters under test for the current test; fresh and empty. */
    protected AdapterFixture fixture;
    /** {@code fixture.sessionIssuer()}. */
    protected SessionIssuer issuer;

    private Random random;

    /** A fresh, empty set of adapters; called once per test and closed after it. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    public void openFixture() {
        random = new Random(8_675_309L);
        fixture = newFixture();
        issuer = fixture.sessionIssuer();
    }

    @AfterEach
    public void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    public void issuedSessionIntrospectsWithEveryField() {
        Delegation delegation = connected(1, new Tenant(TenantId.of("kunde-ü-客户"), AccountNumber.of("К-1"),
                EmailAddress.of("Chef.Admin@Kunde-Ü.Example"), false));
        String longUser = "ユーザー-" + "ü".repeat(UserId.MAX_LENGTH - 5);
        DelegatedSession session = new DelegatedSession(SessionId.of(Ids.randomUuid(random)), newTokenHash(), delegation.id(),
                delegation.customerTenant(), delegation.customerEmail(), delegation.partnerTenant(), UserId.of(longUser),
                DelegatedSession.TENANT_ADMINISTRATOR_SCOPE, 7, T0, T0.plus(SESSION_TTL), Optional.empty());

        issuer.issue(session);

        DelegatedSession found = issuer.introspect(TokenHash.ofHex(session.tokenHash().hex())).orElseThrow();
        assertThat(found).isEqualTo(session);
        assertThat(found.subject().value()).isEqualTo("Chef.Admin@Kunde-Ü.Example");
        assertThat(found.actorUser().value()).isEqualTo(longUser);
        assertThat(found.issuedAt()).isEqualTo(T0);
        assertThat(found.expiresAt()).isEqualTo(T0.plus(SESSION_TTL));
        assertThat(found.revokedAt()).isEmpty();
        assertThat(found.permissionEpoch()).isEqualTo(7);
    }

    @Test
    public void aKeyedSessionIsFoundByItsKeyWithinItsDelegationAndUserOnly() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        Delegation b = connected(2, TenantFixtures.customer(2));
        LoginKey key = LoginKey.of(IdempotencyKey.of("key-1"), Set.of(), Optional.empty());
        DelegatedSession mine = sessionOf(a, "alice");
        issuer.issue(mine, key);

        assertThat(issuer.findByLoginKey(a.id(), UserId.of("alice"), key.key())).hasValueSatisfying(found -> {
            assertThat(found.session()).isEqualTo(mine);
            assertThat(found.key()).isEqualTo(key);
        });
        assertThat(issuer.findByLoginKey(a.id(), UserId.of("bob"), key.key())).as("another user").isEmpty();
        assertThat(issuer.findByLoginKey(b.id(), UserId.of("alice"), key.key())).as("another delegation").isEmpty();
        assertThat(issuer.findByLoginKey(a.id(), UserId.of("alice"), IdempotencyKey.of("key-2").hash())).as("another key").isEmpty();
        assertThat(issuer.introspect(mine.tokenHash())).contains(mine);
    }

    @Test
    public void aSecondSessionWithTheSameKeyInTheSameScopeIsRefusedAndAnotherUsersIsNot() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        LoginKey key = LoginKey.of(IdempotencyKey.of("key-1"), Set.of(), Optional.empty());
        issuer.issue(sessionOf(a, "alice"), key);

        assertThat(assertFails(() -> issuer.issue(sessionOf(a, "alice"), key)).code()).isEqualTo(ErrorCode.CONCURRENT_UPDATE);
        issuer.issue(sessionOf(a, "bob"), key);
        issuer.issue(sessionOf(a, "alice"));

        assertThat(issuer.sessionsOfUser(a.id(), a.customerTenant(), UserId.of("alice"), T0.minusSeconds(1))).hasSize(2);
    }

    @Test
    public void reissuingGivesALiveSessionANewTokenAndTheOldOneFindsNothing() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        LoginKey key = LoginKey.of(IdempotencyKey.of("key-1"), Set.of(), Optional.empty());
        DelegatedSession session = sessionOf(a, "alice");
        issuer.issue(session, key);
        TokenHash fresh = newTokenHash();

        assertThat(issuer.reissue(session.id(), fresh)).isTrue();

        assertThat(issuer.introspect(session.tokenHash())).isEmpty();
        DelegatedSession renewed = issuer.introspect(fresh).orElseThrow();
        assertThat(renewed.id()).isEqualTo(session.id());
        assertThat(renewed.expiresAt()).isEqualTo(session.expiresAt());
        assertThat(renewed.roles()).isEqualTo(session.roles());
        assertThat(issuer.findByLoginKey(a.id(), UserId.of("alice"), key.key()).orElseThrow().session().tokenHash()).isEqualTo(fresh);
        assertThat(issuer.revoke(fresh, T1)).isTrue();
    }

    @Test
    public void aRevokedOrUnknownSessionIsNotReissued() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        DelegatedSession session = issue(sessionOf(a, "alice"));
        issuer.revoke(session.tokenHash(), T1);
        TokenHash fresh = newTokenHash();

        assertThat(issuer.reissue(session.id(), fresh)).isFalse();
        assertThat(issuer.reissue(SessionId.of(Ids.randomUuid(random)), fresh)).isFalse();

        assertThat(issuer.introspect(fresh)).isEmpty();
        assertThat(issuer.introspect(session.tokenHash()).orElseThrow().revokedAt()).contains(T1);
    }

    @Test
    public void aKeyGoesWithItsSessionWhenEndedSessionsAreDeleted() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        LoginKey key = LoginKey.of(IdempotencyKey.of("key-1"), Set.of(), Optional.empty());
        DelegatedSession session = sessionOf(a, "alice");
        issuer.issue(session, key);
        issuer.revoke(session.tokenHash(), T1);

        assertThat(issuer.deleteEndedBefore(T2, 10)).isEqualTo(1);

        assertThat(issuer.findByLoginKey(a.id(), UserId.of("alice"), key.key())).isEmpty();
        issuer.issue(sessionOf(a, "alice"), key);
    }

    @Test
    public void endingOneSessionEndsThatSessionOnlyAndOnce() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        DelegatedSession one = issue(session(a));
        DelegatedSession sibling = issue(session(a));

        assertThat(issuer.revoke(one.tokenHash(), T1)).isTrue();
        assertThat(issuer.revoke(one.tokenHash(), T2)).as("idempotent").isFalse();
        assertThat(issuer.revoke(newTokenHash(), T2)).as("unknown").isFalse();

        assertThat(issuer.introspect(one.tokenHash()).orElseThrow().revokedAt()).contains(T1);
        assertThat(issuer.introspect(sibling.tokenHash())).contains(sibling);
    }

    @Test
    public void endingAUsersSessionsReachesEveryCustomerOfThatUserOnly() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        Delegation b = connected(1, TenantFixtures.customer(2));
        DelegatedSession intoA = issue(sessionOf(a, "leaver"));
        DelegatedSession intoB = issue(sessionOf(b, "leaver"));
        DelegatedSession colleague = issue(sessionOf(a, "stayer"));

        assertThat(issuer.revokeAllOfUser(a.partnerTenant(), UserId.of("leaver"), T1)).isEqualTo(2);
        assertThat(issuer.revokeAllOfUser(a.partnerTenant(), UserId.of("leaver"), T2)).isZero();

        assertThat(issuer.introspect(intoA.tokenHash()).orElseThrow().revokedAt()).contains(T1);
        assertThat(issuer.introspect(intoB.tokenHash()).orElseThrow().revokedAt()).contains(T1);
        assertThat(issuer.introspect(colleague.tokenHash())).contains(colleague);
    }

    @Test
    public void endingAPartnersSessionsLeavesOtherPartnersAlone() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        Delegation b = connected(2, TenantFixtures.customer(2));
        DelegatedSession ofOne = issue(sessionOf(a, "x"));
        DelegatedSession ofOneAgain = issue(sessionOf(a, "y"));
        DelegatedSession ofTwo = issue(sessionOf(b, "x"));

        assertThat(issuer.revokeAllOfPartner(a.partnerTenant(), T1)).isEqualTo(2);

        assertThat(issuer.introspect(ofOne.tokenHash()).orElseThrow().revokedAt()).contains(T1);
        assertThat(issuer.introspect(ofOneAgain.tokenHash()).orElseThrow().revokedAt()).contains(T1);
        assertThat(issuer.introspect(ofTwo.tokenHash())).contains(ofTwo);
    }

    @Test
    public void endingTheSessionsIntoACustomerLeavesOtherCustomersAlone() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        Delegation b = connected(1, TenantFixtures.customer(2));
        DelegatedSession intoA = issue(session(a));
        DelegatedSession intoB = issue(session(b));

        assertThat(issuer.revokeAllInto(a.customerTenant(), T1)).isEqualTo(1);

        assertThat(issuer.introspect(intoA.tokenHash()).orElseThrow().revokedAt()).contains(T1);
        assertThat(issuer.introspect(intoB.tokenHash())).contains(intoB);
    }

    @Test
    public void retentionDeletesSessionsEndedBeforeTheCutoffOnly() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        DelegatedSession revokedEarly = issue(session(a));
        issuer.revoke(revokedEarly.tokenHash(), T1);
        DelegatedSession live = issue(session(a));
        DelegatedSession revokedLate = issue(session(a));
        issuer.revoke(revokedLate.tokenHash(), T2);

        assertThat(issuer.deleteEndedBefore(T2, 100)).isEqualTo(1);

        assertThat(issuer.introspect(revokedEarly.tokenHash())).isEmpty();
        assertThat(issuer.introspect(live.tokenHash())).contains(live);
        assertThat(issuer.introspect(revokedLate.tokenHash())).isPresent();
        assertThat(issuer.deleteEndedBefore(T0.plus(SESSION_TTL).plusSeconds(1), 1)).as("expired ones, a batch at a time").isEqualTo(1);
        assertThat(issuer.deleteEndedBefore(T0.plus(SESSION_TTL).plusSeconds(1), 100)).isEqualTo(1);
        assertThat(issuer.introspect(live.tokenHash())).isEmpty();
    }

    @Test
    public void unknownTokenHashFindsNoSession() {
        issuer.issue(session(connected(1, TenantFixtures.customer(1))));

        assertThat(issuer.introspect(newTokenHash())).isEmpty();
    }

    @Test
    public void revokingADelegationsSessionsRevokesOnlyItsLiveOnes() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        Delegation b = connected(2, TenantFixtures.customer(2));
        DelegatedSession a1 = issue(session(a));
        DelegatedSession a2 = issue(session(a));
        DelegatedSession b1 = issue(session(b));

        int revoked = issuer.revokeAll(a.id(), T1);

        assertThat(revoked).isEqualTo(2);
        assertThat(issuer.introspect(a1.tokenHash())).contains(a1.revoked(T1));
        assertThat(issuer.introspect(a2.tokenHash())).contains(a2.revoked(T1));
        assertThat(issuer.introspect(a2.tokenHash()).orElseThrow().revokedAt()).contains(T1);
        assertThat(issuer.introspect(b1.tokenHash())).contains(b1);
    }

    @Test
    public void revokingAgainRevokesNothingAndKeepsTheFirstRevocationTime() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        DelegatedSession a1 = issue(session(a));
        issuer.revokeAll(a.id(), T1);

        int again = issuer.revokeAll(a.id(), T2);

        assertThat(again).isZero();
        assertThat(issuer.introspect(a1.tokenHash()).orElseThrow().revokedAt()).contains(T1);
    }

    @Test
    public void sessionIssuedAfterARevocationIsRevokedByTheNextOne() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        DelegatedSession early = issue(session(a));
        issuer.revokeAll(a.id(), T1);
        DelegatedSession late = issue(session(a));

        int revoked = issuer.revokeAll(a.id(), T2);

        assertThat(revoked).isEqualTo(1);
        assertThat(issuer.introspect(early.tokenHash()).orElseThrow().revokedAt()).contains(T1);
        assertThat(issuer.introspect(late.tokenHash()).orElseThrow().revokedAt()).contains(T2);
    }

    @Test
    public void revokingADelegationWithoutSessionsRevokesNothing() {
        DelegatedSession other = issue(session(connected(1, TenantFixtures.customer(1))));

        assertThat(issuer.revokeAll(DelegationId.of(Ids.randomUuid(random)), T1)).isZero();
        assertThat(issuer.introspect(other.tokenHash())).contains(other);
    }

    @Test
    public void duplicateTokenHashIsRefused() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        DelegatedSession first = issue(session(a));
        DelegatedSession clash = new DelegatedSession(SessionId.of(Ids.randomUuid(random)), TokenHash.ofHex(first.tokenHash().hex()),
                a.id(), a.customerTenant(), a.customerEmail(), a.partnerTenant(), UserId.of("someone-else"),
                DelegatedSession.TENANT_ADMINISTRATOR_SCOPE, 0, T1, T1.plus(SESSION_TTL), Optional.empty());

        assertFails(() -> issuer.issue(clash));

        assertThat(issuer.introspect(first.tokenHash())).contains(first);
        assertThat(issuer.revokeAll(a.id(), T2)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ roles, reasons, the customer's view

    @Test
    public void aSessionsRolesAndReasonReadBackByTokenHashAndById() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        DelegatedSession session = new DelegatedSession(SessionId.of(Ids.randomUuid(random)), newTokenHash(), a.id(), a.customerTenant(),
                a.customerEmail(), a.partnerTenant(), UserId.of("user-1"), RoleKey.setOf("support:tickets", "billing:read"),
                Optional.of("Ticket #4711: Rechnung für Kunde-Ü 客户"), 3, T0, T0.plus(SESSION_TTL), Optional.empty());

        issue(session);

        assertThat(issuer.introspect(session.tokenHash())).contains(session);
        assertThat(issuer.findSession(session.id())).contains(session);
        DelegatedSession found = issuer.findSession(session.id()).orElseThrow();
        assertThat(found.roles()).containsExactly(RoleKey.of("billing:read"), RoleKey.of("support:tickets"));
        assertThat(found.reason()).contains("Ticket #4711: Rechnung für Kunde-Ü 客户");
        assertThat(found.scope()).isEqualTo("billing:read support:tickets");
    }

    @Test
    public void theMostRolesWithTheLongestKeysAndTheLongestReasonReadBack() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        Set<RoleKey> most = new TreeSet<>();
        for (int i = 0; i < RoleKey.MAX_ROLES; i++) {
            String prefix = String.format("r%02d:", i);
            most.add(RoleKey.of(prefix + "x".repeat(RoleKey.MAX_LENGTH - prefix.length())));
        }
        DelegatedSession session = new DelegatedSession(SessionId.of(Ids.randomUuid(random)), newTokenHash(), a.id(), a.customerTenant(),
                a.customerEmail(), a.partnerTenant(), UserId.of("user-1"), most,
                Optional.of("ß".repeat(DelegatedSession.MAX_REASON_LENGTH)), 0, T0, T0.plus(SESSION_TTL), Optional.empty());

        issue(session);

        assertThat(issuer.findSession(session.id())).contains(session);
    }

    @Test
    public void findsASessionByIdWhetherLiveOrRevokedAndNothingForAnUnknownId() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        DelegatedSession live = issue(session(a));
        DelegatedSession revoked = issue(session(a));
        issuer.revoke(revoked.tokenHash(), T1);

        assertThat(issuer.findSession(live.id())).contains(live);
        assertThat(issuer.findSession(revoked.id())).contains(revoked.revoked(T1));
        assertThat(issuer.findSession(SessionId.of(Ids.randomUuid(random)))).isEmpty();
    }

    @Test
    public void theSessionsIntoACustomerComeNewestFirstOfEveryPartnerLiveOrNot() {
        Delegation first = connected(1, TenantFixtures.customer(1));
        Delegation other = connected(2, TenantFixtures.customer(2));
        DelegatedSession oldest = issue(sessionAt(first, "a", T0));
        DelegatedSession revoked = issue(sessionAt(first, "b", T1));
        issuer.revoke(revoked.tokenHash(), T2);
        DelegatedSession newest = issue(sessionAt(first, "c", T2));
        DelegatedSession middle = issue(sessionAt(first, "d", T1.plusSeconds(1)));
        issue(sessionAt(other, "e", T2.plusSeconds(1)));

        assertThat(issuer.sessionsInto(first.customerTenant(), Optional.empty(), 10))
                .containsExactly(newest, middle, revoked.revoked(T2), oldest);
        assertThat(issuer.sessionsInto(first.customerTenant(), Optional.empty(), 2)).containsExactly(newest, middle);
        assertThat(issuer.sessionsInto(TenantFixtures.customer(3).id(), Optional.empty(), 10)).isEmpty();
    }

    /**
     * Sessions issued at one instant come by id, descending, compared as their text (the unsigned
     * order of the bits, which databases give UUIDs): the ids here differ in the sign bit, where a
     * signed comparison would put them the other way round.
     */
    @Test
    public void sessionsIssuedAtTheSameInstantComeByIdDescending() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        List<String> ids = List.of("00000000-0000-4000-8000-000000000001", "7fffffff-ffff-4fff-bfff-ffffffffffff",
                "80000000-0000-4000-8000-000000000000", "ffffffff-ffff-4fff-bfff-fffffffffffe");
        List<DelegatedSession> issued = new ArrayList<>();
        for (String id : List.of(ids.get(2), ids.get(0), ids.get(3), ids.get(1))) {
            issued.add(issue(new DelegatedSession(SessionId.of(UUID.fromString(id)), newTokenHash(), a.id(), a.customerTenant(),
                    a.customerEmail(), a.partnerTenant(), UserId.of("user-" + id), DelegatedSession.TENANT_ADMINISTRATOR_SCOPE, 0, T1,
                    T1.plus(SESSION_TTL), Optional.empty())));
        }

        List<DelegatedSession> listed = issuer.sessionsInto(a.customerTenant(), Optional.empty(), 10);

        assertThat(listed).extracting(s -> s.id().value().toString()).containsExactly(ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(issuer.sessionsInto(a.customerTenant(), Optional.of(listed.get(1).id()), 10)).containsExactlyElementsOf(listed.subList(2, 4));
    }

    @Test
    public void theSessionsIntoACustomerPageAfterASessionOfThatCustomer() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        Delegation b = connected(2, TenantFixtures.customer(2));
        List<DelegatedSession> newestFirst = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Two by two at one instant, so that pages also break between sessions of the same instant.
            newestFirst.add(0, issue(sessionAt(a, "user-" + i, T0.plusSeconds(i / 2))));
        }
        newestFirst.sort(java.util.Comparator.comparing(DelegatedSession::issuedAt)
                .thenComparing(s -> s.id().value().toString()).reversed());
        DelegatedSession elsewhere = issue(sessionAt(b, "user-x", T0));

        List<DelegatedSession> paged = new ArrayList<>();
        Optional<SessionId> after = Optional.empty();
        for (int page = 0; page < 10; page++) {
            List<DelegatedSession> sessions = issuer.sessionsInto(a.customerTenant(), after, 3);
            assertThat(sessions.size()).isLessThanOrEqualTo(3);
            if (sessions.isEmpty()) {
                break;
            }
            paged.addAll(sessions);
            after = Optional.of(sessions.get(sessions.size() - 1).id());
        }

        assertThat(paged).containsExactlyElementsOf(newestFirst);
        assertThat(issuer.sessionsInto(a.customerTenant(), Optional.of(SessionId.of(Ids.randomUuid(random))), 10))
                .as("after a session no longer stored").isEmpty();
        assertThat(issuer.sessionsInto(a.customerTenant(), Optional.of(elsewhere.id()), 10))
                .as("after a session into another customer").isEmpty();
    }

    // ------------------------------------------------------------------ helpers for subclasses

    @Test
    public void narrowingKeepsOnlyWhatIsStillGrantedRevokesWhatIsLeftWithNothingAndNeverGivesARoleBack() {
        Delegation a = connected(1, TenantFixtures.customer(1));
        Delegation b = connected(2, TenantFixtures.customer(2));
        Set<RoleKey> billing = RoleKey.setOf("billing:read");
        Set<RoleKey> billingAndTickets = RoleKey.setOf("billing:read", "support:tickets");
        DelegatedSession wide = issue(withRoles(session(a), RoleKey.setOf("billing:read", "support:tickets", "users:manage"),
                Optional.empty(), T0.plus(SESSION_TTL)));
        DelegatedSession withReason = issue(withRoles(session(a), billingAndTickets, Optional.of("TICKET-1"), T0.plus(SESSION_TTL)));
        DelegatedSession ticketsOnly = issue(withRoles(session(a), RoleKey.setOf("support:tickets"), Optional.empty(),
                T0.plus(SESSION_TTL)));
        DelegatedSession expiredAtTheCut = issue(withRoles(session(a), RoleKey.setOf("support:tickets"), Optional.empty(), T1));
        DelegatedSession revokedBefore = issue(withRoles(session(a), RoleKey.setOf("support:tickets"), Optional.empty(),
                T0.plus(SESSION_TTL)));
        issuer.revoke(revokedBefore.tokenHash(), T0);
        DelegatedSession otherDelegation = issue(withRoles(session(b), RoleKey.setOf("users:manage"), Optional.empty(),
                T0.plus(SESSION_TTL)));

        assertThat(issuer.narrowAll(a.id(), billingAndTickets, billing, T1)).isEqualTo(2);

        assertThat(issuer.introspect(wide.tokenHash()).orElseThrow().roles()).containsExactly(RoleKey.of("billing:read"));
        assertThat(issuer.introspect(withReason.tokenHash())).as("a reason keeps the sensitive role").contains(withReason);
        assertThat(issuer.introspect(ticketsOnly.tokenHash()).orElseThrow().revokedAt()).as("nothing left").contains(T1);
        assertThat(issuer.introspect(expiredAtTheCut.tokenHash())).as("not live at the cut").contains(expiredAtTheCut);
        assertThat(issuer.introspect(revokedBefore.tokenHash()).orElseThrow().revokedAt()).contains(T0);
        assertThat(issuer.introspect(otherDelegation.tokenHash())).contains(otherDelegation);
        assertThat(issuer.narrowAll(a.id(), billingAndTickets, billing, T1)).as("idempotent").isZero();
        assertThat(issuer.narrowAll(a.id(), RoleKey.setOf("billing:read", "support:tickets", "users:manage"),
                RoleKey.setOf("billing:read", "support:tickets", "users:manage"), T2)).as("a wider grant").isZero();
        assertThat(issuer.introspect(wide.tokenHash()).orElseThrow().roles()).as("never grows back")
                .containsExactly(RoleKey.of("billing:read"));
        assertThat(issuer.introspect(ticketsOnly.tokenHash()).orElseThrow().revokedAt()).contains(T1);
    }

    /** The session with other roles, reason and expiry. */
    private static DelegatedSession withRoles(DelegatedSession s, Set<RoleKey> roles, Optional<String> reason, Instant expiresAt) {
        return new DelegatedSession(s.id(), s.tokenHash(), s.delegationId(), s.customerTenant(), s.subject(), s.actorTenant(),
                s.actorUser(), roles, reason, s.permissionEpoch(), s.issuedAt(), expiresAt, s.revokedAt());
    }

    /**
     * Registers partner {@code partnerNumber} and the customer, and stores a CONNECTED delegation
     * between them through the fixture's delegation store.
     */
    /**
     * What a login's limits read: one user's sessions under one delegation issued strictly after
     * the bound, revoked ones included, oldest first with ties by id; the port's default (through
     * {@code sessionsInto}) answers the same as the adapter's own read.
     */
    @Test
    public void aUsersSessionsUnderADelegationAreReadOldestFirstAfterTheBound() throws Exception {
        Delegation a = connected(1, TenantFixtures.customer(1));
        Delegation b = connected(1, TenantFixtures.customer(2));
        Instant justAfterT1 = T1.plusNanos(1_000);
        issue(sessionAt(a, "jane", T1));
        DelegatedSession justAfter = issue(sessionAt(a, "jane", justAfterT1));
        DelegatedSession ended = issue(sessionAt(a, "jane", T2));
        issuer.revoke(ended.tokenHash(), T2);
        DelegatedSession sameInstant = issue(sessionAt(a, "jane", T2));
        issue(sessionAt(a, "john", T2));
        issue(sessionAt(b, "jane", T2));
        List<DelegatedSession> atT2 = new ArrayList<>(List.of(ended.revoked(T2), sameInstant));
        atT2.sort(java.util.Comparator.comparing(s -> s.id().value().toString()));

        List<DelegatedSession> found = issuer.sessionsOfUser(a.id(), a.customerTenant(), UserId.of("jane"), T1);

        assertThat(found).containsExactly(justAfter, atT2.get(0), atT2.get(1));
        assertThat(issuer.sessionsOfUser(a.id(), a.customerTenant(), UserId.of("jane"), T1.minusNanos(1_000)))
                .as("a microsecond before the session at T1: it is in").hasSize(4);
        assertThat(issuer.sessionsOfUser(a.id(), a.customerTenant(), UserId.of("jane"), justAfterT1))
                .as("the bound is exclusive").containsExactlyElementsOf(atT2);
        assertThat(issuer.sessionsOfUser(a.id(), a.customerTenant(), UserId.of("jane"), T2)).isEmpty();
        assertThat(issuer.sessionsOfUser(a.id(), a.customerTenant(), UserId.of("nobody"), T0)).isEmpty();
        SessionIssuer byDefault = (SessionIssuer) java.lang.reflect.Proxy.newProxyInstance(SessionIssuer.class.getClassLoader(),
                new Class<?>[] {SessionIssuer.class}, (proxy, method, args) -> method.isDefault()
                        ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args)
                        : method.invoke(issuer, args));
        assertThat(byDefault.sessionsOfUser(a.id(), a.customerTenant(), UserId.of("jane"), T1)).isEqualTo(found);
        assertThat(byDefault.sessionsOfUser(a.id(), a.customerTenant(), UserId.of("jane"), T0)).hasSize(4);
    }

    protected Delegation connected(int partnerNumber, Tenant customer) {
        Tenant partner = fixture.register(partner(partnerNumber));
        fixture.register(customer);
        Delegation pending = Delegation.pending(DelegationId.of(Ids.randomUuid(random)), partner.id(), customer, T0);
        Delegation accepted = pending.accept(T0);
        fixture.delegationStore().inTransaction(tx -> {
            tx.insert(pending);
            tx.update(accepted);
            return null;
        });
        return accepted;
    }

    /** A live session under the delegation, issued at {@link ContractAssertions#T0} for {@link #SESSION_TTL}. */
    protected DelegatedSession session(Delegation delegation) {
        return new DelegatedSession(SessionId.of(Ids.randomUuid(random)), newTokenHash(), delegation.id(),
                delegation.customerTenant(), delegation.customerEmail(), delegation.partnerTenant(),
                UserId.of("user-of-" + delegation.partnerTenant()), DelegatedSession.TENANT_ADMINISTRATOR_SCOPE, 0, T0,
                T0.plus(SESSION_TTL), Optional.empty());
    }

    /** A live session of the named partner user under the delegation. */
    protected DelegatedSession sessionOf(Delegation delegation, String partnerUser) {
        return new DelegatedSession(SessionId.of(Ids.randomUuid(random)), newTokenHash(), delegation.id(),
                delegation.customerTenant(), delegation.customerEmail(), delegation.partnerTenant(),
                UserId.of(partnerUser), DelegatedSession.TENANT_ADMINISTRATOR_SCOPE, 0, T0,
                T0.plus(SESSION_TTL), Optional.empty());
    }

    /** A live session of the named partner user under the delegation, issued at {@code issuedAt} for {@link #SESSION_TTL}. */
    protected DelegatedSession sessionAt(Delegation delegation, String partnerUser, Instant issuedAt) {
        return new DelegatedSession(SessionId.of(Ids.randomUuid(random)), newTokenHash(), delegation.id(),
                delegation.customerTenant(), delegation.customerEmail(), delegation.partnerTenant(),
                UserId.of(partnerUser), DelegatedSession.TENANT_ADMINISTRATOR_SCOPE, 0, issuedAt,
                issuedAt.plus(SESSION_TTL), Optional.empty());
    }

    protected DelegatedSession issue(DelegatedSession session) {
        issuer.issue(session);
        return session;
    }

    protected TokenHash newTokenHash() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TokenHash.of(bytes);
    }
}
