package org.partnerdelegation.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How many {@link Consumables} a measured iteration had to make inside its timed calls, reported
 * by JMH as a secondary result ({@code madeInMeasuredCalls}), so that the report can mark a
 * figure whose time and allocation include making them.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Shortfall {

    /** Made inside this iteration's calls; JMH reads it when the iteration ends. */
    public long madeInMeasuredCalls;

    @Setup(Level.Iteration)
    public void clear() {
        madeInMeasuredCalls = 0;
    }
}
