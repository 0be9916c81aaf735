package org.partnerdelegation.jdbi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
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
     * <p>Holds invariant 5 in the database: the session's delegation is locked and must be
     * CONNECTED, so that a removal committed meanwhile, or still in progress on another
     * connection or node, is seen (waited for) rather than missed.
     *
     * @throws DelegationException {@code NOT_CONNECTED} when the delegation is not (or no longer) CONNECTED
     */
    @Override
    public void issue(DelegatedSession s) {
        Objects.requireNonNull(s, "session");
        db.inTransaction(h -> {
            SessionDao dao = h.attach(SessionDao.class);
            UUID delegation = s.delegationId().value();
            Optional<String> status = db.dialect() == Dialect.POSTGRESQL
                    ? dao.delegationStatusLockedShared(delegation)
                    : dao.delegationStatusLocked(delegation);
            if (!status.filter(DelegationStatus.CONNECTED.name()::equals).isPresent()) {
                throw new DelegationException(ErrorCode.NOT_CONNECTED, "Account " + s.subject()
                        + " is no longer connected to your account; no session was issued.");
            }
            dao.insert(s.tokenHash().hex(), s.id().value(), s.delegationId().value(),
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
