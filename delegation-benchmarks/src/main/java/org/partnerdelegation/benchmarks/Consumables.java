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
 * counts what an iteration's setup allocates as part of its operations, so a measured iteration
 * must find enough made already. Each warmup iteration tops the supply up for every iteration
 * still to come at the highest rate seen so far, with a margin; a measured iteration that runs
 * out makes the rest one at a time, inside the timed calls, and says so on standard error.
 * Not thread-safe: for single-threaded benchmarks.
 *
 * @param <T> what an operation takes
 */
public final class Consumables<T> {

    private static final double MARGIN = 1.4;
    /** Made at once when none is left: one at a time would cost a connection each. */
    private static final int INLINE_BATCH = 200;

    private final String name;
    private final IntFunction<List<T>> maker;
    private final ArrayDeque<T> ready = new ArrayDeque<>();
    private int takenThisIteration;
    private int mostTakenInAnIteration;
    private int madeInline;
    private int warmupsStarted;

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

    /** Call from a {@code Level.Iteration} setup: tops up during the warmup, never in a measured iteration. */
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        takenThisIteration = 0;
        madeInline = 0;
        if (iteration.getType() != IterationType.WARMUP) {
            return;
        }
        warmupsStarted++;
        int left = benchmark.getWarmup().getCount() - warmupsStarted + 1 + benchmark.getMeasurement().getCount();
        make((int) Math.ceil(MARGIN * mostTakenInAnIteration * left) - ready.size());
    }

    /** Call from a {@code Level.Iteration} teardown. */
    public void afterIteration(IterationParams iteration) {
        mostTakenInAnIteration = Math.max(mostTakenInAnIteration, takenThisIteration);
        if (madeInline > 0 && iteration.getType() == IterationType.MEASUREMENT) {
            System.err.printf("%s: ran out; %d more were made inside the measured calls (of %d calls)%n", name, madeInline,
                    takenThisIteration);
        }
    }
}
