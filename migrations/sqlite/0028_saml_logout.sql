-- SAML single logout. SQLite dialect; keep in step with ../postgres/0028_saml_logout.sql.
-- A session signed in through a SAML IdP is found by the IdP and NameID it came with (hashed: a NameID is personal
-- data) and the SessionIndex, so that the IdP's LogoutRequest ends it whichever browser holds it.
ALTER TABLE sessions ADD COLUMN saml_subject TEXT CHECK (saml_subject IS NULL OR length(saml_subject) = 64);
ALTER TABLE sessions ADD COLUMN saml_session TEXT CHECK (saml_session IS NULL OR length(saml_session) <= 256);
CREATE INDEX sessions_saml_subject ON sessions (saml_subject) WHERE saml_subject IS NOT NULL;

-- Convene's LogoutRequests waiting for the IdP's answer (forgotten when answered or expired).
CREATE TABLE saml_logouts (
    id         TEXT   PRIMARY KEY CHECK (length(id) BETWEEN 32 AND 80),
    idp_id     BIGINT NOT NULL REFERENCES saml_idps (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
);
