-- The BigBlueButton-compatible API, SQLite dialect. Keep in step with ../postgres/0003_api.sql.

-- Shared secrets other front ends (Moodle, Greenlight, ...) use; several per institution allow rotation.
CREATE TABLE api_secrets (
    id             INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    secret         TEXT   NOT NULL UNIQUE CHECK (length(secret) BETWEEN 32 AND 200),
    -- comma-separated checksum algorithms this secret may be used with
    algorithms     TEXT   NOT NULL DEFAULT 'sha1,sha256,sha384,sha512',
    label          TEXT   NOT NULL DEFAULT '' CHECK (length(label) <= 80),
    created_at     BIGINT NOT NULL,
    -- after this moment the secret is refused (the end of a rotation window); NULL: no end
    expires_at     BIGINT
);
CREATE INDEX api_secrets_institution ON api_secrets (institution_id);

-- Meetings Convene placed and that still run: which server has them, and how to create them again elsewhere.
CREATE TABLE meetings (
    id             INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    external_id    TEXT   NOT NULL CHECK (length(external_id) BETWEEN 2 AND 240),
    server_id      BIGINT REFERENCES servers (id) ON DELETE SET NULL,
    name           TEXT   NOT NULL DEFAULT '',
    create_time    BIGINT NOT NULL DEFAULT 0,
    expected_size  BIGINT NOT NULL DEFAULT 0,
    -- the create parameters as received (without checksum), replayed on another server after a failure
    create_query   TEXT   NOT NULL CHECK (length(create_query) <= 16384),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (institution_id, external_id)
);
CREATE INDEX meetings_server ON meetings (server_id);
-- placement reads the meetings still holding reserved seats
CREATE INDEX meetings_recent ON meetings (created_at) WHERE expected_size > 0;
