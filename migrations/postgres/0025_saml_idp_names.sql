-- A SAML IdP's own names in each language, for the sign-in page. PostgreSQL dialect; keep in step with
-- ../sqlite/0025_saml_idp_names.sql. names: one "lang<TAB>name" per line, from its metadata (mdui:DisplayName);
-- own_name: 1 when an operator named it (that name is shown in every language), 0 when its metadata names it.
ALTER TABLE saml_idps ADD COLUMN names TEXT NOT NULL DEFAULT '' CHECK (char_length(names) <= 4000);
ALTER TABLE saml_idps ADD COLUMN own_name BIGINT NOT NULL DEFAULT 1 CHECK (own_name IN (0, 1));
