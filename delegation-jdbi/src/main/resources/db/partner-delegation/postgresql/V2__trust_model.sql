-- Partner delegation schema V2, PostgreSQL: the trust model. Upgrades a V1 database in place,
-- data kept: existing sessions get permission epoch 0 (every partner starts at epoch 0), existing
-- outbox entries have no lease. SchemaInstaller then recomputes the canonical emails of non-ASCII
-- addresses (Unicode NFKC, then lower case, where V1 only lower-cased); a host applying this file with its own
-- tool calls SchemaInstaller.recomputeCanonicalEmails() once afterwards.

-- Outbox leases run on the database's clock: a claim sets leased_until to CURRENT_TIMESTAMP plus
-- the lease, and an entry is claimable again only once that has passed. next_attempt_at now only
-- says when an entry is due.
ALTER TABLE pd_outbox ADD COLUMN leased_until TIMESTAMP WITH TIME ZONE;
-- The invitation cool-down: when the pair's last invitation was asked for, across its delegations.
CREATE INDEX pd_outbox_invitation_by_delegation ON pd_outbox (delegation_id, created_at) WHERE notification_type = 'INVITATION';

-- Sessions record the partner's permission epoch they were issued under.
ALTER TABLE pd_session ADD COLUMN permission_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE pd_session ADD CONSTRAINT pd_session_epoch_not_negative CHECK (permission_epoch >= 0);
-- Bulk revocation of live sessions: of a partner user or a whole partner, and into a customer.
CREATE INDEX pd_session_live_by_actor ON pd_session (actor_tenant, actor_user) WHERE revoked_at IS NULL;
CREATE INDEX pd_session_live_by_customer ON pd_session (customer_tenant) WHERE revoked_at IS NULL;
-- Retention: sessions that expired, or were revoked, before a cutoff.
CREATE INDEX pd_session_by_expiry ON pd_session (expires_at);
CREATE INDEX pd_session_by_revocation ON pd_session (revoked_at) WHERE revoked_at IS NOT NULL;

-- One row per partner whose permission was ever revoked; no row means epoch 0.
CREATE TABLE pd_partner_epoch (
    partner_tenant VARCHAR(128) PRIMARY KEY,
    epoch          BIGINT       NOT NULL,
    CONSTRAINT pd_partner_epoch_not_negative CHECK (epoch >= 0)
);

-- Whether a delegation ever had an invitation, whatever its status: every invitation of a
-- delegation, which also serves the open ones, so the partial index of V1 goes.
CREATE INDEX pd_invitation_by_delegation ON pd_invitation (delegation_id, created_at);
DROP INDEX pd_invitation_open_by_delegation;

-- Retention of the audit trail, by age.
CREATE INDEX pd_audit_event_by_time ON pd_audit_event (occurred_at);
