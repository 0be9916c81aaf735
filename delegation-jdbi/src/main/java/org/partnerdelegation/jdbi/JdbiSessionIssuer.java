package org.partnerdelegation.jdbi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.port.SessionIssuer;

/**
 * Delegated sessions in the {@code pd_session} table, keyed by token hash (the token itself is
 * never stored). Called inside a unit of work of the same storage, it joins that transaction.
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
     * delegation ({@code lockDelegation}) and checks it is CONNECTED before issuing, so a removal on
     * another connection or node is waited for, not missed.
     */
    @Override
    public void issue(DelegatedSession s) {
        Objects.requireNonNull(s, "session");
        db.inTransaction(h -> {
            h.attach(SessionDao.class).insert(s.tokenHash().hex(), s.id().value(), s.delegationId().value(),
                    s.customerTenant().value(), s.subject().value(), s.actorTenant().value(), s.actorUser().value(), s.scope(),
                    s.issuedAt(), s.expiresAt(), Rows.orNull(s.revokedAt()));
            return null;
        });
    }

    @Override
    public Optional<DelegatedSession> introspect(TokenHash tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        return db.inTransaction(h -> h.attach(SessionDao.class).find(tokenHash.hex()));
    }

    @Override
    public int revokeAll(DelegationId delegationId, Instant revokedAt) {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(revokedAt, "revokedAt");
        return db.inTransaction(h -> h.attach(SessionDao.class).revokeAll(delegationId.value(), revokedAt));
    }
}
