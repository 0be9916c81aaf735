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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.partnerdelegation.core.usecase.PartnerLink;

/**
 * {@code acceptInvitation}: the invited account accepts a fresh invitation of partner 1, on a
 * fresh database of {@link SessionData}: the invitation and its delegation locked, the partner
 * and the customer's other links checked, the delegation CONNECTED, the invitation used, the
 * audit event and both notices written. The invitations are {@link OpenInvitations}, made ahead
 * of the measured iterations ({@link Consumables}), the same for the library and the floor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class AcceptInvitationBenchmark {

    @Param({BenchmarkDatabase.H2, BenchmarkDatabase.POSTGRESQL})
    public String storage;

    @Param({BenchmarkStorage.LIBRARY, BenchmarkStorage.FLOOR})
    public String impl;

    private BenchmarkDatabase db;
    private BenchmarkStorage target;
    private UseCases calls;
    private Consumables<OpenInvitations.Invite> invitations;

    @Setup(Level.Trial)
    public void open() {
        db = SessionData.fresh(storage, "accept");
        target = BenchmarkStorage.open(db, impl);
        calls = target.calls();
        OpenInvitations open = new OpenInvitations(db, 1_000_001);
        invitations = new Consumables<>("AcceptInvitationBenchmark", open::make);
        invitations.make(storage.equals(BenchmarkDatabase.H2) ? 5_000 : 1_000);
    }

    @Setup(Level.Iteration)
    public void topUp(IterationParams iteration) {
        invitations.beforeIteration(iteration);
    }

    @TearDown(Level.Iteration)
    public void iterationDone(BenchmarkParams benchmark, IterationParams iteration) {
        invitations.afterIteration(benchmark, iteration);
    }

    @TearDown(Level.Trial)
    public void close() {
        target.close();
        db.drop();
    }

    @Benchmark
    public PartnerLink accept(Shortfall shortfall) {
        OpenInvitations.Invite invite = invitations.take();
        shortfall.madeInMeasuredCalls = invitations.madeInline();
        return calls.acceptInvitation(invite.invited(), invite.token());
    }
}
