//! An identity provider's SAML metadata, read without trusting it more than needed: one `EntityDescriptor`, no
//! DOCTYPE, its IDPSSODescriptor's single sign-on address for the HTTP-Redirect binding, the certificates it signs
//! with, the scopes it may vouch for (`shibmd:Scope`), its names and logo (`mdui`), and until when it is valid. Pure:
//! the caller fetched the document (or an operator gave it).

use std::borrow::Cow;

use base64::Engine;
use chrono::{DateTime, Utc};
use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};

pub const MD: &[u8] = b"urn:oasis:names:tc:SAML:2.0:metadata";
const DS: &[u8] = b"http://www.w3.org/2000/09/xmldsig#";
const MDUI: &[u8] = b"urn:oasis:names:tc:SAML:metadata:ui";
const SHIBMD: &[u8] = b"urn:mace:shibboleth:metadata:1.0";
const PROTOCOL: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
pub const HTTP_REDIRECT: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
/// The largest metadata document of a single IdP read (an aggregate is another matter).
pub const MAX_BYTES: usize = 512 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MetadataError {
    #[error("the metadata is larger than {} KiB", MAX_BYTES / 1024)]
    TooLarge,
    #[error("the metadata has a DOCTYPE (refused: entities are a way in)")]
    Doctype,
    #[error("the metadata is not well-formed XML: {0}")]
    Xml(String),
    #[error("the metadata is not one md:EntityDescriptor")]
    NotAnEntity,
    #[error("the metadata has no entityID")]
    NoEntityId,
    #[error("the entityID is longer than 290 characters")]
    EntityIdTooLong,
    #[error("the metadata describes no SAML 2.0 identity provider (IDPSSODescriptor)")]
    NotAnIdp,
    #[error("the IdP has no single sign-on address for the HTTP-Redirect binding over https")]
    NoSso,
    #[error("the IdP's metadata has no signing certificate: its answers could not be verified")]
    NoSigningKey,
    #[error("a signing certificate in the metadata cannot be read")]
    BadCertificate,
    #[error("the metadata expired (validUntil {0})")]
    Expired(String),
    #[error("the aggregate is not one md:EntitiesDescriptor")]
    NotAnAggregate,
    #[error("the aggregate has no signature over the whole of it")]
    Unsigned,
    #[error("the aggregate's signature does not verify with the federation's certificate (or uses a weak algorithm)")]
    BadSignature,
    #[error("the federation's signing certificate cannot be read")]
    BadSigningCert,
}

/// What Convene keeps from an IdP's metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdpMetadata {
    pub entity_id: String,
    /// The single sign-on address for HTTP-Redirect (https, no query of its own: the signature covers the query).
    pub sso_redirect: String,
    /// The single logout service for HTTP-Redirect, if the IdP has one: where requests go, and where responses go
    /// (its `ResponseLocation`, else the same).
    pub slo_redirect: Option<(String, String)>,
    /// Signing certificates (base64 DER), as `ds:X509Certificate` holds them.
    pub signing_certs: Vec<String>,
    /// `shibmd:Scope` values (lower-case); regular-expression scopes are not honoured, only literal ones.
    pub scopes: Vec<String>,
    /// Display names by language (`mdui:DisplayName`, else `md:OrganizationDisplayName`).
    pub names: Vec<(String, String)>,
    /// The logo to show beside its name (`mdui:Logo`): an https address or a `data:image/…;base64,` URI, the one
    /// whose declared height is nearest to what the sign-in page shows (see [`better_logo`]).
    pub logo: Option<String>,
    /// `mdui:Keywords` of every language, lower-case, each once: what a search for the IdP also looks in.
    pub keywords: Vec<String>,
    pub valid_until: Option<DateTime<Utc>>,
    /// How long the publisher says a copy may be kept (`cacheDuration`), in seconds.
    pub cache_seconds: Option<i64>,
}

/// Bounds on how often metadata is read again: not more than every ten minutes, not less than once a day.
pub const REFRESH_MIN: i64 = 600;
pub const REFRESH_MAX: i64 = 86_400;
/// Without a cacheDuration: every six hours.
pub const REFRESH_DEFAULT: i64 = 6 * 3600;

/// When to read metadata read at `now` again: after its cacheDuration (bounded), and at the latest an hour before
/// it expires (but not sooner than the minimum).
pub fn next_refresh(now: i64, cache_seconds: Option<i64>, valid_until: Option<i64>) -> i64 {
    let mut next = now + cache_seconds.unwrap_or(REFRESH_DEFAULT).clamp(REFRESH_MIN, REFRESH_MAX);
    if let Some(until) = valid_until {
        next = next.min(until - 3600);
    }
    next.max(now + REFRESH_MIN)
}

/// An xs:duration as metadata uses it (`PT6H`, `P1D`, `P1DT12H30M`, `PT90S`), in seconds; none for what is not one
/// (years and months, whose length varies, included: the default applies).
pub fn duration_seconds(d: &str) -> Option<i64> {
    let rest = d.trim().strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((a, b)) => (a, Some(b)),
        None => (rest, None),
    };
    let mut total: i64 = 0;
    let mut any = false;
    let mut take = |part: &str, units: &[(char, i64)]| -> Option<()> {
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                num.push(c);
            } else {
                let (_, secs) = units.iter().find(|(u, _)| *u == c)?;
                let n: i64 = num.parse().ok()?;
                total = total.checked_add(n.checked_mul(*secs)?)?;
                num.clear();
                any = true;
            }
        }
        num.is_empty().then_some(())
    };
    take(date, &[('W', 604_800), ('D', 86_400)])?;
    if let Some(t) = time {
        if t.is_empty() {
            return None;
        }
        take(t, &[('H', 3600), ('M', 60), ('S', 1)])?;
    }
    any.then_some(total)
}

impl IdpMetadata {
    /// The name in `lang` (its primary subtag compared), else English, else any.
    pub fn name_in(&self, lang: &str) -> Option<&str> {
        app::i18n::name_in_lang(&self.names, lang).or_else(|| self.names.first().map(|(_, n)| n.as_str()))
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ns {
    Md,
    Ds,
    Mdui,
    Shibmd,
    Other,
}

fn ns_of(r: &ResolveResult<'_>) -> Ns {
    match r {
        ResolveResult::Bound(Namespace(n)) if *n == MD => Ns::Md,
        ResolveResult::Bound(Namespace(n)) if *n == DS => Ns::Ds,
        ResolveResult::Bound(Namespace(n)) if *n == MDUI => Ns::Mdui,
        ResolveResult::Bound(Namespace(n)) if *n == SHIBMD => Ns::Shibmd,
        _ => Ns::Other,
    }
}

/// Refuses a DOCTYPE (entities are a way in), as for answers.
pub fn refuse_doctype(xml: &str) -> Result<(), MetadataError> {
    super::answer::refuse_doctype(xml).map_err(|_| MetadataError::Doctype)
}

fn attr(reader: &NsReader<&[u8]>, e: &BytesStart<'_>, want_ns: Option<&[u8]>, local: &[u8]) -> Option<String> {
    for a in e.attributes().flatten() {
        let (ns, name) = reader.resolve_attribute(a.key);
        let ns_ok = match (want_ns, ns) {
            (None, ResolveResult::Unbound) => true,
            (Some(w), ResolveResult::Bound(Namespace(n))) => w == n,
            _ => false,
        };
        if ns_ok && name.as_ref() == local {
            return a.unescape_value().ok().map(Cow::into_owned);
        }
    }
    None
}

const XML_NS: &[u8] = b"http://www.w3.org/XML/1998/namespace";

/// The longest logo address kept: an https address, or a `data:` URI with the image itself (about 48 KiB).
pub const MAX_LOGO_SOURCE: usize = 65_536;

/// The height, in CSS pixels, the sign-in page shows logos at; the metadata's logo nearest to it is chosen.
const LOGO_SHOWN_HEIGHT: u32 = 40;

/// Whether an `mdui:Logo` value is one Convene can use: an https address, or an image of a raster type carried in a
/// base64 `data:` URI (no SVG: it can carry script).
pub fn usable_logo(value: &str) -> bool {
    if value.len() > MAX_LOGO_SOURCE {
        return false;
    }
    if value.starts_with("https://") {
        return value.len() <= 2000 && url::Url::parse(value).is_ok_and(|u| u.host_str().is_some());
    }
    ["data:image/png;base64,", "data:image/jpeg;base64,", "data:image/gif;base64,", "data:image/webp;base64,"]
        .iter()
        .any(|p| value.len() > p.len() && value[..p.len()].eq_ignore_ascii_case(p))
}

/// Whether a logo declared `height` pixels high is a better choice than one `than` high (unknown heights last).
pub fn better_logo(height: Option<u32>, than: Option<u32>) -> bool {
    match (height, than) {
        (Some(h), Some(t)) => h.abs_diff(LOGO_SHOWN_HEIGHT) < t.abs_diff(LOGO_SHOWN_HEIGHT),
        (Some(_), None) => true,
        _ => false,
    }
}

/// Reads and checks one IdP's metadata at `now`.
pub fn parse(xml: &str, now: DateTime<Utc>) -> Result<IdpMetadata, MetadataError> {
    if xml.len() > MAX_BYTES {
        return Err(MetadataError::TooLarge);
    }
    refuse_doctype(xml)?;
    let mut reader = NsReader::from_str(xml);
    let mut out = IdpMetadata::default();
    // The open elements (namespace, local name); text goes to the innermost.
    let mut stack: Vec<(Ns, Vec<u8>)> = Vec::new();
    let mut text = String::new();
    let mut in_idp = false;
    let mut saw_idp = false;
    let mut key_use_ok = false;
    let mut roots = 0;
    let mut pending_lang: Option<String> = None;
    // The declared height of the `mdui:Logo` being read, and of the logo chosen so far.
    let (mut pending_logo_height, mut logo_height) = (None::<u32>, None::<u32>);
    let mut org_names: Vec<(String, String)> = Vec::new();
    loop {
        let (resolved, event) = reader.read_resolved_event().map_err(|e| MetadataError::Xml(e.to_string()))?;
        let ns = ns_of(&resolved);
        match event {
            Event::DocType(_) => return Err(MetadataError::Doctype),
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name().as_ref().to_vec();
                if stack.is_empty() {
                    roots += 1;
                    if roots > 1 || ns != Ns::Md || local != b"EntityDescriptor" {
                        return Err(MetadataError::NotAnEntity);
                    }
                    out.entity_id = attr(&reader, e, None, b"entityID").ok_or(MetadataError::NoEntityId)?;
                    if let Some(v) = attr(&reader, e, None, b"validUntil") {
                        out.valid_until = DateTime::parse_from_rfc3339(&v).ok().map(|d| d.with_timezone(&Utc));
                    }
                    out.cache_seconds = attr(&reader, e, None, b"cacheDuration").and_then(|d| duration_seconds(&d));
                }
                match (ns, local.as_slice()) {
                    (Ns::Md, b"IDPSSODescriptor") if stack.len() == 1 => {
                        let protocols = attr(&reader, e, None, b"protocolSupportEnumeration").unwrap_or_default();
                        if protocols.split_whitespace().any(|p| p == PROTOCOL) {
                            in_idp = !empty;
                            saw_idp = true;
                        }
                    }
                    (Ns::Md, b"KeyDescriptor") if in_idp => {
                        key_use_ok = matches!(attr(&reader, e, None, b"use").as_deref(), None | Some("signing"));
                    }
                    (Ns::Md, b"SingleSignOnService") if in_idp => {
                        let binding = attr(&reader, e, None, b"Binding").unwrap_or_default();
                        let location = attr(&reader, e, None, b"Location").unwrap_or_default();
                        if binding == HTTP_REDIRECT && out.sso_redirect.is_empty() && usable_sso(&location) {
                            out.sso_redirect = location;
                        }
                    }
                    (Ns::Md, b"SingleLogoutService") if in_idp => {
                        let binding = attr(&reader, e, None, b"Binding").unwrap_or_default();
                        let location = attr(&reader, e, None, b"Location").unwrap_or_default();
                        let response = attr(&reader, e, None, b"ResponseLocation").unwrap_or_else(|| location.clone());
                        if binding == HTTP_REDIRECT
                            && out.slo_redirect.is_none()
                            && usable_sso(&location)
                            && usable_sso(&response)
                        {
                            out.slo_redirect = Some((location, response));
                        }
                    }
                    (Ns::Shibmd, b"Scope") => {
                        let regexp = attr(&reader, e, None, b"regexp").unwrap_or_default();
                        pending_lang =
                            Some(if regexp == "true" || regexp == "1" { "re".into() } else { String::new() });
                    }
                    (Ns::Mdui, b"Logo") if in_idp => {
                        pending_logo_height = attr(&reader, e, None, b"height").and_then(|h| h.trim().parse().ok());
                    }
                    (Ns::Mdui, b"DisplayName") | (Ns::Md, b"OrganizationDisplayName") => {
                        pending_lang = Some(attr(&reader, e, Some(XML_NS), b"lang").unwrap_or_else(|| "en".into()));
                    }
                    _ => {}
                }
                if !empty {
                    stack.push((ns, local));
                    text.clear();
                }
            }
            Event::Text(t) => text.push_str(&t.xml_content().map_err(|e| MetadataError::Xml(e.to_string()))?),
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| MetadataError::Xml(e.to_string()))?;
                if let Some(c) = r.resolve_char_ref().map_err(|e| MetadataError::Xml(e.to_string()))? {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                    text.push_str(s);
                } else {
                    return Err(MetadataError::Xml(format!("unknown entity &{name};")));
                }
            }
            Event::End(_) => {
                let Some((ns, local)) = stack.pop() else { return Err(MetadataError::Xml("unbalanced".into())) };
                let value = text.trim().to_owned();
                let parent_is = |n: Ns, l: &[u8]| stack.last().is_some_and(|(pn, pl)| *pn == n && pl == l);
                match (ns, local.as_slice()) {
                    (Ns::Md, b"IDPSSODescriptor") => in_idp = false,
                    (Ns::Ds, b"X509Certificate") if in_idp && key_use_ok && parent_is(Ns::Ds, b"X509Data") => {
                        let b64: String = value.split_whitespace().collect();
                        let der = base64::engine::general_purpose::STANDARD
                            .decode(&b64)
                            .map_err(|_| MetadataError::BadCertificate)?;
                        openssl::x509::X509::from_der(&der).map_err(|_| MetadataError::BadCertificate)?;
                        if !out.signing_certs.contains(&b64) {
                            out.signing_certs.push(b64);
                        }
                    }
                    (Ns::Md, b"KeyDescriptor") => key_use_ok = false,
                    (Ns::Shibmd, b"Scope") => {
                        // A regular-expression scope is not honoured: literal scopes only (safe, and the usual).
                        let literal = pending_lang.take().as_deref() == Some("");
                        let v = value.to_ascii_lowercase();
                        if literal && is_scope(&v) && !out.scopes.contains(&v) {
                            out.scopes.push(v);
                        }
                    }
                    (Ns::Mdui, b"DisplayName") if in_idp => {
                        if let Some(lang) = pending_lang.take() {
                            push_name(&mut out.names, lang, &value);
                        }
                    }
                    (Ns::Md, b"OrganizationDisplayName") => {
                        if let Some(lang) = pending_lang.take() {
                            push_name(&mut org_names, lang, &value);
                        }
                    }
                    (Ns::Mdui, b"Keywords") if in_idp => push_keywords(&mut out.keywords, &value),
                    (Ns::Mdui, b"Logo") if in_idp && usable_logo(&value) => {
                        let height = pending_logo_height.take();
                        if out.logo.is_none() || better_logo(height, logo_height) {
                            out.logo = Some(value.split_whitespace().collect());
                            logo_height = height;
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if roots == 0 {
        return Err(MetadataError::NotAnEntity);
    }
    if out.entity_id.trim().is_empty() {
        return Err(MetadataError::NoEntityId);
    }
    if out.entity_id.chars().count() > 290 {
        return Err(MetadataError::EntityIdTooLong);
    }
    if !saw_idp {
        return Err(MetadataError::NotAnIdp);
    }
    if out.sso_redirect.is_empty() {
        return Err(MetadataError::NoSso);
    }
    if out.signing_certs.is_empty() {
        return Err(MetadataError::NoSigningKey);
    }
    if let Some(until) = out.valid_until
        && until <= now
    {
        return Err(MetadataError::Expired(until.to_rfc3339()));
    }
    if out.names.is_empty() {
        out.names = org_names;
    }
    Ok(out)
}

fn push_name(names: &mut Vec<(String, String)>, lang: String, value: &str) {
    let name: String = value.chars().filter(|c| !c.is_control()).take(120).collect();
    let lang: String = lang.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(16).collect();
    if !name.trim().is_empty() && !names.iter().any(|(l, _)| *l == lang) {
        names.push((lang, name.trim().to_owned()));
    }
}

/// `mdui:Keywords`: words separated by spaces, a `+` standing for a space inside one; at most 30 of at most 60
/// characters, lower-case, without control characters.
fn push_keywords(keywords: &mut Vec<String>, value: &str) {
    for word in value.split_whitespace() {
        let k: String = word.replace('+', " ").chars().filter(|c| !c.is_control()).take(60).collect::<String>();
        let k = k.trim().to_lowercase();
        if !k.is_empty() && keywords.len() < 30 && !keywords.contains(&k) {
            keywords.push(k);
        }
    }
}

/// The keywords as the `keywords` columns hold them: one per line.
pub fn keywords_to_lines(keywords: &[String]) -> String {
    keywords.join("\n")
}

/// A single sign-on address Convene can sign a request for: https, a host, no query or fragment of its own.
fn usable_sso(location: &str) -> bool {
    url::Url::parse(location)
        .is_ok_and(|u| u.scheme() == "https" && u.host().is_some() && u.query().is_none() && u.fragment().is_none())
        && location.len() <= 2000
}

/// A scope is a domain name: letters, digits, dots and hyphens.
fn is_scope(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.contains('.')
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !s.starts_with('.')
        && !s.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert() -> String {
        let c = super::super::sp::make_credentials("idp.test").unwrap();
        super::super::sp::cert_base64(&c.cert_pem)
    }

    fn doc(extra_idp: &str, attrs: &str) -> String {
        format!(
            r#"<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"
  xmlns:mdui="urn:oasis:names:tc:SAML:metadata:ui" xmlns:shibmd="urn:mace:shibboleth:metadata:1.0"
  entityID="https://idp.uni-a.example/idp" {attrs}>
 <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
  <md:Extensions>
   <shibmd:Scope regexp="false">Uni-A.example</shibmd:Scope>
   <shibmd:Scope regexp="true">.*\.example</shibmd:Scope>
   <mdui:UIInfo>
    <mdui:DisplayName xml:lang="it">Università A &amp; C</mdui:DisplayName>
    <mdui:DisplayName xml:lang="en">University A &amp; Co</mdui:DisplayName>
    <mdui:Logo height="16" width="16">https://idp.uni-a.example/logo.png</mdui:Logo>
   </mdui:UIInfo>
  </md:Extensions>
  <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>AAAA</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
  {extra_idp}
  <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.uni-a.example/sso/post"/>
  <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.uni-a.example/sso/redirect"/>
 </md:IDPSSODescriptor>
 <md:Organization><md:OrganizationDisplayName xml:lang="en">Org A</md:OrganizationDisplayName></md:Organization>
</md:EntityDescriptor>"#
        )
    }

    fn signing(cert: &str) -> String {
        format!(
            "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\n{cert}\n\
             </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        )
    }

    #[test]
    fn reads_what_an_idp_says() {
        let c = cert();
        let m = parse(&doc(&signing(&c), ""), Utc::now()).unwrap();
        assert_eq!(m.entity_id, "https://idp.uni-a.example/idp");
        assert_eq!(m.sso_redirect, "https://idp.uni-a.example/sso/redirect");
        assert_eq!(m.signing_certs, vec![c.clone()], "the signing key only, not the encryption one");
        assert_eq!(m.scopes, vec!["uni-a.example".to_owned()], "literal scopes only, lower-cased");
        assert_eq!(m.name_in("it"), Some("Università A & C"));
        assert_eq!(m.name_in("pt-BR"), Some("University A & Co"), "English when the language is missing");
        assert_eq!(m.logo.as_deref(), Some("https://idp.uni-a.example/logo.png"));
        assert_eq!(m.slo_redirect, None, "no single logout service");
    }

    #[test]
    fn the_logo_nearest_the_shown_size_is_chosen_of_those_that_are_safe() {
        let logos = |list: &[(&str, &str)]| {
            let items: String =
                list.iter().map(|(h, v)| format!("<mdui:Logo height=\"{h}\" width=\"{h}\">{v}</mdui:Logo>")).collect();
            let xml = doc(
                &format!("<md:Extensions><mdui:UIInfo>{items}</mdui:UIInfo></md:Extensions>{}", signing(&cert())),
                "",
            );
            parse(&xml, Utc::now()).unwrap().logo
        };
        // The document's own 16-pixel logo comes first; a 48-pixel one is nearer the 40 shown.
        assert_eq!(
            logos(&[("48", "https://idp.uni-a.example/48.png")]).as_deref(),
            Some("https://idp.uni-a.example/48.png")
        );
        assert_eq!(
            logos(&[("300", "https://idp.uni-a.example/big.png")]).as_deref(),
            Some("https://idp.uni-a.example/logo.png"),
            "16 is nearer 40 than 300"
        );
        // Base64 broken over lines is joined; SVG (it may carry script), plain http and other schemes are ignored.
        assert_eq!(
            logos(&[("40", "data:image/png;base64,iVBO\n  Rw0K"), ("41", "data:image/svg+xml;base64,PHN2Zz4=")])
                .as_deref(),
            Some("data:image/png;base64,iVBORw0K")
        );
        for bad in ["http://idp.uni-a.example/40.png", "javascript:alert(1)", "data:text/html;base64,PGI+", "https://"]
        {
            assert_eq!(logos(&[("40", bad)]).as_deref(), Some("https://idp.uni-a.example/logo.png"), "{bad}");
        }
        assert!(!usable_logo(&format!("data:image/png;base64,{}", "A".repeat(MAX_LOGO_SOURCE))), "too long");
    }

    #[test]
    fn keywords_are_words_of_every_language() {
        let kw = r#"<mdui:UIInfo><mdui:Keywords xml:lang="it">Sapienza Roma+Capitale roma</mdui:Keywords><mdui:Keywords xml:lang="en">university</mdui:Keywords></mdui:UIInfo>"#;
        let xml = doc(&format!("<md:Extensions>{kw}</md:Extensions>{}", signing(&cert())), "");
        let m = parse(&xml, Utc::now()).unwrap();
        assert_eq!(m.keywords, vec!["sapienza", "roma capitale", "roma", "university"]);
        assert_eq!(keywords_to_lines(&m.keywords), "sapienza\nroma capitale\nroma\nuniversity");
    }

    #[test]
    fn reads_the_single_logout_service_for_the_redirect_binding() {
        let slo = |binding: &str, location: &str, response: &str| {
            let response =
                if response.is_empty() { String::new() } else { format!(" ResponseLocation=\"{response}\"") };
            format!(
                "<md:SingleLogoutService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:{binding}\" \
                 Location=\"{location}\"{response}/>"
            )
        };
        let c = signing(&cert());
        let read = |extra: &str| parse(&doc(&format!("{c}{extra}"), ""), Utc::now()).unwrap().slo_redirect;
        let soap = slo("SOAP", "https://idp.uni-a.example/slo/soap", "");
        let redirect = slo("HTTP-Redirect", "https://idp.uni-a.example/slo", "");
        assert_eq!(
            read(&format!("{soap}{redirect}")),
            Some(("https://idp.uni-a.example/slo".into(), "https://idp.uni-a.example/slo".into()))
        );
        let split = slo("HTTP-Redirect", "https://idp.uni-a.example/slo", "https://idp.uni-a.example/slo/done");
        assert_eq!(read(&split).unwrap().1, "https://idp.uni-a.example/slo/done");
        assert_eq!(read(&slo("HTTP-Redirect", "http://idp.uni-a.example/slo", "")), None, "https only");
        assert_eq!(read(&slo("HTTP-Redirect", "https://idp.uni-a.example/slo?x=1", "")), None, "no query of its own");
        assert_eq!(read(&soap), None, "the redirect binding only");
    }

    #[test]
    fn metadata_is_read_again_as_its_publisher_says() {
        assert_eq!(duration_seconds("PT6H"), Some(21_600));
        assert_eq!(duration_seconds("P1DT12H30M"), Some(131_400));
        assert_eq!(duration_seconds("PT90S"), Some(90));
        assert_eq!(duration_seconds("P2W"), Some(1_209_600));
        for bad in ["", "P", "PT", "6H", "P1Y", "P1M", "PTXH", "P99999999999999999999D", "PT1H2"] {
            assert_eq!(duration_seconds(bad), None, "{bad}");
        }
        let now = 1_000_000;
        assert_eq!(next_refresh(now, None, None), now + REFRESH_DEFAULT);
        assert_eq!(next_refresh(now, Some(60), None), now + REFRESH_MIN, "not more often than the minimum");
        assert_eq!(next_refresh(now, Some(30 * 86_400), None), now + REFRESH_MAX, "at least once a day");
        assert_eq!(next_refresh(now, None, Some(now + 2 * 3600)), now + 3600, "an hour before it expires");
        assert_eq!(next_refresh(now, None, Some(now + 60)), now + REFRESH_MIN);
        let c = cert();
        let m = parse(&doc(&signing(&c), r#"cacheDuration="PT2H""#), Utc::now()).unwrap();
        assert_eq!(m.cache_seconds, Some(7200));
    }

    #[test]
    fn refuses_what_cannot_be_trusted() {
        let c = cert();
        let now = Utc::now();
        assert_eq!(parse(&doc("", ""), now), Err(MetadataError::NoSigningKey), "no key: nothing verifiable");
        let bad = signing(&base64::engine::general_purpose::STANDARD.encode(b"not a certificate"));
        assert_eq!(parse(&doc(&bad, ""), now), Err(MetadataError::BadCertificate));
        let expired = doc(&signing(&c), r#"validUntil="2020-01-01T00:00:00Z""#);
        assert!(matches!(parse(&expired, now), Err(MetadataError::Expired(_))));
        let doctype = format!("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>{}", doc(&signing(&c), ""));
        assert_eq!(parse(&doctype, now), Err(MetadataError::Doctype));
        let sp = r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sp"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>"#;
        assert_eq!(parse(sp, now), Err(MetadataError::NotAnIdp));
        assert_eq!(parse("<x/>", now), Err(MetadataError::NotAnEntity));
        assert!(matches!(
            parse("<md:EntityDescriptor", now),
            Err(MetadataError::Xml(_)) | Err(MetadataError::NotAnEntity)
        ));
        let http = doc(&signing(&c), "").replace("https://idp.uni-a.example/sso/redirect", "http://idp/sso");
        assert_eq!(parse(&http, now), Err(MetadataError::NoSso), "plain http is refused");
        let query = doc(&signing(&c), "").replace("/sso/redirect", "/sso?x=1");
        assert_eq!(parse(&query, now), Err(MetadataError::NoSso), "a query of its own would break the signature");
        assert_eq!(parse(&"x".repeat(MAX_BYTES + 1), now), Err(MetadataError::TooLarge));
    }
}
