-- Indexes for the create path, which runs per API create and room start. SQLite dialect; keep in step with
-- ../postgres/0017_meeting_indexes.sql.
-- Creates still in flight (reservations): the next create of the institution drops those past their time without
-- reading every meeting it runs.
CREATE INDEX meetings_creating ON meetings (institution_id, creating_since) WHERE creating_since IS NOT NULL;
-- The API meetings an institution runs (its limit of meetings at once is counted in the create's transaction).
CREATE INDEX meetings_institution_api ON meetings (institution_id) WHERE room_id IS NULL;
-- Meetings placed since the oldest last poll of the pool (placement adds them to the polled counts).
CREATE INDEX meetings_created ON meetings (created_at);
