-- Partner delegation schema V9: a tenant's profile, how its people are addressed. Upgrades a V8
-- database in place, data kept: existing tenants have no display name (texts show the account
-- number), English and UTC, as TenantProfile.DEFAULTS says.

-- The name other tenants know it by (trimmed, 1 to 200 characters, checked by TenantProfile; NULL
-- for none), the language of the mails to its administrator as a BCP 47 tag, and the zone their
-- times are shown in, as a java.time zone id.
ALTER TABLE pd_tenant ADD COLUMN IF NOT EXISTS display_name VARCHAR(200);
ALTER TABLE pd_tenant ADD COLUMN IF NOT EXISTS locale VARCHAR(35) DEFAULT 'en' NOT NULL;
ALTER TABLE pd_tenant ADD COLUMN IF NOT EXISTS time_zone VARCHAR(64) DEFAULT 'UTC' NOT NULL;
