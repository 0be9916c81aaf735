package org.partnerdelegation.core.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The invitation of a pending delegation: a secret token stored only as its hash, single use,
 * valid until {@code expiresAt}. The token itself exists only in the invitation mail.
 * Immutable and thread-safe.
 *
 * @param tokenHash    SHA-256 hash of the token; unique
 * @param delegationId the pending delegation it belongs to
 * @param createdAt    when it was minted (when its mail was handed to the notifier)
 * @param expiresAt    after this instant accepting it fails with {@code INVITATION_EXPIRED}
 * @param status       open, used (accepted), declined or superseded
 * @param usedAt       when it was accepted or declined
 */
public record Invitation(TokenHash tokenHash, DelegationId delegationId, Instant createdAt, Instant expiresAt,
                         InvitationStatus status, Optional<Instant> usedAt) {

    /**
     * Checks that every component is present.
     *
     * @param tokenHash    SHA-256 hash of the token
     * @param delegationId the pending delegation it belongs to
     * @param createdAt    when it was minted
     * @param expiresAt    when it stops being acceptable
     * @param status       open, used or superseded
     * @param usedAt       when it was accepted or declined; empty while it was not
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is null
     */
    public Invitation {
        Validation.requireNonNull(tokenHash, "tokenHash");
        Validation.requireNonNull(delegationId, "delegationId");
        Validation.requireNonNull(createdAt, "createdAt");
        Validation.requireNonNull(expiresAt, "expiresAt");
        Validation.requireNonNull(status, "status");
        Validation.requireNonNull(usedAt, "usedAt");
    }

    /**
     * A new OPEN invitation, minted at {@code now}.
     *
     * @param tokenHash    SHA-256 hash of the freshly minted token
     * @param delegationId the pending delegation it invites to
     * @param now          when it is minted
     * @param expiresAt    when it stops being acceptable
     * @return the OPEN, unused invitation
     */
    public static Invitation open(TokenHash tokenHash, DelegationId delegationId, Instant now, Instant expiresAt) {
        return new Invitation(tokenHash, delegationId, now, expiresAt, InvitationStatus.OPEN, Optional.empty());
    }

    /**
     * Whether the invitation's time to live has passed at {@code now}, whatever its status.
     *
     * @param now the instant to check at
     * @return true when {@code now} is at or after {@link #expiresAt()}
     */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * The invitation as accepted (or, for a change request, approved) at {@code now}: a token is single use.
     *
     * @param now when it was answered
     * @return a USED copy with {@link #usedAt()} set to {@code now}
     */
    public Invitation used(Instant now) {
        return new Invitation(tokenHash, delegationId, createdAt, expiresAt, InvitationStatus.USED, Optional.of(now));
    }

    /**
     * The invitation as declined at {@code now}: a token is single use, and a second click on it
     * must not read as an acceptance.
     *
     * @param now when it was declined
     * @return a DECLINED copy with {@link #usedAt()} set to {@code now}
     */
    public Invitation declined(Instant now) {
        return new Invitation(tokenHash, delegationId, createdAt, expiresAt, InvitationStatus.DECLINED, Optional.of(now));
    }

    /** {@return a SUPERSEDED copy: a newer invitation of the same delegation replaced this one} */
    public Invitation superseded() {
        return new Invitation(tokenHash, delegationId, createdAt, expiresAt, InvitationStatus.SUPERSEDED, usedAt);
    }
}
