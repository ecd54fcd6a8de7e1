//! Meetings on the pool, for the BigBlueButton-compatible API and the rooms alike: their lifecycle (start, reach or
//! fail over, end, callbacks, history), where they go (the placer), the callback rules, and a room's meeting.

pub mod callbacks;
pub mod known;
pub mod lifecycle;
pub mod placer;
pub mod room;

/// The meeting id on the conference servers: the external id within its institution, so that two institutions'
/// meetings with the same id never meet.
pub fn scoped_id(institution_id: i64, external_id: &str) -> String {
    format!("{institution_id}-{external_id}")
}
