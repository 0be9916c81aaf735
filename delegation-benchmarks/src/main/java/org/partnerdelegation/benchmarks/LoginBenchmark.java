package org.partnerdelegation.benchmarks;

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
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.usecase.IssuedSession;

/**
 * {@code loginToCustomer}: partner 1's administrator logs in to customer
 * {@value SessionData#BENCHMARKED} over their CONNECTED delegation, on a fresh database of
 * {@link SessionData}: the delegation locked, the partner's permission and epoch and the
 * customer's administrator read, the user's recent sessions read (the login limits), the session
 * (its token's hash) and the audit event written. Each call is another administrator's.
 * Each call leaves a live session and an audit event behind.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class LoginBenchmark {

    @Param({BenchmarkDatabase.H2, BenchmarkDatabase.POSTGRESQL})
    public String storage;

    @Param({BenchmarkStorage.LIBRARY, BenchmarkStorage.FLOOR})
    public String impl;

    private BenchmarkDatabase db;
    private BenchmarkStorage target;
    private UseCases calls;
    private long nextUser;
    private DelegationId delegation;

    @Setup(Level.Trial)
    public void open() {
        db = SessionData.fresh(storage, "login");
        target = BenchmarkStorage.open(db, impl);
        calls = target.calls();
        delegation = SessionData.delegationId(SessionData.BENCHMARKED);
    }

    @TearDown(Level.Trial)
    public void close() {
        target.close();
        db.drop();
    }

    @Benchmark
    public IssuedSession login() {
        // Another administrator of partner 1 each call (SessionData.loginUser): each login is a user's first in its window.
        return calls.loginToCustomer(SessionData.loginUser(nextUser++), delegation);
    }
}
