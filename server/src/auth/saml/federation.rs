//! A federation's metadata aggregate (`md:EntitiesDescriptor`): its signature checked with the certificate an
//! operator gave for the federation — over the whole aggregate, rsa-sha256 or stronger, by xmlsec through samael —,
//! its `validUntil` and `cacheDuration`, and every IdP in it taken out as a standalone `EntityDescriptor` (with the
//! namespace declarations it inherited) and read like an IdP's own metadata. Entities that are not usable IdPs (no
//! signing key, no https single sign-on, SPs) are left out and counted. No I/O: the caller fetched the document.

use chrono::{DateTime, Utc};
use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use samael::crypto::{CertificateDer, CryptoProvider, XmlSec};

use super::idp::{self, IdpMetadata, MD, MetadataError};

/// The largest aggregate read (a national federation with eduGAIN is tens of megabytes).
pub const MAX_BYTES: usize = 128 * 1024 * 1024;
const DSIG: &[u8] = b"http://www.w3.org/2000/09/xmldsig#";

/// What an aggregate holds.
#[derive(Debug, Default)]
pub struct Aggregate {
    pub valid_until: Option<DateTime<Utc>>,
    pub cache_seconds: Option<i64>,
    /// Each usable IdP, with its standalone metadata document.
    pub idps: Vec<(IdpMetadata, String)>,
    /// Entities with an IdP role that could not be used (and why, for the first few).
    pub skipped: usize,
    pub skipped_reasons: Vec<String>,
}

/// Checks the aggregate's signature with `signing_cert_pem` and reads it at `now`.
pub fn verify_and_read(xml: &str, signing_cert_pem: &str, now: DateTime<Utc>) -> Result<Aggregate, MetadataError> {
    if xml.len() > MAX_BYTES {
        return Err(MetadataError::TooLarge);
    }
    idp::refuse_doctype(xml)?;
    let cert = openssl::x509::X509::from_pem(signing_cert_pem.as_bytes())
        .and_then(|c| c.to_der())
        .map_err(|_| MetadataError::BadSigningCert)?;
    root_signature_covers_root(xml, Root::Aggregate)?;
    // The one signature that covers the whole aggregate (the root's first child, checked above: its reference,
    // transforms and algorithms), verified with the federation's key. xmlsec verifies one signature over the
    // document in a single canonicalisation pass; samael's reduction, built for small SAML messages, grows with
    // the square of the number of elements and would take minutes and gigabytes on a national aggregate.
    XmlSec::verify_signed_xml(xml.as_bytes(), &CertificateDer::from(cert), Some("ID"))
        .map_err(|_| MetadataError::BadSignature)?;
    read(xml, now)
}

/// One entity's metadata as a Metadata Query (MDQ) service answers: a signed `EntityDescriptor`, its own first child
/// the signature over the whole of it (checked as an aggregate's is), verified with the federation's certificate,
/// not expired, and read like an IdP's own metadata. No I/O: the caller fetched it.
pub fn verify_entity(xml: &str, signing_cert_pem: &str, now: DateTime<Utc>) -> Result<IdpMetadata, MetadataError> {
    if xml.len() > idp::MAX_BYTES {
        return Err(MetadataError::TooLarge);
    }
    idp::refuse_doctype(xml)?;
    let cert = openssl::x509::X509::from_pem(signing_cert_pem.as_bytes())
        .and_then(|c| c.to_der())
        .map_err(|_| MetadataError::BadSigningCert)?;
    root_signature_covers_root(xml, Root::Entity)?;
    XmlSec::verify_signed_xml(xml.as_bytes(), &CertificateDer::from(cert), Some("ID"))
        .map_err(|_| MetadataError::BadSignature)?;
    idp::parse(xml, now)
}

/// What the signed document's root must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Root {
    /// `md:EntitiesDescriptor`: a federation's aggregate.
    Aggregate,
    /// `md:EntityDescriptor`: one entity, as an MDQ service answers.
    Entity,
}

/// Signature algorithms accepted for an aggregate (and their digests).
const SIGNATURE_ALGORITHMS: &[&str] = &[
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
];
const DIGEST_ALGORITHMS: &[&str] = &[
    "http://www.w3.org/2001/04/xmlenc#sha256",
    "http://www.w3.org/2001/04/xmldsig-more#sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512",
];
/// Transforms that keep the whole element signed (no XPath or XSLT choosing parts of it).
const TRANSFORMS: &[&str] = &[
    "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
    "http://www.w3.org/2001/10/xml-exc-c14n#",
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
];

/// The root's own `ds:Signature` (its first child) must sign the root as a whole: one reference, to `#<the root's
/// ID>`, with only the enveloped-signature and canonicalisation transforms, rsa/ecdsa-sha256 or stronger.
fn root_signature_covers_root(xml: &str, root: Root) -> Result<(), MetadataError> {
    let mut reader = NsReader::from_str(xml);
    let mut depth = 0usize;
    let mut root_id: Option<String> = None;
    let mut in_signature = false;
    let (mut references, mut uri, mut sig_alg, mut digest_alg) = (0, None, None, None);
    let mut transforms_ok = true;
    let algorithm = |e: &quick_xml::events::BytesStart<'_>, name: &[u8]| {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
    };
    loop {
        let (ns, event) = reader.read_resolved_event().map_err(|e| MetadataError::Xml(e.to_string()))?;
        let dsig = matches!(ns, ResolveResult::Bound(Namespace(n)) if n == DSIG);
        let is_md = matches!(ns, ResolveResult::Bound(Namespace(n)) if n == MD);
        match event {
            Event::DocType(_) => return Err(MetadataError::Doctype),
            Event::Start(ref e) | Event::Empty(ref e) => {
                let local = e.local_name();
                match (depth, local.as_ref()) {
                    (0, b"EntitiesDescriptor") if is_md && root == Root::Aggregate => root_id = algorithm(e, b"ID"),
                    (0, b"EntityDescriptor") if is_md && root == Root::Entity => root_id = algorithm(e, b"ID"),
                    (0, _) if root == Root::Entity => return Err(MetadataError::NotAnEntity),
                    (0, _) => return Err(MetadataError::NotAnAggregate),
                    (1, b"Signature") if dsig && !in_signature => in_signature = true,
                    // Anything else first: the aggregate is not signed as a whole.
                    (1, _) => return Err(MetadataError::Unsigned),
                    (_, b"Reference") if dsig && in_signature => {
                        references += 1;
                        uri = algorithm(e, b"URI");
                    }
                    (_, b"SignatureMethod") if dsig && in_signature => sig_alg = algorithm(e, b"Algorithm"),
                    (_, b"DigestMethod") if dsig && in_signature => digest_alg = algorithm(e, b"Algorithm"),
                    (_, b"Transform") if dsig && in_signature => {
                        let a = algorithm(e, b"Algorithm").unwrap_or_default();
                        transforms_ok &= TRANSFORMS.contains(&a.as_str());
                    }
                    _ => {}
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 1 && in_signature {
                    // The root's signature is read whole.
                    let covers_root = matches!((&root_id, &uri), (Some(id), Some(u)) if *u == format!("#{id}"));
                    if references != 1 || !covers_root || !transforms_ok {
                        return Err(MetadataError::Unsigned);
                    }
                    let strong = |alg: &Option<String>, set: &[&str]| alg.as_deref().is_some_and(|a| set.contains(&a));
                    if !strong(&sig_alg, SIGNATURE_ALGORITHMS) || !strong(&digest_alg, DIGEST_ALGORITHMS) {
                        return Err(MetadataError::BadSignature);
                    }
                    return Ok(());
                }
            }
            Event::Eof => return Err(MetadataError::Unsigned),
            _ => {}
        }
    }
}

/// Reads an aggregate (already verified): its validity and each IdP.
pub fn read(xml: &str, now: DateTime<Utc>) -> Result<Aggregate, MetadataError> {
    let mut reader = NsReader::from_str(xml);
    let mut out = Aggregate::default();
    // Namespace declarations of the open elements.
    let mut decls: Vec<Vec<(String, String)>> = Vec::new();
    let mut entity_start: Option<OpenEntity> = None;
    let mut before = 0usize;
    let mut depth = 0usize;
    loop {
        let (ns, event) = reader.read_resolved_event().map_err(|e| MetadataError::Xml(e.to_string()))?;
        let is_md = matches!(ns, ResolveResult::Bound(Namespace(n)) if n == MD);
        match event {
            Event::DocType(_) => return Err(MetadataError::Doctype),
            Event::Start(ref e) | Event::Empty(ref e) => {
                let local = e.local_name().as_ref().to_vec();
                let own: Vec<(String, String)> = e
                    .attributes()
                    .flatten()
                    .filter_map(|a| {
                        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                        (key == "xmlns" || key.starts_with("xmlns:"))
                            .then(|| (key, a.unescape_value().map(|v| v.into_owned()).unwrap_or_default()))
                    })
                    .collect();
                if depth == 0 {
                    if !is_md || local != b"EntitiesDescriptor" {
                        return Err(MetadataError::NotAnAggregate);
                    }
                    let attr = |name: &[u8]| {
                        e.attributes()
                            .flatten()
                            .find(|a| a.key.as_ref() == name)
                            .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                    };
                    out.valid_until = attr(b"validUntil")
                        .and_then(|v| DateTime::parse_from_rfc3339(&v).ok())
                        .map(|d| d.with_timezone(&Utc));
                    if let Some(until) = out.valid_until
                        && until <= now
                    {
                        return Err(MetadataError::Expired(until.to_rfc3339()));
                    }
                    out.cache_seconds = attr(b"cacheDuration").and_then(|d| idp::duration_seconds(&d));
                }
                let opens = matches!(event, Event::Start(_));
                if is_md && local == b"EntityDescriptor" && entity_start.is_none() {
                    let inherited: Vec<(String, String)> = decls.iter().flatten().cloned().collect();
                    let name_end = before + 1 + e.name().as_ref().len();
                    if opens {
                        entity_start = Some(OpenEntity { start: before, name_end, inherited });
                    }
                }
                if opens {
                    decls.push(own);
                    depth += 1;
                }
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                decls.pop();
                let end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                let is_entity_end = is_md && e.local_name().as_ref() == b"EntityDescriptor";
                if is_entity_end && let Some(open) = entity_start.take() {
                    take_entity(&mut out, xml, &open, end, now);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
    }
    if depth != 0 {
        return Err(MetadataError::Xml("unbalanced".into()));
    }
    Ok(out)
}

/// An `EntityDescriptor` being read: where it starts, where its name ends in its start tag, and the namespace
/// declarations of its ancestors.
struct OpenEntity {
    start: usize,
    name_end: usize,
    inherited: Vec<(String, String)>,
}

/// One entity made standalone: the declarations it inherited that it does not make itself, added to its start tag.
fn take_entity(out: &mut Aggregate, xml: &str, open: &OpenEntity, end: usize, now: DateTime<Utc>) {
    let (start, name_end, inherited) = (open.start, open.name_end, &open.inherited);
    let Some(text) = xml.get(start..end) else { return };
    let Some(head) = xml.get(start..name_end) else { return };
    let tag_end = text.find('>').unwrap_or(text.len());
    let own_tag = &text[..tag_end];
    let mut added = String::new();
    let mut seen = std::collections::HashSet::new();
    for (k, v) in inherited.iter().rev() {
        if seen.insert(k.clone()) && !own_tag.contains(&format!("{k}=")) {
            let v = v.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
            added.push_str(&format!(" {k}=\"{v}\""));
        }
    }
    let standalone = format!("{head}{added}{}", &text[head.len()..]);
    match idp::parse(&standalone, now) {
        Ok(m) => out.idps.push((m, standalone)),
        // A service provider, or an attribute authority: not an IdP, not counted.
        Err(MetadataError::NotAnIdp) => {}
        Err(e) => {
            out.skipped += 1;
            if out.skipped_reasons.len() < 5 {
                out.skipped_reasons.push(e.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(n: u32, cert: &str, prefix_on_root: bool) -> String {
        let decl = if prefix_on_root { "" } else { r#" xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata""# };
        format!(
            r#"<md:EntityDescriptor{decl} entityID="https://idp{n}.example/idp"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:Extensions><shibmd:Scope regexp="false">uni{n}.example</shibmd:Scope><mdui:UIInfo><mdui:DisplayName xml:lang="en">Uni {n}</mdui:DisplayName></mdui:UIInfo></md:Extensions><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp{n}.example/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>"#
        )
    }

    fn aggregate(body: &str, attrs: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:mdui="urn:oasis:names:tc:SAML:metadata:ui" xmlns:shibmd="urn:mace:shibboleth:metadata:1.0" ID="_a" {attrs}>{body}</md:EntitiesDescriptor>"#
        )
    }

    fn cert() -> String {
        let c = super::super::sp::make_credentials("idp.test").unwrap();
        super::super::sp::cert_base64(&c.cert_pem)
    }

    #[test]
    fn every_idp_is_taken_out_standalone() {
        let c = cert();
        let sp = r#"<md:EntityDescriptor entityID="https://sp.example"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>"#;
        let keyless = entity(3, &c, true).replace("use=\"signing\"", "use=\"encryption\"");
        let body = format!("{}{}{sp}{keyless}", entity(1, &c, true), entity(2, &c, false));
        let a =
            read(&aggregate(&body, r#"validUntil="2999-01-01T00:00:00Z" cacheDuration="PT2H""#), Utc::now()).unwrap();
        assert_eq!(a.idps.len(), 2);
        assert_eq!(a.idps[0].0.entity_id, "https://idp1.example/idp");
        assert_eq!(a.idps[0].0.scopes, vec!["uni1.example".to_owned()]);
        assert_eq!(a.idps[1].0.name_in("en"), Some("Uni 2"));
        assert_eq!(a.skipped, 1, "the IdP without a signing key; the SP is not an IdP");
        assert_eq!(a.cache_seconds, Some(7200));
        // Standalone: it parses by itself, with the namespaces it inherited.
        let again = idp::parse(&a.idps[0].1, Utc::now()).unwrap();
        assert_eq!(again, a.idps[0].0);
        assert!(a.idps[0].1.starts_with("<md:EntityDescriptor xmlns:"), "{}", a.idps[0].1);
        let expired = aggregate(&entity(1, &c, true), r#"validUntil="2020-01-01T00:00:00Z""#);
        assert!(matches!(read(&expired, Utc::now()), Err(MetadataError::Expired(_))));
        assert_eq!(read(&entity(1, &c, false), Utc::now()).unwrap_err(), MetadataError::NotAnAggregate);
    }

    #[test]
    fn an_aggregate_must_be_signed_as_a_whole() {
        let c = cert();
        let unsigned = aggregate(&entity(1, &c, true), "");
        assert_eq!(root_signature_covers_root(&unsigned, Root::Aggregate), Err(MetadataError::Unsigned));
        let signature = |uri: &str, transform: &str, alg: &str| {
            format!(
                r##"<ds:Signature><ds:SignedInfo><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#{alg}"/><ds:Reference URI="{uri}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="{transform}"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/></ds:Reference></ds:SignedInfo></ds:Signature>{}"##,
                entity(1, &c, true)
            )
        };
        let exc = "http://www.w3.org/2001/10/xml-exc-c14n#";
        let other_ref = aggregate(&signature("#other", exc, "rsa-sha256"), "");
        assert_eq!(root_signature_covers_root(&other_ref, Root::Aggregate), Err(MetadataError::Unsigned));
        let xpath = aggregate(&signature("#_a", "http://www.w3.org/TR/1999/REC-xpath-19991116", "rsa-sha256"), "");
        assert_eq!(
            root_signature_covers_root(&xpath, Root::Aggregate),
            Err(MetadataError::Unsigned),
            "a transform choosing parts"
        );
        let weak = aggregate(&signature("#_a", exc, "rsa-sha1"), "");
        assert_eq!(root_signature_covers_root(&weak, Root::Aggregate), Err(MetadataError::BadSignature));
        let whole = aggregate(&signature("#_a", exc, "rsa-sha256"), "");
        assert_eq!(root_signature_covers_root(&whole, Root::Aggregate), Ok(()));
        let pem = super::super::sp::make_credentials("fed.test").unwrap().cert_pem;
        assert_eq!(verify_and_read(&whole, &pem, Utc::now()).unwrap_err(), MetadataError::BadSignature);
        assert_eq!(
            verify_and_read(&whole, "not a certificate", Utc::now()).unwrap_err(),
            MetadataError::BadSigningCert
        );
        // An MDQ answer: one entity, signed as a whole by its own first child.
        let sig = r##"<ds:Signature><ds:SignedInfo><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#_e"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/></ds:Reference></ds:SignedInfo></ds:Signature>"##;
        let ns = r#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:mdui="urn:oasis:names:tc:SAML:metadata:ui" xmlns:shibmd="urn:mace:shibboleth:metadata:1.0" ID="_e">"#;
        let one = entity(1, &c, false).replacen('>', &format!("{ns}{sig}"), 1);
        assert_eq!(root_signature_covers_root(&one, Root::Entity), Ok(()), "{one}");
        assert_eq!(root_signature_covers_root(&whole, Root::Entity), Err(MetadataError::NotAnEntity));
        let unsigned_one = entity(1, &c, false).replacen('>', ns, 1);
        assert_eq!(root_signature_covers_root(&unsigned_one, Root::Entity), Err(MetadataError::Unsigned));
    }
}
