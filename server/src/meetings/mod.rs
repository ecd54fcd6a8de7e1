//! Meetings on the pool: placement and creation shared by the BigBlueButton-compatible API and the rooms.

pub mod placer;
pub mod room;

/// The meeting id on the conference servers: the external id within its institution, so that two institutions'
/// meetings with the same id never meet.
pub fn scoped_id(institution_id: i64, external_id: &str) -> String {
    format!("{institution_id}-{external_id}")
}
