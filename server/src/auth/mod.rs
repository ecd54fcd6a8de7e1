//! Identity: local accounts and passwords, sign-in through institutions' identity providers (OpenID Connect, SAML 2.0
//! IdPs on their own or from federations), roles from what providers say, sessions, the signed-in user of each request, sign-in rate limits.

pub mod account;
pub mod actor;
pub mod client_ip;
pub mod federated;
pub mod federated_routes;
pub mod federation_upload;
pub mod federations;
pub mod idp_logos;
pub mod metadata;
pub mod middleware;
pub mod oidc;
pub mod password;
pub mod password_reset;
pub mod providers;
pub mod rate_limit;
pub mod roles;
pub mod routes;
pub mod saml;
pub mod session_store;
