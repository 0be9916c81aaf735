package org.partnerdelegation.core.usecase;

import java.time.Duration;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * What {@link PartnerDelegation#applyRetention} deletes: records older than {@code olderThan}.
 * Delivered and discarded notifications and ended (expired or revoked) sessions always; audit
 * events only when {@code auditEvents} is true, since many hosts must keep their audit trail
 * for years. Failed notifications are never deleted: an operator must see them. Immutable and
 * thread-safe.
 *
 * @param olderThan   the age past which records go; at least one day
 * @param auditEvents whether audit events older than that go too
 */
public record RetentionPolicy(Duration olderThan, boolean auditEvents) {

    /**
     * Validates the policy.
     *
     * @param olderThan   the age past which records go; at least one day
     * @param auditEvents whether audit events older than that go too
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} when {@code olderThan}
     *         is null or shorter than one day
     */
    public RetentionPolicy {
        DelegationException.requireArgument(olderThan, "olderThan");
        if (olderThan.compareTo(Duration.ofDays(1)) < 0) {
            throw DelegationException.invalidInput("olderThan", "must be at least one day, got " + olderThan);
        }
    }

    /**
     * Notifications and sessions older than {@code age}; the audit trail is kept.
     *
     * @param age the age past which records go; at least one day
     * @return the policy, audit events excluded
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} when {@code age} is null
     *         or shorter than one day
     */
    public static RetentionPolicy keepingAudit(Duration age) {
        return new RetentionPolicy(age, false);
    }

    /** {@return the same policy, deleting audit events of that age too} */
    public RetentionPolicy includingAuditEvents() {
        return new RetentionPolicy(olderThan, true);
    }
}
