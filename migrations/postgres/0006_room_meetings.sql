-- Meetings of rooms share the table of placed meetings (placement, failover and callbacks are the same). Their
-- external id is `convene:room:<room id>`, a prefix the BigBlueButton-compatible API refuses to its callers.
ALTER TABLE meetings ADD COLUMN room_id BIGINT REFERENCES rooms (id) ON DELETE CASCADE;
ALTER TABLE meetings ADD COLUMN booking_id BIGINT REFERENCES bookings (id) ON DELETE SET NULL;
CREATE INDEX meetings_room ON meetings (room_id);
