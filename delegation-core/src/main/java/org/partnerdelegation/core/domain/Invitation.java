package org.partnerdelegation.core.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The invitation of a pending delegation: a secret token stored only as its hash, single use,
 * valid until {@code expiresAt}. The token itself exists only in the invitation mail.
 *
 * @param tokenHash    SHA-256 hash of the token; unique
 * @param delegationId the pending delegation it belongs to
 * @param createdAt    when it was minted (when its mail was handed to the notifier)
 * @param expiresAt    after this instant accepting it fails with {@code INVITATION_EXPIRED}
 * @param status       open, used or superseded
 * @param usedAt       when it was accepted or declined
 */
public record Invitation(TokenHash tokenHash, DelegationId delegationId, Instant createdAt, Instant expiresAt,
                         InvitationStatus status, Optional<Instant> usedAt) {

    public Invitation {
        Validation.requireNonNull(tokenHash, "tokenHash");
        Validation.requireNonNull(delegationId, "delegationId");
        Validation.requireNonNull(createdAt, "createdAt");
        Validation.requireNonNull(expiresAt, "expiresAt");
        Validation.requireNonNull(status, "status");
        Validation.requireNonNull(usedAt, "usedAt");
    }

    public static Invitation open(TokenHash tokenHash, DelegationId delegationId, Instant now, Instant expiresAt) {
        return new Invitation(tokenHash, delegationId, now, expiresAt, InvitationStatus.OPEN, Optional.empty());
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public Invitation used(Instant now) {
        return new Invitation(tokenHash, delegationId, createdAt, expiresAt, InvitationStatus.USED, Optional.of(now));
    }

    public Invitation superseded() {
        return new Invitation(tokenHash, delegationId, createdAt, expiresAt, InvitationStatus.SUPERSEDED, usedAt);
    }
}
