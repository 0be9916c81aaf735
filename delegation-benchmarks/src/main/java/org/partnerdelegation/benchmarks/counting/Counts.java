package org.partnerdelegation.benchmarks.counting;

/**
 * What went to the database over some calls, as the {@link StatementCounter} saw it.
 *
 * @param statements   statements executed (each row of a batch counts)
 * @param commits      commits, explicit or made by turning auto-commit back on
 * @param rollbacks    rollbacks
 * @param transactions explicit transactions begun (auto-commit turned off)
 * @param roundTrips   estimated round trips to a PostgreSQL server: one per execution (a batch
 *                     included), one per commit or rollback of a transaction that ran a statement,
 *                     one per isolation level set or read; {@code BEGIN} travels with the first
 *                     statement of a transaction, as pgjdbc sends it
 */
public record Counts(long statements, long commits, long rollbacks, long transactions, long roundTrips) {

    /** What happened between {@code before} and this. */
    public Counts minus(Counts before) {
        return new Counts(statements - before.statements, commits - before.commits, rollbacks - before.rollbacks,
                transactions - before.transactions, roundTrips - before.roundTrips);
    }

    /** Per call, over that many calls. */
    public PerCall per(int calls) {
        return new PerCall((double) statements / calls, (double) commits / calls, (double) rollbacks / calls,
                (double) transactions / calls, (double) roundTrips / calls);
    }

    /**
     * The counts of one call, averaged.
     *
     * @param statements   statements per call
     * @param commits      commits per call
     * @param rollbacks    rollbacks per call
     * @param transactions transactions per call
     * @param roundTrips   PostgreSQL round trips per call (estimated)
     */
    public record PerCall(double statements, double commits, double rollbacks, double transactions, double roundTrips) {
    }
}
