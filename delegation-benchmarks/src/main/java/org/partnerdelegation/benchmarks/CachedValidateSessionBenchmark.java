package org.partnerdelegation.benchmarks;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.sessioncache.CaffeineSessionCache;

/**
 * {@code validateSession} of a live session on PostgreSQL ({@link SessionData}), in checks a
 * second on one thread: {@code cache=off} reads the database on every check (one statement),
 * {@code cache=on} goes through a {@link CaffeineSessionCache} listening to the database, as a
 * host wires it (5-second time to live: one check in every 5 seconds reads the database).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CachedValidateSessionBenchmark {

    /** The {@code cache} parameter's values. */
    public static final String OFF = "off";
    /** The {@code cache} parameter's values. */
    public static final String ON = "on";

    @Param({OFF, ON})
    public String cache;

    private BenchmarkDatabase db;
    private JdbiStorage storage;
    private CaffeineSessionCache sessionCache;
    private PartnerDelegation facade;
    private String validToken;

    @Setup(Level.Trial)
    public void open() throws InterruptedException {
        db = SessionData.shared(BenchmarkDatabase.POSTGRESQL);
        storage = JdbiStorage.connect(DatabaseConfig.of(db.url(), db.user(), db.password()).withInstallSchema(false));
        PartnerDelegation.Builder builder = PartnerDelegation.builder()
                .tenantDirectory(storage.tenantDirectory())
                .delegationStore(storage.delegationStore())
                .sessionIssuer(storage.sessionIssuer());
        if (cache.equals(ON)) {
            sessionCache = CaffeineSessionCache.builder().listenerConnection(db.url(), db.user(), db.password()).build();
            if (!sessionCache.await(f -> f.serving(), Duration.ofSeconds(30))) {
                throw new IllegalStateException("the cache's listener did not subscribe");
            }
            builder.sessionCache(sessionCache);
        }
        facade = builder.build();
        validToken = SessionData.validToken();
        if (facade.validateSession(validToken).isEmpty()) {
            throw new IllegalStateException("the session token does not validate as the benchmark expects");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (sessionCache != null) {
            sessionCache.close();
        }
        storage.close();
    }

    @Benchmark
    public Optional<DelegatedSession> validToken() {
        return facade.validateSession(validToken);
    }
}
