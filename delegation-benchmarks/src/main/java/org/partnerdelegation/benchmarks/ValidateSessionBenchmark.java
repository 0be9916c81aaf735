package org.partnerdelegation.benchmarks;

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

/**
 * {@code validateSession}, which a host calls on every request of a delegated session, on
 * {@link SessionData} (1,000 live sessions): with the token of a live session (parse, hash, find
 * the session, check its delegation is CONNECTED and its partner holds the permission at the
 * session's epoch), and with a well-formed token no session has.
 *
 * <p>{@code -p storage=memory} runs the library on the core's in-memory adapters instead
 * ({@link MemorySession}; there is no floor for them, so {@code impl=floor} fails there), as
 * {@link MemoryValidateSessionBenchmark} does in the report.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ValidateSessionBenchmark {

    @Param({BenchmarkDatabase.H2, BenchmarkDatabase.POSTGRESQL})
    public String storage;

    @Param({BenchmarkStorage.LIBRARY, BenchmarkStorage.FLOOR})
    public String impl;

    private BenchmarkDatabase db;
    private AutoCloseable target;
    private UseCases calls;
    private String validToken;
    private String unknownToken;

    @Setup(Level.Trial)
    public void open() {
        if (storage.equals(BenchmarkDatabase.MEMORY)) {
            if (!impl.equals(BenchmarkStorage.LIBRARY)) {
                throw new IllegalArgumentException("storage=memory has no floor: run it with impl=library");
            }
            MemorySession memory = MemorySession.open();
            calls = UseCases.library(memory.facade());
            target = () -> { };
            validToken = memory.validToken();
            unknownToken = memory.unknownToken();
        } else {
            db = SessionData.shared(storage);
            BenchmarkStorage opened = BenchmarkStorage.open(db, impl);
            target = opened;
            calls = opened.calls();
            validToken = SessionData.validToken();
            unknownToken = SessionData.unknownToken();
        }
        if (calls.validateSession(validToken).isEmpty() || calls.validateSession(unknownToken).isPresent()) {
            throw new IllegalStateException("the session tokens do not validate as the benchmark expects");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        target.close();
        if (db != null) {
            db.drop();
        }
    }

    @Benchmark
    public Optional<DelegatedSession> validToken() {
        return calls.validateSession(validToken);
    }

    @Benchmark
    public Optional<DelegatedSession> unknownToken() {
        return calls.validateSession(unknownToken);
    }
}
