package org.partnerdelegation.sessioncache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.port.LiveSession;
import org.partnerdelegation.core.port.Revocation;
import org.partnerdelegation.core.port.SessionCache;

/** The cache's own rules, with a loader standing in for storage: its bounds, its race guard, failing closed. */
class CaffeineSessionCacheTest {

    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration MICRO = Duration.ofNanos(1000);

    private final Random random = new Random(7);
    private final CaffeineSessionCache cache = CaffeineSessionCache.builder().timeToLive(TTL).build();
    private final AtomicInteger reads = new AtomicInteger();

    private final TokenHash token = SecretToken.generate(random).hash();
    private final DelegatedSession session = session(token, "partner-1", "customer-1", NOW.plus(Duration.ofHours(1)));

    private static DelegatedSession session(TokenHash hash, String partner, String customer, Instant expiresAt) {
        return new DelegatedSession(SessionId.of(UUID.randomUUID()), hash, DelegationId.of(UUID.randomUUID()), TenantId.of(customer),
                EmailAddress.of("admin@" + customer + ".example"), TenantId.of(partner), UserId.of("alice"), "tenant:administrator", 0,
                NOW.minusSeconds(60), expiresAt, Optional.empty());
    }

    private SessionCache.Loader live(DelegatedSession s, Instant until) {
        return () -> {
            reads.incrementAndGet();
            return Optional.of(new LiveSession(s, until));
        };
    }

    private Optional<DelegatedSession> check(Instant at) {
        return cache.find(token, at, live(session, session.expiresAt()));
    }

    @Test
    void aLiveAnswerIsServedFromMemoryUntilJustBeforeItsTimeToLive() {
        assertThat(check(NOW)).contains(session);
        assertThat(check(NOW.plus(TTL).minus(MICRO))).contains(session);

        assertThat(reads).hasValue(1);
        assertThat(cache.figures().hits()).isEqualTo(1);
    }

    @Test
    void anAnswerIsReadAgainOnceItsTimeToLiveIsReached() {
        check(NOW);
        check(NOW.plus(TTL));
        check(NOW.plus(TTL).plus(MICRO));

        assertThat(reads).as("read at the start, at the TTL, and kept from then on").hasValue(2);
    }

    @Test
    void anAnswerIsNeverServedAtOrAfterTheInstantItStopsBeingLive() {
        Instant grantEnd = NOW.plusSeconds(2);
        SessionCache.Loader untilGrantEnd = live(session, grantEnd);
        cache.find(token, NOW, untilGrantEnd);

        cache.find(token, grantEnd.minus(MICRO), untilGrantEnd);
        assertThat(reads).as("just before the grant's end: from memory").hasValue(1);
        cache.find(token, grantEnd, () -> {
            reads.incrementAndGet();
            return Optional.empty();
        });
        assertThat(reads).as("at the grant's end: storage is asked").hasValue(2);
    }

    @Test
    void anAnswerWithoutABoundIsReturnedButNotKept() {
        // The default of JoinedQueries for a storage that does not say how long its answer holds.
        assertThat(cache.find(token, NOW, live(session, NOW))).contains(session);
        cache.find(token, NOW, live(session, NOW));

        assertThat(reads).hasValue(2);
    }

    @Test
    void aRefusalIsNeverKept() {
        SessionCache.Loader none = () -> {
            reads.incrementAndGet();
            return Optional.empty();
        };
        assertThat(cache.find(token, NOW, none)).isEmpty();
        assertThat(cache.find(token, NOW, none)).isEmpty();

        assertThat(reads).hasValue(2);
        assertThat(cache.figures().entries()).isZero();
    }

    @Test
    void anAnswerReadBeforeARevocationThatCameDuringTheReadIsNotKept() {
        SessionCache.Loader revokedWhileReading = () -> {
            reads.incrementAndGet();
            // The revocation commits and is heard after storage answered, before the answer is put.
            cache.revoked(Revocation.session(session.id()));
            return Optional.of(new LiveSession(session, session.expiresAt()));
        };
        assertThat(cache.find(token, NOW, revokedWhileReading)).as("what storage said is returned").contains(session);

        check(NOW);
        assertThat(reads).as("but not kept").hasValue(2);
    }

    @Test
    void eachScopeOfRevocationDropsWhatItCoversAndNothingElse() {
        TokenHash otherToken = SecretToken.generate(random).hash();
        DelegatedSession other = session(otherToken, "partner-2", "customer-2", NOW.plus(Duration.ofHours(1)));
        for (Revocation r : new Revocation[] {Revocation.token(token), Revocation.session(session.id()),
                Revocation.delegation(session.delegationId()), Revocation.partner(session.actorTenant()),
                Revocation.customer(session.customerTenant()), Revocation.tenant(session.actorTenant()),
                Revocation.tenant(session.customerTenant())}) {
            cache.find(token, NOW, live(session, session.expiresAt()));
            cache.find(otherToken, NOW, live(other, other.expiresAt()));
            reads.set(0);

            cache.revoked(r);

            cache.find(token, NOW, live(session, session.expiresAt()));
            cache.find(otherToken, NOW, live(other, other.expiresAt()));
            assertThat(reads).as("after %s only the covered session is read again", r).hasValue(1);
        }
        cache.revoked(Revocation.all());
        assertThat(cache.figures().entries()).isZero();
    }

    @Test
    void whileTheListenerIsDownEveryCheckReadsStorageAndNothingIsKept() {
        check(NOW);
        cache.unsubscribed();

        check(NOW);
        check(NOW);
        assertThat(reads).hasValue(3);
        assertThat(cache.figures().bypassed()).isEqualTo(2);
        assertThat(cache.figures().entries()).isZero();

        cache.subscribed();
        check(NOW);
        check(NOW);
        assertThat(reads).as("serving again once subscribed").hasValue(4);
    }

    @Test
    void theSizeIsBounded() {
        CaffeineSessionCache small = CaffeineSessionCache.builder().maximumSize(10).build();
        for (int i = 0; i < 100; i++) {
            TokenHash h = SecretToken.generate(random).hash();
            small.find(h, NOW, live(session(h, "p", "c", NOW.plusSeconds(3600)), NOW.plusSeconds(3600)));
        }
        small.cleanUp();
        assertThat(small.figures().entries()).isLessThanOrEqualTo(10);
    }

    @Test
    void outOfRangeSettingsAreRefusedNamingTheSetting() {
        assertInvalid(() -> CaffeineSessionCache.builder().timeToLive(Duration.ZERO), "timeToLive");
        assertInvalid(() -> CaffeineSessionCache.builder().timeToLive(CaffeineSessionCache.MAXIMUM_TIME_TO_LIVE.plus(MICRO)), "timeToLive");
        assertInvalid(() -> CaffeineSessionCache.builder().timeToLive(null), "timeToLive");
        assertInvalid(() -> CaffeineSessionCache.builder().maximumSize(0), "maximumSize");
        assertInvalid(() -> CaffeineSessionCache.builder().listenerConnection("jdbc:h2:mem:x", "sa", ""), "jdbcUrl");
        assertInvalid(() -> CaffeineSessionCache.builder().listenerHeartbeat(Duration.ofMillis(99)), "listenerHeartbeat");
        assertInvalid(() -> CaffeineSessionCache.builder().listenerReconnect(Duration.ofSeconds(2), Duration.ofSeconds(1)), "maximum");
        // At the bounds: accepted.
        CaffeineSessionCache.builder().timeToLive(CaffeineSessionCache.MAXIMUM_TIME_TO_LIVE).maximumSize(1)
                .listenerHeartbeat(Duration.ofMillis(100)).listenerReconnect(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    private static void assertInvalid(Runnable call, String name) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DelegationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains(name);
        });
    }

    @Test
    void aPayloadOfTheTriggersNamesWhatItRevokesAndAnythingElseRevokesEverything() {
        UUID id = UUID.randomUUID();
        assertThat(PostgresRevocationListener.parse("s:" + id)).isEqualTo(Revocation.session(SessionId.of(id)));
        assertThat(PostgresRevocationListener.parse("d:" + id)).isEqualTo(Revocation.delegation(DelegationId.of(id)));
        assertThat(PostgresRevocationListener.parse("p:acme")).isEqualTo(Revocation.partner(TenantId.of("acme")));
        assertThat(PostgresRevocationListener.parse("t:acme")).isEqualTo(Revocation.tenant(TenantId.of("acme")));
        for (String odd : new String[] {null, "", "s:", "s:not-a-uuid", "x:acme", "hello", "s" + id}) {
            assertThat(PostgresRevocationListener.parse(odd)).as(String.valueOf(odd)).isEqualTo(Revocation.all());
        }
    }
}
