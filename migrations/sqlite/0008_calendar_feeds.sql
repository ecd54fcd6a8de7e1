-- Private calendar feeds (webcal): of a person's bookings, or of a room. The URL carries a random token; only its
-- hash is kept. Revoking ends the feed; making a new one gives a new URL.
CREATE TABLE calendar_feeds (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT   NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    user_id    BIGINT REFERENCES users (id) ON DELETE CASCADE,
    room_id    BIGINT REFERENCES rooms (id) ON DELETE CASCADE,
    created_by BIGINT REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    CHECK (user_id IS NOT NULL OR room_id IS NOT NULL)
);
