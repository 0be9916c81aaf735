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
        return tokenOf(harness, delegationId, NotificationType.INVITATION);
    }

    /**
     * Delivers the outbox and returns the token of the latest change request mailed for that
     * delegation: the link with which the customer approves or declines the partner's change.
     */
    public static String changeRequestTokenOf(DelegationHarness harness, DelegationId delegationId) {
        return tokenOf(harness, delegationId, NotificationType.CHANGE_REQUEST);
    }

    private static String tokenOf(DelegationHarness harness, DelegationId delegationId, NotificationType type) {
        harness.dispatcher.drain();
        List<Notification> delivered = harness.notifier.delivered();
        for (int i = delivered.size() - 1; i >= 0; i--) {
            Notification n = delivered.get(i);
            if (n.type() == type && n.delegationId().equals(delegationId)) {
                return n.invitationToken().map(SecretToken::reveal).orElseThrow();
            }
        }
        throw new AssertionError("no " + type + " was delivered for delegation " + delegationId);
    }

    /** Delivers the outbox and returns what the tenant's administrator received of one type, in order. */
    public static List<Notification> mailOf(DelegationHarness harness, Tenant tenant, NotificationType type) {
        return mailOf(harness, tenant).stream().filter(n -> n.type() == type).toList();
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
