-- Partner delegation schema V3, PostgreSQL: least privilege and time limits. Upgrades a V1 or V2
-- database in place, data kept: every existing delegation grants the whole tenant
-- (tenant:administrator) with no end date and has no change request; existing sessions hold
-- tenant:administrator (their scope) without a reason; existing audit events have no roles, end
-- date or reason. Adding a column with a constant default, and widening a VARCHAR, rewrite no table.

-- What a delegation grants (while PENDING: what the partner requested), kept in the row itself.
-- Roles are one space-separated text in natural order (RoleKey.join): at most 20 keys of at most 64
-- characters. The term is whole seconds. access_until is when access ends
-- (AccessGrant.accessUntil(): the end date, or with auto_renew the end of the renewed period),
-- written by the storage beside the grant: what a session's check and the account list's
-- "ending within" filter compare with.
ALTER TABLE pd_delegation ADD COLUMN roles VARCHAR(2000) NOT NULL DEFAULT 'tenant:administrator';
ALTER TABLE pd_delegation ADD COLUMN term_seconds BIGINT;
ALTER TABLE pd_delegation ADD COLUMN ends_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE pd_delegation ADD COLUMN access_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE pd_delegation ADD COLUMN auto_renew BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE pd_delegation ADD COLUMN reason_required BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE pd_delegation ADD COLUMN ending_notice_sent BOOLEAN NOT NULL DEFAULT FALSE;
-- A partner's change request the customer has not answered (GrantChange): present together or not at all.
ALTER TABLE pd_delegation ADD COLUMN requested_roles VARCHAR(2000);
ALTER TABLE pd_delegation ADD COLUMN requested_term_seconds BIGINT;
ALTER TABLE pd_delegation ADD COLUMN change_requested_at TIMESTAMP WITH TIME ZONE;

-- A CONNECTED delegation ENDS when its end date passes.
ALTER TABLE pd_delegation DROP CONSTRAINT pd_delegation_status_known;
ALTER TABLE pd_delegation ADD CONSTRAINT pd_delegation_status_known
    CHECK (status IN ('PENDING', 'CONNECTED', 'DECLINED', 'EXPIRED', 'REMOVED', 'ENDED'));
ALTER TABLE pd_delegation ADD CONSTRAINT pd_delegation_term_positive
    CHECK ((term_seconds IS NULL OR term_seconds > 0) AND (requested_term_seconds IS NULL OR requested_term_seconds > 0));
-- Only a period with an end can renew; access ends at the end date or after it, never before.
ALTER TABLE pd_delegation ADD CONSTRAINT pd_delegation_renewal_needs_an_end
    CHECK (NOT auto_renew OR (term_seconds IS NOT NULL AND ends_at IS NOT NULL));
ALTER TABLE pd_delegation ADD CONSTRAINT pd_delegation_access_until_with_end
    CHECK ((ends_at IS NULL AND access_until IS NULL)
        OR (ends_at IS NOT NULL AND access_until IS NOT NULL AND access_until >= ends_at));
ALTER TABLE pd_delegation ADD CONSTRAINT pd_delegation_change_whole
    CHECK ((requested_roles IS NULL AND requested_term_seconds IS NULL AND change_requested_at IS NULL)
        OR (requested_roles IS NOT NULL AND change_requested_at IS NOT NULL));

-- The end-date sweep: CONNECTED delegations whose period ended, earliest first, locked a batch at a
-- time (FOR UPDATE SKIP LOCKED, so that several nodes share the work).
CREATE INDEX pd_delegation_connected_by_end ON pd_delegation (ends_at)
    WHERE status = 'CONNECTED' AND ends_at IS NOT NULL;
-- The ending notices: CONNECTED delegations not yet told, ending by a threshold, earliest first.
CREATE INDEX pd_delegation_ending_unnoticed ON pd_delegation (ends_at)
    WHERE status = 'CONNECTED' AND ends_at IS NOT NULL AND NOT ending_notice_sent;

-- Change requests whose invitation expired unanswered: the few delegations with a request, beside
-- pd_invitation_open_by_expiry.
CREATE INDEX pd_delegation_change_requested ON pd_delegation (delegation_id) WHERE change_requested_at IS NOT NULL;

-- Sessions hold the roles they were issued with (space-separated, as the OAuth scope: V1's
-- "tenant:administrator" reads as that one role), and the reason the partner user gave.
ALTER TABLE pd_session ALTER COLUMN scope TYPE VARCHAR(2000);
ALTER TABLE pd_session ADD COLUMN reason VARCHAR(200);
-- The customer's view of the sessions into its tenant, newest first, a page at a time.
CREATE INDEX pd_session_into_customer ON pd_session (customer_tenant, issued_at, session_id);

-- Audit events record the roles of a login or of a grant's change, the end date it set, and a login's reason.
ALTER TABLE pd_audit_event ADD COLUMN roles VARCHAR(2000);
ALTER TABLE pd_audit_event ADD COLUMN ends_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE pd_audit_event ADD COLUMN reason VARCHAR(200);
-- The audit trail of a tenant for a time range: the events it is the target of; the events of
-- delegations whose partner it is are found through pd_delegation_partner_list and pd_audit_event_by_delegation.
CREATE INDEX pd_audit_event_by_target_time ON pd_audit_event (target_tenant, occurred_at, seq);
