//! SAML single logout over the HTTP-Redirect binding.
//!
//! - Signing out of Convene after a SAML sign-in also signs out at the IdP: the session is ended first, then the
//!   browser carries a signed `LogoutRequest` (the NameID and SessionIndex of that sign-in) to the IdP's single
//!   logout service, and comes back with a `LogoutResponse` that is checked against the request Convene remembers.
//! - An IdP's own `LogoutRequest` (the person signed out at the IdP, or of another service) ends every Convene
//!   session of that NameID at that IdP (of that SessionIndex when it names one), whichever browser holds it, and
//!   is answered with a signed `LogoutResponse`.
//!
//! Messages over the redirect binding carry their signature in the query (SAML bindings 3.4.4.1): it is checked
//! over the parameters exactly as they arrived, with the IdP's signing certificates, rsa-sha256 or stronger only.
//! A request that is unsigned, signed by another key, stale, or addressed elsewhere changes nothing.

use std::io::{Read, Write};

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::SpCredentials;
use super::sp::{entity_id, random_id, slo_url};
use crate::db::{self, Db};

const PROTOCOL: &[u8] = b"urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION: &[u8] = b"urn:oasis:names:tc:SAML:2.0:assertion";
pub const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";
/// Inflated messages larger than this are refused (a LogoutRequest is well under 4 KB).
const MAX_XML: usize = 64 * 1024;
/// How old an IdP's request may be, and how far its clock may be ahead.
const MAX_AGE_SECONDS: i64 = 600;
const SKEW_SECONDS: i64 = 120;
/// How long Convene waits for the IdP's answer to its own request.
pub const PENDING_SECONDS: i64 = 600;

/// What Convene keeps of a SAML sign-in to end it later: the IdP and the NameID and SessionIndex it gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamlSignOut {
    pub idp_id: i64,
    pub name_id: String,
    pub format: Option<String>,
    pub name_qualifier: Option<String>,
    pub sp_name_qualifier: Option<String>,
    pub session_index: Option<String>,
}

impl SamlSignOut {
    /// What the sessions table is searched by: the IdP and the NameID, hashed (a NameID is personal data).
    pub fn subject_key(&self) -> String {
        subject_key(self.idp_id, &self.name_id)
    }
}

pub fn subject_key(idp_id: i64, name_id: &str) -> String {
    hex::encode(Sha256::digest(format!("{idp_id}\n{name_id}").as_bytes()))
}

#[derive(Debug, thiserror::Error)]
pub enum LogoutError {
    #[error("the message is not deflated base64")]
    Encoding,
    #[error("the message is too large")]
    TooLarge,
    #[error("the message is not a SAML logout message: {0}")]
    Shape(String),
    #[error("the message is not signed")]
    Unsigned,
    #[error("the signature algorithm is not accepted: {0}")]
    Algorithm(String),
    #[error("the signature does not verify with the IdP's keys")]
    BadSignature,
    #[error("a parameter appears twice: {0}")]
    Duplicate(String),
    #[error("the message is stale or from the future")]
    Stale,
    #[error("the message is addressed to another service")]
    Destination,
    #[error("the message is from an issuer Convene does not know, or one switched off")]
    Issuer,
    #[error("the message was used before (replay)")]
    Replay,
    #[error("no sign-out of Convene's is waiting for this answer")]
    Unknown,
    #[error("the IdP's stored metadata: {0}")]
    Metadata(String),
    #[error("the service provider's key: {0}")]
    Key(String),
    #[error(transparent)]
    Db(#[from] db::DbError),
}

impl PartialEq for LogoutError {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

/// A logout message as read: what Convene needs of a `LogoutRequest` or a `LogoutResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Message {
    pub is_request: bool,
    pub id: String,
    pub issue_instant: Option<DateTime<Utc>>,
    pub destination: Option<String>,
    pub in_response_to: Option<String>,
    pub not_on_or_after: Option<DateTime<Utc>>,
    pub issuer: Option<String>,
    pub name_id: Option<String>,
    pub session_indexes: Vec<String>,
    /// The top-level status code of a response.
    pub status: Option<String>,
}

/// The `SAMLRequest` / `SAMLResponse` value of the redirect binding (already URL-decoded): base64 of raw DEFLATE.
pub fn inflate(b64: &str) -> Result<String, LogoutError> {
    if b64.len() > MAX_XML * 2 {
        return Err(LogoutError::TooLarge);
    }
    let compact: String = b64.split_whitespace().collect();
    let deflated = base64::engine::general_purpose::STANDARD.decode(compact).map_err(|_| LogoutError::Encoding)?;
    let mut xml = Vec::new();
    flate2::read::DeflateDecoder::new(deflated.as_slice())
        .take(MAX_XML as u64 + 1)
        .read_to_end(&mut xml)
        .map_err(|_| LogoutError::Encoding)?;
    if xml.len() > MAX_XML {
        return Err(LogoutError::TooLarge);
    }
    String::from_utf8(xml).map_err(|_| LogoutError::Encoding)
}

fn deflate_base64(xml: &str) -> String {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(xml.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(enc.finish().unwrap_or_default())
}

fn shape(what: impl Into<String>) -> LogoutError {
    LogoutError::Shape(what.into())
}

/// Reads a `LogoutRequest` or `LogoutResponse`: no DOCTYPE, one root in the protocol namespace, its `Issuer`,
/// `NameID`, `SessionIndex`es and top-level `StatusCode`. Signatures inside the XML are not looked at: the
/// redirect binding's signature is in the query.
pub fn parse(xml: &str) -> Result<Message, LogoutError> {
    let mut reader = NsReader::from_str(xml);
    let mut out = Message::default();
    // Open elements: (is protocol ns, is assertion ns, local name).
    let mut stack: Vec<(bool, bool, Vec<u8>)> = Vec::new();
    let mut text = String::new();
    let mut roots = 0;
    loop {
        let (resolved, event) = reader.read_resolved_event().map_err(|e| shape(e.to_string()))?;
        let (protocol, assertion) = match resolved {
            ResolveResult::Bound(ns) => (ns.as_ref() == PROTOCOL, ns.as_ref() == ASSERTION),
            _ => (false, false),
        };
        match event {
            Event::DocType(_) => return Err(shape("a DOCTYPE")),
            Event::Start(ref e) | Event::Empty(ref e) => {
                let local = e.local_name().as_ref().to_vec();
                let attr = |name: &[u8]| -> Option<String> {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .and_then(|a| a.decode_and_unescape_value(reader.decoder()).ok().map(|v| v.into_owned()))
                };
                let time = |name: &[u8]| {
                    attr(name).and_then(|v| DateTime::parse_from_rfc3339(&v).ok()).map(|d| d.with_timezone(&Utc))
                };
                if stack.is_empty() {
                    roots += 1;
                    out.is_request = match (protocol, local.as_slice()) {
                        (true, b"LogoutRequest") => true,
                        (true, b"LogoutResponse") => false,
                        _ => return Err(shape("the root is not a LogoutRequest or LogoutResponse")),
                    };
                    if roots > 1 {
                        return Err(shape("more than one root"));
                    }
                    out.id = attr(b"ID").filter(|v| !v.is_empty() && v.len() <= 256).ok_or_else(|| shape("no ID"))?;
                    out.issue_instant = time(b"IssueInstant");
                    out.destination = attr(b"Destination");
                    out.in_response_to = attr(b"InResponseTo");
                    out.not_on_or_after = time(b"NotOnOrAfter");
                } else if stack.len() == 2
                    && protocol
                    && local == b"StatusCode"
                    && stack.last().is_some_and(|(p, _, l)| *p && l == b"Status")
                {
                    out.status = attr(b"Value");
                }
                if matches!(event, Event::Start(_)) {
                    stack.push((protocol, assertion, local));
                    text.clear();
                }
            }
            Event::Text(t) => text.push_str(&t.xml_content().map_err(|e| shape(e.to_string()))?),
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| shape(e.to_string()))?;
                if let Some(c) = r.resolve_char_ref().map_err(|e| shape(e.to_string()))? {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                    text.push_str(s);
                } else {
                    return Err(shape(format!("unknown entity &{name};")));
                }
            }
            Event::End(_) => {
                let Some((protocol, assertion, local)) = stack.pop() else { return Err(shape("unbalanced")) };
                let value = text.trim().to_owned();
                if stack.len() == 1 {
                    match (protocol, assertion, local.as_slice()) {
                        (_, true, b"Issuer") => out.issuer = Some(value),
                        (_, true, b"NameID") => out.name_id = Some(value),
                        (true, _, b"SessionIndex") if out.session_indexes.len() < 16 => out.session_indexes.push(value),
                        _ => {}
                    }
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if roots == 0 {
        return Err(shape("empty"));
    }
    if out.is_request && out.name_id.as_deref().is_none_or(str::is_empty) {
        return Err(shape("a LogoutRequest without a NameID"));
    }
    Ok(out)
}

/// The query's parameters exactly as received (still URL-encoded), by name; a name twice is refused.
pub fn raw_params(query: &str) -> Result<Vec<(String, String)>, LogoutError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for piece in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
        let name = decode(name);
        if out.iter().any(|(n, _)| *n == name) {
            return Err(LogoutError::Duplicate(name.chars().take(40).collect()));
        }
        out.push((name, value.to_owned()));
    }
    Ok(out)
}

/// One URL-encoded value decoded (`+` is a space, as forms and the binding encode it).
pub fn decode(raw: &str) -> String {
    url::form_urlencoded::parse(format!("v={raw}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default()
}

fn raw<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// Checks the redirect binding's signature of the message in `param` (`SAMLRequest` or `SAMLResponse`) over the
/// parameters as received, with any of `certs` (base64 DER).
pub fn verify(params: &[(String, String)], param: &str, certs: &[String]) -> Result<(), LogoutError> {
    let (Some(alg), Some(signature)) = (raw(params, "SigAlg"), raw(params, "Signature")) else {
        return Err(LogoutError::Unsigned);
    };
    let alg = decode(alg);
    let digest = match alg.as_str() {
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" => openssl::hash::MessageDigest::sha256(),
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384" => openssl::hash::MessageDigest::sha384(),
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512" => openssl::hash::MessageDigest::sha512(),
        other => return Err(LogoutError::Algorithm(other.chars().take(80).collect())),
    };
    let signed: Vec<String> =
        [param, "RelayState", "SigAlg"].iter().filter_map(|k| raw(params, k).map(|v| format!("{k}={v}"))).collect();
    let signed = signed.join("&");
    let signature =
        base64::engine::general_purpose::STANDARD.decode(decode(signature)).map_err(|_| LogoutError::BadSignature)?;
    for cert in certs {
        let Ok(der) = base64::engine::general_purpose::STANDARD.decode(cert) else { continue };
        let Ok(key) = openssl::x509::X509::from_der(&der).and_then(|c| c.public_key()) else { continue };
        if key.rsa().is_err() {
            continue;
        }
        let Ok(mut verifier) = openssl::sign::Verifier::new(digest, &key) else { continue };
        if verifier.update(signed.as_bytes()).is_ok() && verifier.verify(&signature).unwrap_or(false) {
            return Ok(());
        }
    }
    Err(LogoutError::BadSignature)
}

/// An IdP's `LogoutRequest`, checked beyond its signature: from `issuer`, to `destination` (when it names one),
/// issued within the last ten minutes and not expired.
pub fn check_request(m: &Message, issuer: &str, destination: &str, now: DateTime<Utc>) -> Result<(), LogoutError> {
    if !m.is_request {
        return Err(shape("not a LogoutRequest"));
    }
    if m.issuer.as_deref() != Some(issuer) {
        return Err(LogoutError::Issuer);
    }
    if m.destination.as_deref().is_some_and(|d| d != destination) {
        return Err(LogoutError::Destination);
    }
    let skew = Duration::seconds(SKEW_SECONDS);
    let issued = m.issue_instant.ok_or(LogoutError::Stale)?;
    if issued > now + skew || issued < now - Duration::seconds(MAX_AGE_SECONDS) {
        return Err(LogoutError::Stale);
    }
    if m.not_on_or_after.is_some_and(|t| t + skew <= now) {
        return Err(LogoutError::Stale);
    }
    Ok(())
}

fn start(name: &str, attrs: &[(&str, &str)]) -> BytesStart<'static> {
    let mut e = BytesStart::new(name.to_owned());
    for (k, v) in attrs {
        e.push_attribute((*k, *v));
    }
    e
}

fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Convene's `LogoutRequest` for a sign-in (elements in the schema's order: Issuer, NameID, SessionIndex).
pub fn request_xml(id: &str, now: DateTime<Utc>, destination: &str, issuer: &str, s: &SamlSignOut) -> String {
    let mut w = Writer::new(Vec::new());
    let issued = instant(now);
    let until = instant(now + Duration::seconds(PENDING_SECONDS));
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let _ = w.write_event(Event::Start(start(
        "samlp:LogoutRequest",
        &[
            ("xmlns:samlp", "urn:oasis:names:tc:SAML:2.0:protocol"),
            ("xmlns:saml", "urn:oasis:names:tc:SAML:2.0:assertion"),
            ("ID", id),
            ("Version", "2.0"),
            ("IssueInstant", &issued),
            ("NotOnOrAfter", &until),
            ("Destination", destination),
            ("Reason", "urn:oasis:names:tc:SAML:2.0:logout:user"),
        ],
    )));
    let _ = w.write_event(Event::Start(start("saml:Issuer", &[])));
    let _ = w.write_event(Event::Text(BytesText::new(issuer)));
    let _ = w.write_event(Event::End(BytesEnd::new("saml:Issuer")));
    let mut attrs: Vec<(&str, &str)> = Vec::new();
    for (k, v) in
        [("Format", &s.format), ("NameQualifier", &s.name_qualifier), ("SPNameQualifier", &s.sp_name_qualifier)]
    {
        if let Some(v) = v {
            attrs.push((k, v));
        }
    }
    let _ = w.write_event(Event::Start(start("saml:NameID", &attrs)));
    let _ = w.write_event(Event::Text(BytesText::new(&s.name_id)));
    let _ = w.write_event(Event::End(BytesEnd::new("saml:NameID")));
    if let Some(index) = &s.session_index {
        let _ = w.write_event(Event::Start(start("samlp:SessionIndex", &[])));
        let _ = w.write_event(Event::Text(BytesText::new(index)));
        let _ = w.write_event(Event::End(BytesEnd::new("samlp:SessionIndex")));
    }
    let _ = w.write_event(Event::End(BytesEnd::new("samlp:LogoutRequest")));
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

/// Convene's `LogoutResponse` to an IdP's request.
pub fn response_xml(
    id: &str,
    now: DateTime<Utc>,
    destination: &str,
    issuer: &str,
    in_response_to: &str,
    status: &str,
) -> String {
    let mut w = Writer::new(Vec::new());
    let issued = instant(now);
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let _ = w.write_event(Event::Start(start(
        "samlp:LogoutResponse",
        &[
            ("xmlns:samlp", "urn:oasis:names:tc:SAML:2.0:protocol"),
            ("xmlns:saml", "urn:oasis:names:tc:SAML:2.0:assertion"),
            ("ID", id),
            ("Version", "2.0"),
            ("IssueInstant", &issued),
            ("Destination", destination),
            ("InResponseTo", in_response_to),
        ],
    )));
    let _ = w.write_event(Event::Start(start("saml:Issuer", &[])));
    let _ = w.write_event(Event::Text(BytesText::new(issuer)));
    let _ = w.write_event(Event::End(BytesEnd::new("saml:Issuer")));
    let _ = w.write_event(Event::Start(start("samlp:Status", &[])));
    let _ = w.write_event(Event::Empty(start("samlp:StatusCode", &[("Value", status)])));
    let _ = w.write_event(Event::End(BytesEnd::new("samlp:Status")));
    let _ = w.write_event(Event::End(BytesEnd::new("samlp:LogoutResponse")));
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

/// The address that carries `xml` to `destination` over the redirect binding, signed with `key` (rsa-sha256).
/// `param`: `SAMLRequest` or `SAMLResponse`.
pub fn signed_redirect(
    destination: &str,
    param: &str,
    xml: &str,
    relay_state: Option<&str>,
    key: &openssl::pkey::PKey<openssl::pkey::Private>,
) -> Result<String, String> {
    let mut url = url::Url::parse(destination).map_err(|e| e.to_string())?;
    url.query_pairs_mut().append_pair(param, &deflate_base64(xml));
    if let Some(relay) = relay_state.filter(|r| !r.is_empty()) {
        url.query_pairs_mut().append_pair("RelayState", relay);
    }
    samael::crypto::sign_url(url, key).map(|u| u.to_string()).map_err(|e| e.to_string())
}

fn key_of(creds: &SpCredentials) -> Result<openssl::pkey::PKey<openssl::pkey::Private>, LogoutError> {
    openssl::pkey::PKey::private_key_from_pem(creds.key_pem.as_bytes()).map_err(|e| LogoutError::Key(e.to_string()))
}

fn metadata(idp: &db::saml::IdpRow, now: DateTime<Utc>) -> Result<super::idp::IdpMetadata, LogoutError> {
    super::idp::parse(&idp.metadata_xml, now).map_err(|e| LogoutError::Metadata(e.to_string()))
}

/// After the session has ended: where the browser goes to sign out at the IdP too (a signed LogoutRequest, which
/// is remembered for the answer), or none when the IdP has no single logout service or is switched off.
pub async fn begin(
    db: &Db,
    now: DateTime<Utc>,
    creds: &SpCredentials,
    origin: &str,
    s: &SamlSignOut,
) -> Result<Option<String>, LogoutError> {
    let idp = match db::saml::by_id(db.pool(), s.idp_id).await {
        Ok(idp) if idp.enabled == 1 => idp,
        Ok(_) | Err(db::DbError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let Some((location, _)) = metadata(&idp, now)?.slo_redirect else { return Ok(None) };
    let id = random_id();
    let xml = request_xml(&id, now, &location, &entity_id(origin), s);
    let url = signed_redirect(&location, "SAMLRequest", &xml, None, &key_of(creds)?).map_err(LogoutError::Key)?;
    db::saml::remember_logout(db.pool(), &id, idp.id, now.timestamp() + PENDING_SECONDS).await?;
    Ok(Some(url))
}

fn message(params: &[(String, String)], param: &str) -> Result<Message, LogoutError> {
    let value = raw(params, param).ok_or_else(|| shape(format!("no {param}")))?;
    parse(&inflate(&decode(value))?)
}

/// The IdP's answer to Convene's LogoutRequest (the query of `/saml/slo`): whether the person is signed out at the
/// IdP too. It must answer a request Convene sent to that IdP and not yet seen answered, signed by that IdP.
pub async fn finish(db: &Db, now: DateTime<Utc>, origin: &str, query: &str) -> Result<bool, LogoutError> {
    let params = raw_params(query)?;
    let m = message(&params, "SAMLResponse")?;
    if m.is_request {
        return Err(shape("not a LogoutResponse"));
    }
    let asked = m.in_response_to.as_deref().ok_or(LogoutError::Unknown)?;
    let idp_id = db::saml::take_logout(db.pool(), asked, now.timestamp()).await?.ok_or(LogoutError::Unknown)?;
    let idp = db::saml::by_id(db.pool(), idp_id).await?;
    verify(&params, "SAMLResponse", &metadata(&idp, now)?.signing_certs)?;
    if m.issuer.as_deref() != Some(idp.entity_id.as_str()) {
        return Err(LogoutError::Issuer);
    }
    if m.destination.as_deref().is_some_and(|d| d != slo_url(origin)) {
        return Err(LogoutError::Destination);
    }
    Ok(m.status.as_deref() == Some(SUCCESS))
}

/// What Convene did with an IdP's LogoutRequest.
#[derive(Debug)]
pub struct Answered {
    pub idp_id: i64,
    /// How many sessions ended.
    pub ended: u64,
    /// Where the browser takes Convene's signed LogoutResponse (none: the IdP's metadata names no address).
    pub redirect: Option<String>,
}

/// An IdP's LogoutRequest (the query of `/saml/slo`): checked (a known IdP, its signature, addressed to Convene,
/// fresh, used once), then every session of that NameID at that IdP ends (of the SessionIndexes it names, if
/// any), and the answer goes back signed.
pub async fn answer(
    db: &Db,
    now: DateTime<Utc>,
    creds: &SpCredentials,
    origin: &str,
    query: &str,
) -> Result<Answered, LogoutError> {
    let params = raw_params(query)?;
    let m = message(&params, "SAMLRequest")?;
    let issuer = m.issuer.as_deref().ok_or(LogoutError::Issuer)?;
    let idp = db::saml::by_entity(db.pool(), issuer).await?.filter(|i| i.enabled == 1).ok_or(LogoutError::Issuer)?;
    let meta = metadata(&idp, now)?;
    verify(&params, "SAMLRequest", &meta.signing_certs)?;
    check_request(&m, &idp.entity_id, &slo_url(origin), now)?;
    let replay_key = hex::encode(Sha256::digest(format!("logout\n{}\n{}", idp.entity_id, m.id).as_bytes()));
    let remember_until = now.timestamp() + MAX_AGE_SECONDS + SKEW_SECONDS;
    if !db::saml::use_assertion(db.pool(), &replay_key, remember_until).await? {
        return Err(LogoutError::Replay);
    }
    let name_id = m.name_id.as_deref().unwrap_or_default();
    let ended = db::sessions::delete_for_saml(db.pool(), &subject_key(idp.id, name_id), &m.session_indexes).await?;
    let Some((_, response_location)) = meta.slo_redirect else {
        return Ok(Answered { idp_id: idp.id, ended, redirect: None });
    };
    let relay = raw(&params, "RelayState").map(decode).filter(|r| r.len() <= 80);
    let xml = response_xml(&random_id(), now, &response_location, &entity_id(origin), &m.id, SUCCESS);
    let url = signed_redirect(&response_location, "SAMLResponse", &xml, relay.as_deref(), &key_of(creds)?)
        .map_err(LogoutError::Key)?;
    Ok(Answered { idp_id: idp.id, ended, redirect: Some(url) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign_out() -> SamlSignOut {
        SamlSignOut {
            idp_id: 3,
            name_id: "abc<&>".into(),
            format: Some("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent".into()),
            name_qualifier: Some("https://idp.example/metadata".into()),
            sp_name_qualifier: None,
            session_index: Some("_s1".into()),
        }
    }

    fn new_key() -> (openssl::pkey::PKey<openssl::pkey::Private>, String) {
        let c = super::super::sp::make_credentials("idp.test").unwrap();
        let key = openssl::pkey::PKey::private_key_from_pem(c.key_pem.as_bytes()).unwrap();
        (key, super::super::sp::cert_base64(&c.cert_pem))
    }

    fn query_of(url: &str) -> Vec<(String, String)> {
        raw_params(url.split_once('?').unwrap().1).unwrap()
    }

    #[test]
    fn a_request_goes_out_signed_and_reads_back() {
        let now = Utc::now();
        let xml =
            request_xml("_r1", now, "https://idp.example/slo", "https://convene.example/saml/metadata", &sign_out());
        let m = parse(&xml).unwrap();
        assert!(m.is_request);
        assert_eq!(m.id, "_r1");
        assert_eq!(m.name_id.as_deref(), Some("abc<&>"), "escaped going out, unescaped coming in");
        assert_eq!(m.session_indexes, vec!["_s1".to_owned()]);
        assert_eq!(m.issuer.as_deref(), Some("https://convene.example/saml/metadata"));
        let name_at = xml.find("NameID").unwrap();
        assert!(name_at < xml.find("SessionIndex").unwrap(), "NameID before SessionIndex, as the schema says");

        let (key, cert) = new_key();
        let url = signed_redirect("https://idp.example/slo", "SAMLRequest", &xml, Some("r s&t"), &key).unwrap();
        let params = query_of(&url);
        assert_eq!(verify(&params, "SAMLRequest", std::slice::from_ref(&cert)), Ok(()));
        assert_eq!(inflate(&decode(raw(&params, "SAMLRequest").unwrap())).unwrap(), xml);
        assert_eq!(decode(raw(&params, "RelayState").unwrap()), "r s&t");

        let (_, other) = new_key();
        assert_eq!(verify(&params, "SAMLRequest", &[other]), Err(LogoutError::BadSignature), "another key");
        let mut tampered = params.clone();
        tampered[1].1.push('x');
        assert_eq!(verify(&tampered, "SAMLRequest", std::slice::from_ref(&cert)), Err(LogoutError::BadSignature));
        let unsigned: Vec<_> = params.iter().filter(|(n, _)| n != "Signature").cloned().collect();
        assert_eq!(verify(&unsigned, "SAMLRequest", std::slice::from_ref(&cert)), Err(LogoutError::Unsigned));
        let sha1: Vec<_> = params
            .iter()
            .map(|(n, v)| {
                let v = if n == "SigAlg" {
                    "http%3A%2F%2Fwww.w3.org%2F2000%2F09%2Fxmldsig%23rsa-sha1".into()
                } else {
                    v.clone()
                };
                (n.clone(), v)
            })
            .collect();
        assert!(matches!(verify(&sha1, "SAMLRequest", &[cert]), Err(LogoutError::Algorithm(_))));
    }

    #[test]
    fn a_response_reads_its_status() {
        let xml = response_xml(
            "_a",
            Utc::now(),
            "https://idp.example/slo",
            "https://c.example/saml/metadata",
            "_r1",
            SUCCESS,
        );
        let m = parse(&xml).unwrap();
        assert!(!m.is_request);
        assert_eq!(m.in_response_to.as_deref(), Some("_r1"));
        assert_eq!(m.status.as_deref(), Some(SUCCESS));
    }

    #[test]
    fn bad_messages_are_refused() {
        assert_eq!(inflate("%%%"), Err(LogoutError::Encoding));
        assert_eq!(
            inflate(&base64::engine::general_purpose::STANDARD.encode(b"not deflated")),
            Err(LogoutError::Encoding)
        );
        let bomb = deflate_base64(&"a".repeat(MAX_XML + 10));
        assert_eq!(inflate(&bomb), Err(LogoutError::TooLarge), "a small message that inflates past the limit");
        let doctype = "<!DOCTYPE x [<!ENTITY a \"b\">]><samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"x\"/>";
        assert!(parse(doctype).is_err());
        let other = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"x\"/>";
        assert!(parse(other).is_err());
        let no_name = "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"x\"/>";
        assert!(parse(no_name).is_err(), "a request must say whom it signs out");
        assert_eq!(raw_params("a=1&a=2"), Err(LogoutError::Duplicate("a".into())));
    }

    #[test]
    fn an_idps_request_is_checked_beyond_its_signature() {
        let now = Utc::now();
        let idp = "https://idp.example/metadata";
        let me = "https://c.example/saml/slo";
        let mut xml = request_xml("_r", now, me, idp, &sign_out());
        let m = parse(&xml).unwrap();
        assert_eq!(check_request(&m, idp, me, now), Ok(()));
        assert_eq!(check_request(&m, "https://other.example/metadata", me, now), Err(LogoutError::Issuer));
        assert_eq!(check_request(&m, idp, "https://elsewhere.example/saml/slo", now), Err(LogoutError::Destination));
        assert_eq!(check_request(&m, idp, me, now + Duration::hours(1)), Err(LogoutError::Stale), "old");
        assert_eq!(check_request(&m, idp, me, now - Duration::hours(1)), Err(LogoutError::Stale), "from the future");
        xml = response_xml("_a", now, me, idp, "_r", SUCCESS);
        assert!(check_request(&parse(&xml).unwrap(), idp, me, now).is_err(), "a response is not a request");
    }

    #[test]
    fn subjects_are_per_idp() {
        let s = sign_out();
        assert_eq!(s.subject_key(), subject_key(3, "abc<&>"));
        assert_ne!(subject_key(3, "abc"), subject_key(4, "abc"));
        assert_eq!(s.subject_key().len(), 64);
    }
}
