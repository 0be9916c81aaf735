package org.partnerdelegation.core.contract;

import java.util.List;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;

/** Small reads over a {@link DelegationHarness} shared by the facade contracts. */
public final class ScenarioSupport {

    private ScenarioSupport() {
    }

    /**
     * Delivers the outbox and returns the token of the latest invitation mailed for that very
     * delegation (the customer may hold links from several partners at once).
     */
    public static String invitationTokenOf(DelegationHarness harness, DelegationId delegationId) {
        harness.dispatcher.drain();
        List<Notification> delivered = harness.notifier.delivered();
        for (int i = delivered.size() - 1; i >= 0; i--) {
            Notification n = delivered.get(i);
            if (n.type() == NotificationType.INVITATION && n.delegationId().equals(delegationId)) {
                return n.invitationToken().map(SecretToken::reveal).orElseThrow();
            }
        }
        throw new AssertionError("no invitation was delivered for delegation " + delegationId);
    }

    /** Delivers the outbox and returns what the tenant's administrator received, in order. */
    public static List<Notification> mailOf(DelegationHarness harness, Tenant tenant) {
        harness.dispatcher.drain();
        return harness.notifier.deliveredTo(tenant.administratorEmail());
    }

    /** Delivers the outbox and returns the types of what the tenant's administrator received, in order. */
    public static List<NotificationType> mailTypesOf(DelegationHarness harness, Tenant tenant) {
        return mailOf(harness, tenant).stream().map(Notification::type).toList();
    }
}
