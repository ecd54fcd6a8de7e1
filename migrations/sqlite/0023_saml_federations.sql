-- SAML federations: signed metadata aggregates of many IdPs. SQLite dialect; keep in step with
-- ../postgres/0023_saml_federations.sql.
-- saml_federations: an aggregate an operator added by its address and the certificate it is signed with (only an
-- aggregate that verifies with it is used); valid_until from the aggregate; refreshed_at / next_refresh_at /
-- refresh_error as for saml_idps (the last good copy stays in use); idps / skipped: how many entities were taken
-- as IdPs and how many were not usable (no signing key, no https single sign-on…).
CREATE TABLE saml_federations (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    metadata_url     TEXT    NOT NULL CHECK (length(metadata_url) BETWEEN 8 AND 2000),
    signing_cert_pem TEXT    NOT NULL CHECK (length(signing_cert_pem) BETWEEN 100 AND 20000),
    ca_pem           TEXT    CHECK (ca_pem IS NULL OR length(ca_pem) <= 65536),
    valid_until      BIGINT,
    refreshed_at     BIGINT,
    next_refresh_at  BIGINT,
    refresh_error    TEXT    CHECK (refresh_error IS NULL OR length(refresh_error) <= 1000),
    idps             BIGINT  NOT NULL DEFAULT 0,
    skipped          BIGINT  NOT NULL DEFAULT 0,
    created_at       BIGINT  NOT NULL
);

-- federation_idps: the IdPs of a federation's last good aggregate: each entity's own metadata (made standalone),
-- its names (one "lang<TAB>name" per line), logo and scopes, for operators to search and give to an institution.
CREATE TABLE federation_idps (
    id            INTEGER PRIMARY KEY,
    federation_id BIGINT  NOT NULL REFERENCES saml_federations (id) ON DELETE CASCADE,
    entity_id     TEXT    NOT NULL CHECK (length(entity_id) BETWEEN 1 AND 290),
    display_name  TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    names         TEXT    NOT NULL DEFAULT '' CHECK (length(names) <= 4000),
    logo          TEXT    CHECK (logo IS NULL OR length(logo) <= 2000),
    scopes        TEXT    NOT NULL DEFAULT '' CHECK (length(scopes) <= 4000),
    sso_url       TEXT    NOT NULL CHECK (length(sso_url) BETWEEN 8 AND 2000),
    metadata_xml  TEXT    NOT NULL CHECK (length(metadata_xml) BETWEEN 1 AND 524288),
    UNIQUE (federation_id, entity_id)
);

-- An institution's IdP taken from a federation: its metadata follows the federation's aggregate.
ALTER TABLE saml_idps ADD COLUMN federation_id BIGINT REFERENCES saml_federations (id) ON DELETE SET NULL;
