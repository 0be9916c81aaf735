package org.partnerdelegation.core.domain;

/**
 * Where an invitation token stands. Only an OPEN one may be accepted or declined. How it was
 * answered is kept (USED or DECLINED), so that a second click on a link is told apart by state:
 * a declined link never reads as approved, whatever the clock says.
 */
public enum InvitationStatus {
    /** Sent and not yet used. */
    OPEN,
    /**
     * Accepted (a new delegation) or approved (a change request): a token is single use. Rows
     * answered before {@link #DECLINED} existed were migrated by the declines they record.
     */
    USED,
    /** A newer invitation for the same delegation replaced it (resend, or a retried mail). */
    SUPERSEDED,
    /** Declined (a new delegation or a change request); single use, like {@link #USED}. */
    DECLINED;

    /** {@return true when the invitation was answered, accepted or declined: its token is spent} */
    public boolean isAnswered() {
        return this == USED || this == DECLINED;
    }
}
