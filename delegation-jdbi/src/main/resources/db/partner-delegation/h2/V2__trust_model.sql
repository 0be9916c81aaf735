-- Partner delegation schema V2, H2: the trust model. Upgrades a V1 database in place, data kept:
-- existing sessions get permission epoch 0 (every partner starts at epoch 0), existing outbox
-- entries have no lease. SchemaInstaller then recomputes the canonical emails of non-ASCII
-- addresses (Unicode NFKC, then lower case, where V1 only lower-cased); a host applying this file with its own
-- tool calls SchemaInstaller.recomputeCanonicalEmails() once afterwards.
--
-- H2 commits each DDL statement on its own, so every statement here may run again: a failure
-- half-way leaves a database that the next start completes.

-- Outbox leases run on the database's clock: a claim sets leased_until to CURRENT_TIMESTAMP plus
-- the lease, and an entry is claimable again only once that has passed. next_attempt_at now only
-- says when an entry is due.
ALTER TABLE pd_outbox ADD COLUMN IF NOT EXISTS leased_until TIMESTAMP(6) WITH TIME ZONE;
-- The invitation cool-down: when the pair's last invitation was asked for, across its delegations.
CREATE INDEX IF NOT EXISTS pd_outbox_invitation_by_delegation ON pd_outbox (delegation_id, notification_type, created_at);

-- Sessions record the partner's permission epoch they were issued under.
ALTER TABLE pd_session ADD COLUMN IF NOT EXISTS permission_epoch BIGINT DEFAULT 0 NOT NULL
    CONSTRAINT pd_session_epoch_not_negative CHECK (permission_epoch >= 0);
-- Bulk revocation of live sessions (revoked_at IS NULL): of a partner user or a whole partner, and into a customer.
CREATE INDEX IF NOT EXISTS pd_session_by_actor ON pd_session (actor_tenant, actor_user, revoked_at);
CREATE INDEX IF NOT EXISTS pd_session_by_customer ON pd_session (customer_tenant, revoked_at);
-- Retention: sessions that expired, or were revoked, before a cutoff.
CREATE INDEX IF NOT EXISTS pd_session_by_expiry ON pd_session (expires_at);
CREATE INDEX IF NOT EXISTS pd_session_by_revocation ON pd_session (revoked_at);

-- One row per partner whose permission was ever revoked; no row means epoch 0.
CREATE TABLE IF NOT EXISTS pd_partner_epoch (
    partner_tenant VARCHAR(128) PRIMARY KEY,
    epoch          BIGINT       NOT NULL,
    CONSTRAINT pd_partner_epoch_not_negative CHECK (epoch >= 0)
);

-- Whether a delegation ever had an invitation: pd_invitation_by_delegation (delegation_id, status) of V1 serves it.

-- Retention of the audit trail, by age.
CREATE INDEX IF NOT EXISTS pd_audit_event_by_time ON pd_audit_event (occurred_at);
