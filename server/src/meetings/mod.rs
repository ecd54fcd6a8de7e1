//! Meetings on the pool: placement and creation shared by the BigBlueButton-compatible API and the rooms.

pub mod placer;
pub mod room;
