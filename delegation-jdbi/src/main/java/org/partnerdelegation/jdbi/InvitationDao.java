package org.partnerdelegation.jdbi;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.partnerdelegation.core.domain.Invitation;

interface InvitationDao {

    @SqlUpdate("INSERT INTO pd_invitation (token_hash, delegation_id, created_at, expires_at, status, used_at)"
            + " VALUES (:hash, :delegation, :createdAt, :expiresAt, :status, :usedAt)")
    void insert(@Bind("hash") String hash, @Bind("delegation") UUID delegation, @Bind("createdAt") Instant createdAt,
                @Bind("expiresAt") Instant expiresAt, @Bind("status") String status, @Bind("usedAt") Instant usedAt);

    @SqlQuery("SELECT token_hash, delegation_id, created_at, expires_at, status, used_at FROM pd_invitation WHERE token_hash = :hash")
    Optional<Invitation> find(@Bind("hash") String hash);

    @SqlUpdate("UPDATE pd_invitation SET status = :status, used_at = :usedAt WHERE token_hash = :hash")
    int update(@Bind("hash") String hash, @Bind("status") String status, @Bind("usedAt") Instant usedAt);

    @SqlUpdate("UPDATE pd_invitation SET status = 'SUPERSEDED' WHERE delegation_id = :delegation AND status = 'OPEN'")
    int supersedeOpen(@Bind("delegation") UUID delegation);

    /**
     * Supersedes the delegation's OPEN invitations, other than the delivered one, minted no later
     * than it; none when the delivered one is unknown (the comparison with a missing row is never true).
     */
    @SqlUpdate("UPDATE pd_invitation SET status = 'SUPERSEDED' WHERE delegation_id = :delegation AND status = 'OPEN'"
            + " AND token_hash <> :delivered AND created_at <= (SELECT delivered.created_at FROM pd_invitation delivered"
            + " WHERE delivered.token_hash = :delivered AND delivered.delegation_id = :delegation)")
    int supersedeOpenOlderThan(@Bind("delegation") UUID delegation, @Bind("delivered") String delivered);

    @SqlUpdate("DELETE FROM pd_invitation WHERE token_hash = :hash")
    int delete(@Bind("hash") String hash);

    @SqlQuery("SELECT 1 FROM pd_invitation WHERE delegation_id = :delegation FETCH FIRST 1 ROW ONLY")
    Optional<Integer> anyOf(@Bind("delegation") UUID delegation);
}
