//! The BigBlueButton-compatible API other front ends (Moodle, Greenlight, LMS plugins) call with their
//! institution's secret. Each call is read strictly, its checksum is matched in constant time against the live
//! secrets (the one that matches tells the institution), meeting ids are scoped per institution, new meetings are
//! placed by the balancer, and a meeting whose server went offline is created again elsewhere on the next create
//! or join — same id, same settings.

use std::collections::{BTreeMap, HashMap};

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get};
use rand::Rng;

use super::bbb::checksum::{self, Algorithm};
use super::bbb::client::{BbbClient, Created, MeetingInfo};
use super::bbb::query::{self, ApiQuery};
use super::bbb::xml::{Node, failed, response};
use super::health::parse_health;
use super::placement::{self, Candidate, Filling, Health, Request, Weights};
use super::poller::endpoint;
use super::pool::parse_admin_state;
use crate::db::servers::ServerRow;
use crate::db::{self, api::MeetingRow};
use crate::state::AppState;

const MAX_QUERY: usize = 16 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bigbluebutton/api", get(version))
        .route("/bigbluebutton/api/", get(version))
        .route("/bigbluebutton/api/{call}", any(call))
}

fn xml(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/xml;charset=utf-8")], body).into_response()
}

fn fail(key: &str, message: &str) -> Response {
    xml(failed(key, message))
}

async fn version() -> Response {
    xml(response(
        true,
        &[Node::text("version", "2.0"), Node::text("apiVersion", "2.0"), Node::text("bbbVersion", "Convene")],
    ))
}

/// The institution whose live secret signed this call, if any.
async fn authenticate(state: &AppState, call: &str, q: &ApiQuery) -> Option<i64> {
    let sum = q.checksum.as_deref()?;
    let secrets = db::api::live_secrets(state.db.pool(), state.clock.unix()).await.ok()?;
    let mut found = None;
    // Every secret is tried (no early exit), so timing does not tell which institutions exist.
    for s in secrets {
        let allowed: Vec<Algorithm> = s.algorithms.split(',').filter_map(Algorithm::parse).collect();
        if checksum::verify(sum, call, &q.signed, &s.secret, &allowed).is_ok() && found.is_none() {
            found = Some(s.institution_id);
        }
    }
    found
}

fn scoped(institution_id: i64, external: &str) -> String {
    format!("{institution_id}-{external}")
}

fn valid_meeting_id(id: &str) -> bool {
    let n = id.chars().count();
    (2..=240).contains(&n) && !id.contains(',') && !id.chars().any(char::is_control)
}

fn candidate(r: &ServerRow, filling: Vec<Filling>) -> Candidate {
    Candidate {
        id: r.id,
        name: r.name.clone(),
        admin: parse_admin_state(&r.admin_state).unwrap_or(placement::AdminState::Disabled),
        health: parse_health(&r.health),
        tags: r.tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
        capacity: u32::try_from(r.capacity).unwrap_or(0),
        participants: u32::try_from(r.participants).unwrap_or(0),
        meetings: u32::try_from(r.meetings).unwrap_or(0),
        cpu: r.cpu,
        filling,
        latitude: r.latitude,
        longitude: r.longitude,
    }
}

/// Parameters for the conference server: ours, with the meeting id scoped (and createTime dropped: a meeting
/// moved to another server has a new one).
fn forward(params: &BTreeMap<String, String>, scoped_id: &str) -> Vec<(String, String)> {
    params
        .iter()
        .filter(|(k, _)| k.as_str() != "createTime")
        .map(|(k, v)| if k == "meetingID" { (k.clone(), scoped_id.to_owned()) } else { (k.clone(), v.clone()) })
        .collect()
}

fn refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Places a meeting on the best server and creates it there; a server that fails the create is skipped.
/// `None`: no server can take it.
async fn place_and_create(
    state: &AppState,
    institution_id: i64,
    params: &[(String, String)],
    expected: u32,
    avoid: Option<i64>,
) -> Result<Option<(ServerRow, Created)>, db::DbError> {
    let now = state.clock.unix();
    let weights = Weights::default();
    let servers = db::servers::list(state.db.pool()).await?;
    let recent = db::api::recent(state.db.pool(), now - weights.reservation_fade_secs).await?;
    let mut filling: HashMap<i64, Vec<Filling>> = HashMap::new();
    for m in &recent {
        if let Some(s) = m.server_id {
            filling.entry(s).or_default().push(Filling {
                expected: u32::try_from(m.expected_size).unwrap_or(0),
                joined: 0,
                created_at: m.created_at,
            });
        }
    }
    let origin = db::institutions::by_id(state.db.pool(), institution_id).await.ok().map(|i| (i.latitude, i.longitude));
    let mut candidates: Vec<Candidate> = servers
        .iter()
        .filter(|s| Some(s.id) != avoid)
        .map(|s| candidate(s, filling.remove(&s.id).unwrap_or_default()))
        .collect();
    let request = Request { expected_size: expected, tags: vec![], origin, now };
    for _ in 0..3 {
        let decision =
            match placement::place(&candidates, &request, &weights, &mut |n| rand::thread_rng().gen_range(0..n)) {
                Ok(d) => d,
                Err(_) => return Ok(None),
            };
        let Some(row) = servers.iter().find(|s| s.id == decision.chosen.id) else { return Ok(None) };
        match state.bbb.create(&endpoint(row), &refs(params)).await {
            Ok(created) => {
                tracing::info!(server_id = row.id, reason = %decision.explain(), "meeting placed");
                state.metrics.placements.with_label_values(&[row.name.as_str()]).inc();
                return Ok(Some((row.clone(), created)));
            }
            Err(e) => {
                tracing::warn!(server_id = row.id, error = %e, "create failed; trying the next server");
                if let Some(c) = candidates.iter_mut().find(|c| c.id == row.id) {
                    c.health = Health::Unstable;
                }
            }
        }
    }
    Ok(None)
}

fn expected_size(q: &ApiQuery) -> u32 {
    ["meta_bbb-meeting-size-hint", "maxParticipants"]
        .iter()
        .filter_map(|k| q.get(k).and_then(|v| v.parse::<u32>().ok()))
        .find(|n| *n > 0)
        .unwrap_or(0)
        .min(10_000)
}

/// A usable home for a meeting: the server is known and not offline.
async fn live_server(state: &AppState, m: &MeetingRow) -> Option<ServerRow> {
    let row = db::servers::by_id(state.db.pool(), m.server_id?).await.ok()?;
    (parse_health(&row.health) != Health::Offline && row.admin_state != "disabled").then_some(row)
}

/// Creates the meeting again on another server with the parameters it was first created with.
async fn fail_over(state: &AppState, m: &MeetingRow) -> Result<Option<(ServerRow, Created)>, db::DbError> {
    let original = query::parse(&m.create_query, MAX_QUERY).map(|q| q.params).unwrap_or_default();
    let params = forward(&original, &scoped(m.institution_id, &m.external_id));
    match place_and_create(state, m.institution_id, &params, u32::try_from(m.expected_size).unwrap_or(0), m.server_id)
        .await?
    {
        Some((row, created)) => {
            db::api::moved(state.db.pool(), m.id, row.id, created.create_time, state.clock.unix()).await?;
            state.metrics.failovers.inc();
            tracing::warn!(meeting_id = m.id, server_id = row.id, "meeting recreated on another server");
            Ok(Some((row, created)))
        }
        None => Ok(None),
    }
}

fn created_answer(external: &str, c: &Created, duplicate: bool) -> Response {
    let mut nodes = vec![
        Node::text("meetingID", external),
        Node::text("internalMeetingID", &c.internal_meeting_id),
        Node::text("parentMeetingID", "bbb-none"),
        Node::text("createTime", c.create_time),
        Node::text("voiceBridge", c.voice_bridge.clone().unwrap_or_default()),
        Node::text("dialNumber", c.dial_number.clone().unwrap_or_default()),
        Node::text("hasUserJoined", false),
        Node::text("duration", 0),
        Node::text("hasBeenForciblyEnded", false),
    ];
    if duplicate {
        nodes.push(Node::text("messageKey", "duplicateWarning"));
        nodes.push(Node::text("message", "This conference was already in existence and may currently be in progress."));
    }
    xml(response(true, &nodes))
}

fn meeting_nodes(external: &str, m: &MeetingInfo) -> Vec<Node> {
    vec![
        Node::text("meetingName", &m.meeting_name),
        Node::text("meetingID", external),
        Node::text("internalMeetingID", &m.internal_meeting_id),
        Node::text("createTime", m.create_time),
        Node::text("running", m.running),
        Node::text("participantCount", m.participant_count),
        Node::text("listenerCount", m.listener_count),
        Node::text("voiceParticipantCount", m.voice_participant_count),
        Node::text("videoCount", m.video_count),
        Node::text("moderatorCount", m.moderator_count),
        Node::text("maxUsers", m.max_users),
        Node::elem(
            "attendees",
            m.attendees
                .attendee
                .iter()
                .map(|a| {
                    Node::elem(
                        "attendee",
                        vec![
                            Node::text("userID", &a.user_id),
                            Node::text("fullName", &a.full_name),
                            Node::text("role", &a.role),
                        ],
                    )
                })
                .collect(),
        ),
    ]
}

const NOT_FOUND: &str = "We could not find a meeting with that meeting ID";

async fn call(State(state): State<AppState>, Path(call): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let raw = raw.unwrap_or_default();
    let q = match query::parse(&raw, MAX_QUERY) {
        Ok(q) => q,
        Err(e) => return fail("paramError", &e.to_string()),
    };
    let Some(institution_id) = authenticate(&state, &call, &q).await else {
        return fail("checksumError", "You did not pass the checksum security check");
    };
    match handle(&state, &call, &q, institution_id).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "API call failed");
            fail("internalError", "Something went wrong on the portal; try again")
        }
    }
}

async fn handle(state: &AppState, call: &str, q: &ApiQuery, inst: i64) -> Result<Response, db::DbError> {
    let ext = q.get("meetingID").unwrap_or("").to_owned();
    if matches!(call, "create" | "join" | "end" | "isMeetingRunning" | "getMeetingInfo") {
        if ext.is_empty() {
            return Ok(fail("missingParamMeetingID", "You must specify a meeting ID"));
        }
        if !valid_meeting_id(&ext) {
            return Ok(fail("invalidMeetingIdentifier", "The meeting ID must be 2 to 240 characters, no commas"));
        }
    }
    let existing = if ext.is_empty() { None } else { db::api::find(state.db.pool(), inst, &ext).await? };
    let now = state.clock.unix();
    Ok(match call {
        "create" => {
            let params = forward(&q.params, &scoped(inst, &ext));
            if let Some(m) = existing {
                if let Some(row) = live_server(state, &m).await
                    && let Ok(c) = state.bbb.create(&endpoint(&row), &refs(&params)).await
                {
                    return Ok(created_answer(&ext, &c, c.message_key.as_deref() == Some("duplicateWarning")));
                }
                return Ok(match fail_over(state, &m).await? {
                    Some((_, c)) => created_answer(&ext, &c, false),
                    None => fail("serverUnavailable", "No conference server can take this meeting now"),
                });
            }
            match place_and_create(state, inst, &params, expected_size(q), None).await? {
                None => fail("serverUnavailable", "No conference server can take this meeting now"),
                Some((row, c)) => {
                    let new = db::api::NewMeeting {
                        institution_id: inst,
                        external_id: &ext,
                        server_id: row.id,
                        name: q.get("name").unwrap_or(&ext),
                        create_time: c.create_time,
                        expected_size: i64::from(expected_size(q)),
                        create_query: &q.signed,
                    };
                    match db::api::insert(state.db.pool(), &new, now).await {
                        Ok(_) => created_answer(&ext, &c, false),
                        // Created at the same moment by another call: that one stands.
                        Err(db::DbError::Conflict) => created_answer(&ext, &c, true),
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        "join" => {
            let Some(m) = existing else { return Ok(fail("notFound", NOT_FOUND)) };
            if q.get("fullName").is_none_or(|n| n.trim().is_empty()) {
                return Ok(fail("missingParamFullName", "You must specify a name for the attendee"));
            }
            let row = match live_server(state, &m).await {
                Some(row) => row,
                None => match fail_over(state, &m).await? {
                    Some((row, _)) => row,
                    None => return Ok(fail("serverUnavailable", "No conference server can take this meeting now")),
                },
            };
            let params = forward(&q.params, &scoped(inst, &ext));
            Redirect::to(&BbbClient::url(&endpoint(&row), "join", &refs(&params))).into_response()
        }
        "end" => {
            let Some(m) = existing else { return Ok(fail("notFound", NOT_FOUND)) };
            if let Some(row) = live_server(state, &m).await {
                let _ = state.bbb.end(&endpoint(&row), &scoped(inst, &ext)).await;
            }
            db::api::delete(state.db.pool(), m.id).await?;
            xml(response(
                true,
                &[
                    Node::text("messageKey", "sentEndMeetingRequest"),
                    Node::text("message", "A request to end the meeting was sent."),
                ],
            ))
        }
        "isMeetingRunning" => {
            let mut running = false;
            if let Some(m) = existing
                && let Some(row) = live_server(state, &m).await
            {
                running = state.bbb.is_meeting_running(&endpoint(&row), &scoped(inst, &ext)).await.unwrap_or(false);
            }
            xml(response(true, &[Node::text("running", running)]))
        }
        "getMeetingInfo" => {
            let Some(m) = existing else { return Ok(fail("notFound", NOT_FOUND)) };
            let Some(row) = live_server(state, &m).await else { return Ok(fail("notFound", NOT_FOUND)) };
            match state.bbb.get_meeting_info(&endpoint(&row), &scoped(inst, &ext)).await {
                Ok(info) => xml(response(true, &meeting_nodes(&ext, &info))),
                Err(_) => fail("notFound", NOT_FOUND),
            }
        }
        "getMeetings" => {
            let mut nodes = Vec::new();
            for m in db::api::of_institution(state.db.pool(), inst).await? {
                let Some(row) = live_server(state, &m).await else { continue };
                match state.bbb.get_meeting_info(&endpoint(&row), &scoped(inst, &m.external_id)).await {
                    Ok(info) => nodes.push(Node::elem("meeting", meeting_nodes(&m.external_id, &info))),
                    // Ended on the server (expired, or ended there): forget it.
                    Err(e) if e.is_not_found() => db::api::delete(state.db.pool(), m.id).await?,
                    Err(_) => {}
                }
            }
            if nodes.is_empty() {
                xml(response(
                    true,
                    &[
                        Node::elem("meetings", vec![]),
                        Node::text("messageKey", "noMeetings"),
                        Node::text("message", "no meetings were found on this server"),
                    ],
                ))
            } else {
                xml(response(true, &[Node::elem("meetings", nodes)]))
            }
        }
        _ => fail("unsupportedRequest", "This call is not supported by this portal yet."),
    })
}
