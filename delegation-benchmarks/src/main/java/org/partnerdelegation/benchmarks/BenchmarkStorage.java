package org.partnerdelegation.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import org.partnerdelegation.benchmarks.counting.CountingPool;
import org.partnerdelegation.benchmarks.counting.StatementCounter;
import org.partnerdelegation.benchmarks.floor.FloorUseCases;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;

/**
 * The calls a benchmark measures, made by the implementation its {@code impl} parameter names
 * over one {@link BenchmarkDatabase}: {@value #LIBRARY}, the facade over
 * {@code JdbiStorage.connect}, built as a host builds it (default settings, {@code SecureRandom},
 * system clock); or {@value #FLOOR}, {@link FloorUseCases} over a pool with the same settings.
 * Or both over a {@link CountingPool}, to count what they send. Close it before dropping the database.
 */
public final class BenchmarkStorage implements AutoCloseable {

    /** The {@code impl} parameter's value for the library. */
    public static final String LIBRARY = "library";
    /** The {@code impl} parameter's value for the floor. */
    public static final String FLOOR = "floor";

    private final UseCases calls;
    private final AutoCloseable close;

    private BenchmarkStorage(UseCases calls, AutoCloseable close) {
        this.calls = calls;
        this.close = close;
    }

    /** The implementation {@code impl} over that database, as the timed benchmarks run it. */
    public static BenchmarkStorage open(BenchmarkDatabase db, String impl) {
        Objects.requireNonNull(db, "db");
        return switch (impl) {
            case LIBRARY -> {
                // The schema is in already; connect would only find it up to date.
                JdbiStorage storage = JdbiStorage.connect(DatabaseConfig.of(db.url(), db.user(), db.password())
                        .withInstallSchema(false));
                yield new BenchmarkStorage(UseCases.library(facade(storage)), storage);
            }
            case FLOOR -> {
                HikariDataSource pool = new HikariDataSource(Pools.likeConnect(db, "partner-delegation-floor"));
                yield new BenchmarkStorage(new FloorUseCases(pool, db.dialect()), pool);
            }
            default -> throw new IllegalArgumentException("impl must be " + LIBRARY + " or " + FLOOR + ", got " + impl);
        };
    }

    /**
     * The implementation {@code impl} over that database through a {@link CountingPool}: the
     * library wired with {@code JdbiStorage.using(pool, dialect)}, as a host hands in its own pool.
     */
    public static BenchmarkStorage counting(BenchmarkDatabase db, String impl, StatementCounter counter) {
        CountingPool pool = new CountingPool(Pools.likeConnect(db, "partner-delegation-counted"), counter);
        return new BenchmarkStorage(switch (impl) {
            case LIBRARY -> UseCases.library(facade(JdbiStorage.using(pool, db.dialect())));
            case FLOOR -> new FloorUseCases(pool, db.dialect());
            default -> throw new IllegalArgumentException("impl must be " + LIBRARY + " or " + FLOOR + ", got " + impl);
        }, pool);
    }

    private static PartnerDelegation facade(JdbiStorage storage) {
        return PartnerDelegation.builder()
                .tenantDirectory(storage.tenantDirectory())
                .delegationStore(storage.delegationStore())
                .sessionIssuer(storage.sessionIssuer())
                .build();
    }

    /** The calls. */
    public UseCases calls() {
        return calls;
    }

    @Override
    public void close() {
        try {
            close.close();
        } catch (Exception e) {
            throw new IllegalStateException("Closing the storage failed", e);
        }
    }
}
