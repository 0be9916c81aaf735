package org.partnerdelegation.sessioncache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.jdbi.Databases;
import org.partnerdelegation.jdbi.JdbiStorage;

/**
 * Three nodes in three JVMs on one PostgreSQL: this one revokes, two {@link RemoteNode}s of their
 * own JVMs check. Each remote node first serves the session from memory; after the revocation it
 * refuses it once its listener heard the notification (the test waits for the remote's count of
 * pushed revocations, never a fixed time).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeparateJvmRevocationTest {

    private String url;
    private JdbiStorage storage;
    private CaffeineSessionCache cache;
    private CacheNode revoker;
    private final List<Remote> remotes = new ArrayList<>();
    private int tenants;

    /** A node in another JVM, killed by its process handle when the test ends, failed or not. */
    private static final class Remote implements AutoCloseable {
        final Process process;
        final PrintStream in;
        final BufferedReader out;

        Remote(String url, Path log) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"), RemoteNode.class.getName(),
                    url, "postgres", "postgres").redirectError(log.toFile()).start();
            in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        String ask(String command) throws IOException {
            in.println(command);
            String answer = out.readLine();
            if (answer == null) {
                throw new AssertionError("the remote node ended; its log is in target/");
            }
            return answer;
        }

        long pushed() throws IOException {
            return Long.parseLong(ask("figures").split(" ")[3]);
        }

        long hits() throws IOException {
            return Long.parseLong(ask("figures").split(" ")[1]);
        }

        @Override
        public void close() throws InterruptedException {
            in.println("quit");
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @BeforeAll
    void start() throws Exception {
        url = Databases.newPostgresDatabase();
        storage = JdbiStorage.connect(Databases.postgresConfig(url).withMaximumPoolSize(2));
        cache = CaffeineSessionCache.builder().listenerConnection(url, "postgres", "postgres").build();
        revoker = new CacheNode("this JVM", storage.tenantDirectory(), storage.delegationStore(), storage.sessionIssuer(),
                Clock.systemUTC(), 1, cache, storage);
        Files.createDirectories(Path.of("target"));
        try {
            for (int i = 0; i < 2; i++) {
                Remote remote = new Remote(url, Path.of("target", "remote-node-" + i + ".log"));
                remotes.add(remote);
                assertThat(remote.out.readLine()).as("remote node %d started", i).isEqualTo("ready");
            }
        } catch (IOException | AssertionError e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (Remote remote : remotes) {
            remote.close();
        }
        revoker.close();
        Databases.dropQuietly(url);
    }

    /** A fresh partner and customer, connected with two roles: each test revokes its own. */
    private DelegationId connect(Tenant partner, Tenant customer) {
        storage.tenantDirectory().register(partner);
        storage.tenantDirectory().register(customer);
        InMemoryNotifier notifier = new InMemoryNotifier();
        DelegationId id = revoker.facade.addCustomerAccount(adminOf(partner), customer.administratorEmail(),
                GrantRequest.roles("tenant:administrator", "billing:read")).delegationId();
        OutboxDispatcher.builder(revoker.facade).notifier(notifier).build().drain();
        String token = notifier.latestInvitationTokenFor(customer.administratorEmail()).map(SecretToken::reveal).orElseThrow();
        revoker.facade.acceptInvitation(adminOf(customer), token, GrantRules.asRequested());
        return id;
    }

    private synchronized int next() {
        return ++tenants;
    }

    /** Every remote serves the token from memory, then the revocation is made here and each remote answers {@code expected}. */
    private void assertRemotesAnswer(String token, Runnable revocation, String expected) throws Exception {
        List<Long> pushedBefore = new ArrayList<>();
        for (Remote remote : remotes) {
            assertThat(remote.ask("check " + token)).startsWith("live");
            long hits = remote.hits();
            assertThat(remote.ask("check " + token)).startsWith("live");
            assertThat(remote.hits()).as("from memory").isEqualTo(hits + 1);
            pushedBefore.add(remote.pushed());
        }
        revocation.run();
        for (int i = 0; i < remotes.size(); i++) {
            Remote remote = remotes.get(i);
            long deadline = System.nanoTime() + PostgresSessionCacheTest.HEARD_WITHIN.toNanos();
            while (remote.pushed() <= pushedBefore.get(i)) {
                assertThat(System.nanoTime()).as("remote %d heard the revocation in time", i).isLessThan(deadline);
            }
            assertThat(remote.ask("check " + token)).as("remote %d", i).isEqualTo(expected);
        }
    }

    @Test
    void aLogoutInOneJvmIsRefusedInTheOthers() throws Exception {
        int n = next();
        String token = revoker.facade.loginToCustomer(adminOf(partner(n)), connect(partner(n), customer(n))).token().reveal();
        assertRemotesAnswer(token, () -> revoker.facade.endSession(token), "refused");
    }

    @Test
    void aPermissionRevokedInOneJvmIsRefusedInTheOthers() throws Exception {
        int n = next();
        String token = revoker.facade.loginToCustomer(adminOf(partner(n)), connect(partner(n), customer(n))).token().reveal();
        assertRemotesAnswer(token, () -> revoker.facade.revokePartnerPermission(operator(), partner(n).id()), "refused");
    }

    @Test
    void aDeletionInOneJvmIsRefusedInTheOthers() throws Exception {
        int n = next();
        DelegationId id = connect(partner(n), customer(n));
        String token = revoker.facade.loginToCustomer(adminOf(partner(n)), id).token().reveal();
        assertRemotesAnswer(token, () -> revoker.facade.deleteAccount(adminOf(partner(n)), id), "refused");
    }

    @Test
    void theSessionsIntoACustomerEndedInOneJvmAreRefusedInTheOthers() throws Exception {
        int n = next();
        String token = revoker.facade.loginToCustomer(adminOf(partner(n)), connect(partner(n), customer(n))).token().reveal();
        assertRemotesAnswer(token, () -> revoker.facade.endSessionsIntoTenant(adminOf(customer(n))), "refused");
    }

    @Test
    void aReductionInOneJvmShrinksTheRolesInTheOthers() throws Exception {
        int n = next();
        String token = revoker.facade.loginToCustomer(adminOf(partner(n)), connect(partner(n), customer(n))).token().reveal();
        assertRemotesAnswer(token, () -> revoker.facade.restrictPartnerAccess(adminOf(customer(n)), Set.of(RoleKey.of("billing:read")),
                Optional.empty()), "live billing:read");
    }

    @Test
    void theRemoteNodesRunInJvmsOfTheirOwn() {
        for (Remote remote : remotes) {
            assertThat(remote.process.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(remote.process.isAlive()).isTrue();
        }
    }
}
