-- The passwords a meeting was created with (the caller's, or those its conference server chose), so that a meeting
-- recreated on another server after a failure keeps them and joins with the old password still work; and the
-- reservation of a create still in flight (set while the conference server is being asked, NULL once created),
-- which counts towards the institution's limit of meetings so that concurrent creates cannot exceed it.
-- SQLite dialect; keep in step with ../postgres/0014_meeting_passwords.sql.
ALTER TABLE meetings ADD COLUMN attendee_pw TEXT CHECK (attendee_pw IS NULL OR length(attendee_pw) <= 256);
ALTER TABLE meetings ADD COLUMN moderator_pw TEXT CHECK (moderator_pw IS NULL OR length(moderator_pw) <= 256);
ALTER TABLE meetings ADD COLUMN creating_since BIGINT;
