-- Partner delegation schema V7, PostgreSQL: limits on logins. A login counts the sessions its
-- partner user opened under the delegation since a recent instant (the login rate's window, and
-- every session still live): this index answers that read as one range, oldest first. No data
-- changes; building the index locks writes to pd_session while it runs (a host with a large table
-- may build it CONCURRENTLY beforehand under the same name).
CREATE INDEX IF NOT EXISTS pd_session_of_user ON pd_session (delegation_id, actor_user, issued_at, session_id);
