package org.partnerdelegation.core.usecase;

import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;

/** Delegated sessions once issued: the check on every request, and logout. */
final class SessionUseCases {

    private final UseCaseSupport support;

    SessionUseCases(UseCaseSupport support) {
        this.support = support;
    }

    Optional<DelegatedSession> validateSession(String sessionToken) {
        Optional<SecretToken> token = parse(sessionToken);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Instant now = support.now();
        // One unit of work, so that storage adapters sharing a database answer on one connection.
        return support.transaction(tx -> support.sessions.introspect(token.get().hash())
                .filter(s -> s.tokenHash().matches(token.get()))
                .filter(s -> s.isActiveAt(now))
                .filter(s -> tx.findDelegation(s.delegationId()).map(Delegation::isConnected).orElse(false))
                // Revoking the permission leaves the delegation CONNECTED, so check the permission itself, and the
                // epoch it moved on: a session from before a revocation never comes back, even once granted again.
                .filter(s -> support.tenants.findById(s.actorTenant()).map(Tenant::partnerPermission).orElse(false))
                .filter(s -> tx.partnerEpoch(s.actorTenant()) == s.permissionEpoch()));
    }

    boolean endSession(String sessionToken) {
        Optional<SecretToken> token = parse(sessionToken);
        if (token.isEmpty()) {
            return false;
        }
        Instant now = support.now();
        return support.transaction(tx -> support.sessions.revoke(token.get().hash(), now));
    }

    private static Optional<SecretToken> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SecretToken.parse(text));
        } catch (DelegationException e) {
            return Optional.empty();
        }
    }
}
