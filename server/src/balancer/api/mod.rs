//! The BigBlueButton-compatible API other front ends (Moodle, Greenlight, LMS plugins) call with their
//! institution's secret. Each call is read strictly, its checksum is matched in constant time against the live
//! secrets (the one that matches tells the institution), meeting ids are scoped per institution, new meetings are
//! placed by the balancer, and a meeting whose server went offline is created again elsewhere on the next create
//! or join — same id, same settings.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};

use super::api_cache::Rules;
use super::bbb::checksum::{self, Algorithm};
use super::bbb::client::BbbClient;
use super::bbb::query::{self, ApiQuery};
use super::bbb::xml::{NO_MEETINGS, NO_RECORDINGS, Node, failed, list, parse_tree, response};
use super::bbb::xml_response as xml;
use super::callbacks;
use super::policy::{self, Mode, ParamPolicy};
use super::poller::endpoint;
use crate::db::servers::ServerRow;
use crate::db::{self, api::MeetingRow, api::Reservation};
use crate::meetings::placer::{Placed, reachable, refs};
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
/// own callback URLs (a fresh token per placement) in place of the front end's, and the passwords the meeting
/// already has (when it is created again) unless the caller gave its own.
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
    known: Option<&MeetingRow>,
) -> Prepared {
    let mut p = original.clone();
    policy::apply(&mut p, &rules.create);
    policy::cap_participants(&mut p, rules.limits.max_participants);
    let (end_url, recording_url) = callbacks::take(&mut p);
    let token = crate::tokens::new_token();
    let (our_end, our_recording) = callbacks::our_urls(&state.config.http.public_url, &token);
    p.insert(callbacks::END_KEY.into(), our_end);
    p.insert(callbacks::RECORDING_KEY.into(), our_recording);
    if let Some(m) = known {
        for (key, stored) in [("attendeePW", &m.attendee_pw), ("moderatorPW", &m.moderator_pw)] {
            if let Some(pw) = stored {
                p.entry(key.to_owned()).or_insert_with(|| pw.clone());
            }
        }
    }
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
    db::api::add_callback(ex, &crate::tokens::token_hash(&prepared.token), &row, state.clock.unix()).await
}

fn expected_size(params: &BTreeMap<String, String>) -> u32 {
    ["meta_bbb-meeting-size-hint", "maxParticipants"]
        .iter()
        .filter_map(|k| params.get(*k).and_then(|v| v.parse::<u32>().ok()))
        .find(|n| *n > 0)
        .unwrap_or(0)
        .min(10_000)
}

/// Creates the meeting again on another server with the parameters (and passwords) it was first created with.
async fn fail_over(state: &AppState, m: &MeetingRow) -> Result<Option<(ServerRow, String)>, db::DbError> {
    let original = query::parse(&m.create_query, MAX_QUERY).map(|q| q.params).unwrap_or_default();
    let rules = load_rules(state, m.institution_id).await?;
    let prepared = prepare_create(state, &rules, m.institution_id, &original, &m.external_id, Some(m));
    let expected = u32::try_from(m.expected_size).unwrap_or(0);
    match state.placer.place_and_create(m.institution_id, rules.origin, &prepared.params, expected, m.server_id).await?
    {
        Placed::Created(placed) => {
            let (row, created, body) = *placed;
            let pool = state.db.pool();
            if !db::api::moved(pool, m.id, m.server_id, row.id, created.create_time, state.clock.unix()).await? {
                // Another join moved it at the same moment: theirs stands, ours goes.
                let _ = state.bbb.end(&endpoint(&row), &m.scoped_id()).await;
                let Some(now) = db::api::find(pool, m.institution_id, &m.external_id).await? else { return Ok(None) };
                return Ok(state.placer.live_server(&now).await.map(|r| (r, body)));
            }
            db::api::keep_passwords(pool, m.id, created.attendee_pw.as_deref(), created.moderator_pw.as_deref())
                .await?;
            remember_callback(pool, state, &prepared, row.id).await?;
            state.metrics.failovers.inc();
            tracing::warn!(meeting_id = m.id, server_id = row.id, "meeting recreated on another server");
            Ok(Some((row, body)))
        }
        Placed::Refused { .. } | Placed::NoServer => Ok(None),
    }
}

/// Where a meeting can be reached now: its server when it answers for it (see `Placer::answering_server`),
/// otherwise created again elsewhere. `None`: no server can take it.
async fn usable_home(state: &AppState, m: &MeetingRow) -> Result<Option<ServerRow>, db::DbError> {
    if let Some(row) = state.placer.answering_server(m).await {
        return Ok(Some(row));
    }
    Ok(fail_over(state, m).await?.map(|(row, _)| row))
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

/// BigBlueButton's words for a meeting it does not hold (2.7 and later).
const NOT_FOUND: &str = "A meeting with that ID does not exist";

fn server_unavailable() -> Response {
    fail("serverUnavailable", "No conference server can take this meeting now")
}

/// A BigBlueButton redirect (302 Found, as BigBlueButton's own join answers).
fn found(url: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, url.to_owned()), (header::CACHE_CONTROL, "no-cache".to_owned())])
        .into_response()
}

/// Why a call could not be answered (logged; the caller gets a generic internalError).
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("the create task stopped: {0}")]
    Task(String),
}

/// Why a request's parameters could not be read: answered as a FAILED `paramError`.
#[derive(Debug, thiserror::Error)]
enum RequestError {
    #[error(transparent)]
    Query(#[from] query::QueryError),
    #[error("the request body is longer than {0} bytes")]
    BodyTooLong(usize),
    #[error(
        "parameters in the body of a request signed in its URL are not covered by the checksum: send them all in the \
         URL or all in the body"
    )]
    UnsignedBody,
    #[error("{0} is given twice (meta_ parameter names are not case-sensitive)")]
    MetaTwice(String),
}

/// The signed parameters of a call. GET: the URL's query. POST with a form body (`application/x-www-form-urlencoded`)
/// and no query: the body, checksum included, signed over the body exactly as sent (as BigBlueButton reads it).
/// POST with a query: the query is what the checksum covers (as BigBlueButton documents), so a form body with
/// parameters is refused rather than taken unsigned; any other body (XML documents) is not read.
async fn read_request(method: &Method, headers: &HeaderMap, raw: String, body: Body) -> Result<ApiQuery, RequestError> {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    let q = if *method == Method::POST && form {
        let bytes = axum::body::to_bytes(body, MAX_QUERY).await.map_err(|_| RequestError::BodyTooLong(MAX_QUERY))?;
        let text = std::str::from_utf8(&bytes).map_err(|_| query::QueryError::BadEncoding("body".into()))?.trim();
        match (raw.is_empty(), text.is_empty()) {
            (true, _) => query::parse(text, MAX_QUERY)?,
            (false, true) => query::parse(&raw, MAX_QUERY)?,
            (false, false) => return Err(RequestError::UnsignedBody),
        }
    } else {
        query::parse(&raw, MAX_QUERY)?
    };
    if let Some(key) = policy::meta_clash(&q.params) {
        return Err(RequestError::MetaTwice(key));
    }
    Ok(q)
}

async fn call(
    State(state): State<AppState>,
    Path(call): Path<String>,
    method: Method,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Body,
) -> Response {
    let q = match read_request(&method, &headers, raw.unwrap_or_default(), body).await {
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

/// The meeting a call names, checked as BigBlueButton checks it. `Err`: the answer to give instead. Convene's own
/// meetings (reserved ids) and creates still in flight are, to callers, meetings that do not exist.
async fn named_meeting(
    state: &AppState,
    call: &str,
    q: &ApiQuery,
    inst: i64,
) -> Result<Result<(String, Option<MeetingRow>), Response>, db::DbError> {
    let ext = q.get("meetingID").unwrap_or("").to_owned();
    if ext.is_empty() {
        return Ok(Err(fail("missingParamMeetingID", "You must specify a meeting ID")));
    }
    if !valid_meeting_id(&ext) {
        if call != "create" && ext.to_ascii_lowercase().starts_with(RESERVED_PREFIX) {
            return Ok(Ok((ext, None)));
        }
        return Ok(Err(fail(
            "invalidMeetingIdentifier",
            "The meeting ID must be 2 to 240 characters, no commas, and not start with convene:",
        )));
    }
    let found = db::api::find(state.db.pool(), inst, &ext).await?;
    let found = if call == "create" { found } else { found.filter(|m| !m.pending()) };
    Ok(Ok((ext, found)))
}

async fn handle(state: &AppState, call: &str, q: &ApiQuery, inst: i64) -> Result<Response, ApiError> {
    if matches!(call, "create" | "join" | "end" | "isMeetingRunning" | "getMeetingInfo") {
        let (ext, existing) = match named_meeting(state, call, q, inst).await? {
            Ok(found) => found,
            Err(answer) => return Ok(answer),
        };
        return match call {
            "create" => create(state, q, inst, &ext).await,
            "join" => join(state, q, inst, &ext, existing).await,
            "end" => end(state, inst, &ext, existing).await,
            "isMeetingRunning" => is_meeting_running(state, existing).await,
            _ => meeting_info(state, &ext, existing).await,
        };
    }
    match call {
        "getMeetings" => get_meetings(state, inst).await,
        "getRecordings" => get_recordings(state, q, inst).await,
        "publishRecordings" | "deleteRecordings" | "updateRecordings" => change_recordings(state, call, q, inst).await,
        _ => Ok(fail("unsupportedRequest", "This call is not supported by this portal yet.")),
    }
}

/// How long a create waits for another create of the same meeting that is still with its conference server.
const WAIT_FOR_CREATE: Duration = Duration::from_secs(10);

/// The meeting once no create of it is in flight (`None`: that create failed, so there is none).
async fn settled(state: &AppState, inst: i64, ext: &str) -> Result<Option<MeetingRow>, db::DbError> {
    let until = tokio::time::Instant::now() + WAIT_FOR_CREATE;
    loop {
        let m = db::api::find(state.db.pool(), inst, ext).await?;
        // A reservation past its time is a create that never finished: the next reservation replaces it.
        let stale = state.clock.unix() - db::api::RESERVATION_TTL_SECS;
        let m = m.filter(|m| m.creating_since.is_none_or(|since| since >= stale));
        if m.as_ref().is_none_or(|m| !m.pending()) || tokio::time::Instant::now() >= until {
            return Ok(m);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn create(state: &AppState, q: &ApiQuery, inst: i64, ext: &str) -> Result<Response, ApiError> {
    let rules = load_rules(state, inst).await?;
    if let Some(m) = settled(state, inst, ext).await? {
        return create_existing(state, &rules, q, ext, &m).await;
    }
    let prepared = prepare_create(state, &rules, inst, &q.params, ext, None);
    let new = db::api::NewMeeting {
        institution_id: inst,
        external_id: ext,
        server_id: 0,
        name: q.get("name").unwrap_or(ext),
        create_time: 0,
        expected_size: i64::from(prepared.expected),
        create_query: &q.signed,
        room_id: None,
        booking_id: None,
    };
    match db::api::reserve(&state.db, &new, rules.limits.max_meetings, state.clock.unix()).await? {
        Reservation::Full { running, max } => Ok(fail(
            "maxMeetingsReached",
            &format!(
                "Your institution may run {max} meetings at once and {running} are running; end one before creating \
                 another"
            ),
        )),
        // Another create got there first: answer as for a repeated create once it is done.
        Reservation::Exists => match settled(state, inst, ext).await? {
            Some(m) => create_existing(state, &rules, q, ext, &m).await,
            None => Ok(server_unavailable()),
        },
        Reservation::Reserved(id) => {
            // Run to the end even if the caller goes away, so that the reservation is always finished or released.
            let (state, ext) = (state.clone(), ext.to_owned());
            let origin = rules.origin;
            let given = (q.get("attendeePW").map(str::to_owned), q.get("moderatorPW").map(str::to_owned));
            let done = tokio::spawn(async move { create_reserved(&state, origin, &prepared, id, &ext, given).await });
            done.await.unwrap_or_else(|e| Err(ApiError::Task(e.to_string())))
        }
    }
}

/// A create of a meeting that exists: the same meeting (duplicateWarning) on its server, or recreated elsewhere
/// (same id, settings and passwords) when that server is gone.
async fn create_existing(
    state: &AppState,
    rules: &Rules,
    q: &ApiQuery,
    ext: &str,
    m: &MeetingRow,
) -> Result<Response, ApiError> {
    if m.pending() {
        return Ok(fail("serverUnavailable", "This meeting is still being created; try again in a moment"));
    }
    let prepared = prepare_create(state, rules, m.institution_id, &q.params, ext, Some(m));
    if let Some(row) = state.placer.live_server(m).await {
        match state.bbb.create_raw(&endpoint(&row), &refs(&prepared.params)).await {
            Ok((_, body)) => return Ok(passed_on(&body, ext, Some(true))),
            Err(e) if e.is_refusal() => {
                let (key, message) = refusal(&e);
                return Ok(fail(&key, &message));
            }
            Err(_) => state.placer.suspect(row.id).await,
        }
    }
    Ok(match fail_over(state, m).await? {
        Some((_, body)) => passed_on(&body, ext, Some(false)),
        None => server_unavailable(),
    })
}

fn refusal(e: &super::bbb::client::BbbError) -> (String, String) {
    match e {
        super::bbb::client::BbbError::Failed { key, message } => (key.clone(), message.clone()),
        _ => ("internalError".into(), "The conference server refused the call".into()),
    }
}

/// Places and creates a reserved meeting, then finishes the reservation (or releases it when no server took it).
async fn create_reserved(
    state: &AppState,
    origin: Option<(f64, f64)>,
    prepared: &Prepared,
    id: i64,
    ext: &str,
    given: (Option<String>, Option<String>),
) -> Result<Response, ApiError> {
    let pool = state.db.pool();
    let inst = prepared.callback.institution_id;
    let placed = match state.placer.place_and_create(inst, origin, &prepared.params, prepared.expected, None).await {
        Ok(p) => p,
        Err(e) => {
            db::api::release(pool, id).await?;
            return Err(e.into());
        }
    };
    let (row, created, body) = match placed {
        Placed::Created(placed) => *placed,
        Placed::Refused { key, message } => {
            db::api::release(pool, id).await?;
            return Ok(fail(&key, &message));
        }
        Placed::NoServer => {
            db::api::release(pool, id).await?;
            return Ok(server_unavailable());
        }
    };
    let finished = db::api::Finished {
        server_id: row.id,
        create_time: created.create_time,
        attendee_pw: created.attendee_pw.as_deref().or(given.0.as_deref()),
        moderator_pw: created.moderator_pw.as_deref().or(given.1.as_deref()),
    };
    if !db::api::finish(pool, id, &finished, state.clock.unix()).await? {
        // Ended through the API while its server was creating it: end it there too.
        let _ = state.bbb.end(&endpoint(&row), &scoped(prepared.callback.institution_id, ext)).await;
        return Ok(fail("notFound", NOT_FOUND));
    }
    remember_callback(pool, state, prepared, row.id).await?;
    Ok(passed_on(&body, ext, Some(false)))
}

async fn join(
    state: &AppState,
    q: &ApiQuery,
    inst: i64,
    ext: &str,
    existing: Option<MeetingRow>,
) -> Result<Response, ApiError> {
    let Some(m) = existing else { return Ok(fail("invalidMeetingIdentifier", NOT_FOUND)) };
    if q.get("fullName").is_none_or(|n| n.trim().is_empty()) {
        return Ok(fail("missingParamFullName", "You must specify a name for the attendee"));
    }
    let Some(row) = usable_home(state, &m).await? else { return Ok(server_unavailable()) };
    let mut asked = q.params.clone();
    policy::apply(&mut asked, &load_rules(state, inst).await?.join);
    let params = forward(&asked, &scoped(inst, ext));
    let stay = q.get("redirect").is_some_and(|v| v.eq_ignore_ascii_case("false"));
    if !stay {
        return Ok(found(&BbbClient::url(&endpoint(&row), "join", &refs(&params))));
    }
    // redirect=false: the server's own answer (its session and client URL), with our meeting id.
    Ok(match state.bbb.call_text(&endpoint(&row), "join", &refs(&params)).await {
        Ok(body) => passed_on(&body, ext, None),
        Err(e) if e.is_refusal() => {
            let (key, message) = refusal(&e);
            fail(&key, &message)
        }
        Err(_) => {
            state.placer.suspect(row.id).await;
            server_unavailable()
        }
    })
}

async fn end(state: &AppState, inst: i64, ext: &str, existing: Option<MeetingRow>) -> Result<Response, ApiError> {
    let Some(m) = existing else { return Ok(fail("notFound", NOT_FOUND)) };
    let server = state.placer.live_server(&m).await;
    // Forgotten first: the server's end callback that follows finds nothing left to do.
    db::api::forget(&state.db, m.id, state.clock.unix(), db::api::EndedBy::Api).await?;
    if let Some(row) = server {
        let _ = state.bbb.end(&endpoint(&row), &scoped(inst, ext)).await;
    }
    Ok(xml(response(
        true,
        &[
            Node::text("messageKey", "sentEndMeetingRequest"),
            Node::text("message", "A request to end the meeting was sent."),
        ],
    )))
}

async fn is_meeting_running(state: &AppState, existing: Option<MeetingRow>) -> Result<Response, ApiError> {
    let mut running = false;
    if let Some(m) = existing
        && let Some(row) = state.placer.live_server(&m).await
    {
        match state.bbb.is_meeting_running(&endpoint(&row), &m.scoped_id()).await {
            Ok(r) => running = r,
            Err(e) if !e.is_refusal() => state.placer.suspect(row.id).await,
            Err(_) => {}
        }
    }
    Ok(xml(response(true, &[Node::text("running", running)])))
}

async fn meeting_info(state: &AppState, ext: &str, existing: Option<MeetingRow>) -> Result<Response, ApiError> {
    let Some(m) = existing else { return Ok(fail("notFound", NOT_FOUND)) };
    let Some(row) = state.placer.live_server(&m).await else { return Ok(fail("notFound", NOT_FOUND)) };
    let id = m.scoped_id();
    Ok(match state.bbb.call_text(&endpoint(&row), "getMeetingInfo", &[("meetingID", id.as_str())]).await {
        Ok(body) => passed_on(&body, ext, None),
        Err(e) => {
            if !e.is_refusal() {
                state.placer.suspect(row.id).await;
            }
            fail("notFound", NOT_FOUND)
        }
    })
}

async fn get_meetings(state: &AppState, inst: i64) -> Result<Response, ApiError> {
    let mut nodes = Vec::new();
    for m in db::api::of_institution(state.db.pool(), inst).await? {
        if m.pending() {
            continue;
        }
        let Some(row) = state.placer.live_server(&m).await else { continue };
        let id = m.scoped_id();
        match state.bbb.call_text(&endpoint(&row), "getMeetingInfo", &[("meetingID", id.as_str())]).await {
            Ok(body) => nodes.extend(meeting_elem(&body, &m.external_id)),
            // Ended on the server (expired, or ended there): forget it.
            Err(e) if e.is_not_found() => {
                db::api::forget(&state.db, m.id, state.clock.unix(), db::api::EndedBy::Poller).await?;
            }
            Err(_) => {}
        }
    }
    Ok(xml(list("meetings", nodes, "noMeetings", NO_MEETINGS)))
}

/// Whether a conference server's meeting id (of a recording) is one of this institution's API meetings: scoped
/// with its prefix, and not one of Convene's own rooms.
fn api_meeting_of(inst: i64, server_id: &str) -> Option<&str> {
    let ext = server_id.strip_prefix(&format!("{inst}-"))?;
    (!ext.to_ascii_lowercase().starts_with(RESERVED_PREFIX)).then_some(ext)
}

/// A recording as the institution may see it: its own meeting id everywhere (also in metadata), and none of
/// Convene's callback URLs.
fn scrubbed_recording(rec: &Node, inst: i64, ext: &str) -> Node {
    let mut rec = rec.clone();
    let scoped_id = scoped(inst, ext);
    rec.map_meeting_ids(&|id| if id == scoped_id { ext.to_owned() } else { id.to_owned() });
    rec.map_texts(&|value| (value == scoped_id).then(|| ext.to_owned()));
    rec.drop_metadata(&callbacks::is_ours);
    rec
}

/// BigBlueButton's `meta_` filter of getRecordings: every given key (case-insensitive) present with exactly the
/// given value.
fn matches_meta(rec: &Node, filters: &[(String, String)]) -> bool {
    let metadata = rec.children().iter().find(|c| c.name() == "metadata");
    filters.iter().all(|(k, v)| {
        metadata.is_some_and(|md| {
            md.children().iter().any(|c| c.name().eq_ignore_ascii_case(k) && md.child_text(c.name()) == Some(v))
        })
    })
}

/// The `<recording>` elements a server lists for these parameters (none when it does not answer).
async fn recordings_on(state: &AppState, row: &ServerRow, params: &[(String, String)]) -> Vec<Node> {
    let Ok(body) = state.bbb.call_text(&endpoint(row), "getRecordings", &refs(params)).await else { return vec![] };
    let Ok(tree) = parse_tree(&body) else { return vec![] };
    tree.children().iter().find(|c| c.name() == "recordings").map(|l| l.children().to_vec()).unwrap_or_default()
}

async fn get_recordings(state: &AppState, q: &ApiQuery, inst: i64) -> Result<Response, ApiError> {
    // Recordings outlive meetings: ask every reachable server and keep this institution's.
    let mut params: Vec<(String, String)> = Vec::new();
    if let Some(ids) = q.get("meetingID").filter(|v| !v.is_empty()) {
        let scoped_ids: Vec<String> = ids
            .split(',')
            .map(str::trim)
            .filter(|id| !id.to_ascii_lowercase().starts_with(RESERVED_PREFIX))
            .map(|id| scoped(inst, id))
            .collect();
        if scoped_ids.is_empty() {
            return Ok(xml(list("recordings", vec![], "noRecordings", NO_RECORDINGS)));
        }
        params.push(("meetingID".into(), scoped_ids.join(",")));
    }
    for key in ["recordID", "state"] {
        if let Some(v) = q.get(key) {
            params.push((key.into(), v.to_owned()));
        }
    }
    let filters: Vec<(String, String)> =
        q.prefixed("meta_").map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned())).collect();
    params.extend(filters.iter().map(|(k, v)| (format!("meta_{k}"), v.clone())));
    let mut nodes = Vec::new();
    for row in db::servers::serving(state.db.pool(), inst).await? {
        if !reachable(&row) {
            continue;
        }
        for rec in recordings_on(state, &row, &params).await {
            let Some(ext) = rec.child_text("meetingID").and_then(|id| api_meeting_of(inst, id)) else { continue };
            if matches_meta(&rec, &filters) {
                nodes.push(scrubbed_recording(&rec, inst, ext));
            }
        }
    }
    Ok(xml(list("recordings", nodes, "noRecordings", NO_RECORDINGS)))
}

async fn change_recordings(state: &AppState, call: &str, q: &ApiQuery, inst: i64) -> Result<Response, ApiError> {
    let ids: Vec<String> =
        q.get("recordID").unwrap_or("").split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
    if ids.is_empty() {
        return Ok(fail("missingParamRecordID", "You must specify one or more record IDs"));
    }
    // Which server holds each of this institution's recordings; any other id (another institution's, a room's) is
    // not found.
    let mut holders: Vec<(ServerRow, Vec<String>)> = Vec::new();
    let asked = vec![("recordID".to_owned(), ids.join(","))];
    for row in db::servers::serving(state.db.pool(), inst).await? {
        if !reachable(&row) {
            continue;
        }
        let mine: Vec<String> = recordings_on(state, &row, &asked)
            .await
            .iter()
            .filter(|r| r.child_text("meetingID").and_then(|m| api_meeting_of(inst, m)).is_some())
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
    Ok(xml(response(true, &[Node::text(tag, value)])))
}
