package org.partnerdelegation.benchmarks.scale;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.Blackhole;
import org.partnerdelegation.benchmarks.BenchmarkDatabase;
import org.partnerdelegation.benchmarks.SessionData;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * The hot paths on two scale databases at once, {@code small} and {@code large} delegations with
 * ten audit events each ({@link ScaleShape#of}), the library as a host builds it. One operation is
 * one call on each database, back to back, the order swapped every operation; the time of each
 * side is summed into {@link Split}, so that the ratio large/small compares calls made within
 * microseconds of each other, under the same load of the machine (on a shared 2-core machine, runs
 * a minute apart differed by more than the effect measured). The calls: {@code validateSession} of
 * the {@value ScalePlan#LIVE_SESSIONS} live sessions spread over the whole table, in turn;
 * {@code loginToCustomer} of the large partner into its CONNECTED customers, in turn, each call
 * another administrator's; its account list's first, middle and last page (keyset paging); and
 * the first page of its audit trail of the last 30 days. The large partner is the same size in
 * both databases, so the ratio is what the data around it costs. Each login leaves a session and an
 * audit event behind.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DataAtScaleBenchmark {

    @Param({"10000"})
    public int small;

    @Param({"1000000"})
    public int large;

    private Side smallSide;
    private Side largeSide;
    private long operations;
    // Another range of administrators in every fork: a later run never logs in as a user an earlier one used.
    private long nextUser = ProcessHandle.current().pid() * 1_000_000L;

    /**
     * The nanoseconds each database's calls took in an iteration, and how many pairs of calls:
     * JMH reports them beside the time per pair.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long smallNanos;
        public long largeNanos;
        public long pairs;

        @Setup(Level.Iteration)
        public void reset() {
            smallNanos = 0;
            largeNanos = 0;
            pairs = 0;
        }
    }

    /** One database's library and the calls' arguments on it. */
    private record Side(ScaleData.Library library, PartnerDelegation calls, ScaleData data) {

        static Side open(int delegations) {
            BenchmarkDatabase db = ScaleData.database(delegations, loaded -> { });
            ScaleData.Library library = ScaleData.library(db);
            Side side = new Side(library, library.facade(), ScaleData.of(db, ScaleShape.of(delegations)));
            side.check();
            return side;
        }

        /** The benchmarks' calls answer as loaded, or the figures would time something else. */
        private void check() {
            for (AccountQuery page : List.of(data.first(), data.middle(), data.last())) {
                if (calls.listAccounts(data.partnerAdmin(), page).items().size() != AccountQuery.DEFAULT_LIMIT) {
                    throw new IllegalStateException("a page does not hold " + AccountQuery.DEFAULT_LIMIT + " rows");
                }
            }
            if (calls.listAccounts(data.partnerAdmin(), data.last()).hasNext()) {
                throw new IllegalStateException("the last page says more rows follow");
            }
            // Every 25th: a check of all of them took seconds of each fork's setup on a busy machine (ScaleLoaderTest checks all).
            for (int k = 0; k < data.liveTokens().length; k += 25) {
                if (calls.validateSession(data.liveTokens()[k]).isEmpty()) {
                    throw new IllegalStateException("loaded live session " + k + " does not validate");
                }
            }
            if (calls.auditTrailOfTenant(data.partnerAdmin(), data.partner(), data.auditRange()).items().isEmpty()) {
                throw new IllegalStateException("the large partner's audit trail of the last 30 days is empty");
            }
        }
    }

    @Setup(Level.Trial)
    public void open() {
        smallSide = Side.open(small);
        largeSide = Side.open(large);
    }

    @TearDown(Level.Trial)
    public void close() {
        smallSide.library().close();
        largeSide.library().close();
    }

    @Benchmark
    public void validateSession(Split split, Blackhole out) {
        long n = operations;
        pair(split, out, side -> {
            String[] tokens = side.data().liveTokens();
            return side.calls().validateSession(tokens[(int) (n % tokens.length)]);
        });
    }

    @Benchmark
    public void login(Split split, Blackhole out) {
        long user = nextUser++;
        pair(split, out, side -> side.calls().loginToCustomer(SessionData.loginUser(user),
                side.data().loginTo()[(int) (user % side.data().loginTo().length)]));
    }

    @Benchmark
    public void firstPage(Split split, Blackhole out) {
        pair(split, out, side -> side.calls().listAccounts(side.data().partnerAdmin(), side.data().first()));
    }

    @Benchmark
    public void middlePage(Split split, Blackhole out) {
        pair(split, out, side -> side.calls().listAccounts(side.data().partnerAdmin(), side.data().middle()));
    }

    @Benchmark
    public void lastPage(Split split, Blackhole out) {
        pair(split, out, side -> side.calls().listAccounts(side.data().partnerAdmin(), side.data().last()));
    }

    @Benchmark
    public void auditPage(Split split, Blackhole out) {
        pair(split, out, side -> side.calls().auditTrailOfTenant(side.data().partnerAdmin(), side.data().partner(),
                side.data().auditRange()));
    }

    /** The call on both databases, the small one first every other operation. */
    private void pair(Split split, Blackhole out, Function<Side, Object> call) {
        boolean smallFirst = (operations++ & 1) == 0;
        Side first = smallFirst ? smallSide : largeSide;
        Side second = smallFirst ? largeSide : smallSide;
        long t0 = System.nanoTime();
        out.consume(call.apply(first));
        long t1 = System.nanoTime();
        out.consume(call.apply(second));
        long t2 = System.nanoTime();
        split.smallNanos += smallFirst ? t1 - t0 : t2 - t1;
        split.largeNanos += smallFirst ? t2 - t1 : t1 - t0;
        split.pairs++;
    }
}
