package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.outbox.DrainResult;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.contract.AuditTrails;

/**
 * Several application nodes on one database: each node has its own pool, facade and outbox
 * dispatcher, as when a host runs behind a load balancer. The invariants must hold across them
 * because the database holds them, not a lock in one JVM.
 */
class MultiNodeRaceTest {

    private static final Duration RACE_TIMEOUT = Duration.ofSeconds(60);
    private static final int POOL_SIZE = 4;
    private static final int THREADS_PER_NODE = 4;

    private final MutableClock clock = MutableClock.startingNow();
    private final RecordingNotifier mailbox = new RecordingNotifier();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeNodes() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private List<AppNode> twoPostgresNodes(int batchSize) {
        String url = Databases.newPostgresDatabase();
        toClose.add(() -> Databases.dropQuietly(url));
        return List.of(node(AppNode.postgres("node-a", url, POOL_SIZE, clock, mailbox, batchSize)),
                node(AppNode.postgres("node-b", url, POOL_SIZE, clock, mailbox, batchSize)));
    }

    private List<AppNode> twoH2Nodes(int batchSize) {
        // DB_CLOSE_DELAY=-1 keeps the in-memory database alive between connections: both pools open the same one.
        String name = "multi-node-" + System.nanoTime();
        return List.of(node(AppNode.h2("node-a", name, POOL_SIZE, clock, mailbox, batchSize)),
                node(AppNode.h2("node-b", name, POOL_SIZE, clock, mailbox, batchSize)));
    }

    private AppNode node(AppNode node) {
        toClose.add(node);
        return node;
    }

    @Test
    void twoH2StoragesOnTheSameInMemoryNameShareOneDatabase() {
        String name = "shared-" + System.nanoTime();
        try (JdbiStorage first = JdbiStorage.inMemory(name); JdbiStorage second = JdbiStorage.inMemory(name)) {
            first.tenantDirectory().register(customer(1));
            assertThat(second.tenantDirectory().findById(customer(1).id())).contains(customer(1));
            // The second storage found the schema the first installed and applied nothing.
            assertThat(second.installSchema()).isEmpty();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void exactlyOnePartnerPerCustomerWinsWhenTwoNodesAcceptAtOnce() {
        int partners = 6;
        int customers = 30;
        List<AppNode> nodes = twoPostgresNodes(50);
        AppNode a = nodes.get(0);
        for (int p = 1; p <= partners; p++) {
            a.storage.tenantDirectory().register(partner(p));
        }
        for (int c = 1; c <= customers; c++) {
            a.storage.tenantDirectory().register(customer(c));
        }
        // Every partner invites every customer; the customers' administrators then accept every invitation at once.
        record Acceptance(Tenant partner, Tenant customer, DelegationId delegation) {
        }
        List<Acceptance> acceptances = new ArrayList<>();
        for (int c = 1; c <= customers; c++) {
            for (int p = 1; p <= partners; p++) {
                AppNode inviting = nodes.get((c + p) % 2);
                DelegationId id = inviting.delegation.addCustomerAccount(adminOf(partner(p)), customer(c).administratorEmail()).delegationId();
                acceptances.add(new Acceptance(partner(p), customer(c), id));
            }
        }
        assertThat(a.dispatcher.drain().delivered()).isEqualTo(partners * customers);
        Map<DelegationId, String> tokens = mailbox.latestInvitationTokens();

        // Grouped by customer, partners shuffled within: the threads take neighbouring tasks, so up to eight race for one customer.
        Random shuffle = new Random(7);
        ConcurrentLinkedQueue<Acceptance> queue = new ConcurrentLinkedQueue<>();
        acceptances.stream().collect(Collectors.groupingBy(x -> x.customer().id().value(), TreeMap::new, Collectors.toList()))
                .values().forEach(group -> {
                    List<Acceptance> shuffled = new ArrayList<>(group);
                    Collections.shuffle(shuffled, shuffle);
                    queue.addAll(shuffled);
                });
        Map<Acceptance, String> outcomes = new ConcurrentHashMap<>();
        List<Callable<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < 2 * THREADS_PER_NODE; t++) {
            AppNode node = nodes.get(t % 2);
            workers.add(() -> {
                int done = 0;
                for (Acceptance next = queue.poll(); next != null; next = queue.poll()) {
                    Acceptance x = next;
                    outcomes.put(x, outcome(() -> node.delegation.acceptInvitation(adminOf(x.customer()), tokens.get(x.delegation()))));
                    done++;
                }
                return done;
            });
        }
        assertThat(Concurrently.run(RACE_TIMEOUT, workers).stream().mapToInt(Integer::intValue).sum()).isEqualTo(acceptances.size());

        Map<TenantId, List<String>> byCustomer = outcomes.entrySet().stream().collect(Collectors.groupingBy(
                e -> e.getKey().customer().id(), Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        assertThat(byCustomer).hasSize(customers);
        byCustomer.forEach((customer, results) -> assertThat(results)
                .as("outcomes of the %d acceptances of %s", partners, customer)
                .containsOnly("CONNECTED", "ALREADY_LINKED_TO_ANOTHER_TENANT: " + DelegationException.ALREADY_LINKED_MESSAGE)
                .filteredOn("CONNECTED"::equals).hasSize(1));

        // The database agrees with what the callers were told.
        assertThat(Tables.count(a.storage.jdbi(), "SELECT COUNT(*) FROM pd_delegation WHERE status = 'CONNECTED'")).isEqualTo(customers);
        assertThat(Tables.count(a.storage.jdbi(), "SELECT COUNT(*) FROM (SELECT customer_tenant FROM pd_delegation"
                + " WHERE status = 'CONNECTED' GROUP BY customer_tenant HAVING COUNT(*) <> 1) t")).isZero();
        assertThat(Tables.count(a.storage.jdbi(), "SELECT COUNT(*) FROM pd_delegation WHERE status = 'PENDING'"))
                .isEqualTo((long) (partners - 1) * customers);
        assertThat(Tables.count(a.storage.jdbi(), "SELECT COUNT(*) FROM (SELECT target_tenant FROM pd_audit_event"
                + " WHERE event_type = 'INVITATION_ACCEPTED' GROUP BY target_tenant HAVING COUNT(*) = 1) t")).isEqualTo(customers);
        assertThat(Tables.count(a.storage.jdbi(), "SELECT COUNT(*) FROM pd_audit_event WHERE event_type = 'INVITATION_ACCEPTED'"))
                .isEqualTo(customers);
        // No lost update: every delegation's version is the number of its status changes, and every cross-table invariant holds.
        assertThat(Tables.violations(a.storage.jdbi())).isEmpty();
        outcomes.forEach((x, result) -> {
            if (result.equals("CONNECTED")) {
                AppNode other = nodes.get(1);
                assertThat(other.delegation.currentPartner(adminOf(x.customer()))).map(PartnerLink::partnerTenant)
                        .contains(x.partner().id());
            }
        });
        assertThat(deadlocks(a)).as("deadlocks PostgreSQL detected and broke").isZero();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void addingTheSameCustomerFromBothNodesAtOnceCreatesOneDelegation() {
        int customers = 20;
        List<AppNode> nodes = twoPostgresNodes(50);
        nodes.get(0).storage.tenantDirectory().register(partner(1));
        IntStream.rangeClosed(1, customers).forEach(c -> nodes.get(0).storage.tenantDirectory().register(customer(c)));

        // Four threads, two per node, add the same customers in the same order: every add races with three others.
        Map<TenantId, Set<DelegationId>> returned = new ConcurrentHashMap<>();
        Set<String> failures = ConcurrentHashMap.newKeySet();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            AppNode node = nodes.get(t % 2);
            workers.add(() -> {
                for (int c = 1; c <= customers; c++) {
                    Tenant customer = customer(c);
                    try {
                        DelegationId id = node.delegation.addCustomerAccount(adminOf(partner(1)), customer.administratorEmail()).delegationId();
                        returned.computeIfAbsent(customer.id(), k -> ConcurrentHashMap.newKeySet()).add(id);
                    } catch (RuntimeException e) {
                        failures.add(describe(e));
                    }
                }
                return null;
            });
        }
        Concurrently.run(RACE_TIMEOUT, workers);

        assertThat(failures).isEmpty();
        assertThat(returned).hasSize(customers).allSatisfy((customer, ids) -> assertThat(ids).hasSize(1));
        AppNode a = nodes.get(0);
        assertThat(Tables.count(a.storage.jdbi(), "SELECT COUNT(*) FROM pd_delegation")).isEqualTo(customers);
        assertThat(Tables.count(a.storage.jdbi(), "SELECT COUNT(*) FROM pd_audit_event WHERE event_type = 'CUSTOMER_ADDED'"))
                .isEqualTo(customers);
        assertThat(Tables.count(a.storage.jdbi(), "SELECT COUNT(*) FROM pd_outbox WHERE notification_type = 'INVITATION'"))
                .isEqualTo(customers);
        assertThat(Tables.violations(a.storage.jdbi())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theOutboxDrainedFromBothNodesAtOnceDeliversEveryNotificationExactlyOnce(String database) {
        int partners = 4;
        int customers = 50;
        // Small batches, so that the claims of the six dispatching threads interleave many times.
        List<AppNode> nodes = database.equals("h2") ? twoH2Nodes(7) : twoPostgresNodes(7);
        AppNode a = nodes.get(0);
        for (int p = 1; p <= partners; p++) {
            a.storage.tenantDirectory().register(partner(p));
        }
        for (int c = 1; c <= customers; c++) {
            a.storage.tenantDirectory().register(customer(c));
            for (int p = 1; p <= partners; p++) {
                a.delegation.addCustomerAccount(adminOf(partner(p)), customer(c).administratorEmail());
            }
        }
        int expected = partners * customers;
        assertThat(a.storage.delegationStore().outboxEntries(OutboxStatus.PENDING, 1000)).hasSize(expected);

        List<Callable<DrainResult>> drains = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            AppNode node = nodes.get(t % 2);
            drains.add(node.dispatcher::drain);
        }
        DrainResult total = Concurrently.run(RACE_TIMEOUT, drains).stream().reduce(DrainResult.NOTHING, DrainResult::plus);

        List<NotificationId> ids = mailbox.deliveredIds();
        Map<NotificationId, Long> deliveries = ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(deliveries).as("notifications delivered more than once")
                .allSatisfy((id, times) -> assertThat(times).as(id.toString()).isEqualTo(1));
        assertThat(new HashSet<>(ids)).hasSize(expected);
        assertThat(total).isEqualTo(new DrainResult(expected, 0, 0, 0));
        assertThat(a.storage.delegationStore().outboxEntries(OutboxStatus.DELIVERED, 1000)).hasSize(expected)
                .allSatisfy(e -> assertThat(e.attempts()).as("claims of " + e.id()).isEqualTo(1));
        assertThat(a.storage.delegationStore().outboxEntries(OutboxStatus.PENDING, 1000)).isEmpty();
        // Each delivery minted the one invitation of its delegation, and that link works.
        assertThat(Tables.count(a.storage.jdbi(), "SELECT COUNT(*) FROM pd_invitation WHERE status = 'OPEN'")).isEqualTo(expected);
    }

    /**
     * Node A removes a delegation; before it commits, node B's partner user logs in to the same
     * customer (B still reads the delegation as CONNECTED). The database must not let B issue a
     * session for a delegation that is, once A commits, no longer connected: B waits for A and
     * is refused, and no session row, nor a login audited after the removal, is left.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void noSessionIsIssuedForADelegationRemovedWhileTheLoginRuns(String database) throws Exception {
        List<AppNode> nodes = database.equals("h2") ? twoH2Nodes(10) : twoPostgresNodes(10);
        AppNode a = nodes.get(0);
        AppNode b = nodes.get(1);
        a.storage.tenantDirectory().register(partner(1));
        a.storage.tenantDirectory().register(customer(1));
        DelegationId id = a.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail()).delegationId();
        a.dispatcher.drain();
        a.delegation.acceptInvitation(adminOf(customer(1)), mailbox.latestInvitationToken(id).orElseThrow());

        CountDownLatch removedButNotCommitted = new CountDownLatch(1);
        CountDownLatch loginDone = new CountDownLatch(1);
        Callable<String> removal = () -> {
            a.storage.delegationStore().inTransaction(tx -> {
                // Locked first, as every use case ending a delegation locks it: its writes go at the commit.
                tx.update(tx.lockDelegation(id).orElseThrow().remove(clock.instant()));
                removedButNotCommitted.countDown();
                try {
                    // Hold the change uncommitted while the login runs; a login that waits for it is what we want.
                    loginDone.await(500, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            return "removed";
        };
        Callable<String> login = () -> {
            removedButNotCommitted.await(10, TimeUnit.SECONDS);
            try {
                b.delegation.loginToCustomer(adminOf(partner(1)), id);
                return "LOGGED IN";
            } catch (RuntimeException e) {
                return describe(e);
            } finally {
                loginDone.countDown();
            }
        };
        List<String> results = Concurrently.run(RACE_TIMEOUT, List.of(removal, login));

        // Refused as no longer connected; or, where the lock wait timed out (H2), retried and found removed.
        assertThat(results.get(1)).as("the login racing the removal").matches("(NOT_CONNECTED|DELEGATION_NOT_FOUND): .*");
        System.out.println("MultiNodeRaceTest (" + database + "): the login racing the removal got " + results.get(1));
        assertThat(Tables.count(a.storage.jdbi(), "SELECT COUNT(*) FROM pd_session")).isZero();
        assertThat(Tables.count(a.storage.jdbi(), "SELECT COUNT(*) FROM pd_audit_event WHERE event_type = 'DELEGATED_LOGIN'")).isZero();
    }

    /**
     * A resend racing an acceptance on another node either sees the acceptance (and is refused
     * with NOT_PENDING) or is audited before it: the use case holds the delegation while it
     * records the resend, so the trail never ends with "invitation resent" after "accepted".
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aResendRacingAnAcceptanceIsRefusedOrAuditedBeforeIt(String database) {
        List<AppNode> nodes = database.equals("h2") ? twoH2Nodes(10) : twoPostgresNodes(10);
        AppNode a = nodes.get(0);
        AppNode b = nodes.get(1);
        a.storage.tenantDirectory().register(partner(1));
        a.storage.tenantDirectory().register(customer(1));
        DelegationId id = a.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail()).delegationId();
        // Past the invitation cool-down, so that the resend is refused for racing the acceptance, if at all.
        clock.advance(a.delegation.settings().invitationCooldown().plusSeconds(1));

        CountDownLatch acceptedButNotCommitted = new CountDownLatch(1);
        CountDownLatch resendDone = new CountDownLatch(1);
        Callable<String> acceptance = () -> {
            a.storage.delegationStore().inTransaction(tx -> {
                Delegation pending = tx.findDelegation(id).orElseThrow();
                Delegation accepted = pending.accept(clock.instant());
                tx.update(accepted);
                tx.append(new AuditEvent(
                        new AuditEventId(UUID.randomUUID()),
                        AuditEventType.INVITATION_ACCEPTED, Optional.of(id),
                        customer(1).id(), customer(1).id(), adminOf(customer(1)).userId(),
                        Optional.of(pending.status()), Optional.of(accepted.status()), clock.instant()));
                acceptedButNotCommitted.countDown();
                try {
                    resendDone.await(500, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            return "accepted";
        };
        Callable<String> resend = () -> {
            acceptedButNotCommitted.await(10, TimeUnit.SECONDS);
            try {
                b.delegation.resendInvitation(adminOf(partner(1)), id);
                return "resent";
            } catch (RuntimeException e) {
                return describe(e);
            } finally {
                resendDone.countDown();
            }
        };
        Concurrently.run(RACE_TIMEOUT, List.of(acceptance, resend));

        List<AuditEvent> trail = AuditTrails.whole(a.delegation, adminOf(partner(1)), id);
        assertThat(trail.get(trail.size() - 1).toStatus()).as("the last audited status of %s", trail)
                .contains(DelegationStatus.CONNECTED);
    }

    private static long deadlocks(AppNode node) {
        return Tables.count(node.storage.jdbi(), "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
    }

    /** What a caller saw: success, a code with its message, or anything else (which must never happen). */
    private static String outcome(Runnable call) {
        try {
            call.run();
            return "CONNECTED";
        } catch (RuntimeException e) {
            return describe(e);
        }
    }

    private static String describe(RuntimeException e) {
        return e instanceof DelegationException d ? d.code() + ": " + d.getMessage() : "raw " + e;
    }
}
