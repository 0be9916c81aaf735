package org.partnerdelegation.sessioncache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.IssuedSession;

/**
 * What a session cache must do whatever storage is under it, written once and run per storage: a
 * revocation made on one node is refused on every node that checks, once the node heard it (at
 * once on the node that made it; for PostgreSQL, on the others once its notification arrived), for
 * each kind of revocation. The checks first fill every cache, so that a refusal proves the entry
 * was dropped.
 */
abstract class SessionCacheContract {

    /** Nodes over one storage. */
    interface Cluster extends AutoCloseable {
        /** The node the revocations are made on. */
        CacheNode revoker();

        /** The nodes that check afterwards: the revoker alone where revocations are heard in process only. */
        List<CacheNode> checkers();

        Tenant register(Tenant tenant);

        /**
         * Waits until each checker heard a revocation pushed since {@code pushedBefore} was taken; returns at once
         * where revocations are heard in process only.
         */
        void awaitHeard(Map<CacheNode, Long> pushedBefore) throws InterruptedException;
    }

    protected static final Tenant PARTNER = partner(1);
    protected static final Tenant CUSTOMER = customer(1);
    protected static final Tenant OTHER_CUSTOMER = customer(2);

    protected final MutableClock clock = MutableClock.startingNow();
    protected Cluster cluster;
    private final InMemoryNotifier notifier = new InMemoryNotifier();
    private OutboxDispatcher dispatcher;

    /** A fresh cluster on empty storage, its nodes on {@code clock}. */
    protected abstract Cluster cluster(MutableClock clock) throws Exception;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = cluster(clock);
        cluster.register(PARTNER);
        cluster.register(CUSTOMER);
        cluster.register(OTHER_CUSTOMER);
        dispatcher = OutboxDispatcher.builder(cluster.revoker().facade).notifier(notifier).build();
    }

    @AfterEach
    void stopCluster() throws Exception {
        cluster.close();
    }

    private DelegationId connect(Tenant customer, GrantRequest request) {
        DelegationId id = cluster.revoker().facade.addCustomerAccount(adminOf(PARTNER), customer.administratorEmail(), request)
                .delegationId();
        dispatcher.drain();
        String token = notifier.latestInvitationTokenFor(customer.administratorEmail()).map(SecretToken::reveal).orElseThrow();
        cluster.revoker().facade.acceptInvitation(adminOf(customer), token, GrantRules.asRequested());
        return id;
    }

    private DelegationId connect(Tenant customer) {
        return connect(customer, GrantRequest.roles("tenant:administrator", "billing:read"));
    }

    private String login(DelegationId id) {
        return cluster.revoker().facade.loginToCustomer(adminOf(PARTNER), id).token().reveal();
    }

    /** Checks on every node, twice, and asserts the second check came from memory. */
    private void warm(String token) {
        for (CacheNode node : nodes()) {
            assertThat(node.facade.validateSession(token)).as("live on %s", node).isPresent();
            long hits = node.hits();
            assertThat(node.facade.validateSession(token)).isPresent();
            assertThat(node.hits()).as("the second check on %s is served from memory", node).isEqualTo(hits + 1);
        }
    }

    private List<CacheNode> nodes() {
        List<CacheNode> all = new java.util.ArrayList<>(cluster.checkers());
        if (!all.contains(cluster.revoker())) {
            all.add(cluster.revoker());
        }
        return all;
    }

    private Map<CacheNode, Long> pushed() {
        Map<CacheNode, Long> counts = new HashMap<>();
        for (CacheNode node : cluster.checkers()) {
            counts.put(node, node.pushed());
        }
        return counts;
    }

    /** Makes the revocation on the revoker, waits until every checker heard it, and returns the checkers' answers. */
    private void assertRefusedEverywhereAfter(String token, Runnable revocation) throws InterruptedException {
        warm(token);
        Map<CacheNode, Long> before = pushed();
        revocation.run();
        assertThat(cluster.revoker().facade.validateSession(token)).as("refused at once on the node that revoked").isEmpty();
        cluster.awaitHeard(before);
        for (CacheNode node : cluster.checkers()) {
            assertThat(node.facade.validateSession(token)).as("refused on %s", node).isEmpty();
        }
    }

    @Test
    void aSessionLoggedOutIsRefusedOnEveryNode() throws InterruptedException {
        String token = login(connect(CUSTOMER));
        assertRefusedEverywhereAfter(token, () -> cluster.revoker().facade.endSession(token));
    }

    @Test
    void theSessionsOfAPartnerUserEndedAreRefusedOnEveryNode() throws InterruptedException {
        String token = login(connect(CUSTOMER));
        assertRefusedEverywhereAfter(token, () -> cluster.revoker().facade.endSessionsOfUser(adminOf(PARTNER), PARTNER.id(),
                adminOf(PARTNER).userId()));
    }

    @Test
    void theSessionsIntoACustomerEndedAreRefusedOnEveryNode() throws InterruptedException {
        String token = login(connect(CUSTOMER));
        assertRefusedEverywhereAfter(token, () -> cluster.revoker().facade.endSessionsIntoTenant(adminOf(CUSTOMER)));
    }

    @Test
    void aSessionTheCustomerEndedIsRefusedOnEveryNode() throws InterruptedException {
        DelegationId id = connect(CUSTOMER);
        IssuedSession issued = cluster.revoker().facade.loginToCustomer(adminOf(PARTNER), id);
        assertRefusedEverywhereAfter(issued.token().reveal(),
                () -> cluster.revoker().facade.endDelegatedSession(adminOf(CUSTOMER), issued.session().id()));
    }

    @Test
    void theSessionsOfAPartnerWhosePermissionIsRevokedAreRefusedOnEveryNode() throws InterruptedException {
        String token = login(connect(CUSTOMER));
        assertRefusedEverywhereAfter(token, () -> cluster.revoker().facade.revokePartnerPermission(operator(), PARTNER.id()));
    }

    @Test
    void theSessionsOfADeletedAccountAreRefusedOnEveryNode() throws InterruptedException {
        DelegationId id = connect(CUSTOMER);
        String token = login(id);
        assertRefusedEverywhereAfter(token, () -> cluster.revoker().facade.deleteAccount(adminOf(PARTNER), id));
    }

    @Test
    void theSessionsOfADisassociatedPartnerAreRefusedOnEveryNode() throws InterruptedException {
        String token = login(connect(CUSTOMER));
        assertRefusedEverywhereAfter(token, () -> cluster.revoker().facade.disassociatePartner(adminOf(CUSTOMER)));
    }

    @Test
    void aReductionShrinksTheCachedRolesOnEveryNode() throws InterruptedException {
        String token = login(connect(CUSTOMER));
        warm(token);
        Map<CacheNode, Long> before = pushed();

        cluster.revoker().facade.restrictPartnerAccess(adminOf(CUSTOMER), Set.of(RoleKey.of("billing:read")), Optional.empty());

        cluster.awaitHeard(before);
        for (CacheNode node : nodes()) {
            Optional<DelegatedSession> narrowed = node.facade.validateSession(token);
            assertThat(narrowed).as("on %s", node).isPresent();
            assertThat(narrowed.get().roles()).as("on %s", node).containsExactly(RoleKey.of("billing:read"));
            // And the narrowed answer is what is cached now.
            assertThat(node.facade.validateSession(token).orElseThrow().roles()).containsExactly(RoleKey.of("billing:read"));
        }
    }

    @Test
    void theEndOfTheGrantEndsTheCachedAnswerWithoutARevocation() {
        DelegationId id = connect(CUSTOMER, GrantRequest.roles("tenant:administrator").forTerm(Duration.ofDays(1)));
        Instant end = cluster.revoker().facade.currentPartner(adminOf(CUSTOMER)).orElseThrow().accessUntil().orElseThrow();
        clock.set(end.minusSeconds(2));
        String token = login(id);
        warm(token);
        long revocations = cluster.revoker().cache.figures().revocations();

        clock.set(end.minus(Duration.ofNanos(1000)));
        for (CacheNode node : nodes()) {
            long hits = node.hits();
            assertThat(node.facade.validateSession(token)).as("just before the end, on %s", node).isPresent();
            assertThat(node.hits()).as("from memory on %s", node).isEqualTo(hits + 1);
        }
        clock.set(end);
        for (CacheNode node : nodes()) {
            assertThat(node.facade.validateSession(token)).as("at the end, on %s", node).isEmpty();
        }
        assertThat(cluster.revoker().cache.figures().revocations()).as("no revocation was needed").isEqualTo(revocations);
    }

    @Test
    void aRevocationLeavesTheSessionsItDoesNotCoverInTheCache() throws InterruptedException {
        String revoked = login(connect(CUSTOMER));
        String kept = login(connect(OTHER_CUSTOMER));
        warm(kept);
        assertRefusedEverywhereAfter(revoked, () -> cluster.revoker().facade.disassociatePartner(adminOf(CUSTOMER)));

        for (CacheNode node : nodes()) {
            long hits = node.hits();
            assertThat(node.facade.validateSession(kept)).isPresent();
            assertThat(node.hits()).as("still from memory on %s", node).isEqualTo(hits + 1);
        }
    }

    @Test
    void aTokenNoStorageKnowsIsReadFromStorageEachTime() {
        String unknown = SecretToken.generate(new java.util.Random(3)).reveal();
        CacheNode node = cluster.checkers().get(0);
        long misses = node.cache.figures().misses();

        assertThat(node.facade.validateSession(unknown)).isEmpty();
        assertThat(node.facade.validateSession(unknown)).isEmpty();

        assertThat(node.cache.figures().misses()).isEqualTo(misses + 2);
    }
}
