package org.partnerdelegation.core.memory;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.LoginKey;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.port.SessionIssuer;

/**
 * A {@link SessionIssuer} in memory, for tests and quick embedding. Keeps token hashes only.
 * Thread-safe: changes run one at a time, and {@link #introspect} takes no lock, so that the
 * check on every request neither waits for them nor for other checks. Sessions are immutable and
 * each change replaces one whole: a check sees a session as it was before or after a change.
 */
public final class InMemorySessionIssuer implements SessionIssuer {

    // Read without a lock by introspect; written under this object's monitor only.
    private final Map<TokenHash, DelegatedSession> byHash = new ConcurrentHashMap<>();
    private final Map<DelegationId, Set<TokenHash>> byDelegation = new HashMap<>();
    /** The sessions of logins that came with an idempotency key, by (delegation, user, key hash). */
    private final Map<KeyScope, Keyed> byLoginKey = new HashMap<>();

    private record KeyScope(DelegationId delegationId, UserId actorUser, TokenHash key) {
    }

    private record Keyed(SessionId sessionId, LoginKey key) {
    }

    /** The sessions active at {@code now}: neither revoked nor expired. */
    long liveSessions(Instant now) {
        return byHash.values().stream().filter(s -> s.isActiveAt(now)).count();
    }

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
    public synchronized void issue(DelegatedSession session, LoginKey key) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(key, "key");
        KeyScope scope = new KeyScope(session.delegationId(), session.actorUser(), key.key());
        if (byLoginKey.containsKey(scope)) {
            throw new DelegationException(ErrorCode.CONCURRENT_UPDATE, "A session with this idempotency key already exists");
        }
        issue(session);
        byLoginKey.put(scope, new Keyed(session.id(), key));
    }

    @Override
    public synchronized Optional<KeyedSession> findByLoginKey(DelegationId delegationId, UserId actorUser, TokenHash key) {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(actorUser, "actorUser");
        Objects.requireNonNull(key, "key");
        Keyed keyed = byLoginKey.get(new KeyScope(delegationId, actorUser, key));
        if (keyed == null) {
            return Optional.empty();
        }
        return findSession(keyed.sessionId()).map(s -> new KeyedSession(s, keyed.key()));
    }

    @Override
    public synchronized boolean reissue(SessionId id, TokenHash newTokenHash) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(newTokenHash, "newTokenHash");
        Optional<DelegatedSession> found = findSession(id).filter(s -> s.revokedAt().isEmpty());
        if (found.isEmpty() || byHash.containsKey(newTokenHash)) {
            return false;
        }
        DelegatedSession old = found.get();
        DelegatedSession renewed = new DelegatedSession(old.id(), newTokenHash, old.delegationId(), old.customerTenant(), old.subject(),
                old.actorTenant(), old.actorUser(), old.roles(), old.reason(), old.permissionEpoch(), old.issuedAt(), old.expiresAt(),
                old.revokedAt());
        // The new hash first: a check running meanwhile finds the session under one hash or the other, never under none.
        byHash.put(newTokenHash, renewed);
        byHash.remove(old.tokenHash());
        Set<TokenHash> ofDelegation = byDelegation.get(old.delegationId());
        ofDelegation.remove(old.tokenHash());
        ofDelegation.add(newTokenHash);
        return true;
    }

    @Override
    public Optional<DelegatedSession> introspect(TokenHash tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        return Optional.ofNullable(byHash.get(tokenHash));
    }

    @Override
    public Optional<DelegatedSession> findSession(SessionId id) {
        Objects.requireNonNull(id, "id");
        return byHash.values().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    @Override
    public synchronized List<DelegatedSession> sessionsInto(TenantId customerTenant, Optional<SessionId> after, int limit) {
        Objects.requireNonNull(customerTenant, "customerTenant");
        // Newest first, then by id, as a database's index would give them: ids compared as their text, the unsigned
        // order of their bits that databases give UUIDs (UUID.compareTo compares them signed).
        java.util.Comparator<DelegatedSession> newestFirst = java.util.Comparator.comparing(DelegatedSession::issuedAt)
                .thenComparing(s -> s.id().value().toString()).reversed();
        List<DelegatedSession> into = byHash.values().stream()
                .filter(s -> s.customerTenant().equals(customerTenant))
                .sorted(newestFirst)
                .toList();
        int start = 0;
        if (after.isPresent()) {
            start = into.size();
            for (int i = 0; i < into.size(); i++) {
                if (into.get(i).id().equals(after.get())) {
                    start = i + 1;
                    break;
                }
            }
        }
        return List.copyOf(into.subList(start, Math.min(into.size(), start + limit)));
    }

    @Override
    public synchronized List<DelegatedSession> sessionsOfUser(DelegationId delegationId, TenantId customerTenant, UserId actorUser,
                                                           Instant issuedAfter) {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(actorUser, "actorUser");
        Objects.requireNonNull(issuedAfter, "issuedAfter");
        // Oldest first, ties by id as a database's index orders UUIDs (see sessionsInto).
        return byDelegation.getOrDefault(delegationId, Set.of()).stream()
                .map(byHash::get)
                .filter(s -> s.actorUser().equals(actorUser) && s.issuedAt().isAfter(issuedAfter))
                .sorted(java.util.Comparator.comparing(DelegatedSession::issuedAt).thenComparing(s -> s.id().value().toString()))
                .toList();
    }

    @Override
    public synchronized int revokeAll(DelegationId delegationId, Instant revokedAt) {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(revokedAt, "revokedAt");
        int revoked = 0;
        for (TokenHash hash : byDelegation.getOrDefault(delegationId, Set.of())) {
            if (revokeOne(hash, revokedAt)) {
                revoked++;
            }
        }
        return revoked;
    }

    @Override
    public synchronized int narrowAll(DelegationId delegationId, Set<RoleKey> granted, Set<RoleKey> grantedWithoutReason,
                                      Instant at) {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(granted, "granted");
        Objects.requireNonNull(grantedWithoutReason, "grantedWithoutReason");
        Objects.requireNonNull(at, "at");
        int changed = 0;
        for (TokenHash hash : byDelegation.getOrDefault(delegationId, Set.of())) {
            DelegatedSession session = byHash.get(hash);
            if (!session.isActiveAt(at)) {
                continue;
            }
            Optional<DelegatedSession> narrowed = session.narrowedTo(granted, grantedWithoutReason);
            if (narrowed.isEmpty()) {
                byHash.put(hash, session.revoked(at));
                changed++;
            } else if (narrowed.get() != session) {
                byHash.put(hash, narrowed.get());
                changed++;
            }
        }
        return changed;
    }

    @Override
    public synchronized boolean revoke(TokenHash tokenHash, Instant revokedAt) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(revokedAt, "revokedAt");
        return revokeOne(tokenHash, revokedAt);
    }

    @Override
    public synchronized int revokeAllOfUser(TenantId partnerTenant, UserId partnerUser, Instant revokedAt) {
        Objects.requireNonNull(partnerTenant, "partnerTenant");
        Objects.requireNonNull(partnerUser, "partnerUser");
        return revokeWhere(s -> s.actorTenant().equals(partnerTenant) && s.actorUser().equals(partnerUser), revokedAt);
    }

    @Override
    public synchronized int revokeAllOfPartner(TenantId partnerTenant, Instant revokedAt) {
        Objects.requireNonNull(partnerTenant, "partnerTenant");
        return revokeWhere(s -> s.actorTenant().equals(partnerTenant), revokedAt);
    }

    @Override
    public synchronized int revokeAllInto(TenantId customerTenant, Instant revokedAt) {
        Objects.requireNonNull(customerTenant, "customerTenant");
        return revokeWhere(s -> s.customerTenant().equals(customerTenant), revokedAt);
    }

    @Override
    public synchronized int deleteEndedBefore(Instant cutoff, int limit) {
        Objects.requireNonNull(cutoff, "cutoff");
        List<DelegatedSession> ended = byHash.values().stream()
                .filter(s -> s.expiresAt().isBefore(cutoff) || s.revokedAt().map(at -> at.isBefore(cutoff)).orElse(false))
                .limit(limit)
                .toList();
        for (DelegatedSession s : ended) {
            byHash.remove(s.tokenHash());
            byLoginKey.values().removeIf(keyed -> keyed.sessionId().equals(s.id()));
            Set<TokenHash> ofDelegation = byDelegation.get(s.delegationId());
            ofDelegation.remove(s.tokenHash());
            if (ofDelegation.isEmpty()) {
                byDelegation.remove(s.delegationId());
            }
        }
        return ended.size();
    }

    private int revokeWhere(Predicate<DelegatedSession> which, Instant revokedAt) {
        Objects.requireNonNull(revokedAt, "revokedAt");
        List<TokenHash> live = byHash.values().stream()
                .filter(s -> s.revokedAt().isEmpty() && which.test(s))
                .map(DelegatedSession::tokenHash)
                .toList();
        live.forEach(hash -> revokeOne(hash, revokedAt));
        return live.size();
    }

    private boolean revokeOne(TokenHash hash, Instant revokedAt) {
        DelegatedSession session = byHash.get(hash);
        if (session == null || session.revokedAt().isPresent()) {
            return false;
        }
        byHash.put(hash, session.revoked(revokedAt));
        return true;
    }
}
