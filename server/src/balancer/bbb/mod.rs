//! The BigBlueButton API: checksums, strict query reading, XML answers.

pub mod checksum;
pub mod client;
pub mod query;
pub mod xml;
