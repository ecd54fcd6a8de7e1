-- Foundation schema, SQLite dialect. Keep in step with ../postgres/0001_foundation.sql: same tables, columns and
-- constraints. Timestamps are UTC unix seconds (BIGINT) so the same queries run on both engines; flags are 0/1
-- integers because the portable (Any) driver has no SQLite boolean type.

CREATE TABLE institutions (
    id               INTEGER PRIMARY KEY,
    slug             TEXT    NOT NULL UNIQUE CHECK (length(slug) BETWEEN 2 AND 40),
    name             TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    timezone         TEXT    NOT NULL CHECK (length(timezone) BETWEEN 1 AND 64),
    region           TEXT    NOT NULL DEFAULT '' CHECK (length(region) <= 60),
    latitude         REAL    NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude        REAL    NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    default_language TEXT    NOT NULL CHECK (default_language IN ('en', 'it', 'pt-BR', 'ru')),
    brand_color      TEXT    NOT NULL CHECK (length(brand_color) = 7),
    logo_url         TEXT    CHECK (logo_url IS NULL OR length(logo_url) <= 500),
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
    display_name  TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    -- argon2id PHC string; NULL for people who only sign in through an identity provider
    password_hash TEXT,
    is_operator   INTEGER NOT NULL DEFAULT 0 CHECK (is_operator IN (0, 1)),
    language      TEXT    CHECK (language IS NULL OR language IN ('en', 'it', 'pt-BR', 'ru')),
    timezone      TEXT    CHECK (timezone IS NULL OR length(timezone) BETWEEN 1 AND 64),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);

-- How a person proves who they are: 'local' (e-mail + password), later 'saml:<entity id>' or 'oidc:<issuer>'.
CREATE TABLE identities (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider   TEXT    NOT NULL CHECK (length(provider) BETWEEN 1 AND 300),
    subject    TEXT    NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    created_at BIGINT  NOT NULL,
    UNIQUE (provider, subject)
);
CREATE INDEX identities_user ON identities (user_id);

CREATE TABLE memberships (
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    role           TEXT   NOT NULL CHECK (role IN ('admin', 'member', 'guest')),
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (user_id, institution_id)
);
CREATE INDEX memberships_institution ON memberships (institution_id, role);

CREATE TABLE sessions (
    id         TEXT   PRIMARY KEY,
    data       TEXT   NOT NULL,
    expires_at BIGINT NOT NULL,
    user_id    BIGINT REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             BIGINT NOT NULL,
    actor_user_id  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    institution_id BIGINT REFERENCES institutions (id) ON DELETE SET NULL,
    action         TEXT   NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
    subject        TEXT   NOT NULL DEFAULT '' CHECK (length(subject) <= 500)
);
CREATE INDEX audit_log_institution ON audit_log (institution_id, at);
