package org.partnerdelegation.core.domain;

/** Where an invitation token stands. Only an OPEN one may be accepted or declined. */
public enum InvitationStatus {
    /** Sent and not yet used. */
    OPEN,
    /** Accepted or declined: a token is single use. */
    USED,
    /** A newer invitation for the same delegation replaced it (resend, or a retried mail). */
    SUPERSEDED
}
