package org.partnerdelegation.core.domain;

import java.time.Instant;
import java.util.List;
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
 * @param logins        the delegated logins a login notice or digest reports, copied when it was written;
 *                      empty for every other notification
 */
public record OutboxEntry(NotificationId id, NotificationType type, DelegationId delegationId, EmailAddress recipient,
                          OutboxStatus status, int attempts, Instant createdAt, Instant nextAttemptAt,
                          Optional<Instant> deliveredAt, Optional<String> lastError, List<DelegatedLogin> logins) {

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
     * @param logins        the logins a login notice or digest reports; copied
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
        Validation.requireNonNull(logins, "logins");
        logins = List.copyOf(logins);
    }

    /**
     * An entry that reports no login: every notification but the login notice and digest.
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
     * @throws DelegationException {@code INVALID_INPUT} as the canonical constructor
     */
    public OutboxEntry(NotificationId id, NotificationType type, DelegationId delegationId, EmailAddress recipient,
                       OutboxStatus status, int attempts, Instant createdAt, Instant nextAttemptAt,
                       Optional<Instant> deliveredAt, Optional<String> lastError) {
        this(id, type, delegationId, recipient, status, attempts, createdAt, nextAttemptAt, deliveredAt, lastError, List.of());
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
     * A new login notice or digest, due at once.
     *
     * @param id           the entry's id
     * @param type         {@link NotificationType#DELEGATED_LOGIN_NOTICE} or {@link NotificationType#DELEGATED_LOGIN_DIGEST}
     * @param delegationId the delegation of the (latest) login it reports
     * @param recipient    the customer's administrator
     * @param now          when the entry is written; it is due then
     * @param logins       the logins it reports, oldest first; at least one
     * @return a PENDING entry with no attempt yet
     * @throws DelegationException {@code INVALID_INPUT} when a component is missing or {@code logins} is empty
     */
    public static OutboxEntry pendingLogins(NotificationId id, NotificationType type, DelegationId delegationId,
                                            EmailAddress recipient, Instant now, List<DelegatedLogin> logins) {
        Validation.requireNonNull(logins, "logins");
        if (logins.isEmpty()) {
            throw DelegationException.invalidInput("logins", "must name at least one login");
        }
        return new OutboxEntry(id, type, delegationId, recipient, OutboxStatus.PENDING, 0, now, now,
                Optional.empty(), Optional.empty(), logins);
    }

    /**
     * A copy with another status, attempt count, due time, delivery and error, the rest kept.
     *
     * @param status        the new status
     * @param attempts      the new attempt count
     * @param nextAttemptAt the new due time or lease end
     * @param deliveredAt   the delivery, if any
     * @param lastError     the last failure, if any
     * @return the changed copy
     */
    public OutboxEntry with(OutboxStatus status, int attempts, Instant nextAttemptAt, Optional<Instant> deliveredAt,
                            Optional<String> lastError) {
        return new OutboxEntry(id, type, delegationId, recipient, status, attempts, createdAt, nextAttemptAt, deliveredAt,
                lastError, logins);
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
