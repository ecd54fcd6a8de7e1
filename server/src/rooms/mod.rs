//! Rooms and bookings: pure rules (`rules`, `recurrence`) and the port the pages use (`service`).

pub mod edit;
pub mod feeds;
pub mod ics;
pub mod notify;
pub mod recurrence;
pub mod rooms_admin;
pub mod rules;
pub mod service;
