-- Limits, parameter policies and callbacks of the BBB-compatible API, SQLite dialect.
-- Keep in step with ../postgres/0004_api_policies.sql.

-- Per-institution limits (NULL: none): meetings running at once, and seats of any one meeting.
ALTER TABLE institutions ADD COLUMN api_max_meetings BIGINT CHECK (api_max_meetings IS NULL OR api_max_meetings >= 0);
ALTER TABLE institutions ADD COLUMN api_max_participants BIGINT
    CHECK (api_max_participants IS NULL OR api_max_participants >= 1);

-- What happens to one parameter of a call: `default` (set when the caller did not), `override` (always this value),
-- `block` (removed).
CREATE TABLE api_parameter_policies (
    id             INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    api_call       TEXT   NOT NULL CHECK (api_call IN ('create', 'join')),
    name           TEXT   NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    mode           TEXT   NOT NULL CHECK (mode IN ('default', 'override', 'block')),
    value          TEXT   NOT NULL DEFAULT '' CHECK (length(value) <= 2000),
    created_at     BIGINT NOT NULL,
    UNIQUE (institution_id, api_call, name)
);

-- Conference servers call Convene back (meeting ended, recording ready) at a URL with a random token; Convene then
-- calls the front end's own URL. Only the token's hash is kept. One row per placement: a meeting moved to another
-- server gets a new token, so the old server can no longer speak for it.
CREATE TABLE api_callbacks (
    token_hash     TEXT   PRIMARY KEY CHECK (length(token_hash) = 64),
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    external_id    TEXT   NOT NULL CHECK (length(external_id) BETWEEN 2 AND 240),
    server_id      BIGINT REFERENCES servers (id) ON DELETE CASCADE,
    end_url        TEXT   CHECK (end_url IS NULL OR length(end_url) <= 2000),
    recording_url  TEXT   CHECK (recording_url IS NULL OR length(recording_url) <= 2000),
    created_at     BIGINT NOT NULL
);
CREATE INDEX api_callbacks_created ON api_callbacks (created_at);

-- For the dashboard: participants at the last polls (comma-separated, oldest first, at most 30), and why the last
-- placement chose this server.
ALTER TABLE servers ADD COLUMN history TEXT NOT NULL DEFAULT '' CHECK (length(history) <= 400);
ALTER TABLE servers ADD COLUMN last_placement_at BIGINT;
ALTER TABLE servers ADD COLUMN last_placement TEXT CHECK (last_placement IS NULL OR length(last_placement) <= 500);
