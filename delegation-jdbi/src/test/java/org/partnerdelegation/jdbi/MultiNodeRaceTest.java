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
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.outbox.DrainResult;
import org.partnerdelegation.core.usecase.PartnerLink;

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
    void twoH2PoolsOnTheSameInMemoryNameShareOneDatabase() {
        List<AppNode> nodes = twoH2Nodes(10);
        nodes.get(0).storage.tenantDirectory().register(customer(1));
        assertThat(nodes.get(1).storage.tenantDirectory().findById(customer(1).id())).contains(customer(1));
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
        acceptances.stream().collect(Collectors.groupingBy(x -> x.customer().id().value(), java.util.TreeMap::new, Collectors.toList()))
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
