//! Institutions and their members: the services behind the `institutions` and `members` ports.

pub mod logo;
pub mod service;

pub use service::InstitutionsService;
