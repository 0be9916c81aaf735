package org.partnerdelegation.examples.spring;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.port.Notifier;
import org.springframework.stereotype.Component;

/**
 * The sample's notifier: keeps the latest notifications in memory, where the pages show them, in
 * place of the starter's SMTP notifier (which backs off when the host has a {@link Notifier} bean).
 * The sample needs no mail server this way; the invitation's link is shown on the recipient's
 * Partner access page as the mail would carry it. A real host sets {@code partner-delegation.mail.*}
 * or Spring's {@code spring.mail.*} instead. Thread-safe.
 */
@Component
public final class SampleMailbox implements Notifier {

    /** Enough for a demonstration; older notifications are dropped first, so memory stays bounded. */
    static final int CAPACITY = 200;

    private final Deque<Notification> delivered = new ArrayDeque<>();

    @Override
    public synchronized void deliver(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        delivered.addFirst(notification);
        while (delivered.size() > CAPACITY) {
            delivered.removeLast();
        }
    }

    /**
     * What was delivered to that address, newest first.
     *
     * @param recipient the address, compared as the library compares emails
     * @return the notifications; empty when none
     */
    public synchronized List<Notification> deliveredTo(EmailAddress recipient) {
        Objects.requireNonNull(recipient, "recipient");
        return delivered.stream().filter(n -> n.recipient().matches(recipient)).toList();
    }
}
