//! A faithful BigBlueButton API server for the demo and the tests (there is no real conference server here).
//! It checks checksums with its own secret (all four algorithms), keeps meetings only while they run, counts a
//! participant while their meeting page keeps beating, records recorded meetings, reports capacity and a CPU
//! figure, and takes faults (down, slow, errors, flapping) through `/bigbluebutton/sim/faults`.

pub mod state;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query, RawQuery, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{any, get, post};
use serde::Deserialize;

use super::bbb::checksum::{self, Algorithm};
use super::bbb::query::{self, ApiQuery};
use super::bbb::xml::{NO_MEETINGS, NO_RECORDINGS, Node, failed, list, response};
use super::bbb::xml_response as xml;
use crate::clock::SharedClock;
use state::{Limits, Meeting, NewMeeting, Recording, Role, SimState};

/// What the fault endpoint can make the server do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase", tag = "mode")]
pub enum Fault {
    /// Behave.
    Ok,
    /// Answer every API call with 503, as a server that is down behind its proxy.
    Down,
    /// Answer after `ms` milliseconds.
    Slow { ms: u64 },
    /// Answer with a 500 and a body that is not XML.
    Errors,
    /// Alternate: `period` requests down, `period` requests up.
    Flapping { period: u64 },
}

pub struct Simulator {
    pub name: String,
    secret: String,
    pub capacity: u32,
    limits: Limits,
    clock: SharedClock,
    state: Mutex<SimState>,
    fault: Mutex<Fault>,
    requests: AtomicU64,
    /// Calls the end and recording-ready callbacks of ended meetings.
    http: reqwest::Client,
}

fn now_ms(clock: &SharedClock) -> i64 {
    clock.now().timestamp_millis()
}

impl Simulator {
    pub fn new(name: &str, secret: &str, capacity: u32, limits: Limits, clock: SharedClock) -> Arc<Simulator> {
        Arc::new(Simulator {
            name: name.to_owned(),
            secret: secret.to_owned(),
            capacity,
            limits,
            clock,
            state: Mutex::new(SimState::default()),
            fault: Mutex::new(Fault::Ok),
            requests: AtomicU64::new(0),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(5))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default(),
        })
    }

    fn state(&self) -> MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_fault(&self, f: Fault) {
        *self.fault.lock().unwrap_or_else(|p| p.into_inner()) = f;
    }

    /// Expires meetings and quiet participants; returns what ended.
    pub fn tick(&self) -> Vec<state::Ended> {
        let now = now_ms(&self.clock);
        self.state().tick(&self.limits, now)
    }

    /// Expires what is due and calls the callbacks of what ended, as the server's own timer does.
    pub async fn tick_and_notify(&self) {
        let ended = self.tick();
        self.notify(ended).await;
    }

    /// Calls, for each ended meeting, its end callback (GET, `meetingID` and `recordingmarks` appended) and, when
    /// it left a recording, the recording-ready callback (POST `signed_parameters`, a JWT HS256 with this server's
    /// secret; tried three times unless the answer is 2xx, 401 or 410).
    pub async fn notify(&self, ended: Vec<state::Ended>) {
        for e in ended {
            let meta = |key: &str| {
                e.meeting.metadata.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.clone())
            };
            if let Some(url) = meta("endCallbackUrl")
                && let Ok(mut url) = url::Url::parse(&url)
            {
                url.query_pairs_mut()
                    .append_pair("meetingID", &e.meeting.meeting_id)
                    .append_pair("recordingmarks", if e.recording.is_some() { "true" } else { "false" });
                let _ = self.http.get(url).send().await;
            }
            if let (Some(rec), Some(url)) = (&e.recording, meta("bbb-recording-ready-url")) {
                let claims = crate::meetings::callbacks::RecordingReady {
                    meeting_id: e.meeting.meeting_id.clone(),
                    record_id: rec.record_id.clone(),
                };
                let Ok(jwt) = crate::meetings::callbacks::sign_recording_ready(&claims, &self.secret) else { continue };
                for attempt in 0..3u64 {
                    let sent = self.http.post(&url).form(&[("signed_parameters", jwt.as_str())]).send().await;
                    match sent.map(|r| r.status().as_u16()) {
                        Ok(s) if (200..300).contains(&s) || s == 401 || s == 410 => break,
                        _ => tokio::time::sleep(Duration::from_millis(300 * (attempt + 1))).await,
                    }
                }
            }
        }
    }

    /// A running meeting, as the server holds it (for tests and the demo).
    pub fn meeting(&self, meeting_id: &str) -> Option<Meeting> {
        self.state().meetings.get(meeting_id).cloned()
    }

    pub fn participants(&self) -> usize {
        self.state().participants()
    }

    /// API and page requests answered so far (tests see which servers were asked).
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn meeting_count(&self) -> usize {
        self.state().meetings.len()
    }

    /// A made-up but plausible CPU load: idle floor plus participants' share of capacity.
    pub fn cpu(&self) -> f64 {
        (0.05 + 0.8 * self.participants() as f64 / f64::from(self.capacity.max(1))).min(1.0)
    }

    pub fn router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/bigbluebutton/api", get(version))
            .route("/bigbluebutton/api/", get(version))
            .route("/bigbluebutton/api/{call}", any(api))
            .route("/bigbluebutton/sim/client", get(client_page))
            .route("/bigbluebutton/sim/heartbeat", post(heartbeat))
            .route("/bigbluebutton/sim/lobby", get(lobby_count))
            .route("/bigbluebutton/sim/leave", post(leave))
            .route("/bigbluebutton/sim/guest", post(decide_guest))
            .route("/bigbluebutton/sim/playback/{record_id}", get(playback))
            .route("/bigbluebutton/sim/stats", get(stats))
            .layer(from_fn_with_state(self.clone(), faults))
            .route("/bigbluebutton/sim/faults", post(set_fault))
            .with_state(self.clone())
    }
}

/// Ticks a simulator every five seconds (heartbeats, expiries, callbacks) until aborted.
fn ticker(sim: Arc<Simulator>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        loop {
            every.tick().await;
            sim.tick_and_notify().await;
        }
    })
}

/// Serves a simulator on `listener` and ticks it every five seconds, until the returned task is aborted.
pub fn serve(sim: Arc<Simulator>, listener: tokio::net::TcpListener) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let ticker = ticker(sim.clone());
        let _ = axum::serve(listener, sim.router()).await;
        ticker.abort();
    })
}

/// Serves a simulator over TLS (`config` from `tls::server_config`) on `listener`, ticking it like `serve`.
pub fn serve_tls(
    sim: Arc<Simulator>,
    listener: tokio::net::TcpListener,
    config: Arc<rustls::ServerConfig>,
) -> std::io::Result<tokio::task::JoinHandle<()>> {
    let listener = super::tls::TlsListener::new(listener, config)?;
    Ok(tokio::spawn(async move {
        let ticker = ticker(sim.clone());
        let _ = axum::serve(listener, sim.router().layer(axum::middleware::from_fn(over_tls))).await;
        ticker.abort();
    }))
}

async fn faults(State(sim): State<Arc<Simulator>>, req: Request, next: Next) -> Response {
    let n = sim.requests.fetch_add(1, Ordering::Relaxed);
    let fault = *sim.fault.lock().unwrap_or_else(|p| p.into_inner());
    match fault {
        Fault::Ok => next.run(req).await,
        Fault::Down => (StatusCode::SERVICE_UNAVAILABLE, "down").into_response(),
        Fault::Errors => (StatusCode::INTERNAL_SERVER_ERROR, "<html>Internal error").into_response(),
        Fault::Slow { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        Fault::Flapping { period } => {
            if (n / period.max(1)) % 2 == 0 {
                (StatusCode::SERVICE_UNAVAILABLE, "down").into_response()
            } else {
                next.run(req).await
            }
        }
    }
}

#[derive(Deserialize)]
struct FaultForm {
    secret: String,
    #[serde(flatten)]
    fault: Fault,
}

async fn set_fault(State(sim): State<Arc<Simulator>>, Query(f): Query<FaultForm>) -> Response {
    if !bool::from(subtle::ConstantTimeEq::ct_eq(f.secret.as_bytes(), sim.secret.as_bytes())) {
        return StatusCode::FORBIDDEN.into_response();
    }
    sim.set_fault(f.fault);
    (StatusCode::OK, "ok").into_response()
}

async fn version() -> Response {
    xml(response(
        true,
        &[
            Node::text("version", "2.0"),
            Node::text("apiVersion", "2.0"),
            Node::text("bbbVersion", "3.0 (Convene simulator)"),
        ],
    ))
}

fn meeting_nodes(m: &Meeting) -> Vec<Node> {
    let attendees = m
        .attendees
        .values()
        .map(|a| {
            Node::elem(
                "attendee",
                vec![
                    Node::text("userID", &a.user_id),
                    Node::text("fullName", &a.full_name),
                    Node::text("role", a.role.as_str()),
                    Node::text("isPresenter", a.role == Role::Moderator),
                    Node::text("isListeningOnly", false),
                    Node::text("hasJoinedVoice", true),
                    Node::text("hasVideo", false),
                    Node::text("clientType", "HTML5"),
                ],
            )
        })
        .collect();
    vec![
        Node::text("meetingName", &m.name),
        Node::text("meetingID", &m.meeting_id),
        Node::text("internalMeetingID", &m.internal_id),
        Node::text("createTime", m.create_time_ms),
        Node::text("createDate", create_date(m.create_time_ms)),
        Node::text("voiceBridge", m.voice_bridge),
        Node::text("dialNumber", &m.dial_number),
        Node::text("attendeePW", &m.attendee_pw),
        Node::text("moderatorPW", &m.moderator_pw),
        Node::text("running", m.running()),
        Node::text("duration", m.duration_min),
        Node::text("hasUserJoined", m.ever_joined),
        Node::text("recording", m.record && m.running()),
        Node::text("hasBeenForciblyEnded", false),
        Node::text("participantCount", m.attendees.len()),
        Node::text("listenerCount", 0),
        Node::text("voiceParticipantCount", m.attendees.len()),
        Node::text("videoCount", 0),
        Node::text("maxUsers", m.max_participants),
        Node::text("moderatorCount", m.moderators()),
        Node::elem("attendees", attendees),
        Node::elem("metadata", m.metadata.iter().map(|(k, v)| Node::text(k, v)).collect()),
        Node::text("isBreakout", false),
        Node::text("startTime", m.create_time_ms),
        Node::text("endTime", 0),
    ]
}

fn create_date(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%a %b %d %H:%M:%S UTC %Y").to_string())
        .unwrap_or_default()
}

fn recording_nodes(r: &Recording, base: &str) -> Node {
    Node::elem(
        "recording",
        vec![
            Node::text("recordID", &r.record_id),
            Node::text("meetingID", &r.meeting_id),
            Node::text("internalMeetingID", &r.internal_id),
            Node::text("name", &r.name),
            Node::text("isBreakout", false),
            Node::text("published", r.published),
            Node::text("state", if r.published { "published" } else { "unpublished" }),
            Node::text("startTime", r.start_ms),
            Node::text("endTime", r.end_ms),
            Node::text("participants", r.participants),
            Node::elem("metadata", r.metadata.iter().map(|(k, v)| Node::text(k, v)).collect()),
            Node::elem(
                "playback",
                vec![Node::elem(
                    "format",
                    vec![
                        Node::text("type", "presentation"),
                        Node::text("url", format!("{base}/bigbluebutton/sim/playback/{}", r.record_id)),
                        Node::text("processingTime", 1000),
                        Node::text("length", ((r.end_ms - r.start_ms) / 60_000).max(1)),
                    ],
                )],
            ),
        ],
    )
}

fn flag(q: &ApiQuery, name: &str) -> bool {
    q.get(name).is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

fn number(q: &ApiQuery, name: &str) -> u32 {
    q.get(name).and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn csv(q: &ApiQuery, name: &str) -> Vec<String> {
    q.get(name)
        .map(|v| v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default()
}

/// The simulator's own base URL as the caller reached it: https when served over TLS, or behind a TLS terminator
/// that says so (`X-Forwarded-Proto: https`).
fn host_base(headers: &axum::http::HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let https = headers.get("x-forwarded-proto").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// Marks every request as received over TLS (for `host_base`), whatever the client sent.
async fn over_tls(mut req: Request, next: Next) -> Response {
    req.headers_mut().insert("x-forwarded-proto", axum::http::HeaderValue::from_static("https"));
    next.run(req).await
}

async fn api(
    State(sim): State<Arc<Simulator>>,
    Path(call): Path<String>,
    RawQuery(raw): RawQuery,
    headers: axum::http::HeaderMap,
) -> Response {
    let raw = raw.unwrap_or_default();
    let q = match query::parse(&raw, 64 * 1024) {
        Ok(q) => q,
        Err(e) => return xml(failed("paramError", &e.to_string())),
    };
    let Some(sum) = q.checksum.as_deref() else {
        return xml(failed("checksumError", "You did not pass the checksum security check"));
    };
    if checksum::verify(sum, &call, &q.signed, &sim.secret, &Algorithm::ALL).is_err() {
        return xml(failed("checksumError", "You did not pass the checksum security check"));
    }
    let now = now_ms(&sim.clock);
    let meeting_id = q.get("meetingID").map(str::to_owned);
    let needs_meeting = matches!(call.as_str(), "create" | "join" | "end" | "isMeetingRunning" | "getMeetingInfo");
    if needs_meeting {
        match meeting_id.as_deref() {
            None | Some("") => {
                return xml(failed("missingParamMeetingID", "You must specify a meeting ID"));
            }
            Some(id) if id.chars().count() < 2 || id.chars().count() > 256 || id.contains(',') => {
                return xml(failed(
                    "invalidMeetingIdentifier",
                    "The meeting ID must be 2 to 256 characters, no commas",
                ));
            }
            _ => {}
        }
    }
    let meeting_id = meeting_id.unwrap_or_default();
    match call.as_str() {
        "create" => create(&sim, &q, &meeting_id, now),
        "join" => join(&sim, &q, &meeting_id, &headers, now),
        "end" => end(&sim, &meeting_id, now),
        "isMeetingRunning" => {
            let running = sim.state().meetings.get(&meeting_id).is_some_and(Meeting::running);
            xml(response(true, &[Node::text("running", running)]))
        }
        "getMeetingInfo" => match sim.state().meetings.get(&meeting_id) {
            None => xml(failed("notFound", "A meeting with that ID does not exist")),
            Some(m) => xml(response(true, &meeting_nodes(m))),
        },
        "getMeetings" => {
            let st = sim.state();
            let meetings: Vec<Node> = st.meetings.values().map(|m| Node::elem("meeting", meeting_nodes(m))).collect();
            xml(list("meetings", meetings, "noMeetings", NO_MEETINGS))
        }
        "getRecordings" => get_recordings(&sim, &q, &headers),
        "publishRecordings" | "deleteRecordings" | "updateRecordings" => change_recordings(&sim, &call, &q),
        _ => xml(failed("unsupportedRequest", "This call is not supported.")),
    }
}

/// create: a new meeting, or the one with that id (duplicateWarning).
fn create(sim: &Simulator, q: &query::ApiQuery, meeting_id: &str, now: i64) -> Response {
    // As BigBlueButton: a boolean must be one, and meta keys are lower-cased.
    if q.get("record").is_some_and(|v| !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false")) {
        return xml(failed("validationError", "Record must be a boolean value (true or false)"));
    }
    let metadata: BTreeMap<String, String> =
        q.prefixed("meta_").map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned())).collect();
    let new = NewMeeting {
        meeting_id: meeting_id.to_owned(),
        name: q.get("name").unwrap_or(meeting_id).to_owned(),
        record: flag(q, "record"),
        max_participants: number(q, "maxParticipants"),
        duration_min: number(q, "duration"),
        attendee_pw: q.get("attendeePW").map(str::to_owned),
        moderator_pw: q.get("moderatorPW").map(str::to_owned),
        metadata,
        guest_policy: q.get("guestPolicy").unwrap_or("").to_ascii_uppercase(),
    };
    let mut st = sim.state();
    let (m, duplicate) = st.create(new, now);
    let mut nodes = vec![
        Node::text("meetingID", &m.meeting_id),
        Node::text("internalMeetingID", &m.internal_id),
        Node::text("parentMeetingID", "bbb-none"),
        Node::text("attendeePW", &m.attendee_pw),
        Node::text("moderatorPW", &m.moderator_pw),
        Node::text("createTime", m.create_time_ms),
        Node::text("createDate", create_date(m.create_time_ms)),
        Node::text("voiceBridge", m.voice_bridge),
        Node::text("dialNumber", &m.dial_number),
        Node::text("hasUserJoined", m.ever_joined),
        Node::text("duration", m.duration_min),
        Node::text("hasBeenForciblyEnded", false),
    ];
    if duplicate {
        nodes.push(Node::text("messageKey", "duplicateWarning"));
        nodes.push(Node::text("message", "This conference was already in existence and may currently be in progress."));
    } else {
        nodes.push(Node::text("messageKey", ""));
        nodes.push(Node::text("message", ""));
    }
    xml(response(true, &nodes))
}

/// join: in (or to the waiting room), redirected to the simulated client, or its session as XML.
fn join(sim: &Simulator, q: &query::ApiQuery, meeting_id: &str, headers: &axum::http::HeaderMap, now: i64) -> Response {
    let Some(full_name) = q.get("fullName").filter(|n| !n.trim().is_empty()) else {
        return xml(failed("missingParamFullName", "You must specify a name for the attendee"));
    };
    let mut st = sim.state();
    let Some(m) = st.meetings.get(meeting_id) else {
        // BigBlueButton 2.7 and later answer an unknown meeting's join with this key.
        return xml(failed("invalidMeetingIdentifier", "A meeting with that ID does not exist"));
    };
    if let Some(ct) = q.get("createTime")
        && ct != m.create_time_ms.to_string()
    {
        return xml(failed("mismatchCreateTimeParam", "The createTime parameter does not match the meeting"));
    }
    let role = match (q.get("role"), q.get("password")) {
        (Some(r), _) if r.eq_ignore_ascii_case("moderator") => Role::Moderator,
        (Some(_), _) => Role::Viewer,
        (None, Some(pw)) if pw == m.moderator_pw => Role::Moderator,
        (None, Some(pw)) if pw == m.attendee_pw => Role::Viewer,
        _ => {
            return xml(failed("invalidPassword", "You must specify a role or a valid password"));
        }
    };
    let user_id = q.get("userID").unwrap_or("").to_owned();
    let (token, guest_status) = match st.join_or_wait(meeting_id, full_name, &user_id, role, flag(q, "guest"), now) {
        Some(state::Joined::In(t)) => (t, "ALLOW"),
        Some(state::Joined::Lobby(t)) => (t, "WAIT"),
        None => {
            return xml(failed(
                "maxParticipantsReached",
                "The number of participants allowed for this meeting has been reached.",
            ));
        }
    };
    let url = format!("{}/bigbluebutton/sim/client?session={token}", host_base(headers));
    if q.get("redirect").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
        // As BigBlueButton answers: the internal meeting and user ids, the session, and where to go.
        let internal_user: String = token.chars().filter(char::is_ascii_alphanumeric).take(12).collect();
        xml(response(
            true,
            &[
                Node::text("messageKey", "successfullyJoined"),
                Node::text("message", "You have joined successfully."),
                Node::text("meeting_id", &st.meetings[meeting_id].internal_id),
                Node::text("user_id", format!("w_{internal_user}")),
                Node::text("auth_token", &token),
                Node::text("session_token", &token),
                Node::text("guestStatus", guest_status),
                Node::text("url", &url),
            ],
        ))
    } else {
        Redirect::to(&url).into_response()
    }
}

/// end: the meeting ends; its end callback (and recording, when recorded) follows.
fn end(sim: &Arc<Simulator>, meeting_id: &str, now: i64) -> Response {
    let ended = sim.state().end(meeting_id, now);
    if let Some(e) = ended.clone() {
        let sim = sim.clone();
        tokio::spawn(async move { sim.notify(vec![e]).await });
    }
    match ended {
        None => xml(failed("notFound", "A meeting with that ID does not exist")),
        Some(_) => xml(response(
            true,
            &[
                Node::text("messageKey", "sentEndMeetingRequest"),
                Node::text(
                    "message",
                    "A request to end the meeting was sent. Please wait a few seconds, and then use the getMeetingInfo or isMeetingRunning API calls to verify that it was ended.",
                ),
            ],
        )),
    }
}

fn get_recordings(sim: &Simulator, q: &query::ApiQuery, headers: &axum::http::HeaderMap) -> Response {
    let meeting_ids = csv(q, "meetingID");
    let record_ids = csv(q, "recordID");
    let states = csv(q, "state");
    let base = host_base(headers);
    let st = sim.state();
    let found: Vec<Node> = st
        .recordings
        .values()
        .filter(|r| meeting_ids.is_empty() || meeting_ids.contains(&r.meeting_id))
        .filter(|r| record_ids.is_empty() || record_ids.iter().any(|p| r.record_id.starts_with(p.as_str())))
        .filter(|r| states.is_empty() || states.iter().any(|s| s == "any" || (s == "published") == r.published))
        .filter(|r| q.prefixed("meta_").all(|(k, v)| r.metadata.get(&k.to_ascii_lowercase()).is_some_and(|x| x == v)))
        .map(|r| recording_nodes(r, &base))
        .collect();
    xml(list("recordings", found, "noRecordings", NO_RECORDINGS))
}

/// publishRecordings, deleteRecordings, updateRecordings.
fn change_recordings(sim: &Simulator, call: &str, q: &query::ApiQuery) -> Response {
    let ids = csv(q, "recordID");
    if ids.is_empty() {
        return xml(failed("missingParamRecordID", "You must specify one or more a record IDs"));
    }
    let mut st = sim.state();
    if !ids.iter().all(|id| st.recordings.contains_key(id)) {
        return xml(failed("notFound", "We could not find recordings"));
    }
    let (tag, value) = match call {
        "publishRecordings" => {
            let publish = flag(q, "publish");
            for id in &ids {
                if let Some(r) = st.recordings.get_mut(id) {
                    r.published = publish;
                }
            }
            ("published", publish)
        }
        "deleteRecordings" => {
            for id in &ids {
                st.recordings.remove(id);
            }
            ("deleted", true)
        }
        _ => {
            for id in &ids {
                if let Some(r) = st.recordings.get_mut(id) {
                    for (k, v) in q.prefixed("meta_") {
                        let k = k.to_ascii_lowercase();
                        if v.is_empty() {
                            r.metadata.remove(&k);
                        } else {
                            r.metadata.insert(k, v.to_owned());
                        }
                    }
                }
            }
            ("updated", true)
        }
    };
    xml(response(true, &[Node::text(tag, value)]))
}

#[derive(Deserialize)]
struct SessionParam {
    session: String,
}

async fn heartbeat(State(sim): State<Arc<Simulator>>, Query(p): Query<SessionParam>) -> Response {
    let now = now_ms(&sim.clock);
    if sim.state().heartbeat(&p.session, now) { StatusCode::NO_CONTENT } else { StatusCode::GONE }.into_response()
}

/// How many wait to be let in, for a moderator's page (which reloads itself when the number changes).
async fn lobby_count(State(sim): State<Arc<Simulator>>, Query(p): Query<SessionParam>) -> Response {
    match sim.state().waiting_for(&p.session) {
        Some(n) => axum::Json(serde_json::json!({ "waiting": n })).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn leave(State(sim): State<Arc<Simulator>>, Query(p): Query<SessionParam>) -> Response {
    let now = now_ms(&sim.clock);
    sim.state().leave(&p.session, now);
    StatusCode::NO_CONTENT.into_response()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[derive(Deserialize)]
struct GuestDecision {
    session: String,
    guest: String,
    allow: String,
}

/// A moderator lets a waiting guest in (`allow=true`) or not, from their meeting page.
async fn decide_guest(State(sim): State<Arc<Simulator>>, axum::Form(d): axum::Form<GuestDecision>) -> Response {
    let now = now_ms(&sim.clock);
    let allow = d.allow.eq_ignore_ascii_case("true");
    if sim.state().decide_guest(&d.session, &d.guest, allow, now) {
        Redirect::to(&format!("/bigbluebutton/sim/client?session={}", d.session)).into_response()
    } else {
        (StatusCode::CONFLICT, Html("<!DOCTYPE html><title>Not possible</title><p>That guest is no longer waiting, or the meeting is full.</p>"))
            .into_response()
    }
}

const PAGE_HEAD: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
     <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";

/// The waiting room of a guest: refreshed every few seconds (no script needed) until a moderator decides.
fn lobby_page(sim: &Simulator, m: &Meeting, w: &state::Waiting) -> Response {
    if w.denied {
        return Html(format!(
            "{PAGE_HEAD}<title>Not admitted</title></head><body style=\"font-family:system-ui;margin:2rem\">\
             <h1>{name}</h1><p id=\"denied\" role=\"alert\">A moderator did not let you in to this meeting.</p></body></html>",
            name = escape(&m.name)
        ))
        .into_response();
    }
    Html(format!(
        "{PAGE_HEAD}<meta http-equiv=\"refresh\" content=\"3\"><title>Waiting — {name}</title></head>\
         <body style=\"font-family:system-ui;margin:2rem\"><h1>{name}</h1><p id=\"waiting\" role=\"status\">\
         <b>{me}</b>, please wait: a moderator of this meeting will let you in. This page updates by itself.</p>\
         <p><small>Simulated conference server {server}.</small></p></body></html>",
        name = escape(&m.name),
        me = escape(&w.full_name),
        server = escape(&sim.name),
    ))
    .into_response()
}

/// The simulated meeting page: who is here, and for moderators who waits in the lobby; a heartbeat keeps this
/// participant present while it is open.
async fn client_page(State(sim): State<Arc<Simulator>>, Query(p): Query<SessionParam>) -> Response {
    let mut st = sim.state();
    // A page that asks again is still open: a waiting page refreshing itself, a meeting page reloaded (or back
    // from a form on it) — which cancels the leave its going away announced.
    st.heartbeat(&p.session, now_ms(&sim.clock));
    if let Some((m, w)) = st.meetings.values().find_map(|m| m.lobby.get(&p.session).map(|w| (m, w))) {
        return lobby_page(&sim, m, w);
    }
    let Some(m) = st.meetings.values().find(|m| m.attendees.contains_key(&p.session)) else {
        return (
            StatusCode::GONE,
            Html("<!DOCTYPE html><title>Meeting ended</title><p>This meeting has ended or the link expired.</p>"),
        )
            .into_response();
    };
    let me = &m.attendees[&p.session];
    let people: String = m
        .attendees
        .values()
        .map(|a| format!("<li>{} <small>({})</small></li>", escape(&a.full_name), a.role.as_str().to_lowercase()))
        .collect();
    let waiting: String = if me.role == Role::Moderator {
        m.lobby
            .iter()
            .filter(|(_, w)| !w.denied)
            .map(|(token, w)| {
                let form = |allow: bool, label: &str| {
                    format!(
                        "<form method=\"post\" action=\"/bigbluebutton/sim/guest\" style=\"display:inline\">\
                         <input type=\"hidden\" name=\"session\" value=\"{s}\"><input type=\"hidden\" name=\"guest\" value=\"{g}\">\
                         <input type=\"hidden\" name=\"allow\" value=\"{allow}\"><button>{label}</button></form>",
                        s = escape(&p.session),
                        g = escape(token),
                    )
                };
                format!("<li>{} {} {}</li>", escape(&w.full_name), form(true, "Let in"), form(false, "Deny"))
            })
            .collect()
    } else {
        String::new()
    };
    let lobby = if waiting.is_empty() {
        String::new()
    } else {
        format!("<h2>Waiting to be let in</h2><ul id=\"lobby\">{waiting}</ul>")
    };
    let token = serde_json::to_string(&p.session).unwrap_or_default();
    // A moderator's page reloads itself when someone starts (or stops) waiting, so guests appear by themselves.
    let watch_lobby = if me.role == Role::Moderator {
        format!(
            "const shown={};const lobby=()=>fetch('/bigbluebutton/sim/lobby?session='+encodeURIComponent(s))\
             .then(r=>r.ok?r.json():null).then(d=>{{if(d&&d.waiting!==shown)location.reload();}}).catch(()=>{{}});\
             setInterval(lobby,2000);",
            m.lobby.values().filter(|w| !w.denied).count()
        )
    } else {
        String::new()
    };
    Html(format!(
        "{PAGE_HEAD}<title>{name} — simulated meeting</title></head><body style=\"font-family:system-ui;margin:2rem\">\
         <h1 id=\"meeting-name\">{name}</h1><p>Simulated conference server <b>{server}</b>. You are \
         <b id=\"me\">{me}</b> ({role}).</p><p id=\"lost\" role=\"alert\" hidden style=\"padding:1rem;border:2px solid #b00020\">\
         The connection to this conference server was lost. Rejoin through the same link you used to join: the portal \
         brings the meeting back on another server.</p>{lobby}<h2>Participants</h2><ul id=\"participants\">{people}</ul>\
         <script>const s={token};const lost=()=>{{document.getElementById('lost').hidden=false;}};\
         const beat=()=>fetch('/bigbluebutton/sim/heartbeat?session='+encodeURIComponent(s),{{method:'POST'}})\
         .then(r=>{{if(!r.ok)lost();}}).catch(lost);\
         beat();setInterval(beat,5000);addEventListener('pagehide',()=>navigator.sendBeacon('/bigbluebutton/sim/leave?session='+encodeURIComponent(s)));\
         {watch_lobby}</script>\
         </body></html>",
        name = escape(&m.name),
        server = escape(&sim.name),
        me = escape(&me.full_name),
        role = me.role.as_str().to_lowercase(),
    ))
    .into_response()
}

async fn playback(State(sim): State<Arc<Simulator>>, Path(record_id): Path<String>) -> Response {
    match sim.state().recordings.get(&record_id) {
        Some(r) if r.published => Html(format!(
            "<!DOCTYPE html><title>{0}</title><h1>{0}</h1><p>Simulated playback of recording {1}.</p>",
            escape(&r.name),
            escape(&r.record_id)
        ))
        .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn stats(State(sim): State<Arc<Simulator>>) -> Response {
    axum::Json(serde_json::json!({
        "name": sim.name,
        "capacity": sim.capacity,
        "cpu": sim.cpu(),
        "meetings": sim.meeting_count(),
        "participants": sim.participants(),
    }))
    .into_response()
}
