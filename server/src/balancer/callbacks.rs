//! Callbacks of meetings placed through the API. A front end's `meta_endCallbackUrl` and
//! `meta_bbb-recording-ready-url` are never handed to a conference server: the server gets Convene's own URL with a
//! random token, and Convene — once it has learnt what it needs (the meeting ended; the recording's JWT is genuine)
//! — calls the front end's URL itself, re-signing the recording JWT with the institution's secret. Front-end URLs
//! are only ever contacted on public addresses: loopback, private, link-local and internal names are refused before
//! connecting and again after name resolution (so a name that resolves to 127.0.0.1 is refused too).

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jsonwebtoken::{Algorithm as JwtAlgorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use url::Url;

use crate::db;
use crate::state::AppState;

pub const END_KEY: &str = "meta_endCallbackUrl";
pub const RECORDING_KEY: &str = "meta_bbb-recording-ready-url";

/// Claims of the recording-ready JWT, as BigBlueButton signs them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordingReady {
    pub meeting_id: String,
    pub record_id: String,
}

pub fn sign_recording_ready(claims: &RecordingReady, secret: &str) -> Result<String, jsonwebtoken::errors::Error> {
    jsonwebtoken::encode(&Header::new(JwtAlgorithm::HS256), claims, &EncodingKey::from_secret(secret.as_bytes()))
}

/// The claims, if the token is HS256 and signed with `secret` (BigBlueButton's tokens carry no expiry).
pub fn verify_recording_ready(token: &str, secret: &str) -> Option<RecordingReady> {
    let mut v = Validation::new(JwtAlgorithm::HS256);
    v.required_spec_claims.clear();
    v.validate_exp = false;
    jsonwebtoken::decode::<RecordingReady>(token, &DecodingKey::from_secret(secret.as_bytes()), &v)
        .ok()
        .map(|d| d.claims)
}

/// Removes the front end's callback URLs from create parameters: (end, recording ready). Keys match regardless of
/// case, as BigBlueButton's metadata keys do.
/// Every spelling is removed (a create with two spellings of one key is refused before this, but a stray
/// spelling must never reach a conference server either way).
pub fn take(params: &mut BTreeMap<String, String>) -> (Option<String>, Option<String>) {
    let mut take_key = |wanted: &str| {
        let keys: Vec<String> = params.keys().filter(|k| k.eq_ignore_ascii_case(wanted)).cloned().collect();
        let mut found = None;
        for key in keys {
            let value = params.remove(&key).filter(|v| !v.trim().is_empty());
            found = found.or(value);
        }
        found
    };
    let end = take_key(END_KEY);
    let recording = take_key(RECORDING_KEY);
    (end, recording)
}

/// Metadata names (without `meta_`) that carry Convene's callback URLs, which front ends must not see.
pub fn is_ours(metadata_name: &str) -> bool {
    metadata_name.eq_ignore_ascii_case(&END_KEY[5..]) || metadata_name.eq_ignore_ascii_case(&RECORDING_KEY[5..])
}

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

/// Is this an address anyone on the Internet could reach (not loopback, private, link-local, shared, reserved…)?
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return public_v4(v4);
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || v6 == Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0))
        }
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || o[0] == 0
        || (o[0] == 100 && (o[1] & 0xc0) == 64) // shared address space (carrier-grade NAT)
        || (o[0] == 192 && o[1] == 0 && o[2] == 0) // IETF protocol assignments
        || (o[0] == 198 && (o[1] & 0xfe) == 18) // benchmarking
        || o[0] >= 240)
}

/// Names that only mean something inside a network.
fn internal_name(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    !h.contains('.')
        || ["localhost", "local", "internal", "intranet", "lan", "home.arpa", "corp", "localdomain"]
            .iter()
            .any(|suffix| h == *suffix || h.ends_with(&format!(".{suffix}")))
}

fn allowed(host: &str, allow: &[String]) -> bool {
    allow.iter().any(|a| a.eq_ignore_ascii_case(host.trim_start_matches('[').trim_end_matches(']')))
}

/// Why a front end's callback URL will not be called, or the URL when it may be (before name resolution).
pub fn check_target(raw: &str, allow: &[String]) -> Result<Url, &'static str> {
    let url = Url::parse(raw.trim()).map_err(|_| "not an absolute URL")?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("only http and https callbacks are called");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("callback URLs must not carry credentials");
    }
    let Some(host) = url.host() else { return Err("the URL has no host") };
    let host_str = url.host_str().unwrap_or_default().to_owned();
    if allowed(&host_str, allow) {
        return Ok(url);
    }
    let ok = match host {
        url::Host::Ipv4(ip) => public_v4(ip),
        url::Host::Ipv6(ip) => is_public(IpAddr::V6(ip)),
        url::Host::Domain(d) => !internal_name(d),
    };
    if ok { Ok(url) } else { Err("callbacks to loopback, private or internal addresses are never made") }
}

/// Resolves names and keeps public addresses only (all of them for an allowed host).
struct PublicOnly {
    allow: Arc<Vec<String>>,
}

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let keep: Vec<SocketAddr> =
                addrs.into_iter().filter(|a| allowed(&host, &allow) || is_public(a.ip())).collect();
            if keep.is_empty() {
                return Err("the name resolves to no public address".into());
            }
            Ok(Box::new(keep.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// A resolver that keeps public addresses only (all of them for an allowed host).
pub fn public_only_resolver(allow: Arc<Vec<String>>) -> Arc<impl reqwest::dns::Resolve + 'static> {
    Arc::new(PublicOnly { allow })
}

/// The HTTP client for front ends' callbacks: public addresses only, no redirects, short timeouts.
#[derive(Clone)]
pub struct Notifier {
    http: reqwest::Client,
    allow: Arc<Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("refused: {0}")]
    Refused(&'static str),
    #[error("the front end did not answer: {0}")]
    Transport(String),
}

impl Notifier {
    pub fn new(allow: Vec<String>, timeout: Duration) -> Notifier {
        let allow = Arc::new(allow);
        let http = reqwest::Client::builder()
            .dns_resolver(Arc::new(PublicOnly { allow: allow.clone() }))
            // A proxy from the environment would resolve and connect on our behalf, past the resolver's check.
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeout)
            .timeout(timeout)
            .user_agent("Convene callbacks")
            .build()
            .unwrap_or_default();
        Notifier { http, allow }
    }

    pub async fn get(&self, url: &str, extra: &[(&str, &str)]) -> Result<StatusCode, NotifyError> {
        let mut url = check_target(url, &self.allow).map_err(NotifyError::Refused)?;
        url.query_pairs_mut().extend_pairs(extra);
        let r = self.http.get(url).send().await.map_err(|e| NotifyError::Transport(e.without_url().to_string()))?;
        Ok(StatusCode::from_u16(r.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY))
    }

    pub async fn post_form(&self, url: &str, form: &[(&str, &str)]) -> Result<StatusCode, NotifyError> {
        let url = check_target(url, &self.allow).map_err(NotifyError::Refused)?;
        let body = serde_urlencoded_pairs(form);
        let r = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .map_err(|e| NotifyError::Transport(e.without_url().to_string()))?;
        Ok(StatusCode::from_u16(r.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY))
    }
}

fn serde_urlencoded_pairs(form: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish()
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bigbluebutton/callback/end/{token}", get(meeting_ended))
        .route("/bigbluebutton/callback/recording/{token}", post(recording_ready))
}

/// Convene's callback URLs for one placement.
pub fn our_urls(public_url: &Url, token: &str) -> (String, String) {
    let base = public_url.as_str().trim_end_matches('/');
    (format!("{base}/bigbluebutton/callback/end/{token}"), format!("{base}/bigbluebutton/callback/recording/{token}"))
}

/// A conference server says a meeting ended: forget it, then tell the front end if it asked.
async fn meeting_ended(State(state): State<AppState>, Path(token): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let pool = state.db.pool();
    let Ok(Some(cb)) = db::api::callback(pool, &token_hash(&token)).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Ok(Some(m)) = db::api::find(pool, cb.institution_id, &cb.external_id).await
        && m.server_id == cb.server_id
    {
        if let Err(e) = db::api::forget(&state.db, m.id, state.clock.unix(), db::api::EndedBy::Callback).await {
            tracing::error!(error = %e, "could not forget an ended meeting");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
        tracing::info!(meeting_id = m.id, "meeting ended (server callback)");
    }
    if let Some(end_url) = cb.end_url {
        let marks = url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .find(|(k, _)| k == "recordingmarks")
            .map(|(_, v)| if v == "true" { "true" } else { "false" })
            .unwrap_or("false");
        let notifier = state.notifier.clone();
        tokio::spawn(async move {
            let external = cb.external_id;
            match notifier.get(&end_url, &[("meetingID", external.as_str()), ("recordingmarks", marks)]).await {
                Ok(status) => tracing::info!(status = status.as_u16(), "end callback delivered"),
                Err(e) => tracing::warn!(error = %e, "end callback not delivered"),
            }
        });
    }
    StatusCode::OK.into_response()
}

/// A conference server says a recording is ready: check its JWT, re-sign for the front end, pass its answer back
/// (2xx done, 401, 410 gone; anything else makes the server try again later).
async fn recording_ready(State(state): State<AppState>, Path(token): Path<String>, body: String) -> Response {
    let pool = state.db.pool();
    let Ok(Some(cb)) = db::api::callback(pool, &token_hash(&token)).await else {
        return StatusCode::GONE.into_response();
    };
    let Some(jwt) = url::form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == "signed_parameters")
        .map(|(_, v)| v.into_owned())
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let server = match cb.server_id {
        Some(id) => db::servers::by_id(pool, id).await.ok(),
        None => None,
    };
    let Some(server) = server else { return StatusCode::GONE.into_response() };
    let scoped = crate::meetings::scoped_id(cb.institution_id, &cb.external_id);
    let Some(claims) = verify_recording_ready(&jwt, &server.secret).filter(|c| c.meeting_id == scoped) else {
        tracing::warn!(server_id = server.id, "recording-ready callback with a bad signature refused");
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Some(target) = cb.recording_url else { return StatusCode::OK.into_response() };
    let Ok(Some(secret)) = db::api::newest_secret(pool, cb.institution_id, state.clock.unix()).await else {
        return StatusCode::GONE.into_response();
    };
    let ours = RecordingReady { meeting_id: cb.external_id.clone(), record_id: claims.record_id };
    let Ok(signed) = sign_recording_ready(&ours, &secret) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match state.notifier.post_form(&target, &[("signed_parameters", signed.as_str())]).await {
        Ok(s) if s.is_success() => StatusCode::OK.into_response(),
        Ok(s) if s == StatusCode::UNAUTHORIZED || s == StatusCode::GONE => s.into_response(),
        Ok(s) => {
            tracing::warn!(
                status = s.as_u16(),
                "front end refused the recording-ready callback; the server will retry"
            );
            StatusCode::BAD_GATEWAY.into_response()
        }
        Err(NotifyError::Refused(why)) => {
            tracing::warn!(reason = why, "recording-ready callback not made");
            StatusCode::GONE.into_response()
        }
        Err(e) => {
            tracing::warn!(error = %e, "recording-ready callback not delivered; the server will retry");
            StatusCode::BAD_GATEWAY.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_internal_targets_are_refused() {
        for bad in [
            "http://127.0.0.1/cb",
            "http://127.1.2.3:8080/cb",
            "http://10.0.0.5/cb",
            "http://172.16.0.1/cb",
            "http://192.168.1.1/cb",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://[::1]/cb",
            "http://[fe80::1]/cb",
            "http://[fd00::1]/cb",
            "http://[::ffff:127.0.0.1]/cb",
            "http://localhost:3000/cb",
            "http://api.localhost/cb",
            "http://metadata/computeMetadata",
            "http://db.internal/x",
            "http://printer.local/x",
            "file:///etc/passwd",
            "gopher://example.org/",
            "http://user:pw@example.org/",
            "not a url",
        ] {
            assert!(check_target(bad, &[]).is_err(), "{bad}");
        }
        for good in
            ["https://moodle.example.org/mod/bbb/end.php?x=1", "http://203.0.113.9.nip.io/cb", "http://8.8.8.8/"]
        {
            assert!(check_target(good, &[]).is_ok(), "{good}");
        }
        assert!(check_target("http://127.0.0.1:9000/cb", &["127.0.0.1".into()]).is_ok());
    }

    #[test]
    fn callback_urls_are_taken_whatever_their_case() {
        let mut p: BTreeMap<String, String> = [
            ("meta_endcallbackurl", "https://lms.example.org/end"),
            ("meta_bbb-recording-ready-url", "https://lms.example.org/rec"),
            ("name", "x"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let (end, rec) = take(&mut p);
        assert_eq!(end.as_deref(), Some("https://lms.example.org/end"));
        assert_eq!(rec.as_deref(), Some("https://lms.example.org/rec"));
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn every_spelling_of_a_callback_is_taken() {
        let mut p: BTreeMap<String, String> = [
            ("meta_endCallbackURL", "https://a.example.org/end"),
            ("meta_endcallbackurl", "https://b.example.org/end"),
            ("META_ENDCALLBACKURL", "https://c.example.org/end"),
            ("meta_BBB-Recording-Ready-Url", "https://a.example.org/rec"),
            ("meta_bbb-recording-ready-url", "https://b.example.org/rec"),
            ("name", "x"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let (end, rec) = take(&mut p);
        assert!(end.is_some() && rec.is_some());
        assert_eq!(p.keys().collect::<Vec<_>>(), vec!["name"], "no spelling is left for the server");
    }

    #[test]
    fn jwt_round_trip_and_wrong_secret() {
        let c = RecordingReady { meeting_id: "m".into(), record_id: "r".into() };
        let t = sign_recording_ready(&c, "s3cret-s3cret-s3cret").unwrap();
        assert_eq!(verify_recording_ready(&t, "s3cret-s3cret-s3cret"), Some(c));
        assert_eq!(verify_recording_ready(&t, "another-secret-entirely"), None);
        assert_eq!(verify_recording_ready("garbage", "s3cret-s3cret-s3cret"), None);
    }
}
