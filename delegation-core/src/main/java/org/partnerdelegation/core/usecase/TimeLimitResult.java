package org.partnerdelegation.core.usecase;

/**
 * What one run of {@link PartnerDelegation#enforceTimeLimits} did. Immutable and thread-safe.
 *
 * @param invitationsExpired    PENDING delegations whose invitation expired: now EXPIRED
 * @param changeRequestsExpired change requests whose invitation expired: dropped, the grant in force kept
 * @param endingNotices         delegations whose end is near: both sides told
 * @param renewed               delegations renewed for one more period, as their customers approved
 * @param ended                 delegations whose end date passed: now ENDED, their sessions revoked
 * @param loginDigests          login digests written to the outbox, one per customer tenant told
 */
public record TimeLimitResult(int invitationsExpired, int changeRequestsExpired, int endingNotices, int renewed, int ended,
                              int loginDigests) {

    /**
     * A result without login digests.
     *
     * @param invitationsExpired    PENDING delegations whose invitation expired
     * @param changeRequestsExpired change requests whose invitation expired
     * @param endingNotices         delegations whose end is near
     * @param renewed               delegations renewed
     * @param ended                 delegations ended
     */
    public TimeLimitResult(int invitationsExpired, int changeRequestsExpired, int endingNotices, int renewed, int ended) {
        this(invitationsExpired, changeRequestsExpired, endingNotices, renewed, ended, 0);
    }

    /** {@return the sum: how many delegations the run changed (login digests change none and are not counted)} */
    public int total() {
        return invitationsExpired + changeRequestsExpired + endingNotices + renewed + ended;
    }
}
