//! The BigBlueButton-compatible API other front ends (Moodle, Greenlight, LMS plugins) call with their
//! institution's secret. Each call is read strictly, its checksum is matched in constant time against the live
//! secrets (the one that matches tells the institution), meeting ids are scoped per institution, new meetings are
//! placed by the balancer, and a meeting whose server went offline is created again elsewhere on the next create
//! or join — same id, same settings.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get};

use super::bbb::checksum::{self, Algorithm};
use super::bbb::client::BbbClient;
use super::bbb::query::{self, ApiQuery};
use super::bbb::xml::{NO_MEETINGS, NO_RECORDINGS, Node, failed, list, parse_tree, response};
use super::bbb::xml_response as xml;
use super::callbacks;
use super::policy::{self, Mode, ParamPolicy};
use super::poller::endpoint;
use crate::db::servers::ServerRow;
use crate::db::{self, api::MeetingRow};
use crate::meetings::placer::{reachable, refs};
use crate::meetings::scoped_id as scoped;
use crate::state::AppState;

const MAX_QUERY: usize = 16 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bigbluebutton/api", get(version))
        .route("/bigbluebutton/api/", get(version))
        .route("/bigbluebutton/api/{call}", any(call))
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
    let now = state.clock.unix();
    let matching = |secrets: &[db::api::SecretRow]| {
        let mut found = None;
        // Every secret is tried (no early exit), so timing does not tell which institutions exist.
        for s in secrets.iter().filter(|s| s.live_at(now)) {
            let allowed: Vec<Algorithm> = s.algorithms.split(',').filter_map(Algorithm::parse).collect();
            if checksum::verify(sum, call, &q.signed, &s.secret, &allowed).is_ok() && found.is_none() {
                found = Some(s.institution_id);
            }
        }
        found
    };
    if let Some(cached) = state.api_cache.secrets()
        && let Some(found) = matching(&cached)
    {
        return Some(found);
    }
    // Not in the cache (or none yet): the secret may be new.
    let fresh = state.api_cache.put_secrets(db::api::live_secrets(state.db.pool(), now).await.ok()?);
    matching(&fresh)
}

/// Meeting ids Convene keeps for its own rooms; API callers may not use them.
pub const RESERVED_PREFIX: &str = "convene:";

fn valid_meeting_id(id: &str) -> bool {
    let n = id.chars().count();
    (2..=240).contains(&n)
        && !id.contains(',')
        && !id.chars().any(char::is_control)
        && !id.to_ascii_lowercase().starts_with(RESERVED_PREFIX)
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

/// An institution's limits and parameter policies.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    pub limits: db::api::Limits,
    pub create: Vec<ParamPolicy>,
    pub join: Vec<ParamPolicy>,
    /// Where the institution is (latitude, longitude), for the distance part of placement.
    pub origin: Option<(f64, f64)>,
}

/// An institution's rules, from the cache when fresh.
pub async fn load_rules(state: &AppState, institution_id: i64) -> Result<std::sync::Arc<Rules>, db::DbError> {
    if let Some(r) = state.api_cache.rules(institution_id) {
        return Ok(r);
    }
    let pool = state.db.pool();
    let origin = db::institutions::by_id(pool, institution_id).await.ok().map(|i| (i.latitude, i.longitude));
    let mut rules = Rules { limits: db::api::limits(pool, institution_id).await?, origin, ..Rules::default() };
    for p in db::api::policies(pool, institution_id).await? {
        let Some(mode) = Mode::parse(&p.mode) else { continue };
        let policy = ParamPolicy { name: p.name, mode, value: p.value };
        match p.api_call.as_str() {
            "create" => rules.create.push(policy),
            "join" => rules.join.push(policy),
            _ => {}
        }
    }
    Ok(state.api_cache.put_rules(institution_id, rules))
}

/// A create ready to send: the caller's parameters after the institution's policies and limits, with Convene's
/// own callback URLs (a fresh token per placement) in place of the front end's.
struct Prepared {
    params: Vec<(String, String)>,
    expected: u32,
    token: String,
    callback: db::api::CallbackRow,
}

fn prepare_create(
    state: &AppState,
    rules: &Rules,
    inst: i64,
    original: &BTreeMap<String, String>,
    ext: &str,
) -> Prepared {
    let mut p = original.clone();
    policy::apply(&mut p, &rules.create);
    policy::cap_participants(&mut p, rules.limits.max_participants);
    let (end_url, recording_url) = callbacks::take(&mut p);
    let token = callbacks::new_token();
    let (our_end, our_recording) = callbacks::our_urls(&state.config.http.public_url, &token);
    p.insert(callbacks::END_KEY.into(), our_end);
    p.insert(callbacks::RECORDING_KEY.into(), our_recording);
    let expected = expected_size(&p);
    Prepared {
        params: forward(&p, &scoped(inst, ext)),
        expected,
        token,
        callback: db::api::CallbackRow {
            institution_id: inst,
            external_id: ext.to_owned(),
            server_id: None,
            end_url,
            recording_url,
        },
    }
}

async fn remember_callback<'c>(
    ex: impl sqlx::Executor<'c, Database = sqlx::Any>,
    state: &AppState,
    prepared: &Prepared,
    server_id: i64,
) -> Result<(), db::DbError> {
    let row = db::api::CallbackRow { server_id: Some(server_id), ..prepared.callback.clone() };
    db::api::add_callback(ex, &callbacks::token_hash(&prepared.token), &row, state.clock.unix()).await
}

fn expected_size(params: &BTreeMap<String, String>) -> u32 {
    ["meta_bbb-meeting-size-hint", "maxParticipants"]
        .iter()
        .filter_map(|k| params.get(*k).and_then(|v| v.parse::<u32>().ok()))
        .find(|n| *n > 0)
        .unwrap_or(0)
        .min(10_000)
}

/// Creates the meeting again on another server with the parameters it was first created with.
async fn fail_over(state: &AppState, m: &MeetingRow) -> Result<Option<(ServerRow, String)>, db::DbError> {
    let original = query::parse(&m.create_query, MAX_QUERY).map(|q| q.params).unwrap_or_default();
    let rules = load_rules(state, m.institution_id).await?;
    let prepared = prepare_create(state, &rules, m.institution_id, &original, &m.external_id);
    match state
        .placer
        .place_and_create(
            m.institution_id,
            rules.origin,
            &prepared.params,
            u32::try_from(m.expected_size).unwrap_or(0),
            m.server_id,
        )
        .await?
    {
        Some((row, created, body)) => {
            db::api::moved(state.db.pool(), m.id, row.id, created.create_time, state.clock.unix()).await?;
            remember_callback(state.db.pool(), state, &prepared, row.id).await?;
            state.metrics.failovers.inc();
            tracing::warn!(meeting_id = m.id, server_id = row.id, "meeting recreated on another server");
            Ok(Some((row, body)))
        }
        None => Ok(None),
    }
}

/// The server's answer passed on, with our meeting id instead of the scoped one.
fn passed_on(body: &str, external: &str, duplicate: Option<bool>) -> Response {
    let Ok(tree) = parse_tree(body) else { return fail("internalError", "The conference server answered unreadably") };
    let mut children: Vec<Node> = tree.into_children().into_iter().filter(|c| c.name() != "returncode").collect();
    for c in children.iter_mut() {
        c.map_meeting_ids(&|_| external.to_owned());
        c.drop_metadata(&callbacks::is_ours);
    }
    if let Some(dup) = duplicate {
        children.retain(|c| c.name() != "messageKey" && c.name() != "message");
        if dup {
            children.push(Node::text("messageKey", "duplicateWarning"));
            children.push(Node::text(
                "message",
                "This conference was already in existence and may currently be in progress.",
            ));
        }
    }
    xml(response(true, &children))
}

/// `<meeting>` with the children of a server's getMeetingInfo answer, with our meeting id.
fn meeting_elem(body: &str, external: &str) -> Option<Node> {
    let mut tree = parse_tree(body).ok()?;
    tree.map_meeting_ids(&|_| external.to_owned());
    tree.drop_metadata(&callbacks::is_ours);
    Some(Node::elem("meeting", tree.into_children().into_iter().filter(|c| c.name() != "returncode").collect()))
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
            return Ok(fail(
                "invalidMeetingIdentifier",
                "The meeting ID must be 2 to 240 characters, no commas, and not start with convene:",
            ));
        }
    }
    let existing = if ext.is_empty() { None } else { db::api::find(state.db.pool(), inst, &ext).await? };
    let now = state.clock.unix();
    Ok(match call {
        "create" => {
            let rules = load_rules(state, inst).await?;
            let prepared = prepare_create(state, &rules, inst, &q.params, &ext);
            if let Some(m) = existing {
                if let Some(row) = state.placer.live_server(&m).await
                    && let Ok((_, body)) = state.bbb.create_raw(&endpoint(&row), &refs(&prepared.params)).await
                {
                    return Ok(passed_on(&body, &ext, Some(true)));
                }
                return Ok(match fail_over(state, &m).await? {
                    Some((_, body)) => passed_on(&body, &ext, Some(false)),
                    None => fail("serverUnavailable", "No conference server can take this meeting now"),
                });
            }
            if let Some(max) = rules.limits.max_meetings {
                let running = db::api::count_of_institution(state.db.pool(), inst).await?;
                if !policy::may_start(running, Some(max)) {
                    return Ok(fail(
                        "maxMeetingsReached",
                        &format!(
                            "Your institution may run {max} meetings at once and {running} are running; end one \
                             before creating another"
                        ),
                    ));
                }
            }
            match state.placer.place_and_create(inst, rules.origin, &prepared.params, prepared.expected, None).await? {
                None => fail("serverUnavailable", "No conference server can take this meeting now"),
                Some((row, c, body)) => {
                    let new = db::api::NewMeeting {
                        institution_id: inst,
                        external_id: &ext,
                        server_id: row.id,
                        name: q.get("name").unwrap_or(&ext),
                        create_time: c.create_time,
                        expected_size: i64::from(prepared.expected),
                        create_query: &q.signed,
                        room_id: None,
                        booking_id: None,
                    };
                    match db::api::insert(state.db.pool(), &new, now).await {
                        Ok(_) => {
                            remember_callback(state.db.pool(), state, &prepared, row.id).await?;
                            passed_on(&body, &ext, Some(false))
                        }
                        // Created at the same moment by another call: that one stands.
                        Err(db::DbError::Conflict) => passed_on(&body, &ext, Some(true)),
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
            let row = match state.placer.live_server(&m).await {
                Some(row) => row,
                None => match fail_over(state, &m).await? {
                    Some((row, _)) => row,
                    None => return Ok(fail("serverUnavailable", "No conference server can take this meeting now")),
                },
            };
            let mut asked = q.params.clone();
            policy::apply(&mut asked, &load_rules(state, inst).await?.join);
            let params = forward(&asked, &scoped(inst, &ext));
            Redirect::to(&BbbClient::url(&endpoint(&row), "join", &refs(&params))).into_response()
        }
        "end" => {
            let Some(m) = existing else { return Ok(fail("notFound", NOT_FOUND)) };
            let server = state.placer.live_server(&m).await;
            // Forgotten first: the server's end callback that follows finds nothing left to do.
            db::api::forget(&state.db, m.id, state.clock.unix(), db::api::EndedBy::Api).await?;
            if let Some(row) = server {
                let _ = state.bbb.end(&endpoint(&row), &scoped(inst, &ext)).await;
            }
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
                && let Some(row) = state.placer.live_server(&m).await
            {
                running = state.bbb.is_meeting_running(&endpoint(&row), &scoped(inst, &ext)).await.unwrap_or(false);
            }
            xml(response(true, &[Node::text("running", running)]))
        }
        "getMeetingInfo" => {
            let Some(m) = existing else { return Ok(fail("notFound", NOT_FOUND)) };
            let Some(row) = state.placer.live_server(&m).await else { return Ok(fail("notFound", NOT_FOUND)) };
            let id = scoped(inst, &ext);
            match state.bbb.call_text(&endpoint(&row), "getMeetingInfo", &[("meetingID", id.as_str())]).await {
                Ok(body) => passed_on(&body, &ext, None),
                Err(_) => fail("notFound", NOT_FOUND),
            }
        }
        "getMeetings" => {
            let mut nodes = Vec::new();
            for m in db::api::of_institution(state.db.pool(), inst).await? {
                let Some(row) = state.placer.live_server(&m).await else { continue };
                let id = scoped(inst, &m.external_id);
                match state.bbb.call_text(&endpoint(&row), "getMeetingInfo", &[("meetingID", id.as_str())]).await {
                    Ok(body) => nodes.extend(meeting_elem(&body, &m.external_id)),
                    // Ended on the server (expired, or ended there): forget it.
                    Err(e) if e.is_not_found() => {
                        db::api::forget(&state.db, m.id, state.clock.unix(), db::api::EndedBy::Poller).await?;
                    }
                    Err(_) => {}
                }
            }
            xml(list("meetings", nodes, "noMeetings", NO_MEETINGS))
        }
        "getRecordings" => {
            // Recordings outlive meetings: ask every reachable server and keep this institution's.
            let prefix = format!("{inst}-");
            let mut params: Vec<(String, String)> = Vec::new();
            if let Some(ids) = q.get("meetingID").filter(|v| !v.is_empty()) {
                let scoped_ids: Vec<String> = ids.split(',').map(|id| scoped(inst, id.trim())).collect();
                params.push(("meetingID".into(), scoped_ids.join(",")));
            }
            for key in ["recordID", "state"] {
                if let Some(v) = q.get(key) {
                    params.push((key.into(), v.to_owned()));
                }
            }
            let mut nodes = Vec::new();
            for row in db::servers::serving(state.db.pool(), inst).await? {
                if !reachable(&row) {
                    continue;
                }
                let Ok(body) = state.bbb.call_text(&endpoint(&row), "getRecordings", &refs(&params)).await else {
                    continue;
                };
                let Ok(tree) = parse_tree(&body) else { continue };
                let Some(list) = tree.children().iter().find(|c| c.name() == "recordings") else { continue };
                for rec in list.children() {
                    if rec.child_text("meetingID").is_some_and(|id| id.starts_with(&prefix)) {
                        let mut rec = rec.clone();
                        rec.map_meeting_ids(&|id| id.strip_prefix(&prefix).unwrap_or(id).to_owned());
                        nodes.push(rec);
                    }
                }
            }
            xml(list("recordings", nodes, "noRecordings", NO_RECORDINGS))
        }
        "publishRecordings" | "deleteRecordings" | "updateRecordings" => {
            let ids: Vec<String> = q
                .get("recordID")
                .unwrap_or("")
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            if ids.is_empty() {
                return Ok(fail("missingParamRecordID", "You must specify one or more record IDs"));
            }
            // Which server holds each of this institution's recordings; any other id is not found.
            let prefix = format!("{inst}-");
            let mut holders: Vec<(ServerRow, Vec<String>)> = Vec::new();
            let joined = ids.join(",");
            for row in db::servers::serving(state.db.pool(), inst).await? {
                if !reachable(&row) {
                    continue;
                }
                let Ok(body) =
                    state.bbb.call_text(&endpoint(&row), "getRecordings", &[("recordID", joined.as_str())]).await
                else {
                    continue;
                };
                let Ok(tree) = parse_tree(&body) else { continue };
                let Some(list) = tree.children().iter().find(|c| c.name() == "recordings") else { continue };
                let mine: Vec<String> = list
                    .children()
                    .iter()
                    .filter(|r| r.child_text("meetingID").is_some_and(|m| m.starts_with(&prefix)))
                    .filter_map(|r| r.child_text("recordID").map(str::to_owned))
                    .filter(|id| ids.contains(id))
                    .collect();
                if !mine.is_empty() {
                    holders.push((row, mine));
                }
            }
            let found: usize = holders.iter().map(|(_, v)| v.len()).sum();
            if found < ids.len() {
                return Ok(fail("notFound", "We could not find recordings"));
            }
            for (row, mine) in &holders {
                let mut params: Vec<(String, String)> = q
                    .params
                    .iter()
                    .filter(|(k, _)| k.as_str() == "publish" || k.starts_with("meta_"))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                params.push(("recordID".into(), mine.join(",")));
                if let Err(e) = state.bbb.call_text(&endpoint(row), call, &refs(&params)).await {
                    tracing::warn!(server_id = row.id, error = %e, "recording change failed");
                    return Ok(fail("internalError", "A conference server did not accept the change; try again"));
                }
            }
            let (tag, value) = match call {
                "publishRecordings" => ("published", q.get("publish").is_some_and(|v| v.eq_ignore_ascii_case("true"))),
                "deleteRecordings" => ("deleted", true),
                _ => ("updated", true),
            };
            xml(response(true, &[Node::text(tag, value)]))
        }
        _ => fail("unsupportedRequest", "This call is not supported by this portal yet."),
    })
}
