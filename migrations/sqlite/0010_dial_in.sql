-- The telephone dial-in of a meeting, as its conference server gave it on create (shown on the room's page).
-- SQLite dialect; keep in step with ../postgres/0010_dial_in.sql.
ALTER TABLE meetings ADD COLUMN dial_number TEXT CHECK (dial_number IS NULL OR length(dial_number) <= 64);
ALTER TABLE meetings ADD COLUMN voice_bridge TEXT CHECK (voice_bridge IS NULL OR length(voice_bridge) <= 32);
