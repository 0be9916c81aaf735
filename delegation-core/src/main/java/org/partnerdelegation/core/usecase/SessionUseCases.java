package org.partnerdelegation.core.usecase;

import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.port.Revocation;
import org.partnerdelegation.core.port.SessionCache;

/** Delegated sessions once issued: the check on every request, and logout. */
final class SessionUseCases {

    private final UseCaseSupport support;
    /** The node's cache of live checks; empty when every check reads storage. */
    private final Optional<SessionCache> cache;

    SessionUseCases(UseCaseSupport support, Optional<SessionCache> cache) {
        this.support = support;
        this.cache = cache;
    }

    Optional<DelegatedSession> validateSession(String sessionToken) {
        Optional<SecretToken> token = parse(sessionToken);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        SecretToken presented = token.get();
        // Found by the token's hash, which is all comparing the token again would check: the composed queries make
        // that comparison for a host's session issuer, whose lookup the library cannot vouch for.
        Instant now = support.now();
        if (cache.isEmpty()) {
            return support.joined.findLiveSession(presented.hash(), now);
        }
        return cache.get().find(presented.hash(), now, () -> support.joined.findLiveSessionUntil(presented.hash(), now));
    }

    boolean endSession(String sessionToken) {
        Optional<SecretToken> token = parse(sessionToken);
        if (token.isEmpty()) {
            return false;
        }
        Instant now = support.now();
        try {
            return support.transaction(tx -> support.sessions.revoke(token.get().hash(), now));
        } finally {
            // After the unit of work, committed or not: a check that read the session before it may not cache it.
            cache.ifPresent(c -> c.revoked(Revocation.token(token.get().hash())));
        }
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
