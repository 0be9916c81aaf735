-- Partner delegation schema V11: every change that can narrow or end a live delegated session is
-- signalled on the channel pd_session_revocations, so that node-local session caches
-- (delegation-session-cache) drop what they hold. NOTIFY is transactional: the signal goes out at
-- the commit, never for a change rolled back. Whatever statement makes the change (a use case,
-- the held writes sent at the commit, a host's own SQL), the trigger sees it.
--
-- The payload names ids only, never a token or its hash: 's:<session id>', 'd:<delegation id>',
-- 'p:<partner tenant>' (its users' sessions), 't:<tenant>' (every session into or out of it).
-- Nothing fires on an INSERT: a login adds a session, which narrows nothing, and stays as cheap
-- as before. The WHEN clauses keep the triggers off the updates that narrow nothing.

CREATE FUNCTION pd_signal_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('pd_session_revocations', 's:' || OLD.session_id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER pd_session_narrowed AFTER UPDATE ON pd_session FOR EACH ROW
    WHEN (OLD.revoked_at IS NULL AND (NEW.revoked_at IS NOT NULL OR NEW.expires_at < OLD.expires_at
          OR NEW.scope IS DISTINCT FROM OLD.scope OR NEW.token_hash IS DISTINCT FROM OLD.token_hash
          OR NEW.permission_epoch IS DISTINCT FROM OLD.permission_epoch))
    EXECUTE FUNCTION pd_signal_session_change();
CREATE TRIGGER pd_session_deleted AFTER DELETE ON pd_session FOR EACH ROW
    WHEN (OLD.revoked_at IS NULL)
    EXECUTE FUNCTION pd_signal_session_change();

CREATE FUNCTION pd_signal_delegation_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('pd_session_revocations', 'd:' || OLD.delegation_id::text);
    RETURN NULL;
END
$$;

-- Only a CONNECTED delegation has live sessions: ended, reduced, its end moved, or a reason now required.
CREATE TRIGGER pd_delegation_narrowed AFTER UPDATE ON pd_delegation FOR EACH ROW
    WHEN (OLD.status = 'CONNECTED' AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.roles IS DISTINCT FROM OLD.roles
          OR NEW.access_until IS DISTINCT FROM OLD.access_until OR NEW.ends_at IS DISTINCT FROM OLD.ends_at
          OR NEW.reason_required IS DISTINCT FROM OLD.reason_required
          OR NEW.partner_tenant IS DISTINCT FROM OLD.partner_tenant OR NEW.customer_tenant IS DISTINCT FROM OLD.customer_tenant))
    EXECUTE FUNCTION pd_signal_delegation_change();
CREATE TRIGGER pd_delegation_deleted AFTER DELETE ON pd_delegation FOR EACH ROW
    WHEN (OLD.status = 'CONNECTED')
    EXECUTE FUNCTION pd_signal_delegation_change();

CREATE FUNCTION pd_signal_tenant_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('pd_session_revocations', 't:' || OLD.tenant_id);
    ELSE
        PERFORM pg_notify('pd_session_revocations', 'p:' || OLD.tenant_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER pd_tenant_permission_revoked AFTER UPDATE ON pd_tenant FOR EACH ROW
    WHEN (OLD.partner_permission AND (NOT NEW.partner_permission OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id))
    EXECUTE FUNCTION pd_signal_tenant_change();
CREATE TRIGGER pd_tenant_deleted AFTER DELETE ON pd_tenant FOR EACH ROW
    EXECUTE FUNCTION pd_signal_tenant_change();

CREATE FUNCTION pd_signal_epoch_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('pd_session_revocations', 'p:' || NEW.partner_tenant);
    RETURN NULL;
END
$$;

-- A revoked permission moves the partner's epoch on (first revocation: the row is inserted).
CREATE TRIGGER pd_partner_epoch_moved AFTER INSERT OR UPDATE ON pd_partner_epoch FOR EACH ROW
    EXECUTE FUNCTION pd_signal_epoch_change();
