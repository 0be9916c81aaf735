package org.partnerdelegation.benchmarks.counting;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tallies a {@link CountingPool} keeps: statements, commits, rollbacks, transactions and
 * estimated PostgreSQL round trips, and, when {@link #timeStatements} is on, the count and time
 * of each distinct SQL text. Thread-safe.
 */
public final class StatementCounter {

    /** The executions of one SQL text and the time spent in them (the driver's call, results not read). */
    public record SqlTime(long executions, long nanos) {
        SqlTime plus(long elapsed) {
            return new SqlTime(executions + 1, nanos + elapsed);
        }

        /** What happened between {@code before} and this. */
        public SqlTime minus(SqlTime before) {
            return before == null ? this : new SqlTime(executions - before.executions, nanos - before.nanos);
        }
    }

    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong rollbacks = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    private final Map<String, SqlTime> bySql = new ConcurrentHashMap<>();
    private volatile boolean timing;

    /** The tallies so far. */
    public Counts snapshot() {
        return new Counts(statements.get(), commits.get(), rollbacks.get(), transactions.get(), roundTrips.get());
    }

    /** Starts or stops timing each statement by its SQL text. */
    public void timeStatements(boolean on) {
        timing = on;
    }

    /** The time per SQL text so far, ordered by text. */
    public Map<String, SqlTime> statementTimes() {
        return new TreeMap<>(bySql);
    }

    boolean timing() {
        return timing;
    }

    void executed(long count, String sql, long nanos) {
        statements.addAndGet(count);
        roundTrips.incrementAndGet();
        if (timing && sql != null) {
            bySql.compute(sql, (k, v) -> (v == null ? new SqlTime(0, 0) : v).plus(nanos));
        }
    }

    void began() {
        transactions.incrementAndGet();
    }

    void committed(boolean travels) {
        commits.incrementAndGet();
        if (travels) {
            roundTrips.incrementAndGet();
        }
    }

    void rolledBack(boolean travels) {
        rollbacks.incrementAndGet();
        if (travels) {
            roundTrips.incrementAndGet();
        }
    }

    void serverCall() {
        roundTrips.incrementAndGet();
    }
}
