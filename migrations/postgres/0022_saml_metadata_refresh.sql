-- A SAML IdP's metadata read again from its address. PostgreSQL dialect; keep in step with
-- ../sqlite/0022_saml_metadata_refresh.sql. ca_pem: a private CA trusted for the metadata address's https;
-- refreshed_at: the last good read; next_refresh_at: when to read it again (from its cacheDuration, bounded);
-- refresh_error: why the last read failed (the last good copy stays in use), shown to operators.
ALTER TABLE saml_idps ADD COLUMN ca_pem TEXT CHECK (ca_pem IS NULL OR char_length(ca_pem) <= 65536);
ALTER TABLE saml_idps ADD COLUMN refreshed_at BIGINT;
ALTER TABLE saml_idps ADD COLUMN next_refresh_at BIGINT;
ALTER TABLE saml_idps ADD COLUMN refresh_error TEXT CHECK (refresh_error IS NULL OR char_length(refresh_error) <= 1000);
