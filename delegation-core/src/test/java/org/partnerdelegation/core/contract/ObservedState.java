package org.partnerdelegation.core.contract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;

/**
 * Everything a test can read back from the adapters under test, as one comparable value: the
 * tenants (and their partner permission), every delegation of every known tenant (all
 * statuses, with version and times), every audit trail, the whole outbox, the invitations and
 * sessions behind the tokens the test holds. Two snapshots are equal when nothing observable
 * changed in between, which is how the contracts check that a refused call wrote nothing.
 *
 * <p>It reads through the ports only, so it works against every adapter.
 */
public record ObservedState(
        Map<TenantId, Optional<Tenant>> tenants,
        Map<TenantId, List<Delegation>> delegationsByPartner,
        Map<String, List<AuditEvent>> auditTrails,
        Map<TenantId, List<AuditEvent>> permissionChanges,
        Map<OutboxStatus, List<OutboxEntry>> outbox,
        Map<String, Optional<Invitation>> invitations,
        Map<String, Optional<DelegatedSession>> sessions) {

    private static final int ALL = 10_000;

    /**
     * Reads the state now.
     *
     * @param tenants          the tenants registered by the test
     * @param invitationTokens invitation tokens the test holds (their invitation records are compared)
     * @param sessionTokens    session tokens the test holds (their session records, revoked or not, are compared)
     */
    public static ObservedState capture(DelegationHarness harness, Collection<Tenant> tenants,
                                        Collection<String> invitationTokens, Collection<String> sessionTokens) {
        AdapterFixture adapters = harness.adapters;
        Map<TenantId, Optional<Tenant>> directory = new LinkedHashMap<>();
        Map<TenantId, List<Delegation>> delegations = new LinkedHashMap<>();
        Map<String, List<AuditEvent>> trails = new LinkedHashMap<>();
        Map<TenantId, List<AuditEvent>> permissions = new LinkedHashMap<>();
        Map<String, Optional<Invitation>> invitations = new LinkedHashMap<>();
        adapters.delegationStore().inTransaction(tx -> {
            for (Tenant tenant : tenants) {
                List<Delegation> own = tx.listByPartner(tenant.id(), EnumSet.allOf(DelegationStatus.class), Optional.empty(), ALL);
                delegations.put(tenant.id(), own);
                own.forEach(d -> trails.put(d.id().toString(), tx.auditTrail(d.id())));
                permissions.put(tenant.id(), tx.permissionChanges(tenant.id()));
            }
            for (String token : invitationTokens) {
                invitations.put(token, tx.findInvitation(SecretToken.parse(token).hash()));
            }
            return null;
        });
        for (Tenant tenant : tenants) {
            directory.put(tenant.id(), adapters.tenantDirectory().findById(tenant.id()));
        }
        Map<OutboxStatus, List<OutboxEntry>> outbox = new LinkedHashMap<>();
        for (OutboxStatus status : OutboxStatus.values()) {
            outbox.put(status, adapters.delegationStore().outboxEntries(status, ALL));
        }
        Map<String, Optional<DelegatedSession>> sessions = new LinkedHashMap<>();
        for (String token : sessionTokens) {
            sessions.put(token, adapters.sessionIssuer().introspect(SecretToken.parse(token).hash()));
        }
        return new ObservedState(directory, delegations, trails, permissions, outbox, invitations, sessions);
    }

    /** Every delegation of every known tenant. */
    public List<Delegation> allDelegations() {
        List<Delegation> all = new ArrayList<>();
        delegationsByPartner.values().forEach(all::addAll);
        return all;
    }

    /** Every audit event, of delegations and of permission changes. */
    public List<AuditEvent> allAuditEvents() {
        List<AuditEvent> all = new ArrayList<>();
        auditTrails.values().forEach(all::addAll);
        permissionChanges.values().forEach(all::addAll);
        return all;
    }

    /** Every outbox entry, whatever its status. */
    public List<OutboxEntry> allOutboxEntries() {
        List<OutboxEntry> all = new ArrayList<>();
        outbox.values().forEach(all::addAll);
        return all;
    }
}
