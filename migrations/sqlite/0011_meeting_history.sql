-- Meetings that ended: a row for each meeting Convene placed, written when it is forgotten (the server's end
-- callback, the poller finding it gone, an end from the room's page or through the API). A booking's page shows
-- when its meeting was held; usage reports read it. SQLite dialect; keep in step with ../postgres/0011.
CREATE TABLE meeting_history (
    id             INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    room_id        BIGINT REFERENCES rooms (id) ON DELETE SET NULL,
    booking_id     BIGINT REFERENCES bookings (id) ON DELETE SET NULL,
    external_id    TEXT   NOT NULL,
    name           TEXT   NOT NULL DEFAULT '',
    server_id      BIGINT REFERENCES servers (id) ON DELETE SET NULL,
    started_at     BIGINT NOT NULL,
    ended_at       BIGINT NOT NULL CHECK (ended_at >= started_at),
    ended_by       TEXT   NOT NULL CHECK (ended_by IN ('callback', 'poller', 'request', 'api'))
);
CREATE INDEX meeting_history_booking ON meeting_history (booking_id);
CREATE INDEX meeting_history_institution ON meeting_history (institution_id, started_at);
