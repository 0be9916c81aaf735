package org.partnerdelegation.benchmarks.scale;

/**
 * How much data a scale database holds: the delegations, the audit events and the size of the
 * large partner whose pages are measured. The large partner is the same size in every database,
 * so that a difference between a small and a large database is the database's size alone, never
 * a longer list. Immutable.
 *
 * @param delegations  delegations in every status, at least 1,000
 * @param auditEvents  audit events, at least three per delegation (each delegation's own history)
 * @param largePartner delegations of partner 1, the large partner; at most half of them
 * @param seed         the seed every figure is drawn from: the same shape and seed give the same rows
 */
public record ScaleShape(int delegations, long auditEvents, int largePartner, long seed) {

    /** Audit events per delegation in {@link #of}: ten million for a million. */
    public static final int EVENTS_PER_DELEGATION = 10;
    /** The large partner's delegations in {@link #of}, where the database holds twice as many. */
    public static final int LARGE_PARTNER = 5_000;

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException naming the size out of range
     */
    public ScaleShape {
        if (delegations < 1_000) {
            throw new IllegalArgumentException("delegations must be at least 1,000, got " + delegations);
        }
        if (auditEvents < 3L * delegations) {
            throw new IllegalArgumentException("auditEvents must be at least three per delegation (" + 3L * delegations + "), got "
                    + auditEvents);
        }
        if (largePartner < 400 || largePartner > delegations / 2) {
            throw new IllegalArgumentException("largePartner must be between 400 and half the delegations (" + delegations / 2
                    + "), got " + largePartner);
        }
    }

    /** {@value #EVENTS_PER_DELEGATION} audit events per delegation, a large partner of {@value #LARGE_PARTNER} (or half). */
    public static ScaleShape of(int delegations) {
        return new ScaleShape(delegations, (long) EVENTS_PER_DELEGATION * delegations, Math.min(LARGE_PARTNER, delegations / 2), 20L);
    }
}
