package org.partnerdelegation.core.usecase;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.DelegationTransaction;
import org.partnerdelegation.core.port.JoinedQueries;
import org.partnerdelegation.core.port.LiveSession;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * The {@link JoinedQueries} composed from the three ports, for storages that offer none: the
 * host's own tenant directory, the in-memory adapters, any mix.
 */
final class ComposedQueries implements JoinedQueries {

    private final TenantDirectory tenants;
    private final DelegationStore store;
    private final SessionIssuer sessions;

    ComposedQueries(TenantDirectory tenants, DelegationStore store, SessionIssuer sessions) {
        this.tenants = tenants;
        this.store = store;
        this.sessions = sessions;
    }

    @Override
    public Optional<DelegatedSession> findLiveSession(TokenHash tokenHash, Instant now) {
        return findLiveSessionUntil(tokenHash, now).map(LiveSession::session);
    }

    @Override
    public Optional<LiveSession> findLiveSessionUntil(TokenHash tokenHash, Instant now) {
        // The cheap checks first: an unknown, revoked or expired token costs one read.
        return store.read(tx -> {
            // A host's issuer may look sessions up loosely (a prefix, a truncating column): only the session stored
            // under exactly this hash is the token's, compared in constant time.
            Optional<DelegatedSession> found = sessions.introspect(tokenHash).filter(s -> s.tokenHash().equals(tokenHash));
            if (found.isEmpty()) {
                return Optional.<LiveSession>empty();
            }
            DelegatedSession s = found.get();
            Optional<Delegation> granting = s.isActiveAt(now)
                    ? tx.findDelegation(s.delegationId()).filter(d -> d.grantsAccessAt(now))
                    : Optional.empty();
            boolean live = granting.isPresent()
                    // Revoking the permission leaves the delegation CONNECTED, so check the permission itself, and the
                    // epoch it moved on: a session from before a revocation never comes back, even once granted again.
                    && tenants.findById(s.actorTenant()).filter(Tenant::partnerPermission).isPresent()
                    && tx.partnerEpoch(s.actorTenant()) == s.permissionEpoch();
            // The customer may have reduced the grant since the login: the session keeps only what is still granted.
            if (!live) {
                return Optional.empty();
            }
            Instant until = granting.get().grant().accessUntil().filter(end -> end.isBefore(s.expiresAt())).orElse(s.expiresAt());
            return s.narrowedTo(granting.get().roles()).map(narrowed -> new LiveSession(narrowed, until));
        });
    }

    @Override
    public Optional<OwnDelegation> lockOwnDelegation(DelegationTransaction tx, TenantId partner, DelegationId id) {
        // The epoch before the permission: a revocation committed after the permission read has moved the
        // epoch on since, which kills the session issued now for good, whatever is granted later.
        long epoch = tx.partnerEpoch(partner);
        Optional<Tenant> partnerTenant = tenants.findById(partner);
        return tx.lockOwnDelegation(partner, id)
                .map(d -> new OwnDelegation(partnerTenant, epoch, d, tenants.findById(d.customerTenant()),
                        tx.findCustomerSettings(d.customerTenant()).orElse(CustomerSettings.DEFAULTS)));
    }

    @Override
    public void recordLogin(DelegationTransaction tx, AuditEvent login, DelegatedSession session) {
        tx.append(login);
        // Last, so that a failure above leaves no session; if the commit fails after it, the token was never shown.
        sessions.issue(session);
    }

    @Override
    public AddTarget readAddTarget(DelegationTransaction tx, TenantId partner, EmailAddress customerEmail) {
        Optional<Tenant> partnerTenant = tenants.findById(partner);
        Optional<Tenant> customer = tenants.findByAdministratorEmail(customerEmail);
        if (partnerTenant.isEmpty() || customer.isEmpty()) {
            return new AddTarget(partnerTenant, customer, Optional.empty(), false, Optional.empty(), Optional.empty());
        }
        TenantId customerId = customer.get().id();
        Optional<Delegation> open = tx.findOpenDelegation(partner, customerId);
        // Read only what the use case goes on to look at: an open pair ends it, so does a connected customer. Where
        // the connection turns out to have ended, the use case reads the cool-down itself.
        Optional<Delegation> connected = open.isPresent() ? open.filter(Delegation::isConnected)
                : tx.findConnectedDelegation(customerId);
        Optional<Instant> last = open.isPresent() || connected.isPresent() ? Optional.empty()
                : tx.lastInvitationRequestedAt(partner, customerId);
        return new AddTarget(partnerTenant, customer, open, connected.isPresent(), last,
                connected.flatMap(d -> d.grant().accessUntil()));
    }

    @Override
    public List<Delegation> listOfPermittedPartner(TenantId partner, Set<DelegationStatus> statuses, Optional<Instant> endingBy,
                                                   Optional<AccountCursor> after, int limit) {
        return store.read(tx -> tenants.findById(partner).filter(Tenant::partnerPermission).isPresent()
                ? tx.listByPartner(partner, statuses, endingBy, after, limit)
                : List.of());
    }
}
