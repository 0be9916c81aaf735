package org.partnerdelegation.core.usecase;

import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.SecretToken;

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
        SecretToken presented = token.get();
        // Found by the token's hash, which is all comparing the token again would check: the composed queries make
        // that comparison for a host's session issuer, whose lookup the library cannot vouch for.
        return support.joined.findLiveSession(presented.hash(), support.now());
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
