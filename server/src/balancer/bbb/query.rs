//! Strict reading of a BigBlueButton API query string (pure).
//!
//! The checksum covers the query exactly as sent, so the `checksum` parameter is removed textually and the rest
//! kept byte for byte. Everything else is decoded strictly: a bad percent escape, bad UTF-8, a parameter given
//! twice or an over-long query is refused rather than guessed at.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiQuery {
    /// The query without the checksum parameter, as it was sent: what the checksum signs.
    pub signed: String,
    pub checksum: Option<String>,
    pub params: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is longer than {0} bytes")]
    TooLong(usize),
    #[error("parameter {0:?} is not correctly percent-encoded UTF-8")]
    BadEncoding(String),
    #[error("parameter {0:?} is given more than once")]
    Duplicate(String),
}

impl ApiQuery {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }

    /// Parameters starting with `prefix` (e.g. `meta_`), prefix removed.
    pub fn prefixed<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.params.iter().filter_map(move |(k, v)| k.strip_prefix(prefix).map(|k| (k, v.as_str())))
    }
}

pub fn parse(raw: &str, max_len: usize) -> Result<ApiQuery, QueryError> {
    if raw.len() > max_len {
        return Err(QueryError::TooLong(max_len));
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut checksum = None;
    let mut params = BTreeMap::new();
    for piece in raw.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
        let key = decode(k).ok_or_else(|| QueryError::BadEncoding(k.chars().take(40).collect()))?;
        let value = decode(v).ok_or_else(|| QueryError::BadEncoding(key.clone()))?;
        if key == "checksum" {
            if checksum.is_some() {
                return Err(QueryError::Duplicate(key));
            }
            checksum = Some(value);
            continue;
        }
        if params.insert(key.clone(), value).is_some() {
            return Err(QueryError::Duplicate(key));
        }
        kept.push(piece);
    }
    Ok(ApiQuery { signed: kept.join("&"), checksum, params })
}

/// `application/x-www-form-urlencoded` decoding that refuses what it cannot decode exactly.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = (*bytes.get(i + 1)? as char).to_digit(16)?;
                let lo = (*bytes.get(i + 2)? as char).to_digit(16)?;
                out.push((hi * 16 + lo) as u8);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes a value the way BBB clients do (`application/x-www-form-urlencoded`, space as `+`).
pub fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Builds a query string from pairs, in order.
pub fn build(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn checksum_is_stripped_textually() {
        let q = parse("name=Test+Meeting&checksum=abc&meetingID=a%2Fb", 4096).unwrap();
        assert_eq!(q.signed, "name=Test+Meeting&meetingID=a%2Fb");
        assert_eq!(q.checksum.as_deref(), Some("abc"));
        assert_eq!(q.get("name"), Some("Test Meeting"));
        assert_eq!(q.get("meetingID"), Some("a/b"));
        let q = parse("checksum=abc", 4096).unwrap();
        assert_eq!(q.signed, "");
    }

    #[test]
    fn refuses_ambiguity() {
        assert_eq!(parse("a=1&a=2", 100), Err(QueryError::Duplicate("a".into())));
        assert_eq!(parse("a=1&checksum=x&checksum=y", 100), Err(QueryError::Duplicate("checksum".into())));
        assert!(matches!(parse("a=%zz", 100), Err(QueryError::BadEncoding(_))));
        assert!(matches!(parse("a=%e2%28%a1", 100), Err(QueryError::BadEncoding(_))));
        assert!(matches!(parse("a=%4", 100), Err(QueryError::BadEncoding(_))));
        assert_eq!(parse(&"a".repeat(101), 100), Err(QueryError::TooLong(100)));
    }

    #[test]
    fn build_and_parse_round_trip() {
        let q = build(&[("name", "Aula 1 — Roma"), ("meta_x", "a&b=c")]);
        let p = parse(&q, 4096).unwrap();
        assert_eq!(p.get("name"), Some("Aula 1 — Roma"));
        assert_eq!(p.prefixed("meta_").collect::<Vec<_>>(), vec![("x", "a&b=c")]);
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,300}") {
            let _ = parse(&s, 10_000);
        }

        #[test]
        fn round_trips(pairs in prop::collection::btree_map("[a-zA-Z_]{1,12}", "\\PC{0,40}", 0..8)) {
            let v: Vec<(&str, &str)> = pairs.iter().filter(|(k, _)| *k != "checksum").map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let q = build(&v);
            let p = parse(&q, 100_000).unwrap();
            prop_assert_eq!(&p.signed, &q);
            for (k, val) in v {
                prop_assert_eq!(p.get(k), Some(val));
            }
        }
    }
}
