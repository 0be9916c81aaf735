package org.partnerdelegation.core.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A notification written in the same transaction as the change it announces, and delivered
 * afterwards, at least once, by the outbox dispatcher. Immutable and thread-safe.
 *
 * @param id            the entry's id
 * @param type          which notification
 * @param delegationId  the delegation it is about
 * @param recipient     where it goes
 * @param status        pending, delivered, failed or discarded
 * @param attempts      delivery attempts so far
 * @param createdAt     when the change was committed
 * @param nextAttemptAt a pending entry is due at this instant; a claimed one is leased until it
 * @param deliveredAt   when it was delivered
 * @param lastError     the last failure, for operators (never carries a token)
 */
public record OutboxEntry(NotificationId id, NotificationType type, DelegationId delegationId, EmailAddress recipient,
                          OutboxStatus status, int attempts, Instant createdAt, Instant nextAttemptAt,
                          Optional<Instant> deliveredAt, Optional<String> lastError) {

    /** Longest error text kept. */
    public static final int MAX_ERROR_LENGTH = 1000;

    /**
     * Checks that every component is present and the attempts are not negative.
     *
     * @param id            the entry's id
     * @param type          which notification
     * @param delegationId  the delegation it is about
     * @param recipient     where it goes
     * @param status        pending, delivered, failed or discarded
     * @param attempts      delivery attempts so far, 0 or more
     * @param createdAt     when the change was committed
     * @param nextAttemptAt when it is due, or until when it is leased
     * @param deliveredAt   when it was delivered; empty until it is
     * @param lastError     the last failure; empty while none
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or out of range
     */
    public OutboxEntry {
        Validation.requireNonNull(id, "id");
        Validation.requireNonNull(type, "type");
        Validation.requireNonNull(delegationId, "delegationId");
        Validation.requireNonNull(recipient, "recipient");
        Validation.requireNonNull(status, "status");
        Validation.requireNonNull(createdAt, "createdAt");
        Validation.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Validation.requireNonNull(deliveredAt, "deliveredAt");
        Validation.requireNonNull(lastError, "lastError");
        if (attempts < 0) {
            throw DelegationException.invalidInput("attempts", "must not be negative");
        }
    }

    /**
     * A new entry due at once.
     *
     * @param id           the entry's id
     * @param type         which notification
     * @param delegationId the delegation it is about
     * @param recipient    where it goes
     * @param now          when the change it announces is committed; the entry is due then
     * @return a PENDING entry with no attempt yet
     */
    public static OutboxEntry pending(NotificationId id, NotificationType type, DelegationId delegationId,
                                      EmailAddress recipient, Instant now) {
        return new OutboxEntry(id, type, delegationId, recipient, OutboxStatus.PENDING, 0, now, now,
                Optional.empty(), Optional.empty());
    }

    /**
     * Cuts an error text to what storage keeps.
     *
     * @param error the failure's description; null reads as {@code "unknown error"}
     * @return the text, cut to at most {@link #MAX_ERROR_LENGTH} characters
     */
    public static String truncateError(String error) {
        String text = error == null ? "unknown error" : error;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
