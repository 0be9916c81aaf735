-- Partner delegation schema V8: step-up authentication. Upgrades a V7 database in place, data
-- kept: existing audit events have no authentication methods (the host did not say them then).

-- How the acting user had authenticated, where the host said: OpenID Connect's amr values,
-- space-separated in natural order (at most 16 of at most 32 characters). A delegated login
-- records the methods its step-up used.
ALTER TABLE pd_audit_event ADD COLUMN IF NOT EXISTS auth_methods VARCHAR(600);
