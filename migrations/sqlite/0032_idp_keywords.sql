-- An IdP's mdui:Keywords (one per line, lower-case), searched on the sign-in page and by operators.
-- SQLite dialect; keep in step with ../postgres/0032_idp_keywords.sql.
ALTER TABLE saml_idps ADD COLUMN keywords TEXT NOT NULL DEFAULT '' CHECK (length(keywords) <= 2000);
ALTER TABLE federation_idps ADD COLUMN keywords TEXT NOT NULL DEFAULT '' CHECK (length(keywords) <= 2000);
