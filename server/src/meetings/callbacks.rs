//! Callbacks of meetings placed through the API. A front end's `meta_endCallbackUrl` and
//! `meta_bbb-recording-ready-url` are never handed to a conference server: the server gets Convene's own URL with a
//! random token, and Convene — once it has learnt what it needs (the meeting ended; the recording's JWT is genuine)
//! — calls the front end's URL itself, re-signing the recording JWT with the institution's secret. Front-end URLs
//! are only ever contacted on public addresses: loopback, private, link-local and internal names are refused before
//! connecting and again after name resolution (so a name that resolves to 127.0.0.1 is refused too; the rule is
//! `crate::outbound`). The routes servers call are in `callback_routes`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use jsonwebtoken::{Algorithm as JwtAlgorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::outbound::check_target;

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
            .dns_resolver(crate::outbound::public_only_resolver(allow.clone()))
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

/// Convene's callback URLs for one placement.
pub fn our_urls(public_url: &Url, token: &str) -> (String, String) {
    let base = public_url.as_str().trim_end_matches('/');
    (format!("{base}/bigbluebutton/callback/end/{token}"), format!("{base}/bigbluebutton/callback/recording/{token}"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
