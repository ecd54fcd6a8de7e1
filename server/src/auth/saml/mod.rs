//! Convene as a SAML 2.0 service provider.
//!
//! - `sp`: its own key, certificate and metadata (`/saml/metadata`);
//! - `idp`: what an identity provider's metadata says (entity id, single sign-on address, signing certificates,
//!   scopes, names), read and checked before anyone signs in through it;
//! - `answer`: the first, untrusting look at an IdP's answer (decoding, shape, no DOCTYPE, one assertion);
//! - `federation`: a federation's signed metadata aggregate, verified and split into its IdPs;
//! - `person`: who the IdP's attributes say the person is (identifier, scoped values checked, claims for the rules);
//! - `login`: the sign-in itself — a signed AuthnRequest, the assertion consumer service (samael verifies the
//!   signature; what it leaves to its caller is done here), and the browser's return into a session;
//! - `logout`: single logout over the redirect binding, begun by Convene or by the IdP.

pub mod answer;
pub mod federation;
pub mod idp;
pub mod login;
pub mod logout;
pub mod person;
pub mod sp;

pub use sp::*;
