package org.partnerdelegation.core.memory;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.port.SessionIssuer;

/** A {@link SessionIssuer} in memory, for tests and quick embedding. Keeps token hashes only. Thread-safe. */
public final class InMemorySessionIssuer implements SessionIssuer {

    private final Map<TokenHash, DelegatedSession> byHash = new HashMap<>();
    private final Map<DelegationId, Set<TokenHash>> byDelegation = new HashMap<>();

    @Override
    public synchronized void issue(DelegatedSession session) {
        Objects.requireNonNull(session, "session");
        if (byHash.containsKey(session.tokenHash())) {
            throw new DelegationException(ErrorCode.CONCURRENT_UPDATE, "A session with this token hash already exists");
        }
        byHash.put(session.tokenHash(), session);
        byDelegation.computeIfAbsent(session.delegationId(), k -> new HashSet<>()).add(session.tokenHash());
    }

    @Override
    public synchronized Optional<DelegatedSession> introspect(TokenHash tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        return Optional.ofNullable(byHash.get(tokenHash));
    }

    @Override
    public synchronized int revokeAll(DelegationId delegationId, Instant revokedAt) {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(revokedAt, "revokedAt");
        int revoked = 0;
        for (TokenHash hash : byDelegation.getOrDefault(delegationId, Set.of())) {
            DelegatedSession session = byHash.get(hash);
            if (session.revokedAt().isEmpty()) {
                byHash.put(hash, session.revoked(revokedAt));
                revoked++;
            }
        }
        return revoked;
    }
}
