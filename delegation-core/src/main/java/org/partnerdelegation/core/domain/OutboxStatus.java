package org.partnerdelegation.core.domain;

/** Where an outbox entry stands. */
public enum OutboxStatus {
    /** Waiting for (another) delivery attempt at its next attempt time. */
    PENDING,
    /** Handed to the notifier successfully; never sent again. */
    DELIVERED,
    /** Every allowed attempt failed; kept visible for an operator, never silently dropped. */
    FAILED,
    /** No longer worth sending (an invitation whose delegation was removed before it went out). */
    DISCARDED
}
