package org.partnerdelegation.core.usecase;

import java.time.Duration;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * What {@link PartnerDelegation#applyRetention} deletes: records older than {@code olderThan}.
 * Delivered and discarded notifications and ended (expired or revoked) sessions always; audit
 * events only when {@code auditEvents} is true, since many hosts must keep their audit trail
 * for years. Failed notifications are never deleted: an operator must see them.
 *
 * @param olderThan   the age past which records go; at least one day
 * @param auditEvents whether audit events older than that go too
 */
public record RetentionPolicy(Duration olderThan, boolean auditEvents) {

    public RetentionPolicy {
        DelegationException.requireArgument(olderThan, "olderThan");
        if (olderThan.compareTo(Duration.ofDays(1)) < 0) {
            throw DelegationException.invalidInput("olderThan", "must be at least one day, got " + olderThan);
        }
    }

    /** Notifications and sessions older than {@code age}; the audit trail is kept. */
    public static RetentionPolicy keepingAudit(Duration age) {
        return new RetentionPolicy(age, false);
    }

    /** The same policy, deleting audit events of that age too. */
    public RetentionPolicy includingAuditEvents() {
        return new RetentionPolicy(olderThan, true);
    }
}
