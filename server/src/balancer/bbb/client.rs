//! Calls to conference servers: requests signed over the exact encoded query, typed answers read with a real XML
//! parser, bounded time, no redirects followed, and errors that say what went wrong.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

use super::checksum::{self, Algorithm};
use super::query;
use super::xml::{self, Envelope};
use crate::db::servers::ServerRow;

/// Where a conference server's API is and how to sign for it.
#[derive(Clone, Debug)]
pub struct Endpoint {
    /// e.g. `https://bbb1.example.org/bigbluebutton/api` (no trailing slash needed).
    pub api_url: String,
    pub secret: secrecy::SecretString,
    pub algorithm: Algorithm,
    /// PEM certificates of a private CA trusted for this server, besides the web PKI and the system's store.
    pub ca_pem: Option<Arc<str>>,
    /// Connect to public addresses only (servers contributed by institutions: their names must not lead Convene
    /// to internal addresses).
    pub public_only: bool,
}

impl Endpoint {
    /// An endpoint on the common trust roots, any address.
    pub fn new(api_url: impl Into<String>, secret: impl Into<String>, algorithm: Algorithm) -> Endpoint {
        Endpoint {
            api_url: api_url.into(),
            secret: secrecy::SecretString::from(secret.into()),
            algorithm,
            ca_pem: None,
            public_only: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BbbError {
    #[error("the server did not answer in time")]
    Timeout,
    #[error("the server could not be reached: {0}")]
    Unreachable(String),
    #[error("the server's TLS certificate is not trusted: {0}")]
    Tls(String),
    #[error("the server answered HTTP {0}")]
    Http(u16),
    #[error("the server's answer is not valid BigBlueButton XML: {0}")]
    Malformed(String),
    #[error("the server refused the call: {key}: {message}")]
    Failed { key: String, message: String },
}

impl BbbError {
    /// A failure to talk to the server at all (no URL in the message: it carries the checksum).
    fn transport(e: reqwest::Error) -> BbbError {
        if e.is_timeout() {
            return BbbError::Timeout;
        }
        if let Some(problem) = super::super::tls::tls_problem(&e) {
            return BbbError::Tls(problem);
        }
        BbbError::Unreachable(e.without_url().to_string())
    }

    /// The server rejected our shared secret.
    pub fn is_checksum_error(&self) -> bool {
        matches!(self, BbbError::Failed { key, .. } if key == "checksumError")
    }

    /// The server answered and refused the call for what it asked (a parameter it does not accept…): another
    /// server would refuse it too. A refused checksum is our configuration, not the caller's call.
    pub fn is_refusal(&self) -> bool {
        matches!(self, BbbError::Failed { key, .. } if key != "checksumError")
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, BbbError::Failed { key, .. } if key == "notFound")
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Created {
    #[serde(rename = "meetingID")]
    pub meeting_id: String,
    #[serde(rename = "internalMeetingID")]
    pub internal_meeting_id: String,
    pub create_time: i64,
    #[serde(default)]
    pub voice_bridge: Option<String>,
    #[serde(default)]
    pub dial_number: Option<String>,
    #[serde(default)]
    pub message_key: Option<String>,
    /// The passwords of the meeting (deprecated in BigBlueButton, still answered; chosen by the server when the
    /// create gave none).
    #[serde(rename = "attendeePW", default)]
    pub attendee_pw: Option<String>,
    #[serde(rename = "moderatorPW", default)]
    pub moderator_pw: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Attendee {
    #[serde(rename = "userID", default)]
    pub user_id: String,
    pub full_name: String,
    pub role: String,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Attendees {
    #[serde(default)]
    pub attendee: Vec<Attendee>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MeetingInfo {
    pub meeting_name: String,
    #[serde(rename = "meetingID")]
    pub meeting_id: String,
    #[serde(rename = "internalMeetingID")]
    pub internal_meeting_id: String,
    pub create_time: i64,
    #[serde(default)]
    pub running: bool,
    #[serde(default)]
    pub participant_count: u32,
    #[serde(default)]
    pub listener_count: u32,
    #[serde(default)]
    pub voice_participant_count: u32,
    #[serde(default)]
    pub video_count: u32,
    #[serde(default)]
    pub moderator_count: u32,
    #[serde(default)]
    pub max_users: u32,
    #[serde(default)]
    pub attendees: Attendees,
}

#[derive(Debug, Default, Deserialize)]
struct Meetings {
    #[serde(default)]
    meeting: Vec<MeetingInfo>,
}

#[derive(Debug, Deserialize)]
struct MeetingsAnswer {
    #[serde(default)]
    meetings: Meetings,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Format {
    #[serde(rename = "type")]
    pub kind: String,
    pub url: String,
    #[serde(default)]
    pub length: u32,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Playback {
    #[serde(default)]
    pub format: Vec<Format>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RecordingInfo {
    #[serde(rename = "recordID")]
    pub record_id: String,
    #[serde(rename = "meetingID")]
    pub meeting_id: String,
    pub name: String,
    pub published: bool,
    pub start_time: i64,
    pub end_time: i64,
    #[serde(default)]
    pub participants: u32,
    #[serde(default)]
    pub playback: Playback,
}

#[derive(Debug, Default, Deserialize)]
struct Recordings {
    #[serde(default)]
    recording: Vec<RecordingInfo>,
}

#[derive(Debug, Deserialize)]
struct RecordingsAnswer {
    #[serde(default)]
    recordings: Recordings,
}

#[derive(Debug, Deserialize)]
struct Running {
    running: bool,
}

/// Which HTTP client an endpoint needs: its extra CA (by content) and whether only public addresses may be used.
type ClientKey = (Option<Arc<str>>, bool);

#[derive(Clone)]
pub struct BbbClient {
    timeout: Duration,
    /// Hosts an institution's server may use although they are not public (closed networks, tests).
    allow: Arc<Vec<String>>,
    /// One client per trust setting, made when first needed (a server's CA rarely changes).
    clients: Arc<Mutex<HashMap<ClientKey, reqwest::Client>>>,
}

impl BbbClient {
    pub fn new(timeout: Duration) -> BbbClient {
        BbbClient::with_allowed_hosts(timeout, Vec::new())
    }

    /// `allow`: hosts that servers added by institutions may use although loopback, private or internal.
    pub fn with_allowed_hosts(timeout: Duration, allow: Vec<String>) -> BbbClient {
        BbbClient { timeout, allow: Arc::new(allow), clients: Arc::default() }
    }

    /// Hosts servers added by institutions may use although not public.
    pub fn allowed_hosts(&self) -> &[String] {
        &self.allow
    }

    fn build(&self, key: &ClientKey) -> Result<reqwest::Client, BbbError> {
        let mut b = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(8);
        if let Some(pem) = &key.0 {
            let certs = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
                .map_err(|_| BbbError::Tls("the server's CA certificate cannot be read".into()))?;
            for c in certs {
                b = b.add_root_certificate(c);
            }
        }
        if key.1 {
            // A proxy from the environment would resolve and connect on our behalf, past the resolver's check.
            b = b.dns_resolver(crate::outbound::public_only_resolver(self.allow.clone())).no_proxy();
        }
        b.build().map_err(|e| BbbError::Unreachable(format!("no HTTP client: {e}")))
    }

    fn http(&self, endpoint: &Endpoint) -> Result<reqwest::Client, BbbError> {
        let key: ClientKey = (endpoint.ca_pem.clone(), endpoint.public_only);
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = clients.get(&key) {
            return Ok(c.clone());
        }
        let c = self.build(&key)?;
        // Bounded: the pool has few distinct CAs; a flood of them would only cost rebuilding clients.
        if clients.len() >= 256 {
            clients.clear();
        }
        clients.insert(key, c.clone());
        Ok(c)
    }

    /// The signed URL of a call. The query is encoded once; that exact string is what is hashed and sent.
    pub fn url(endpoint: &Endpoint, call: &str, params: &[(&str, &str)]) -> String {
        use secrecy::ExposeSecret;
        let q = query::build(params);
        let sum = checksum::sign(endpoint.algorithm, call, &q, endpoint.secret.expose_secret());
        let base = endpoint.api_url.trim_end_matches('/');
        if q.is_empty() { format!("{base}/{call}?checksum={sum}") } else { format!("{base}/{call}?{q}&checksum={sum}") }
    }

    /// The answer's XML as received, after checking it is a successful BigBlueButton answer.
    pub async fn call_text(
        &self,
        endpoint: &Endpoint,
        call: &str,
        params: &[(&str, &str)],
    ) -> Result<String, BbbError> {
        let url = Self::url(endpoint, call, params);
        let res = self.http(endpoint)?.get(&url).send().await.map_err(BbbError::transport)?;
        if !res.status().is_success() {
            return Err(BbbError::Http(res.status().as_u16()));
        }
        let body = res.text().await.map_err(BbbError::transport)?;
        let envelope: Envelope = xml::read(&body).map_err(|e| BbbError::Malformed(e.to_string()))?;
        if !envelope.ok() {
            return Err(BbbError::Failed {
                key: envelope.message_key.unwrap_or_default(),
                message: envelope.message.unwrap_or_default(),
            });
        }
        Ok(body)
    }

    async fn call<T: for<'de> Deserialize<'de>>(
        &self,
        endpoint: &Endpoint,
        call: &str,
        params: &[(&str, &str)],
    ) -> Result<T, BbbError> {
        let body = self.call_text(endpoint, call, params).await?;
        xml::read(&body).map_err(|e| BbbError::Malformed(e.to_string()))
    }

    /// Answers when the server is up and our secret is right (`getMeetings` is signed, the bare API root is not).
    pub async fn check(&self, endpoint: &Endpoint) -> Result<Vec<MeetingInfo>, BbbError> {
        self.get_meetings(endpoint).await
    }

    pub async fn create(&self, endpoint: &Endpoint, params: &[(&str, &str)]) -> Result<Created, BbbError> {
        self.call(endpoint, "create", params).await
    }

    /// `create`, with the answer also as received (to pass on to another client).
    pub async fn create_raw(
        &self,
        endpoint: &Endpoint,
        params: &[(&str, &str)],
    ) -> Result<(Created, String), BbbError> {
        let body = self.call_text(endpoint, "create", params).await?;
        let created = xml::read(&body).map_err(|e| BbbError::Malformed(e.to_string()))?;
        Ok((created, body))
    }

    pub async fn end(&self, endpoint: &Endpoint, meeting_id: &str) -> Result<(), BbbError> {
        self.call_text(endpoint, "end", &[("meetingID", meeting_id)]).await.map(|_| ())
    }

    pub async fn is_meeting_running(&self, endpoint: &Endpoint, meeting_id: &str) -> Result<bool, BbbError> {
        self.call::<Running>(endpoint, "isMeetingRunning", &[("meetingID", meeting_id)]).await.map(|r| r.running)
    }

    pub async fn get_meeting_info(&self, endpoint: &Endpoint, meeting_id: &str) -> Result<MeetingInfo, BbbError> {
        self.call(endpoint, "getMeetingInfo", &[("meetingID", meeting_id)]).await
    }

    pub async fn get_meetings(&self, endpoint: &Endpoint) -> Result<Vec<MeetingInfo>, BbbError> {
        self.call::<MeetingsAnswer>(endpoint, "getMeetings", &[]).await.map(|a| a.meetings.meeting)
    }

    pub async fn get_recordings(
        &self,
        endpoint: &Endpoint,
        params: &[(&str, &str)],
    ) -> Result<Vec<RecordingInfo>, BbbError> {
        self.call::<RecordingsAnswer>(endpoint, "getRecordings", params).await.map(|a| a.recordings.recording)
    }
}

/// How to reach a registered server: its API URL, secret and algorithm, its private CA, and whether only public
/// addresses may be used.
pub fn endpoint(row: &ServerRow) -> Endpoint {
    Endpoint {
        api_url: row.api_url.clone(),
        secret: SecretString::from(row.secret.clone()),
        algorithm: Algorithm::parse(&row.algorithm).unwrap_or(Algorithm::Sha256),
        ca_pem: row.ca_pem.as_deref().map(Into::into),
        // A server an institution's admin added is only ever reached on public addresses (its name may change what
        // it resolves to after registration); one an operator vouched for, on the address the operator gave.
        public_only: row.public_only != 0,
    }
}
