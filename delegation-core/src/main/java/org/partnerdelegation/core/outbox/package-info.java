/**
 * Delivery of the notification outbox: the
 * {@link org.partnerdelegation.core.outbox.OutboxDispatcher} hands committed notifications to
 * the {@link org.partnerdelegation.core.port.Notifier}, at least once, with retries and backoff.
 */
package org.partnerdelegation.core.outbox;
