package org.partnerdelegation.benchmarks;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.IntFunction;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What each operation of a benchmark uses up (a customer never linked, an open invitation), made
 * ahead of the timed calls, in batches. Made during the warmup only: JMH's allocation profiler
 * counts what an iteration's setup and teardown allocate as part of its operations, so the
 * measured iterations must find everything made already. Each warmup iteration starts with
 * enough for itself at the best rate seen so far; the last one, once done, makes enough for every
 * measured iteration at twice the best warmup rate (the compiler is often still speeding the calls
 * up, and on a shared machine any one iteration may have been slowed down).
 * A measured iteration that runs out all the same makes more inside the timed calls, and says so
 * on standard error. Not thread-safe: for single-threaded benchmarks.
 *
 * @param <T> what an operation takes
 */
public final class Consumables<T> {

    private static final double KEEP_UP = 1.5;
    private static final double FOR_MEASUREMENT = 2.0;
    /** Made at once when none is left: one at a time would cost a connection each. */
    private static final int INLINE_BATCH = 200;

    private final String name;
    private final IntFunction<List<T>> maker;
    private final ArrayDeque<T> ready = new ArrayDeque<>();
    private int takenThisIteration;
    private int mostTakenInAnIteration;
    private int madeInline;
    private int warmupsDone;

    /**
     * @param name  for the message on running out
     * @param maker makes that many, in as few statements as it can
     */
    public Consumables(String name, IntFunction<List<T>> maker) {
        this.name = name;
        this.maker = maker;
    }

    /** Makes that many more now. */
    public void make(int count) {
        if (count > 0) {
            ready.addAll(maker.apply(count));
        }
    }

    /** The next one; made at once, with a few more, when none is left. */
    public T take() {
        takenThisIteration++;
        T next = ready.poll();
        if (next == null) {
            madeInline += INLINE_BATCH;
            make(INLINE_BATCH);
            next = ready.poll();
        }
        return next;
    }

    /** How many this iteration made inside its calls, for {@link Shortfall}. */
    public int madeInline() {
        return madeInline;
    }

    /** Call from a {@code Level.Iteration} setup: keeps up during the warmup, makes nothing before a measured iteration. */
    public void beforeIteration(IterationParams iteration) {
        takenThisIteration = 0;
        madeInline = 0;
        if (iteration.getType() == IterationType.WARMUP) {
            make((int) Math.ceil(KEEP_UP * mostTakenInAnIteration) - ready.size());
        }
    }

    /** Call from a {@code Level.Iteration} teardown: after the last warmup iteration, makes what the measured ones need. */
    public void afterIteration(BenchmarkParams benchmark, IterationParams iteration) {
        mostTakenInAnIteration = Math.max(mostTakenInAnIteration, takenThisIteration);
        if (iteration.getType() == IterationType.WARMUP && ++warmupsDone == benchmark.getWarmup().getCount()) {
            IterationParams measured = benchmark.getMeasurement();
            double perSecond = mostTakenInAnIteration / seconds(iteration);
            make((int) Math.ceil(FOR_MEASUREMENT * perSecond * measured.getCount() * seconds(measured)) - ready.size());
        }
        if (madeInline > 0 && iteration.getType() == IterationType.MEASUREMENT) {
            System.err.printf("%s: ran out; %d more were made inside the measured calls (of %d calls)%n", name, madeInline,
                    takenThisIteration);
        }
    }

    private static double seconds(IterationParams iteration) {
        return iteration.getTime().convertTo(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000.0;
    }
}
