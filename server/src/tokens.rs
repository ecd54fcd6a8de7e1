//! Secret tokens that open something by their possession alone — guest links, calendar feeds, the callback URLs
//! given to conference servers: made at random, checked for shape before any lookup, and stored only as a hash.

use sha2::{Digest, Sha256};

pub fn new_token() -> String {
    let bytes: [u8; 24] = rand::random();
    hex::encode(bytes)
}

/// Whether a string has the shape of a token `new_token` makes (checked before any lookup).
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 48 && s.chars().all(|c| c.is_ascii_hexdigit())
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
