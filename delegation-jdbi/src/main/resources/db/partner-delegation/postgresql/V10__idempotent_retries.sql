-- Partner delegation schema V10: retries that are safe after a commit whose outcome is unknown.
-- Upgrades a V9 database in place, data kept: existing sessions have no idempotency key.

-- A login that came with the host's idempotency key keeps the key's SHA-256 hash (never the key)
-- and the hash of the request it came with (roles and reason), so that a retry with the same key
-- finds the session it opened and the same key with another request is refused. NULL for a login
-- without a key. The key is scoped to one delegation and one partner user: unique there, and the
-- retry's read is one lookup of this index.
ALTER TABLE pd_session ADD COLUMN IF NOT EXISTS login_key_hash CHAR(64);
ALTER TABLE pd_session ADD COLUMN IF NOT EXISTS login_request_hash CHAR(64);
CREATE UNIQUE INDEX IF NOT EXISTS pd_session_login_key ON pd_session (delegation_id, actor_user, login_key_hash)
    WHERE login_key_hash IS NOT NULL;
