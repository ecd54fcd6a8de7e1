//! Whatever arrives as an API query: parsing never panics, what it accepts is consistent (the checksum is gone
//! from the signed text, no parameter is repeated), and the checksum check never panics either.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../server/src/balancer/bbb/query.rs"]
mod query;

#[allow(dead_code)]
#[path = "../../server/src/balancer/bbb/checksum.rs"]
mod checksum;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else { return };
    let Ok(q) = query::parse(raw, 16 * 1024) else { return };
    assert!(raw.len() <= 16 * 1024);
    assert!(!q.signed.split('&').any(|p| p.starts_with("checksum=")), "checksum left in the signed text");
    if let Some(sum) = q.checksum.as_deref() {
        let _ = checksum::verify(sum, "create", &q.signed, "fuzz-secret-0123456789abcdef-0123456789", &checksum::Algorithm::ALL);
    }
    let signed = checksum::sign(checksum::Algorithm::Sha256, "join", &q.signed, "fuzz-secret-0123456789abcdef-0123456789");
    assert!(checksum::verify(&signed, "join", &q.signed, "fuzz-secret-0123456789abcdef-0123456789", &checksum::Algorithm::ALL).is_ok());
});
