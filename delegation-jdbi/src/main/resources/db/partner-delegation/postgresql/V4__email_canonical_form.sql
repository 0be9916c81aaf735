-- Partner delegation schema V4: the canonical form of an email address is what a mail system
-- compares. The domain is compared after IDNA mapping (full-width letters and an xn-- label are the
-- domain DNS resolves them to), the name before the @ after NFC and lower case, without
-- compatibility folding (admin²@ is no longer admin2@, nor ﬁ fi, nor the Kelvin sign k).
-- No column changes: pd_tenant.admin_email_canonical and pd_delegation.customer_email_canonical keep
-- their type. SchemaInstaller recomputes them in Java after this script (EmailAddress is the one place
-- the form is defined); a host applying this file with its own tool calls
-- SchemaInstaller.recomputeCanonicalEmails() once afterwards. If two tenants' administrator addresses
-- become one address, the installer stops with STORAGE_UNAVAILABLE naming both and V4 is not recorded.
COMMENT ON COLUMN pd_tenant.admin_email_canonical IS 'EmailAddress.canonical() since V4: the name before the @ in NFC and lower case, the domain after IDNA mapping';
COMMENT ON COLUMN pd_delegation.customer_email_canonical IS 'EmailAddress.canonical() since V4: the name before the @ in NFC and lower case, the domain after IDNA mapping';
