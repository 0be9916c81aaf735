package org.partnerdelegation.jdbi;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.partnerdelegation.core.domain.DelegatedSession;

interface SessionDao {

    String COLUMNS = "token_hash, session_id, delegation_id, customer_tenant, subject_email, actor_tenant, actor_user, scope,"
            + " permission_epoch, issued_at, expires_at, revoked_at";

    @SqlUpdate("INSERT INTO pd_session (" + COLUMNS + ") VALUES (:hash, :id, :delegation, :customer, :subject, :actorTenant,"
            + " :actorUser, :scope, :epoch, :issuedAt, :expiresAt, :revokedAt)")
    void insert(@Bind("hash") String hash, @Bind("id") UUID id, @Bind("delegation") UUID delegation,
                @Bind("customer") String customer, @Bind("subject") String subject, @Bind("actorTenant") String actorTenant,
                @Bind("actorUser") String actorUser, @Bind("scope") String scope, @Bind("epoch") long epoch,
                @Bind("issuedAt") Instant issuedAt, @Bind("expiresAt") Instant expiresAt, @Bind("revokedAt") Instant revokedAt);

    @SqlQuery("SELECT " + COLUMNS + " FROM pd_session WHERE token_hash = :hash")
    Optional<DelegatedSession> find(@Bind("hash") String hash);

    @SqlUpdate("UPDATE pd_session SET revoked_at = :at WHERE delegation_id = :delegation AND revoked_at IS NULL")
    int revokeAll(@Bind("delegation") UUID delegation, @Bind("at") Instant at);

    @SqlUpdate("UPDATE pd_session SET revoked_at = :at WHERE token_hash = :hash AND revoked_at IS NULL")
    int revoke(@Bind("hash") String hash, @Bind("at") Instant at);

    @SqlUpdate("UPDATE pd_session SET revoked_at = :at WHERE actor_tenant = :partner AND actor_user = :user AND revoked_at IS NULL")
    int revokeAllOfUser(@Bind("partner") String partner, @Bind("user") String user, @Bind("at") Instant at);

    @SqlUpdate("UPDATE pd_session SET revoked_at = :at WHERE actor_tenant = :partner AND revoked_at IS NULL")
    int revokeAllOfPartner(@Bind("partner") String partner, @Bind("at") Instant at);

    @SqlUpdate("UPDATE pd_session SET revoked_at = :at WHERE customer_tenant = :customer AND revoked_at IS NULL")
    int revokeAllInto(@Bind("customer") String customer, @Bind("at") Instant at);

    /** Retention: sessions that ended (expired, or were revoked) before the cutoff, a batch at a time, deleted by key. */
    @SqlUpdate("DELETE FROM pd_session WHERE token_hash = ANY (ARRAY(SELECT token_hash FROM pd_session"
            + " WHERE expires_at < :cutoff OR revoked_at < :cutoff FETCH FIRST :limit ROWS ONLY))")
    int deleteEndedBefore(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);
}
