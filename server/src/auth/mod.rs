//! Identity: local accounts and passwords, sessions, the signed-in user of each request, sign-in rate limits.

pub mod account;
pub mod actor;
pub mod middleware;
pub mod password;
pub mod rate_limit;
pub mod routes;
pub mod session_store;
