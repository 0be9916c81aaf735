package org.partnerdelegation.core.usecase;

/**
 * What {@link PartnerDelegation#applyRetention} deleted. Immutable and thread-safe.
 *
 * @param notifications delivered or discarded outbox entries
 * @param sessions      ended delegated sessions
 * @param auditEvents   audit events (0 unless the policy included them)
 */
public record RetentionResult(int notifications, int sessions, int auditEvents) {
}
