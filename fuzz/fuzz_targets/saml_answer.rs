//! Whatever arrives as a SAMLResponse at the assertion consumer service: decoding and the first look never panic,
//! what they pass is one Response with at most one assertion, and samael's reader never panics on it either.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../server/src/auth/saml/answer.rs"]
mod answer;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Both as the form value (base64) and as the XML it would decode to.
    let _ = answer::decode(text);
    let Ok(shape) = answer::shape(text) else { return };
    assert!(shape.xml.len() >= text.len());
    let _ = shape.xml.parse::<samael::schema::Response>();
});
