package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.outbox.DrainResult;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.port.Notifier;

/**
 * Fenced outbox leases across two application nodes on one database. Node A's dispatcher claims
 * an invitation and its notifier blocks past the lease (1 s; it takes 2.5 s); the lease runs out
 * on the database's clock, node B's dispatcher claims the entry again and delivers a newer link.
 * When A's send finally returns, A's claim has been fenced off: A records nothing - the entry is
 * DELIVERED once (by B, at attempt 2), and B's link is not superseded by A's older one. The
 * customer's newest link (B's) accepts; A's is refused.
 */
class OutboxLeaseFencingTest {

    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final long SLOW_SEND_MILLIS = 2_500;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aDeliveryThatOutlivesItsLeaseIsTakenOverAndTheLateDispatcherRecordsNothing(String database) throws Exception {
        // The system clock: invitations minted by the two sends must be told apart by when they were minted.
        Clock clock = Clock.systemUTC();
        RecordingNotifier mailboxA = new RecordingNotifier();
        RecordingNotifier mailboxB = new RecordingNotifier();
        CountDownLatch aIsSending = new CountDownLatch(1);
        AtomicBoolean aStillSending = new AtomicBoolean(true);
        Notifier slow = notification -> {
            aIsSending.countDown();
            sleep(SLOW_SEND_MILLIS);
            mailboxA.deliver(notification);
            aStillSending.set(false);
        };
        List<AppNode> nodes = twoNodes(database, clock);
        AppNode a = nodes.get(0);
        AppNode b = nodes.get(1);
        OutboxDispatcher dispatcherA = dispatcher(a, slow);
        OutboxDispatcher dispatcherB = dispatcher(b, mailboxB);
        a.storage.tenantDirectory().register(partner(1));
        a.storage.tenantDirectory().register(customer(1));
        DelegationId id = a.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail()).delegationId();

        ExecutorService pool = Executors.newSingleThreadExecutor();
        toClose.add(pool::shutdownNow);
        Future<DrainResult> drainA = pool.submit(dispatcherA::drain);
        assertThat(aIsSending.await(10, TimeUnit.SECONDS)).as("A claimed the invitation and is sending it").isTrue();

        assertThat(dispatcherB.drain()).as("B while A's lease holds").isEqualTo(DrainResult.NOTHING);
        long waited = System.nanoTime();
        DrainResult byB = DrainResult.NOTHING;
        while (byB.delivered() == 0 && aStillSending.get()) {
            sleep(50);
            byB = dispatcherB.drain();
        }
        Duration tookOver = Duration.ofNanos(System.nanoTime() - waited);
        assertThat(byB.delivered()).as("B claimed the entry again once A's lease ran out, while A was still sending").isEqualTo(1);
        assertThat(aStillSending).as("A still sending when B delivered").isTrue();
        System.out.println("OutboxLeaseFencingTest (" + database + "): B took the entry over " + tookOver.toMillis()
                + " ms after A started sending");

        drainA.get(30, TimeUnit.SECONDS);
        Notification sentByA = mailboxA.delivered().get(0);
        Notification sentByB = mailboxB.delivered().get(0);
        assertThat(sentByB.id()).as("the same notification, sent twice").isEqualTo(sentByA.id());
        String linkA = sentByA.invitationToken().orElseThrow().reveal();
        String linkB = sentByB.invitationToken().orElseThrow().reveal();
        assertThat(linkB).isNotEqualTo(linkA);

        // Recorded once, by B's claim: attempt 2; A's late outcome changed nothing.
        List<OutboxEntry> delivered = a.storage.delegationStore().outboxEntries(OutboxStatus.DELIVERED, 10);
        assertThat(delivered).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(sentByA.id());
            assertThat(e.attempts()).as("claims").isEqualTo(2);
            assertThat(e.lastError()).isEmpty();
        });
        assertThat(a.storage.delegationStore().outboxEntries(OutboxStatus.PENDING, 10)).isEmpty();
        assertThat(a.storage.delegationStore().outboxEntries(OutboxStatus.FAILED, 10)).isEmpty();
        assertThat(Tables.count(a.storage.jdbi(), "SELECT COUNT(*) FROM pd_invitation WHERE status = 'OPEN'"))
                .as("B's link, and only it, is open").isEqualTo(1);

        // The newest link (B's) is the one that works.
        DelegationException refused = catchThrowableOfType(DelegationException.class,
                () -> a.delegation.acceptInvitation(adminOf(customer(1)), linkA));
        assertThat(refused).as("A's older link").isNotNull();
        assertThat(refused.code()).as(refused.getMessage()).isEqualTo(ErrorCode.INVITATION_INVALID);
        assertThat(b.delegation.acceptInvitation(adminOf(customer(1)), linkB).status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(a.delegation.currentPartner(adminOf(customer(1)))).hasValueSatisfying(link ->
                assertThat(link.delegationId()).isEqualTo(id));
        assertThat(Tables.violations(a.storage.jdbi())).isEmpty();
    }

    private List<AppNode> twoNodes(String database, Clock clock) {
        List<AppNode> nodes;
        if (database.equals("h2")) {
            String name = "lease-" + System.nanoTime();
            nodes = List.of(AppNode.h2("node-a", name, 2, clock, n -> { }, 10), AppNode.h2("node-b", name, 2, clock, n -> { }, 10));
        } else {
            String url = Databases.newPostgresDatabase();
            toClose.add(() -> Databases.dropQuietly(url));
            nodes = List.of(AppNode.postgres("node-a", url, 2, clock, n -> { }, 10),
                    AppNode.postgres("node-b", url, 2, clock, n -> { }, 10));
        }
        toClose.addAll(nodes);
        return nodes;
    }

    /** A dispatcher of the node's facade with a short lease. */
    private OutboxDispatcher dispatcher(AppNode node, Notifier notifier) {
        OutboxDispatcher dispatcher = OutboxDispatcher.builder(node.delegation).notifier(notifier).lease(LEASE).build();
        toClose.add(dispatcher);
        return dispatcher;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
