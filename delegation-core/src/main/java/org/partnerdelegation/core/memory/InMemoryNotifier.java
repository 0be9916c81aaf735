package org.partnerdelegation.core.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.port.Notifier;

/**
 * A {@link Notifier} that keeps what it is handed, for tests and demos: a host's test reads the
 * invitation token from it as a customer would from the mail. It can also simulate an outage,
 * to see that the outbox loses nothing. Thread-safe.
 */
public final class InMemoryNotifier implements Notifier {

    private final List<Notification> delivered = new ArrayList<>();
    private boolean down;

    @Override
    public synchronized void deliver(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        if (down) {
            throw new IllegalStateException("the in-memory notifier is simulating an outage");
        }
        delivered.add(notification);
    }

    /**
     * While down, every delivery fails (as a mail server that refuses connections).
     *
     * @param outage true to make every delivery throw from now on, false to deliver again
     */
    public synchronized void simulateOutage(boolean outage) {
        this.down = outage;
    }

    /** {@return a copy of everything delivered so far, in order; empty when nothing was} */
    public synchronized List<Notification> delivered() {
        return List.copyOf(delivered);
    }

    /**
     * What was delivered to that address, in order.
     *
     * @param recipient the address, compared in canonical form
     * @return the notifications to it, in order; empty when none
     */
    public synchronized List<Notification> deliveredTo(EmailAddress recipient) {
        return delivered.stream().filter(n -> n.recipient().matches(recipient)).toList();
    }

    /**
     * The token of the latest invitation delivered to that address: what the customer's link carries.
     *
     * @param recipient the invited address, compared in canonical form
     * @return the token; empty when no invitation was delivered to it
     */
    public synchronized Optional<SecretToken> latestInvitationTokenFor(EmailAddress recipient) {
        for (int i = delivered.size() - 1; i >= 0; i--) {
            Notification n = delivered.get(i);
            if (n.type() == NotificationType.INVITATION && n.recipient().matches(recipient)) {
                return n.invitationToken();
            }
        }
        return Optional.empty();
    }

    /** Forgets everything delivered so far; an outage being simulated goes on. */
    public synchronized void clear() {
        delivered.clear();
    }
}
