-- Rooms, bookings and the institution's booking policy, SQLite dialect. Keep in step with ../postgres/0005_rooms.sql.

-- Who may do what, quotas, approval and capacity behaviour, per institution (one row; absent = the defaults).
-- Roles name the lowest membership role allowed: 'admin' < 'member' < 'guest' in reach.
CREATE TABLE booking_policies (
    institution_id       BIGINT PRIMARY KEY REFERENCES institutions (id) ON DELETE CASCADE,
    create_rooms_role    TEXT   NOT NULL DEFAULT 'admin'  CHECK (create_rooms_role IN ('admin', 'member')),
    book_role            TEXT   NOT NULL DEFAULT 'member' CHECK (book_role IN ('admin', 'member', 'guest')),
    record_role          TEXT   NOT NULL DEFAULT 'member' CHECK (record_role IN ('admin', 'member')),
    personal_room_role   TEXT   NOT NULL DEFAULT 'member' CHECK (personal_room_role IN ('admin', 'member', 'none')),
    max_hours_per_week   BIGINT CHECK (max_hours_per_week IS NULL OR max_hours_per_week BETWEEN 1 AND 168),
    max_days_ahead       BIGINT CHECK (max_days_ahead IS NULL OR max_days_ahead BETWEEN 1 AND 3650),
    min_notice_minutes   BIGINT NOT NULL DEFAULT 0 CHECK (min_notice_minutes BETWEEN 0 AND 43200),
    approval_required    BIGINT NOT NULL DEFAULT 0 CHECK (approval_required IN (0, 1)),
    capacity_policy      TEXT   NOT NULL DEFAULT 'warn' CHECK (capacity_policy IN ('warn', 'refuse')),
    start_early_minutes  BIGINT NOT NULL DEFAULT 15 CHECK (start_early_minutes BETWEEN 0 AND 240),
    grace_minutes        BIGINT NOT NULL DEFAULT 15 CHECK (grace_minutes BETWEEN 0 AND 240),
    updated_at           BIGINT NOT NULL
);

CREATE TABLE rooms (
    id             INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    name           TEXT   NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description    TEXT   NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    capacity       BIGINT NOT NULL CHECK (capacity BETWEEN 2 AND 10000),
    owner_id       BIGINT REFERENCES users (id) ON DELETE SET NULL,
    visibility     TEXT   NOT NULL DEFAULT 'institution' CHECK (visibility IN ('institution', 'public')),
    -- an on-demand room of one person: no booking needed
    personal       BIGINT NOT NULL DEFAULT 0 CHECK (personal IN (0, 1)),
    record_allowed BIGINT NOT NULL DEFAULT 0 CHECK (record_allowed IN (0, 1)),
    guest_policy   TEXT   NOT NULL DEFAULT 'ask' CHECK (guest_policy IN ('open', 'ask', 'none')),
    access_code    TEXT   CHECK (access_code IS NULL OR length(access_code) BETWEEN 4 AND 32),
    mute_on_start  BIGINT NOT NULL DEFAULT 1 CHECK (mute_on_start IN (0, 1)),
    welcome        TEXT   NOT NULL DEFAULT '' CHECK (length(welcome) <= 2000),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX rooms_institution ON rooms (institution_id);

CREATE TABLE room_owners (
    room_id BIGINT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (room_id, user_id)
);

-- A recurring booking: the RFC 5545 rule it was made from, in the time zone it was made in. Its occurrences are
-- rows of `bookings` (each one held by the no-overlap rule below).
CREATE TABLE booking_series (
    id         INTEGER PRIMARY KEY,
    room_id    BIGINT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    rrule      TEXT   NOT NULL CHECK (length(rrule) BETWEEN 1 AND 500),
    timezone   TEXT   NOT NULL CHECK (length(timezone) BETWEEN 1 AND 64),
    -- the first occurrence as asked (unix seconds) and every occurrence's length: with the rule, the expected
    -- occurrences (those no longer held become EXDATEs in calendar exports)
    first_start BIGINT NOT NULL,
    duration   BIGINT NOT NULL CHECK (duration > 0),
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);

-- Times are unix seconds; a booking is the half-open interval [starts_at, ends_at), so adjacent slots both fit.
-- 'pending' (awaiting approval) holds its slot like 'confirmed'; 'cancelled' and 'rejected' do not.
CREATE TABLE bookings (
    id            INTEGER PRIMARY KEY,
    room_id       BIGINT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    series_id     BIGINT REFERENCES booking_series (id) ON DELETE CASCADE,
    title         TEXT   NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description   TEXT   NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    starts_at     BIGINT NOT NULL,
    ends_at       BIGINT NOT NULL,
    expected      BIGINT NOT NULL DEFAULT 0 CHECK (expected BETWEEN 0 AND 10000),
    status        TEXT   NOT NULL DEFAULT 'confirmed'
                         CHECK (status IN ('confirmed', 'pending', 'cancelled', 'rejected')),
    status_reason TEXT   CHECK (status_reason IS NULL OR length(status_reason) <= 500),
    created_by    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CHECK (ends_at > starts_at),
    -- one booking is at most a day long: overlap checks then look back only one day in the index
    CHECK (ends_at - starts_at <= 86400)
);
CREATE INDEX bookings_room_time ON bookings (room_id, starts_at);
CREATE INDEX bookings_creator ON bookings (created_by, starts_at);

-- No double booking, ever: SQLite takes one writer at a time, so a trigger that looks for an overlapping holder
-- before each write sees every committed booking.
CREATE TRIGGER bookings_no_overlap_insert
BEFORE INSERT ON bookings
WHEN NEW.status IN ('confirmed', 'pending')
BEGIN
    SELECT RAISE(ABORT, 'booking_overlap')
    WHERE EXISTS (
        SELECT 1 FROM bookings b
        WHERE b.room_id = NEW.room_id AND b.status IN ('confirmed', 'pending')
          AND b.starts_at > NEW.starts_at - 86400 AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at
    );
END;

CREATE TRIGGER bookings_no_overlap_update
BEFORE UPDATE OF room_id, starts_at, ends_at, status ON bookings
WHEN NEW.status IN ('confirmed', 'pending')
BEGIN
    SELECT RAISE(ABORT, 'booking_overlap')
    WHERE EXISTS (
        SELECT 1 FROM bookings b
        WHERE b.id <> NEW.id AND b.room_id = NEW.room_id AND b.status IN ('confirmed', 'pending')
          AND b.starts_at > NEW.starts_at - 86400 AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at
    );
END;
