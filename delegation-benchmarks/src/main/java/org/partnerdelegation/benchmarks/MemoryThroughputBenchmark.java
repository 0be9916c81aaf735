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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.partnerdelegation.core.domain.DelegatedSession;

/**
 * {@code validateSession} of a live session on the core's in-memory adapters, as throughput:
 * calls per second of one thread, and of two threads validating the same session at once (one
 * facade, shared). Their ratio is how the in-memory path scales; on a 2-core machine JMH's own
 * threads and the JIT compete with the second one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class MemoryThroughputBenchmark {

    private MemorySession session;

    @Setup(Level.Trial)
    public void open() {
        session = MemorySession.open();
    }

    @Benchmark
    @Threads(1)
    public Optional<DelegatedSession> oneThread() {
        return session.facade().validateSession(session.validToken());
    }

    @Benchmark
    @Threads(2)
    public Optional<DelegatedSession> twoThreads() {
        return session.facade().validateSession(session.validToken());
    }
}
