-- Partner delegation schema V5, H2: the customer is told of every delegated login. Upgrades a V3
-- database in place, data kept: no tenant has settings (every customer is on the daily digest,
-- with the host's step-up policy alone), and no login has been reported in a digest yet (the first
-- digest lists the logins still in the audit trail); existing outbox entries report no login.
--
-- H2 commits each DDL statement on its own, so every statement here may run again: a failure
-- half-way leaves a database that the next start completes.

-- What a customer tenant chose (CustomerSettings), and how far its login digest has gone: every
-- DELEGATED_LOGIN event of the tenant up to reported_through (a pd_audit_event.seq) is reported, and
-- the last digest was at last_digest_at. No row means the defaults and nothing reported. Moving a
-- tenant onto the digest sets reported_through to its latest login: a digest never lists a login
-- made while the tenant was told of each login, or of none.
CREATE TABLE IF NOT EXISTS pd_customer_settings (
    tenant_id               VARCHAR(128) PRIMARY KEY,
    login_notice            VARCHAR(16)  NOT NULL,
    step_up_max_age_seconds BIGINT,
    reported_through        BIGINT       DEFAULT 0 NOT NULL,
    last_digest_at          TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pd_customer_settings_notice_known CHECK (login_notice IN ('EACH_LOGIN', 'DAILY_DIGEST', 'NONE')),
    CONSTRAINT pd_customer_settings_step_up_range CHECK (step_up_max_age_seconds IS NULL
        OR (step_up_max_age_seconds > 0 AND step_up_max_age_seconds <= 86400))
);

-- The digest: a tenant's logins after its watermark, in trail order, and which tenants have any.
-- H2 has no partial index: the type leads instead.
CREATE INDEX IF NOT EXISTS pd_audit_event_login_by_target ON pd_audit_event (event_type, target_tenant, seq);

-- A login notice or digest carries the logins it reports, copied when it was written (one line
-- per login; see Rows.logins). NULL for every other notification.
ALTER TABLE pd_outbox ADD COLUMN IF NOT EXISTS logins CHARACTER LARGE OBJECT;
