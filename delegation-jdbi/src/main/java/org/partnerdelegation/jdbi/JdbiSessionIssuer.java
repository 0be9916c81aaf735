package org.partnerdelegation.jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.LoginKey;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.port.SessionIssuer;

/**
 * Delegated sessions in the {@code pd_session} table, keyed by token hash (the token itself is
 * never stored), each with the partner's permission epoch it was issued under. Called inside a
 * unit of work of the same storage, it joins that transaction. Every revocation is one
 * statement, served by an index on live sessions (by delegation, by partner user, by customer).
 * Obtain it from {@link JdbiStorage#sessionIssuer()}. Thread-safe.
 */
public final class JdbiSessionIssuer implements SessionIssuer {

    private final Database db;

    JdbiSessionIssuer(Database db) {
        this.db = db;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Invariant 5 is held by the caller's unit of work, which this joins: the facade locks the
     * delegation ({@code lockOwnDelegation}) and checks it is CONNECTED before issuing, so a removal
     * on another connection or node is waited for, not missed.
     */
    @Override
    public void issue(DelegatedSession s) {
        Objects.requireNonNull(s, "session");
        db.inTransaction(c -> {
            new SessionDao(c).insert(s);
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Held by the caller's unit of work as {@link #issue(DelegatedSession)} is; the unique index
     * {@code pd_session_login_key} refuses a second session with the key, as {@code CONCURRENT_UPDATE}.
     */
    @Override
    public void issue(DelegatedSession s, LoginKey key) {
        Objects.requireNonNull(s, "session");
        Objects.requireNonNull(key, "key");
        db.inTransaction(c -> {
            new SessionDao(c).insertKeyed(s, key);
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One lookup of {@code pd_session_login_key}, in the unit of work in progress.
     */
    @Override
    public Optional<KeyedSession> findByLoginKey(DelegationId delegationId, UserId actorUser, TokenHash key) {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(actorUser, "actorUser");
        Objects.requireNonNull(key, "key");
        return withSessions(dao -> dao.findByLoginKey(delegationId.value(), actorUser.value(), key.hex()));
    }

    @Override
    public boolean reissue(SessionId id, TokenHash newTokenHash) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(newTokenHash, "newTokenHash");
        return withSessions(dao -> dao.reissue(id.value(), newTokenHash.hex()) > 0);
    }

    @Override
    public Optional<DelegatedSession> introspect(TokenHash tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        return db.readOnce(c -> new SessionDao(c).find(tokenHash.hex()));
    }

    @Override
    public Optional<DelegatedSession> findSession(SessionId id) {
        Objects.requireNonNull(id, "id");
        return db.readOnce(c -> new SessionDao(c).findById(id.value()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement, reading {@code pd_session_into_customer} backwards from the position of
     * {@code after}.
     */
    @Override
    public List<DelegatedSession> sessionsInto(TenantId customerTenant, Optional<SessionId> after, int limit) {
        Objects.requireNonNull(customerTenant, "customerTenant");
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            return List.of();
        }
        return db.readOnce(c -> new SessionDao(c).into(customerTenant.value(), after.map(SessionId::value), limit));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement, a range of {@code pd_session_of_user}, in the unit of work in progress.
     */
    @Override
    public List<DelegatedSession> sessionsOfUser(DelegationId delegationId, TenantId customerTenant, UserId actorUser,
                                                 Instant issuedAfter) {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(actorUser, "actorUser");
        Objects.requireNonNull(issuedAfter, "issuedAfter");
        return withSessions(dao -> dao.ofUser(delegationId.value(), actorUser.value(), issuedAfter));
    }

    @Override
    public int revokeAll(DelegationId delegationId, Instant revokedAt) {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(revokedAt, "revokedAt");
        return withSessions(dao -> dao.revokeAll(delegationId.value(), revokedAt));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One read of the delegation's live sessions, then one statement per session that loses a
     * role: the roles are one space-separated text, which no portable SQL intersects with a set. The
     * caller holds the delegation (the use case locked it to change its grant), so no login under it
     * slips between the read and the writes.
     */
    @Override
    public int narrowAll(DelegationId delegationId, Set<RoleKey> granted, Set<RoleKey> grantedWithoutReason, Instant at) {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(granted, "granted");
        Objects.requireNonNull(grantedWithoutReason, "grantedWithoutReason");
        Objects.requireNonNull(at, "at");
        return withSessions(dao -> {
            int changed = 0;
            for (DelegatedSession session : dao.liveOf(delegationId.value(), at)) {
                Optional<DelegatedSession> narrowed = session.narrowedTo(granted, grantedWithoutReason);
                if (narrowed.isEmpty()) {
                    changed += dao.revoke(session.tokenHash().hex(), at);
                } else if (!narrowed.get().roles().equals(session.roles())) {
                    changed += dao.narrow(session.tokenHash().hex(), narrowed.get().scope());
                }
            }
            return changed;
        });
    }

    @Override
    public boolean revoke(TokenHash tokenHash, Instant revokedAt) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(revokedAt, "revokedAt");
        return withSessions(dao -> dao.revoke(tokenHash.hex(), revokedAt) > 0);
    }

    @Override
    public int revokeAllOfUser(TenantId partnerTenant, UserId partnerUser, Instant revokedAt) {
        Objects.requireNonNull(partnerTenant, "partnerTenant");
        Objects.requireNonNull(partnerUser, "partnerUser");
        Objects.requireNonNull(revokedAt, "revokedAt");
        return withSessions(dao -> dao.revokeAllOfUser(partnerTenant.value(), partnerUser.value(), revokedAt));
    }

    @Override
    public int revokeAllOfPartner(TenantId partnerTenant, Instant revokedAt) {
        Objects.requireNonNull(partnerTenant, "partnerTenant");
        Objects.requireNonNull(revokedAt, "revokedAt");
        return withSessions(dao -> dao.revokeAllOfPartner(partnerTenant.value(), revokedAt));
    }

    @Override
    public int revokeAllInto(TenantId customerTenant, Instant revokedAt) {
        Objects.requireNonNull(customerTenant, "customerTenant");
        Objects.requireNonNull(revokedAt, "revokedAt");
        return withSessions(dao -> dao.revokeAllInto(customerTenant.value(), revokedAt));
    }

    @Override
    public int deleteEndedBefore(Instant cutoff, int limit) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (limit < 1) {
            return 0;
        }
        return withSessions(dao -> dao.deleteEndedBefore(cutoff, limit));
    }

    /** Runs one statement of the session table in the unit of work in progress, or in one of its own. */
    private <T> T withSessions(java.util.function.Function<SessionDao, T> statement) {
        return db.inTransaction(c -> statement.apply(new SessionDao(c)));
    }

    Database database() {
        return db;
    }
}
