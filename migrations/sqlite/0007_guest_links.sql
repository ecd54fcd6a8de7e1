-- Guest links of rooms: people without an account join through them. Only the token's hash is kept; a link ends at
-- its expiry or when revoked.
CREATE TABLE guest_links (
    id         INTEGER PRIMARY KEY,
    room_id    BIGINT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    token_hash TEXT   NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    label      TEXT   NOT NULL DEFAULT '' CHECK (length(label) <= 80),
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX guest_links_room ON guest_links (room_id);
