package org.partnerdelegation.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.JoinedQueries;
import org.partnerdelegation.core.port.LiveSession;
import org.partnerdelegation.core.port.Revocation;
import org.partnerdelegation.core.port.SessionCache;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.StepUpPolicy;

/**
 * What the facade asks of a {@link SessionCache}, on the in-memory adapters: checks go through it
 * with the bound of their answer, and the use cases that narrow or end sessions tell it only once
 * their unit of work ended, also when its outcome is unknown; the others tell it nothing.
 */
class InMemorySessionCachePortTest {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);

    /** Reads storage every time; records what it is told, and what storage said when it was told. */
    private static final class RecordingCache implements SessionCache {
        final List<Revocation> revoked = new CopyOnWriteArrayList<>();
        final List<LiveSession> loaded = new CopyOnWriteArrayList<>();
        Runnable whenTold = () -> { };

        @Override
        public Optional<DelegatedSession> find(TokenHash tokenHash, Instant now, Loader loader) {
            Optional<LiveSession> live = loader.load();
            live.ifPresent(loaded::add);
            return live.map(LiveSession::session);
        }

        @Override
        public void revoked(Revocation revocation) {
            whenTold.run();
            revoked.add(revocation);
        }
    }

    /** A store whose next unit of work commits and then loses its reply, as a connection dropped during COMMIT. */
    private static final class LostReplyStore implements DelegationStore {
        private final DelegationStore delegate;
        final AtomicBoolean loseNextReply = new AtomicBoolean();

        LostReplyStore(DelegationStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> T inTransaction(UnitOfWork<T> work) {
            T result = delegate.inTransaction(work);
            if (loseNextReply.getAndSet(false)) {
                throw new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, "the reply to COMMIT was lost");
            }
            return result;
        }

        @Override
        public Optional<JoinedQueries> joinedQueries(TenantDirectory directory, SessionIssuer sessions) {
            return delegate.joinedQueries(directory, sessions);
        }

        @Override
        public List<OutboxEntry> claimDueNotifications(Instant now, Duration lease, int limit) {
            return delegate.claimDueNotifications(now, lease, limit);
        }

        @Override
        public boolean recordFailure(NotificationId id, int attempt, String error, Optional<Instant> retryAt) {
            return delegate.recordFailure(id, attempt, error, retryAt);
        }

        @Override
        public boolean markDiscarded(NotificationId id, int attempt, String reason) {
            return delegate.markDiscarded(id, attempt, reason);
        }

        @Override
        public List<OutboxEntry> outboxEntries(OutboxStatus status, int limit) {
            return delegate.outboxEntries(status, limit);
        }
    }

    private final MutableClock clock = MutableClock.startingNow();
    private final RecordingCache cache = new RecordingCache();
    private LostReplyStore store;
    private final InMemoryAdapterFixture adapters = new InMemoryAdapterFixture(s -> store = new LostReplyStore(s), UnaryOperator.identity());
    private final PartnerDelegation facade = PartnerDelegation.builder()
            .tenantDirectory(adapters.tenantDirectory())
            .delegationStore(adapters.delegationStore())
            .sessionIssuer(adapters.sessionIssuer())
            .clock(clock)
            .settings(DelegationSettings.defaults().withInvitationCooldown(Duration.ZERO))
            .stepUpPolicy(StepUpPolicy.notRequired())
            .sessionCache(cache)
            .build();

    private DelegationId connect(GrantRequest request) {
        adapters.register(PARTNER);
        adapters.register(CUSTOMER);
        InMemoryNotifier mailbox = new InMemoryNotifier();
        DelegationId id = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail(), request).delegationId();
        OutboxDispatcher.builder(facade).notifier(mailbox).build().drain();
        facade.acceptInvitation(adminOf(CUSTOMER), mailbox.latestInvitationTokenFor(CUSTOMER.administratorEmail())
                .map(SecretToken::reveal).orElseThrow(), GrantRules.asRequested());
        // The acceptance told the cache (a change's acceptance may narrow): each test starts from what follows.
        cache.revoked.clear();
        return id;
    }

    @Test
    void aLogoutTellsTheCacheOnlyOnceStorageHasTheSessionRevoked() {
        String token = facade.loginToCustomer(adminOf(PARTNER), connect(GrantRequest.defaults())).token().reveal();
        cache.revoked.clear();
        TokenHash hash = SecretToken.parse(token).hash();
        AtomicBoolean revokedWhenTold = new AtomicBoolean();
        cache.whenTold = () -> revokedWhenTold.set(adapters.sessionIssuer().introspect(hash).orElseThrow().revokedAt().isPresent());

        facade.endSession(token);

        assertThat(cache.revoked).containsExactly(Revocation.token(hash));
        assertThat(revokedWhenTold).as("storage had the revocation when the cache was told").isTrue();
    }

    @Test
    void aUseCaseWhoseOutcomeIsUnknownStillTellsTheCache() {
        facade.loginToCustomer(adminOf(PARTNER), connect(GrantRequest.defaults()));
        cache.revoked.clear();
        store.loseNextReply.set(true);

        assertThatThrownBy(() -> facade.disassociatePartner(adminOf(CUSTOMER)))
                .isInstanceOfSatisfying(DelegationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));

        assertThat(cache.revoked).containsExactly(Revocation.tenant(CUSTOMER.id()));
    }

    @Test
    void eachUseCaseThatEndsSessionsTellsTheCacheWhatItCovers() {
        DelegationId id = connect(GrantRequest.defaults());
        facade.endSessionsOfUser(adminOf(PARTNER), PARTNER.id(), adminOf(PARTNER).userId());
        facade.deleteAccount(adminOf(PARTNER), id);
        facade.revokePartnerPermission(org.partnerdelegation.core.contract.TenantFixtures.operator(), PARTNER.id());

        assertThat(cache.revoked).containsExactly(Revocation.partner(PARTNER.id()), Revocation.delegation(id),
                Revocation.partner(PARTNER.id()));
    }

    @Test
    void aCheckLoadsTheSessionBoundByTheEarlierOfItsExpiryAndTheGrantsEnd() {
        String token = facade.loginToCustomer(adminOf(PARTNER), connect(GrantRequest.defaults())).token().reveal();
        facade.validateSession(token);
        Instant grantEnd = clock.instant().plus(Duration.ofMinutes(30));
        facade.restrictPartnerAccess(adminOf(CUSTOMER), Set.of(RoleKey.TENANT_ADMINISTRATOR), Optional.of(grantEnd));
        facade.validateSession(token);

        assertThat(cache.loaded).hasSize(2);
        assertThat(cache.loaded.get(0).liveUntil()).as("no end: the session's expiry").isEqualTo(cache.loaded.get(0).session().expiresAt());
        assertThat(cache.loaded.get(1).liveUntil()).as("the grant's end, before the expiry").isEqualTo(grantEnd)
                .isBefore(cache.loaded.get(1).session().expiresAt());
    }

    @Test
    void aLoginTellsTheCacheOnceTheSessionItDisplacedIsRevoked() {
        PartnerDelegation capped = PartnerDelegation.builder()
                .tenantDirectory(adapters.tenantDirectory())
                .delegationStore(adapters.delegationStore())
                .sessionIssuer(adapters.sessionIssuer())
                .clock(clock)
                .settings(DelegationSettings.defaults().withInvitationCooldown(Duration.ZERO).withMaxLiveSessions(1))
                .stepUpPolicy(StepUpPolicy.notRequired())
                .sessionCache(cache)
                .build();
        DelegationId id = connect(GrantRequest.defaults());
        TokenHash first = SecretToken.parse(capped.loginToCustomer(adminOf(PARTNER), id).token().reveal()).hash();
        AtomicBoolean firstRevokedWhenTold = new AtomicBoolean();
        cache.revoked.clear();
        cache.whenTold = () -> firstRevokedWhenTold.set(adapters.sessionIssuer().introspect(first).orElseThrow().revokedAt().isPresent());

        capped.loginToCustomer(adminOf(PARTNER), id);

        assertThat(cache.revoked).containsExactly(Revocation.delegation(id));
        assertThat(firstRevokedWhenTold).as("the session past the cap was revoked when the cache was told").isTrue();
    }

    @Test
    void aKeyedRetryTellsTheCacheThatTheEarlierTokenStopped() {
        DelegationId id = connect(GrantRequest.defaults());
        org.partnerdelegation.core.usecase.LoginRequest keyed =
                org.partnerdelegation.core.usecase.LoginRequest.allGranted().withIdempotencyKey("retry-1");
        String first = facade.loginToCustomer(adminOf(PARTNER), id, keyed).token().reveal();
        cache.revoked.clear();

        String second = facade.loginToCustomer(adminOf(PARTNER), id, keyed).token().reveal();

        assertThat(cache.revoked).containsExactly(Revocation.delegation(id));
        assertThat(facade.validateSession(first)).as("the earlier token stopped").isEmpty();
        assertThat(facade.validateSession(second)).isPresent();
    }

    @Test
    void useCasesThatCannotNarrowASessionTellTheCacheNothing() {
        String token = facade.loginToCustomer(adminOf(PARTNER), connect(GrantRequest.defaults())).token().reveal();
        cache.revoked.clear();
        facade.validateSession(token);
        facade.validateSession("not a token");

        assertThat(cache.revoked).isEmpty();
    }
}
