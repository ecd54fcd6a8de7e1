-- Password reset links for local accounts. PostgreSQL dialect; keep in step with ../sqlite/0034_password_resets.sql.
-- token_hash: sha256 of the secret in the link (the link itself is never stored); a link works once (used_at) and
-- until expires_at; asking for a new one ends the person's earlier ones.
CREATE TABLE password_resets (
    token_hash TEXT    PRIMARY KEY CHECK (char_length(token_hash) = 64),
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL,
    expires_at BIGINT  NOT NULL,
    used_at    BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id);
