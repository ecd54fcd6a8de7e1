-- When the invited of a booking were last sent it (an invitation or an update): a booking that waits for approval
-- again, or is cancelled or rejected then, is withdrawn from their calendars only if they had it.
-- SQLite dialect; keep in step with ../postgres/0012_invited_at.sql.
ALTER TABLE bookings ADD COLUMN invited_at BIGINT;
