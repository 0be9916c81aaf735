package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.AuditQuery;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.RetentionPolicy;
import org.partnerdelegation.core.usecase.StepUpPolicy;

/**
 * The database goes away and comes back. A PostgreSQL server of this class's own (fixed data
 * directory and port, so it can be stopped and started again with its data) lets the tests cut
 * the storage off while the application keeps running:
 * <ul>
 *   <li>every use case then fails with {@code STORAGE_UNAVAILABLE}, never a raw driver or pool
 *       exception, and within the pool's connection timeout;</li>
 *   <li>once the server is back, the same storage (the same pool) works again;</li>
 *   <li>no unit of work is left half done: a change without its audit event or its outbox
 *       entries, a delegation without its invitation notice.</li>
 * </ul>
 * {@code validateSession} is one of those use cases: with the storage down it throws
 * {@code STORAGE_UNAVAILABLE} rather than answering "not valid", so a host can tell an outage
 * (retry, or fail the request with 503) from a forged or revoked token (401).
 */
class DatabaseOutageTest {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    /** What a failing call may take beyond the connection timeout: scheduling on a busy two-core machine. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    @TempDir
    static Path dataDirectory;
    private static int port;
    private static EmbeddedPostgres server;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final MutableClock clock = MutableClock.startingNow();
    private final RecordingNotifier mailbox = new RecordingNotifier();
    private String database;
    private AppNode node;

    @BeforeAll
    static void startServer() {
        port = freePort();
        start();
    }

    @AfterAll
    static void stopServer() {
        stop();
    }

    @BeforeEach
    void newDatabase() throws SQLException {
        database = "outage_" + DATABASES.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        node = new AppNode("node", JdbiStorage.connect(Databases.postgresConfig(jdbcUrl())
                .withMaximumPoolSize(4).withConnectionTimeout(CONNECTION_TIMEOUT)), clock, mailbox, 50);
    }

    @AfterEach
    void closeNode() {
        start();
        node.close();
    }

    // ------------------------------------------------------------------ (a) down, (b) back

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void everyUseCaseFailsWithStorageUnavailableWhileTheDatabaseIsDownAndWorksAgainOnceItIsBack() {
        register(partner(1), partner(2), customer(1), customer(2), customer(3), customer(4));
        DelegationId connected = connect(partner(1), customer(1));
        IssuedSession login = node.delegation.loginToCustomer(adminOf(partner(1)), connected);
        DelegationId pending = node.delegation.addCustomerAccount(adminOf(partner(1)), customer(2).administratorEmail()).delegationId();
        node.dispatcher.drain();
        String invitation = mailbox.latestInvitationToken(pending).orElseThrow();
        node.delegation.addCustomerAccount(adminOf(partner(2)), customer(3).administratorEmail());

        Map<String, ThrowingCallable> useCases = new LinkedHashMap<>();
        useCases.put("addCustomerAccount", () -> node.delegation.addCustomerAccount(adminOf(partner(1)), customer(4).administratorEmail()));
        useCases.put("listAccounts", () -> node.delegation.listAccounts(adminOf(partner(1)), AccountQuery.firstPage()));
        useCases.put("resendInvitation", () -> node.delegation.resendInvitation(adminOf(partner(1)), pending));
        useCases.put("acceptInvitation", () -> node.delegation.acceptInvitation(adminOf(customer(2)), invitation));
        useCases.put("declineInvitation", () -> node.delegation.declineInvitation(adminOf(customer(2)), invitation));
        useCases.put("loginToCustomer", () -> node.delegation.loginToCustomer(adminOf(partner(1)), connected));
        useCases.put("validateSession", () -> node.delegation.validateSession(login.token().reveal()));
        useCases.put("deleteAccount", () -> node.delegation.deleteAccount(adminOf(partner(1)), pending));
        useCases.put("disassociatePartner", () -> node.delegation.disassociatePartner(adminOf(customer(1))));
        useCases.put("currentPartner", () -> node.delegation.currentPartner(adminOf(customer(1))));
        useCases.put("grantPartnerPermission", () -> node.delegation.grantPartnerPermission(operator(), customer(4).id()));
        useCases.put("revokePartnerPermission", () -> node.delegation.revokePartnerPermission(operator(), partner(2).id()));
        useCases.put("expireInvitations", () -> node.delegation.expireInvitations(operator()));
        useCases.put("auditTrail", () -> node.delegation.auditTrail(adminOf(partner(1)), connected, AuditQuery.firstPage()));
        useCases.put("auditTrail (a page)", () -> node.delegation.auditTrail(adminOf(partner(1)), connected, AuditQuery.firstPage()));
        useCases.put("endSession", () -> node.delegation.endSession(login.token().reveal()));
        useCases.put("endSessionsOfUser", () -> node.delegation.endSessionsOfUser(adminOf(partner(1)), partner(1).id(),
                adminOf(partner(1)).userId()));
        useCases.put("endSessionsIntoTenant", () -> node.delegation.endSessionsIntoTenant(adminOf(customer(1))));
        useCases.put("applyRetention", () -> node.delegation.applyRetention(operator(), RetentionPolicy.keepingAudit(Duration.ofDays(30))));
        useCases.put("permissionAuditTrail", () -> node.delegation.permissionAuditTrail(operator(), partner(1).id()));
        useCases.put("OutboxDispatcher.drain", () -> node.dispatcher.drain());
        useCases.put("JdbiTenantDirectory.register", () -> node.storage.tenantDirectory().register(customer(5)));

        stop();
        SoftAssertions softly = new SoftAssertions();
        useCases.forEach((name, call) -> {
            long started = System.nanoTime();
            Throwable failure = catchThrowable(call);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            softly.assertThat(failure).as(name + " while the database is down").isInstanceOf(DelegationException.class);
            if (failure instanceof DelegationException e) {
                softly.assertThat(e.code()).as(name + ": " + e).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                softly.assertThat(hasSqlCause(e)).as(name + " keeps the driver's or the pool's SQLException as a cause").isTrue();
            }
            softly.assertThat(took).as(name + " took").isLessThanOrEqualTo(CONNECTION_TIMEOUT.plus(SLACK));
        });
        softly.assertAll();

        start();
        // The same node, the same pool: no restart, no reconnect call. HikariCP reconnects in the background with a
        // backoff that grows to 5 seconds during a long outage, so the first calls may still fail for that long.
        Duration recovery = recoveryTime(Duration.ofSeconds(10), () ->
                node.delegation.listAccounts(adminOf(partner(1)), AccountQuery.firstPage()));
        assertThat(recovery).isLessThan(Duration.ofSeconds(10));
        System.out.println("DatabaseOutageTest: the same pool served again " + recovery.toMillis() + " ms after the server was back");
        assertThat(node.delegation.listAccounts(adminOf(partner(1)), AccountQuery.firstPage()).items()).hasSize(2);
        assertThat(node.delegation.validateSession(login.token().reveal())).isPresent();
        node.delegation.acceptInvitation(adminOf(customer(2)), invitation);
        node.delegation.addCustomerAccount(adminOf(partner(1)), customer(4).administratorEmail());
        assertThat(node.delegation.loginToCustomer(adminOf(partner(1)), pending).session().subject())
                .isEqualTo(customer(2).administratorEmail());
        node.delegation.deleteAccount(adminOf(partner(1)), connected);
        assertThat(node.delegation.validateSession(login.token().reveal())).isEmpty();
        assertThat(node.dispatcher.drain().delivered()).isPositive();
        assertThat(Tables.violations(node.storage.jdbi())).isEmpty();
    }

    // ------------------------------------------------------------------ (c) no partial state

    /**
     * Four threads run a random mix of use cases (and the dispatcher) while the server is
     * stopped, with transactions in flight, and started again. Whatever was cut, the tables hold
     * whole units of work only.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aServerStoppedUnderLoadLeavesOnlyWholeUnitsOfWork() throws InterruptedException {
        int partners = 3;
        int customers = 30;
        for (int p = 1; p <= partners; p++) {
            register(partner(p));
        }
        for (int c = 1; c <= customers; c++) {
            register(customer(c));
        }
        Map<DelegationId, Tenant[]> known = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Set<String> raw = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Random random = new Random(100 + t);
            workers.add(() -> {
                while (running.get()) {
                    try {
                        randomStep(random, partners, customers, known);
                        outcomes.computeIfAbsent("ok", k -> new AtomicInteger()).incrementAndGet();
                    } catch (DelegationException e) {
                        outcomes.computeIfAbsent(e.code().name(), k -> new AtomicInteger()).incrementAndGet();
                    } catch (RuntimeException e) {
                        raw.add(e.toString());
                    }
                }
                return null;
            });
        }
        Thread chaos = new Thread(() -> {
            try {
                Thread.sleep(800);
                stop();
                Thread.sleep(1500);
                start();
                Thread.sleep(1200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                start();
                running.set(false);
            }
        }, "chaos");
        chaos.start();
        Concurrently.run(Duration.ofSeconds(60), workers);
        chaos.join(10_000);

        assertThat(raw).as("exceptions other than DelegationException").isEmpty();
        assertThat(outcomes).as("the outage was seen, and work was done before and after it")
                .containsKeys("ok", ErrorCode.STORAGE_UNAVAILABLE.name());
        assertThat(recoveryTime(Duration.ofSeconds(10), node.dispatcher::drain)).isLessThan(Duration.ofSeconds(10));
        assertThat(Tables.count(node.storage.jdbi(), "SELECT COUNT(*) FROM pd_delegation")).isPositive();
        assertThat(Tables.violations(node.storage.jdbi())).isEmpty();
    }

    private void randomStep(Random random, int partners, int customers, Map<DelegationId, Tenant[]> known) {
        Tenant partner = partner(1 + random.nextInt(partners));
        Tenant customer = customer(1 + random.nextInt(customers));
        List<DelegationId> ids = new ArrayList<>(known.keySet());
        DelegationId some = ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
        Tenant[] pair = some == null ? null : known.get(some);
        // No resendInvitation: with the node's invitation cool-down and this test's clock standing still, every resend
        // after the first would be refused (TOO_MANY_REQUESTS); its race with an acceptance has a test of its own
        // (MultiNodeRaceTest.aResendRacingAnAcceptanceIsRefusedOrAuditedBeforeIt).
        switch (random.nextInt(7)) {
            case 0, 1 -> {
                DelegationId id = node.delegation.addCustomerAccount(adminOf(partner), customer.administratorEmail()).delegationId();
                known.put(id, new Tenant[] {partner, customer});
            }
            case 2 -> node.dispatcher.drain();
            case 3 -> {
                if (some != null) {
                    mailbox.latestInvitationToken(some).ifPresent(token -> node.delegation.acceptInvitation(adminOf(pair[1]), token));
                }
            }
            case 4 -> {
                if (some != null) {
                    node.delegation.loginToCustomer(adminOf(pair[0]), some);
                }
            }
            case 5 -> {
                if (some != null) {
                    node.delegation.deleteAccount(adminOf(pair[0]), some);
                }
            }
            default -> {
                if (some != null && random.nextBoolean()) {
                    mailbox.latestInvitationToken(some).ifPresent(token -> node.delegation.declineInvitation(adminOf(pair[1]), token));
                } else {
                    node.delegation.disassociatePartner(adminOf(customer));
                }
            }
        }
    }

    /**
     * A permission change and its audit event are one unit of work: when the database fails
     * right after the directory changed the permission, neither the change nor the event stays.
     */
    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aPermissionChangeIsNeverLeftWithoutItsAuditEvent() {
        register(customer(4));
        JdbiTenantDirectory directory = node.storage.tenantDirectory();
        // The outage strikes right after the directory has changed the permission.
        TenantDirectory outageAfterTheChange = new TenantDirectory() {
            @Override
            public Optional<Tenant> findById(TenantId id) {
                return directory.findById(id);
            }

            @Override
            public Optional<Tenant> findByAdministratorEmail(EmailAddress email) {
                return directory.findByAdministratorEmail(email);
            }

            @Override
            public Tenant grantPartnerPermission(TenantId id) {
                Tenant granted = directory.grantPartnerPermission(id);
                stop();
                return granted;
            }

            @Override
            public Tenant revokePartnerPermission(TenantId id) {
                return directory.revokePartnerPermission(id);
            }
        };
        PartnerDelegation facade = PartnerDelegation.builder().tenantDirectory(outageAfterTheChange)
                .delegationStore(node.storage.delegationStore()).sessionIssuer(node.storage.sessionIssuer()).clock(clock)
                .stepUpPolicy(StepUpPolicy.notRequired()).build();

        DelegationException failed = catchThrowableOfType(DelegationException.class,
                () -> facade.grantPartnerPermission(operator(), customer(4).id()));
        assertThat(failed).isNotNull();
        assertThat(failed.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);

        start();
        recoveryTime(Duration.ofSeconds(10), () -> directory.findById(customer(4).id()));
        boolean granted = directory.findById(customer(4).id()).orElseThrow().partnerPermission();
        long audited = Tables.count(node.storage.jdbi(),
                "SELECT COUNT(*) FROM pd_audit_event WHERE event_type = 'PARTNER_PERMISSION_GRANTED'");
        assertThat(granted).as("the permission is granted exactly when its grant is audited (audited: %d)", audited)
                .isEqualTo(audited == 1);
    }

    // ------------------------------------------------------------------ (d) a unit of work cut in the middle

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aUnitOfWorkWhoseConnectionIsKilledHalfwayLeavesNothing() {
        register(partner(1), customer(1));
        Delegation d = Delegation.pending(DelegationId.of(UUID.randomUUID()), partner(1).id(), customer(1), clock.instant());

        DelegationException cut = catchThrowableOfType(DelegationException.class, () -> node.storage.delegationStore().inTransaction(tx -> {
            tx.insert(d);
            // A read sends the insert held back, so the server holds half a unit of work when its connection dies.
            assertThat(tx.findDelegation(d.id())).isPresent();
            assertThat(terminateBackendsInTransaction()).as("backends terminated").isEqualTo(1);
            tx.append(customerAdded(d));
            return null;
        }));

        assertThat(cut).isNotNull();
        assertThat(cut.code()).as(cut.toString()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        assertThat(find(node.storage, d.id())).isEmpty();
        assertThat(Tables.count(node.storage.jdbi(), "SELECT COUNT(*) FROM pd_delegation")).isZero();
        // And the pool recovered from the killed connection: the next unit of work commits.
        node.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail());
        assertThat(Tables.violations(node.storage.jdbi())).isEmpty();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aUnitOfWorkCutByTheServerStoppingHalfwayLeavesNothing() {
        register(partner(1), customer(1));
        Delegation d = Delegation.pending(DelegationId.of(UUID.randomUUID()), partner(1).id(), customer(1), clock.instant());

        DelegationException cut = catchThrowableOfType(DelegationException.class, () -> node.storage.delegationStore().inTransaction(tx -> {
            tx.insert(d);
            stop();
            tx.append(customerAdded(d));
            return null;
        }));
        assertThat(cut).isNotNull();
        assertThat(cut.code()).as(cut.toString()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);

        start();
        assertThat(recoveryTime(Duration.ofSeconds(10), () -> find(node.storage, d.id()))).isLessThan(Duration.ofSeconds(10));
        assertThat(find(node.storage, d.id())).isEmpty();
        assertThat(Tables.count(node.storage.jdbi(), "SELECT COUNT(*) FROM pd_audit_event")).isZero();
        node.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail());
        assertThat(Tables.violations(node.storage.jdbi())).isEmpty();
    }

    /** The same cut on the embedded H2 default: another connection shuts the database down mid-transaction. */
    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void anH2UnitOfWorkCutByADatabaseShutdownLeavesNothing(@TempDir Path h2Directory) throws SQLException {
        try (JdbiStorage h2 = JdbiStorage.embedded(h2Directory)) {
            h2.tenantDirectory().register(partner(1));
            h2.tenantDirectory().register(customer(1));
            Delegation d = Delegation.pending(DelegationId.of(UUID.randomUUID()), partner(1).id(), customer(1), clock.instant());
            String url = "jdbc:h2:file:" + h2Directory.toAbsolutePath().resolve("partner-delegation") + ";DB_CLOSE_DELAY=-1";

            DelegationException cut = catchThrowableOfType(DelegationException.class, () -> h2.delegationStore().inTransaction(tx -> {
                tx.insert(d);
                try (Connection other = DriverManager.getConnection(url, "sa", ""); Statement s = other.createStatement()) {
                    s.execute("SHUTDOWN");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                tx.append(customerAdded(d));
                return null;
            }));
            assertThat(cut).isNotNull();
            assertThat(cut.code()).as(cut.toString()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);

            // The pool's connections died with the database. Calls keep coming (no pause in which the pool would test
            // its idle connections): the pool must drop the dead ones as they fail, and the next calls open the database again.
            AppNode after = new AppNode("h2", h2, clock, mailbox, 50);
            assertThat(recoveryTime(Duration.ofSeconds(5), () -> find(h2, d.id()))).isLessThan(Duration.ofSeconds(5));
            assertThat(find(after.storage, d.id())).isEmpty();
            after.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail());
            assertThat(Tables.count(h2.jdbi(), "SELECT COUNT(*) FROM pd_delegation")).isEqualTo(1);
            assertThat(Tables.violations(h2.jdbi())).isEmpty();
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Calls {@code call} every 50 ms until it succeeds, and returns how long that took; every
     * failure meanwhile must be STORAGE_UNAVAILABLE. Returns {@code limit} if it never succeeded.
     */
    private static Duration recoveryTime(Duration limit, ThrowingCallable call) {
        long started = System.nanoTime();
        while (System.nanoTime() - started < limit.toNanos()) {
            Throwable failure = catchThrowable(call);
            if (failure == null) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            assertThat(failure).isInstanceOfSatisfying(DelegationException.class,
                    e -> assertThat(e.code()).as(e.toString()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return limit;
    }

    private static Optional<Delegation> find(JdbiStorage storage, DelegationId id) {
        return storage.delegationStore().inTransaction(tx -> tx.findDelegation(id));
    }

    private static boolean hasSqlCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    private void register(Tenant... tenants) {
        for (Tenant t : tenants) {
            node.storage.tenantDirectory().register(t);
        }
    }

    private DelegationId connect(Tenant partner, Tenant customer) {
        DelegationId id = node.delegation.addCustomerAccount(adminOf(partner), customer.administratorEmail()).delegationId();
        node.dispatcher.drain();
        node.delegation.acceptInvitation(adminOf(customer), mailbox.latestInvitationToken(id).orElseThrow());
        return id;
    }

    private AuditEvent customerAdded(Delegation d) {
        return new AuditEvent(new AuditEventId(UUID.randomUUID()), AuditEventType.CUSTOMER_ADDED, Optional.of(d.id()),
                d.customerTenant(), d.partnerTenant(), adminOf(partner(1)).userId(), Optional.empty(),
                Optional.of(DelegationStatus.PENDING), Instant.now());
    }

    /** Kills, from outside the pool, every backend of this test's database that is inside a transaction. */
    private int terminateBackendsInTransaction() {
        try (Connection c = server.getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     + " WHERE datname = ? AND state = 'idle in transaction'")) {
            s.setString(1, database);
            int killed = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    killed += rs.getBoolean(1) ? 1 : 0;
                }
            }
            return killed;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres";
    }

    private static synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.resolve("pgdata"))
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Starting the outage test's PostgreSQL server failed", e);
        }
    }

    private static synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Stopping the outage test's PostgreSQL server failed", e);
        } finally {
            server = null;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
