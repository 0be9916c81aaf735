package org.partnerdelegation.benchmarks;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.port.Notifier;

/**
 * A {@link Notifier} that keeps only the latest invitation token per recipient and drops every
 * other notification: the customer's mailbox, without the history that
 * {@code InMemoryNotifier} keeps (and scans) for tests. Thread-safe.
 */
final class InvitationInbox implements Notifier {

    private final Map<EmailAddress, String> latestToken = new ConcurrentHashMap<>();

    @Override
    public void deliver(Notification notification) {
        if (notification.type() == NotificationType.INVITATION) {
            notification.invitationToken().ifPresent(token -> latestToken.put(notification.recipient(), token.reveal()));
        }
    }

    /** The token of the latest invitation mailed to that address, and forgets it. */
    Optional<String> take(EmailAddress recipient) {
        return Optional.ofNullable(latestToken.remove(recipient));
    }
}
