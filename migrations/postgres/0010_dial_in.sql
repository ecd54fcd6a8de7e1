-- The telephone dial-in of a meeting, as its conference server gave it on create (shown on the room's page).
-- PostgreSQL dialect; keep in step with ../sqlite/0010_dial_in.sql.
ALTER TABLE meetings ADD COLUMN dial_number TEXT CHECK (dial_number IS NULL OR char_length(dial_number) <= 64);
ALTER TABLE meetings ADD COLUMN voice_bridge TEXT CHECK (voice_bridge IS NULL OR char_length(voice_bridge) <= 32);
