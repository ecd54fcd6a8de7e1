//! BigBlueButton API checksums (pure, no I/O).
//!
//! `checksum = hex(H(call + query + secret))` over the query string **exactly as sent** (already percent-encoded,
//! without the `checksum` parameter). The hash is chosen by the hex length: 40 sha1, 64 sha256, 96 sha384,
//! 128 sha512. Verification compares in constant time.

use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Algorithm {
    pub const ALL: [Algorithm; 4] = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha384, Algorithm::Sha512];

    /// The algorithm a checksum of this many hex digits was made with.
    pub fn from_hex_len(len: usize) -> Option<Algorithm> {
        match len {
            40 => Some(Algorithm::Sha1),
            64 => Some(Algorithm::Sha256),
            96 => Some(Algorithm::Sha384),
            128 => Some(Algorithm::Sha512),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512 => "sha512",
        }
    }

    pub fn parse(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name().eq_ignore_ascii_case(name.trim()))
    }
}

fn digest<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
    let mut d = D::new();
    for p in parts {
        d.update(p);
    }
    d.finalize().to_vec()
}

fn raw(algorithm: Algorithm, call: &str, query: &str, secret: &str) -> Vec<u8> {
    let parts: [&[u8]; 3] = [call.as_bytes(), query.as_bytes(), secret.as_bytes()];
    match algorithm {
        Algorithm::Sha1 => digest::<Sha1>(&parts),
        Algorithm::Sha256 => digest::<Sha256>(&parts),
        Algorithm::Sha384 => digest::<Sha384>(&parts),
        Algorithm::Sha512 => digest::<Sha512>(&parts),
    }
}

/// The lower-case hex checksum of `call` + `query` + `secret`.
pub fn sign(algorithm: Algorithm, call: &str, query: &str, secret: &str) -> String {
    hex::encode(raw(algorithm, call, query, secret))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChecksumError {
    /// Not 40, 64, 96 or 128 hex digits.
    Malformed,
    /// A valid algorithm that this caller does not accept.
    AlgorithmNotAllowed,
    /// Does not match.
    Mismatch,
}

/// Checks `checksum` (hex, either case) against `call` + `query` + `secret`, in constant time, accepting only the
/// algorithms in `allowed`. Returns the algorithm used.
pub fn verify(
    checksum: &str,
    call: &str,
    query: &str,
    secret: &str,
    allowed: &[Algorithm],
) -> Result<Algorithm, ChecksumError> {
    let algorithm = Algorithm::from_hex_len(checksum.len()).ok_or(ChecksumError::Malformed)?;
    let given = hex::decode(checksum).map_err(|_| ChecksumError::Malformed)?;
    if !allowed.contains(&algorithm) {
        return Err(ChecksumError::AlgorithmNotAllowed);
    }
    let expected = raw(algorithm, call, query, secret);
    if bool::from(expected.ct_eq(&given)) { Ok(algorithm) } else { Err(ChecksumError::Mismatch) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SECRET: &str = "639259d4-9dd8-4b25-bf01-95f9567eaf4b";
    const QUERY: &str = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444";

    #[test]
    fn documented_vector() {
        assert_eq!(sign(Algorithm::Sha1, "create", QUERY, SECRET), "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17");
        assert_eq!(
            verify("1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17", "create", QUERY, SECRET, &Algorithm::ALL),
            Ok(Algorithm::Sha1)
        );
        // Upper-case hex is the same checksum.
        assert!(verify("1FCBB0C4FC1F039F73AA6D697D2DB9BA7F803F17", "create", QUERY, SECRET, &Algorithm::ALL).is_ok());
    }

    #[test]
    fn lengths_choose_the_algorithm() {
        for a in Algorithm::ALL {
            let c = sign(a, "getMeetings", "", SECRET);
            assert_eq!(Algorithm::from_hex_len(c.len()), Some(a));
            assert_eq!(verify(&c, "getMeetings", "", SECRET, &Algorithm::ALL), Ok(a));
            assert_eq!(Algorithm::parse(a.name()), Some(a));
        }
    }

    #[test]
    fn refusals() {
        let c = sign(Algorithm::Sha1, "create", QUERY, SECRET);
        // another call, another secret, an empty secret, a parameter appended, '+' versus '%20'
        assert_eq!(verify(&c, "join", QUERY, SECRET, &Algorithm::ALL), Err(ChecksumError::Mismatch));
        assert_eq!(verify(&c, "create", QUERY, "other", &Algorithm::ALL), Err(ChecksumError::Mismatch));
        let empty = sign(Algorithm::Sha1, "create", QUERY, "");
        assert_eq!(verify(&empty, "create", QUERY, SECRET, &Algorithm::ALL), Err(ChecksumError::Mismatch));
        assert_eq!(
            verify(&c, "create", &format!("{QUERY}&x=1"), SECRET, &Algorithm::ALL),
            Err(ChecksumError::Mismatch)
        );
        let spaced = QUERY.replace('+', "%20");
        assert_eq!(verify(&c, "create", &spaced, SECRET, &Algorithm::ALL), Err(ChecksumError::Mismatch));
        // wrong lengths and non-hex
        assert_eq!(verify(&c[..39], "create", QUERY, SECRET, &Algorithm::ALL), Err(ChecksumError::Malformed));
        assert_eq!(verify(&"z".repeat(40), "create", QUERY, SECRET, &Algorithm::ALL), Err(ChecksumError::Malformed));
        assert_eq!(verify("", "create", QUERY, SECRET, &Algorithm::ALL), Err(ChecksumError::Malformed));
        // a disallowed algorithm
        assert_eq!(verify(&c, "create", QUERY, SECRET, &[Algorithm::Sha256]), Err(ChecksumError::AlgorithmNotAllowed));
    }

    proptest! {
        #[test]
        fn verify_accepts_sign_and_refuses_any_flipped_digit(
            call in "[a-zA-Z]{1,20}",
            query in "[ -~]{0,200}",
            secret in "[ -~]{32,64}",
            alg in 0usize..4,
            pos in any::<prop::sample::Index>(),
        ) {
            let a = Algorithm::ALL[alg];
            let c = sign(a, &call, &query, &secret);
            prop_assert_eq!(verify(&c, &call, &query, &secret, &Algorithm::ALL), Ok(a));
            let i = pos.index(c.len());
            let mut flipped = c.clone().into_bytes();
            flipped[i] = if flipped[i] == b'0' { b'1' } else { b'0' };
            let flipped = String::from_utf8(flipped).unwrap();
            prop_assert_eq!(verify(&flipped, &call, &query, &secret, &Algorithm::ALL), Err(ChecksumError::Mismatch));
        }
    }
}
