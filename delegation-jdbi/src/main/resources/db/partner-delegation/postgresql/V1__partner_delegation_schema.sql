-- Partner delegation schema, PostgreSQL. Applied by SchemaInstaller, or by Flyway pointed at
-- classpath:db/partner-delegation/postgresql. Every invariant of the design is held here too.

CREATE TABLE pd_tenant (
    tenant_id             VARCHAR(128) PRIMARY KEY,
    account_number        VARCHAR(64)  NOT NULL,
    admin_email           VARCHAR(254) NOT NULL,
    -- The lower-cased form can be longer than the address: U+0130 lower-cases to two characters.
    admin_email_canonical VARCHAR(508) NOT NULL,
    partner_permission    BOOLEAN      NOT NULL DEFAULT FALSE,
    CONSTRAINT pd_tenant_admin_email_unique UNIQUE (admin_email_canonical)
);

CREATE TABLE pd_delegation (
    delegation_id            UUID         PRIMARY KEY,
    partner_tenant           VARCHAR(128) NOT NULL,
    customer_tenant          VARCHAR(128) NOT NULL,
    customer_email           VARCHAR(254) NOT NULL,
    customer_email_canonical VARCHAR(508) COLLATE "C" NOT NULL,  -- twice the address, as admin_email_canonical
    customer_account_number  VARCHAR(64)  NOT NULL,
    status                   VARCHAR(16)  NOT NULL,
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    accepted_at              TIMESTAMP WITH TIME ZONE,
    version                  BIGINT       NOT NULL,
    CONSTRAINT pd_delegation_status_known CHECK (status IN ('PENDING', 'CONNECTED', 'DECLINED', 'EXPIRED', 'REMOVED')),
    CONSTRAINT pd_delegation_not_own CHECK (partner_tenant <> customer_tenant)
);
-- Invariant 1: at most one CONNECTED delegation per customer, across every node.
CREATE UNIQUE INDEX pd_delegation_one_connected_per_customer ON pd_delegation (customer_tenant) WHERE status = 'CONNECTED';
-- Invariant 2: at most one open delegation per (partner, customer) pair.
CREATE UNIQUE INDEX pd_delegation_one_open_per_pair ON pd_delegation (customer_tenant, partner_tenant) WHERE status IN ('PENDING', 'CONNECTED');
-- The account list: keyset pagination by (email, id) within a partner.
CREATE INDEX pd_delegation_partner_list ON pd_delegation (partner_tenant, customer_email_canonical, delegation_id);
-- Lookups by customer (its connected partner, open pairs).
CREATE INDEX pd_delegation_customer ON pd_delegation (customer_tenant);

CREATE TABLE pd_invitation (
    token_hash    CHAR(64)    PRIMARY KEY,
    delegation_id UUID        NOT NULL REFERENCES pd_delegation (delegation_id),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    status        VARCHAR(16) NOT NULL,
    used_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pd_invitation_status_known CHECK (status IN ('OPEN', 'USED', 'SUPERSEDED'))
);
CREATE INDEX pd_invitation_open_by_delegation ON pd_invitation (delegation_id) WHERE status = 'OPEN';
CREATE INDEX pd_invitation_open_by_expiry ON pd_invitation (expires_at) WHERE status = 'OPEN';

CREATE TABLE pd_audit_event (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      UUID         NOT NULL UNIQUE,
    event_type    VARCHAR(40)  NOT NULL,
    delegation_id UUID         REFERENCES pd_delegation (delegation_id),
    target_tenant VARCHAR(128) NOT NULL,
    actor_tenant  VARCHAR(128) NOT NULL,
    actor_user    VARCHAR(256) NOT NULL,
    from_status   VARCHAR(16),
    to_status     VARCHAR(16),
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX pd_audit_event_by_delegation ON pd_audit_event (delegation_id, seq);
CREATE INDEX pd_audit_event_permission_by_tenant ON pd_audit_event (target_tenant, seq) WHERE delegation_id IS NULL;

CREATE TABLE pd_outbox (
    seq               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notification_id   UUID          NOT NULL UNIQUE,
    notification_type VARCHAR(40)   NOT NULL,
    delegation_id     UUID          NOT NULL REFERENCES pd_delegation (delegation_id),
    recipient         VARCHAR(254)  NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    attempts          INTEGER       NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at      TIMESTAMP WITH TIME ZONE,
    last_error        VARCHAR(1000),
    CONSTRAINT pd_outbox_status_known CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'DISCARDED'))
);
CREATE INDEX pd_outbox_due ON pd_outbox (next_attempt_at, seq) WHERE status = 'PENDING';
CREATE INDEX pd_outbox_by_status ON pd_outbox (status, created_at, seq);

CREATE TABLE pd_session (
    token_hash      CHAR(64)     PRIMARY KEY,
    session_id      UUID         NOT NULL UNIQUE,
    delegation_id   UUID         NOT NULL REFERENCES pd_delegation (delegation_id),
    customer_tenant VARCHAR(128) NOT NULL,
    subject_email   VARCHAR(254) NOT NULL,
    actor_tenant    VARCHAR(128) NOT NULL,
    actor_user      VARCHAR(256) NOT NULL,
    scope           VARCHAR(64)  NOT NULL,
    issued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX pd_session_live_by_delegation ON pd_session (delegation_id) WHERE revoked_at IS NULL;
