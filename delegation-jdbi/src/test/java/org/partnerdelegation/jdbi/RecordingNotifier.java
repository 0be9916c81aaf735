package org.partnerdelegation.jdbi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.port.Notifier;

/**
 * A mailbox shared by several application nodes: keeps every notification handed to it, in a
 * lock-free queue, so concurrent dispatchers never wait on it and duplicates stay visible.
 */
final class RecordingNotifier implements Notifier {

    private final ConcurrentLinkedQueue<Notification> delivered = new ConcurrentLinkedQueue<>();

    @Override
    public void deliver(Notification notification) {
        delivered.add(Objects.requireNonNull(notification, "notification"));
    }

    List<Notification> delivered() {
        return List.copyOf(delivered);
    }

    /** The ids delivered, one per delivery, duplicates kept. */
    List<NotificationId> deliveredIds() {
        return delivered.stream().map(Notification::id).toList();
    }

    /** The latest invitation token mailed for each delegation: what each customer's newest link carries. */
    Map<DelegationId, String> latestInvitationTokens() {
        return delivered.stream()
                .filter(n -> n.type() == NotificationType.INVITATION)
                .collect(Collectors.toMap(Notification::delegationId, n -> n.invitationToken().orElseThrow().reveal(),
                        (older, newer) -> newer));
    }

    Optional<String> latestInvitationToken(DelegationId delegation) {
        return Optional.ofNullable(latestInvitationTokens().get(delegation));
    }

    void clear() {
        delivered.clear();
    }
}
