//! The assertion consumer service's first look at an IdP's answer, before any signature is checked: the form value
//! decoded (base64, UTF-8), then the XML read once without trusting it — no DOCTYPE (entities), one
//! `samlp:Response`, at most one assertion anywhere (a second one is how signature wrapping smuggles an identity
//! in), no ID twice, not nested absurdly deep — and made readable for samael. Pure, and fuzzed
//! (`fuzz/fuzz_targets/saml_answer.rs`).

use base64::Engine;

/// The largest SAMLResponse (base64, as posted) read.
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AnswerError {
    #[error("the SAMLResponse is larger than {} KiB", MAX_RESPONSE_BYTES / 1024)]
    TooLarge,
    #[error("the SAMLResponse is not base64")]
    NotBase64,
    #[error("the SAMLResponse is not UTF-8")]
    NotUtf8,
    #[error("the answer has a DOCTYPE")]
    Doctype,
    #[error("the answer is not XML: {0}")]
    NotXml(String),
    #[error("the answer is not one samlp:Response")]
    NotAResponse,
    #[error("an ID appears twice in the answer")]
    DuplicateId,
    #[error("the answer holds more than one assertion")]
    TwoAssertions,
    #[error("the answer binds the ds prefix to another namespace")]
    DsPrefix,
    #[error("the answer is nested too deeply")]
    TooDeep,
}

/// Refuses what no SAML message (nor metadata) needs and what makes XML dangerous: a DOCTYPE (entity expansion,
/// external entities).
pub fn refuse_doctype(xml: &str) -> Result<(), AnswerError> {
    let doctype = xml.as_bytes().windows(9).any(|w| w.eq_ignore_ascii_case(b"<!DOCTYPE"));
    let entity = xml.as_bytes().windows(8).any(|w| w.eq_ignore_ascii_case(b"<!ENTITY"));
    if doctype || entity { Err(AnswerError::Doctype) } else { Ok(()) }
}

/// The posted `SAMLResponse`, decoded and looked at.
pub fn decode(saml_response: &str) -> Result<Shape, AnswerError> {
    if saml_response.len() > MAX_RESPONSE_BYTES {
        return Err(AnswerError::TooLarge);
    }
    let compact: String = saml_response.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes =
        base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()).map_err(|_| AnswerError::NotBase64)?;
    let xml = String::from_utf8(bytes).map_err(|_| AnswerError::NotUtf8)?;
    shape(&xml)
}

/// What the assertion consumer service needs from an answer's XML before samael reads it (no DOCTYPE; one
/// `samlp:Response`; at most one assertion, plain or encrypted, anywhere in it — a second one is how signature
/// wrapping smuggles an identity in; no ID twice), and the answer as samael can read it.
pub struct Shape {
    pub response_signed: bool,
    pub encrypted: bool,
    /// The answer, with the `xmlns:ds` declaration samael's reader needs on an encrypted assertion's `KeyInfo`.
    pub xml: String,
}

const DSIG: &[u8] = b"http://www.w3.org/2000/09/xmldsig#";
const XENC: &[u8] = b"http://www.w3.org/2001/04/xmlenc#";
const SAML_ASSERTION: &[u8] = b"urn:oasis:names:tc:SAML:2.0:assertion";

pub fn shape(xml: &str) -> Result<Shape, AnswerError> {
    use quick_xml::events::Event;
    use quick_xml::name::{Namespace, QName, ResolveResult};
    refuse_doctype(xml)?;
    let mut reader = quick_xml::NsReader::from_str(xml);
    let mut depth = 0usize;
    let mut shape = Shape { response_signed: false, encrypted: false, xml: String::new() };
    let mut root_seen = false;
    let mut assertions = 0;
    let mut ids = std::collections::HashSet::new();
    // The (namespace, local name) of the open elements.
    let mut open: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    // Where to insert `xmlns:ds` (just after the element's name in the start tag).
    let mut insert_at: Vec<usize> = Vec::new();
    let mut before = 0usize;
    loop {
        let (ns, event) = reader.read_resolved_event().map_err(|e| AnswerError::NotXml(e.to_string()))?;
        let ns_uri = match ns {
            ResolveResult::Bound(Namespace(n)) => n.to_vec(),
            _ => Vec::new(),
        };
        match event {
            Event::DocType(_) => return Err(AnswerError::Doctype),
            Event::Start(ref e) | Event::Empty(ref e) => {
                let local = e.local_name().as_ref().to_vec();
                for a in e.attributes() {
                    let a = a.map_err(|e| AnswerError::NotXml(e.to_string()))?;
                    if matches!(a.key.as_ref(), b"ID" | b"Id" | b"id") && !ids.insert(a.value.to_vec()) {
                        return Err(AnswerError::DuplicateId);
                    }
                }
                if depth == 0 {
                    if root_seen || ns_uri != b"urn:oasis:names:tc:SAML:2.0:protocol" || local != b"Response" {
                        return Err(AnswerError::NotAResponse);
                    }
                    root_seen = true;
                } else if depth == 1 && ns_uri == DSIG && local == b"Signature" {
                    shape.response_signed = true;
                }
                if ns_uri == SAML_ASSERTION && (local == b"Assertion" || local == b"EncryptedAssertion") {
                    assertions += 1;
                    if assertions > 1 {
                        return Err(AnswerError::TwoAssertions);
                    }
                    shape.encrypted = local == b"EncryptedAssertion";
                }
                // samael reads an EncryptedData's KeyInfo only with an `xmlns:ds` (or `xmlns:dsig`) attribute of
                // its own; IdPs that declare the namespace elsewhere (pysaml2 does) would be unreadable. The
                // declaration is added where `ds` is free or already means XML-DSig: nothing changes meaning, and
                // exclusive canonicalisation (what SAML signs with) leaves an unused declaration out.
                let parent_is_encrypted_data =
                    open.last().is_some_and(|(pn, pl)| pn.as_slice() == XENC && pl.as_slice() == b"EncryptedData");
                if parent_is_encrypted_data && ns_uri == DSIG && local == b"KeyInfo" {
                    let has_own =
                        e.attributes().flatten().any(|a| matches!(a.key.as_ref(), b"xmlns:ds" | b"xmlns:dsig"));
                    if !has_own {
                        match reader.resolve_element(QName(b"ds:x")).0 {
                            ResolveResult::Bound(Namespace(n)) if n != DSIG => {
                                return Err(AnswerError::DsPrefix);
                            }
                            _ => insert_at.push(before + 1 + e.name().as_ref().len()),
                        }
                    }
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                    if depth > 64 {
                        return Err(AnswerError::TooDeep);
                    }
                    open.push((ns_uri, local));
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
        before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
    }
    if !root_seen {
        return Err(AnswerError::NotAResponse);
    }
    let mut out = String::with_capacity(xml.len() + insert_at.len() * 46);
    let mut from = 0;
    for at in insert_at {
        if at > xml.len() || !xml.is_char_boundary(at) {
            return Err(AnswerError::NotXml("an insertion point outside the text".into()));
        }
        out.push_str(&xml[from..at]);
        out.push_str(" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"");
        from = at;
    }
    out.push_str(&xml[from..]);
    shape.xml = out;
    Ok(shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_of_an_answer() {
        let signed = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><ds:Signature/><saml:EncryptedAssertion/></samlp:Response>"#;
        let s = shape(signed).unwrap();
        assert!(s.response_signed && s.encrypted);
        let nested = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><x><ds:Signature/></x></samlp:Response>"#;
        assert!(!shape(nested).unwrap().response_signed, "a signature deeper down is not the Response's");
        assert!(shape("<!DOCTYPE r [<!ENTITY x \"y\">]><r/>").is_err());
        assert!(shape("<samlp:Response xmlns:samlp=\"urn:other\"/>").is_err());
        assert!(shape("").is_err());
        let two = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Assertion ID="a"/><x><saml:Assertion ID="b"/></x></samlp:Response>"#;
        assert!(shape(two).is_err(), "two assertions, wherever the second is");
        let same_id =
            r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="a"><x ID="a"/></samlp:Response>"#;
        assert!(shape(same_id).is_err(), "an ID twice");
        let deep = format!(
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">{}{}</samlp:Response>",
            "<a>".repeat(100),
            "</a>".repeat(100)
        );
        assert!(shape(&deep).is_err());
    }

    #[test]
    fn an_encrypted_datas_key_info_gets_its_ds_declaration() {
        let xml = r#"<p:Response xmlns:p="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:a="urn:oasis:names:tc:SAML:2.0:assertion"><a:EncryptedAssertion><e:EncryptedData xmlns:e="http://www.w3.org/2001/04/xmlenc#" xmlns:k="http://www.w3.org/2000/09/xmldsig#"><k:KeyInfo><k:X/></k:KeyInfo></e:EncryptedData></a:EncryptedAssertion></p:Response>"#;
        let s = shape(xml).unwrap();
        assert!(s.encrypted && !s.response_signed);
        assert!(s.xml.contains(r#"<k:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><k:X/>"#), "{}", s.xml);
        assert_eq!(s.xml.len(), xml.len() + 46);
        let own = xml.replace("<k:KeyInfo>", r#"<k:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">"#);
        assert_eq!(shape(&own).unwrap().xml, own, "left alone when it has one");
        let other = xml.replace("xmlns:k=", r#"xmlns:ds="urn:other" xmlns:k="#);
        assert!(shape(&other).is_err(), "ds bound to something else: not rebound");
    }

    #[test]
    fn the_form_value_is_decoded_first() {
        assert_eq!(decode("not base64!").err(), Some(AnswerError::NotBase64));
        assert_eq!(
            decode(&base64::engine::general_purpose::STANDARD.encode([0xff, 0xfe])).err(),
            Some(AnswerError::NotUtf8)
        );
        assert_eq!(decode(&"A".repeat(MAX_RESPONSE_BYTES + 4)).err(), Some(AnswerError::TooLarge));
        let xml = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>"#;
        let b64 = base64::engine::general_purpose::STANDARD.encode(xml);
        let wrapped = format!("{}\r\n{}", &b64[..10], &b64[10..]);
        assert_eq!(decode(&wrapped).unwrap().xml, xml, "line breaks in the base64 are fine");
    }
}
