package org.partnerdelegation.core.usecase;

/**
 * What one run of {@link PartnerDelegation#enforceTimeLimits} did. Immutable and thread-safe.
 *
 * @param invitationsExpired    PENDING delegations whose invitation expired: now EXPIRED
 * @param changeRequestsExpired change requests whose invitation expired: dropped, the grant in force kept
 * @param endingNotices         delegations whose end is near: both sides told
 * @param renewed               delegations renewed for one more period, as their customers approved
 * @param ended                 delegations whose end date passed: now ENDED, their sessions revoked
 */
public record TimeLimitResult(int invitationsExpired, int changeRequestsExpired, int endingNotices, int renewed, int ended) {

    /** {@return the sum: how many delegations the run changed} */
    public int total() {
        return invitationsExpired + changeRequestsExpired + endingNotices + renewed + ended;
    }
}
