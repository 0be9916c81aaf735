package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The storage's transactions run READ COMMITTED without paying for it on every transaction.
 * PostgreSQL's driver answers {@code getTransactionIsolation()} with a round trip to the server,
 * and setting the level through Jdbi reads it several times per transaction; a pool that hands out
 * READ COMMITTED connections (the one {@link JdbiStorage#connect} builds, or a host's HikariCP pool
 * configured so) makes that unnecessary. The JDBC calls are counted on the driver's connections,
 * beneath the pool.
 */
class IsolationRoundTripTest {

    private static final int CALLS = 20;

    private final Map<String, AtomicInteger> driverCalls = new ConcurrentHashMap<>();
    private String url;

    @AfterEach
    void dropDatabase() {
        if (url != null) {
            Databases.dropQuietly(url);
        }
    }

    @Test
    void aReadCommittedPoolCostsNoIsolationRoundTrips() {
        Map<String, Integer> calls = driverCallsOf(CALLS, "TRANSACTION_READ_COMMITTED");
        System.out.println("IsolationRoundTripTest: driver calls for " + CALLS + " endSession on a READ COMMITTED pool: " + calls);
        assertThat(calls).doesNotContainKeys("getTransactionIsolation", "setTransactionIsolation");
        assertThat(calls).containsEntry("commit", CALLS);
    }

    @Test
    void aPoolAtAnotherLevelStillGetsReadCommittedTransactions() {
        Map<String, Integer> calls = driverCallsOf(CALLS, "TRANSACTION_SERIALIZABLE");
        System.out.println("IsolationRoundTripTest: driver calls for " + CALLS + " endSession on a SERIALIZABLE pool: " + calls);
        // Set to READ COMMITTED for the one transaction of endSession, and back afterwards (the pool also
        // sets its level on any connection it opens meanwhile).
        assertThat(calls.getOrDefault("setTransactionIsolation(" + Connection.TRANSACTION_READ_COMMITTED + ")", 0)).isEqualTo(CALLS);
        assertThat(calls.getOrDefault("setTransactionIsolation(" + Connection.TRANSACTION_SERIALIZABLE + ")", 0))
                .isGreaterThanOrEqualTo(CALLS);
    }

    @Test
    void aSessionCheckOpensNoTransactionAtAll() {
        Map<String, Integer> calls = driverCallsOf(CALLS, "TRANSACTION_READ_COMMITTED", true);

        assertThat(calls).doesNotContainKeys("getTransactionIsolation", "setTransactionIsolation", "commit", "rollback");
        assertThat(calls.getOrDefault("setAutoCommit", 0)).isZero();
    }

    private Map<String, Integer> driverCallsOf(int times, String poolIsolation) {
        return driverCallsOf(times, poolIsolation, false);
    }

    /**
     * Runs {@code times} a use case that writes (endSession, one statement in one transaction), or
     * that only reads (validateSession), over a HikariCP pool at the given level, and counts the
     * driver calls it made.
     */
    private Map<String, Integer> driverCallsOf(int times, String poolIsolation, boolean reads) {
        url = Databases.newPostgresDatabase();
        PGSimpleDataSource driver = new PGSimpleDataSource();
        driver.setURL(url);
        HikariConfig config = new HikariConfig();
        config.setDataSource(counting(driver));
        config.setMaximumPoolSize(2);
        config.setTransactionIsolation(poolIsolation);
        try (HikariDataSource pool = new HikariDataSource(config); JdbiStorage storage = JdbiStorage.using(pool, Dialect.POSTGRESQL)) {
            storage.installSchema();
            DelegationHarness w = new DelegationHarness(new JdbiAdapterFixture(storage, () -> { }));
            w.register(partner(1));
            w.register(customer(1));
            DelegationId id = w.connect(partner(1), customer(1));
            IssuedSession login = w.delegation.loginToCustomer(adminOf(partner(1)), id);
            driverCalls.clear();
            for (int i = 0; i < times; i++) {
                if (reads) {
                    assertThat(w.delegation.validateSession(login.token().reveal())).isPresent();
                } else {
                    // Idempotent: the first call ends the session, each later one finds it ended; every one is a unit of work.
                    w.delegation.endSession(login.token().reveal());
                }
            }
            Map<String, Integer> counted = new java.util.TreeMap<>();
            driverCalls.forEach((call, n) -> counted.put(call, n.get()));
            return counted;
        }
    }

    /** The driver's data source, with every call on its connections counted (and setTransactionIsolation by level). */
    private DataSource counting(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                String call = m.getName().equals("setTransactionIsolation") ? m.getName() + "(" + a[0] + ")" : m.getName();
                                driverCalls.computeIfAbsent(call, k -> new AtomicInteger()).incrementAndGet();
                                if (m.getName().equals("setTransactionIsolation")) {
                                    driverCalls.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
                                }
                                return invoke(connection, m, a);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
