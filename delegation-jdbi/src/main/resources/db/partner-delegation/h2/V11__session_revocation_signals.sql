-- Partner delegation schema V11: on PostgreSQL, triggers signal every change that can narrow or end
-- a delegated session (NOTIFY pd_session_revocations) to node-local session caches. H2 has no
-- NOTIFY: a cache in front of H2 hears the revocations of its own process only (PartnerDelegation
-- tells it after each use case), which is all an embedded database serves. This version keeps the
-- numbering of both dialects aligned; it changes nothing but this table's comment.
COMMENT ON TABLE pd_session IS 'Delegated sessions, stored by token hash; see V11 for their revocation signals';
