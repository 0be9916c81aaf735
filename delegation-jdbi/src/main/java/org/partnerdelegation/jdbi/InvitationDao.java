package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.util.Optional;
import java.util.UUID;
import org.partnerdelegation.core.domain.Invitation;

/** The statements of {@code pd_invitation}, on one connection; rows are keyed by the token's hash, never the token. */
final class InvitationDao {

    private static final String INSERT = "INSERT INTO pd_invitation (token_hash, delegation_id, created_at, expires_at, status, used_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT token_hash, delegation_id, created_at, expires_at, status, used_at FROM pd_invitation"
            + " WHERE token_hash = ?";
    private static final String UPDATE = "UPDATE pd_invitation SET status = ?, used_at = ? WHERE token_hash = ?";
    private static final String SUPERSEDE_OPEN = "UPDATE pd_invitation SET status = 'SUPERSEDED' WHERE delegation_id = ?"
            + " AND status = 'OPEN'";
    /**
     * The delegation's OPEN invitations, other than the delivered one, minted no later than it;
     * none when the delivered one is unknown (the comparison with a missing row is never true).
     */
    private static final String SUPERSEDE_OPEN_OLDER = "UPDATE pd_invitation SET status = 'SUPERSEDED' WHERE delegation_id = ?"
            + " AND status = 'OPEN' AND token_hash <> ? AND created_at <= (SELECT delivered.created_at FROM pd_invitation delivered"
            + " WHERE delivered.token_hash = ? AND delivered.delegation_id = ?)";
    private static final String DELETE = "DELETE FROM pd_invitation WHERE token_hash = ?";
    private static final String ANY_OF = "SELECT 1 FROM pd_invitation WHERE delegation_id = ? FETCH FIRST 1 ROW ONLY";

    private final Connection c;

    InvitationDao(Connection c) {
        this.c = c;
    }

    void insert(Invitation i) {
        Sql.update(c, INSERT, i.tokenHash().hex(), i.delegationId().value(), i.createdAt(), i.expiresAt(), i.status().name(),
                Rows.orNull(i.usedAt()));
    }

    Optional<Invitation> find(String hash) {
        return Sql.one(c, FIND, Rows::invitation, hash);
    }

    /** Held back until the unit of work's next statement or its commit, where {@code changed} checks the count. */
    void update(Invitation i, Sql.CountCheck changed) {
        Sql.updateLater(c, UPDATE, changed, i.status().name(), Rows.orNull(i.usedAt()), i.tokenHash().hex());
    }

    int supersedeOpen(UUID delegation) {
        return Sql.update(c, SUPERSEDE_OPEN, delegation);
    }

    /** {@link #supersedeOpen}, uncounted: held back until the unit of work's next statement or its commit. */
    void supersedeOpenLater(UUID delegation) {
        Sql.updateLater(c, SUPERSEDE_OPEN, null, delegation);
    }

    int supersedeOpenOlderThan(UUID delegation, String delivered) {
        return Sql.update(c, SUPERSEDE_OPEN_OLDER, delegation, delivered, delivered, delegation);
    }

    int delete(String hash) {
        return Sql.update(c, DELETE, hash);
    }

    boolean anyOf(UUID delegation) {
        return Sql.one(c, ANY_OF, rs -> Boolean.TRUE, delegation).isPresent();
    }
}
