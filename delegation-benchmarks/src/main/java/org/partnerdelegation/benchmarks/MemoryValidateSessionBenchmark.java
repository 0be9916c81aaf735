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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.partnerdelegation.core.domain.DelegatedSession;

/** {@code validateSession} on the core's in-memory adapters ({@link MemorySession}), time per call. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class MemoryValidateSessionBenchmark {

    private MemorySession session;

    @Setup(Level.Trial)
    public void open() {
        session = MemorySession.open();
    }

    @Benchmark
    public Optional<DelegatedSession> validToken() {
        return session.facade().validateSession(session.validToken());
    }

    @Benchmark
    public Optional<DelegatedSession> unknownToken() {
        return session.facade().validateSession(session.unknownToken());
    }
}
