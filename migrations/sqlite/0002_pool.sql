-- The pool of conference servers, SQLite dialect. Keep in step with ../postgres/0002_pool.sql.
-- The secret is kept as given: Convene must sign every call with it.

CREATE TABLE servers (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
    api_url        TEXT    NOT NULL UNIQUE CHECK (length(api_url) BETWEEN 8 AND 500),
    secret         TEXT    NOT NULL CHECK (length(secret) BETWEEN 16 AND 200),
    algorithm      TEXT    NOT NULL DEFAULT 'sha256' CHECK (algorithm IN ('sha1', 'sha256', 'sha384', 'sha512')),
    -- the institution that contributes it (NULL: the network's own)
    institution_id BIGINT  REFERENCES institutions (id) ON DELETE SET NULL,
    region         TEXT    NOT NULL DEFAULT '' CHECK (length(region) <= 60),
    latitude       REAL    NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude      REAL    NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    capacity       BIGINT  NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
    -- comma-separated, lower-case
    tags           TEXT    NOT NULL DEFAULT '' CHECK (length(tags) <= 300),
    admin_state    TEXT    NOT NULL DEFAULT 'enabled' CHECK (admin_state IN ('enabled', 'cordoned', 'disabled')),
    health         TEXT    NOT NULL DEFAULT 'offline' CHECK (health IN ('online', 'unstable', 'offline')),
    failures       BIGINT  NOT NULL DEFAULT 0,
    successes      BIGINT  NOT NULL DEFAULT 0,
    meetings       BIGINT  NOT NULL DEFAULT 0,
    participants   BIGINT  NOT NULL DEFAULT 0,
    cpu            REAL,
    last_poll_at   BIGINT,
    last_poll_ms   BIGINT,
    last_error     TEXT    CHECK (last_error IS NULL OR length(last_error) <= 500),
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);
CREATE INDEX servers_institution ON servers (institution_id);
