package org.partnerdelegation.core.port;

import org.partnerdelegation.core.domain.Notification;

/**
 * Delivers one notification to its recipient (by mail, chat, webhook...). Called by the
 * {@link org.partnerdelegation.core.outbox.OutboxDispatcher} after the change it announces has
 * committed, never inside a transaction.
 *
 * <p>Implementations must be thread-safe. To report a failure, throw any runtime exception:
 * the dispatcher keeps the entry and retries it with backoff. Delivery is at least once, so a
 * notifier may see the same {@link Notification#id()} again after a crash; it must never log
 * the invitation token.
 */
@FunctionalInterface
public interface Notifier {

    /**
     * Delivers the notification, or throws.
     *
     * @param notification what to send and to whom; for an invitation it carries the token, to be put
     *                     in the link and nowhere else
     * @throws RuntimeException any, to report that it was not delivered: the dispatcher retries it
     */
    void deliver(Notification notification);
}
