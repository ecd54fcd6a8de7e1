-- A guest link sent with an invitation belongs to that booking (or series): it opens the room only while the
-- booking (or an occurrence of the series) is still held, so a cancelled or rejected booking stops its links at once.
-- PostgreSQL dialect; keep in step with ../sqlite/0015_guest_link_ties.sql.
ALTER TABLE guest_links ADD COLUMN booking_id BIGINT REFERENCES bookings (id) ON DELETE CASCADE;
ALTER TABLE guest_links ADD COLUMN series_id BIGINT REFERENCES booking_series (id) ON DELETE CASCADE;
