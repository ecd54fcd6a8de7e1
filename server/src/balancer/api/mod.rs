//! The BigBlueButton-compatible API other front ends (Moodle, Greenlight, LMS plugins) call with their
//! institution's secret. Each call is read strictly, its checksum is matched in constant time against the live
//! secrets (the one that matches tells the institution), and the call goes to its handler: meetings (`meetings`:
//! create, join, end and what runs, through the meetings lifecycle) or recordings (`recordings`). Answers and
//! refusals are written in `answer`.

mod answer;
mod meetings;
mod recordings;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};

use self::answer::{Answer, Refusal, success};
use super::bbb::checksum::{self, Algorithm};
use super::bbb::query::{self, ApiQuery};
use super::bbb::xml::Node;
use super::policy;
use crate::db::{self, meetings::MeetingRow};
use crate::meetings::lifecycle::MAX_QUERY;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bigbluebutton/api", get(version))
        .route("/bigbluebutton/api/", get(version))
        .route("/bigbluebutton/api/{call}", any(call))
}

async fn version() -> Response {
    success(&[Node::text("version", "2.0"), Node::text("apiVersion", "2.0"), Node::text("bbbVersion", "Convene")])
}

/// The institution whose live secret signed this call, if any.
async fn authenticate(state: &AppState, call: &str, q: &ApiQuery) -> Option<i64> {
    let sum = q.checksum.as_deref()?;
    let now = state.clock.unix();
    let matching = |secrets: &[db::api_access::SecretRow]| {
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
    let fresh = state.api_cache.put_secrets(db::api_access::live_secrets(state.db.pool(), now).await.ok()?);
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
        Err(e) => return Refusal::Params(e.to_string()).into_response(),
    };
    let Some(institution_id) = authenticate(&state, &call, &q).await else {
        return Refusal::Checksum.into_response();
    };
    handle(&state, &call, &q, institution_id).await.unwrap_or_else(IntoResponse::into_response)
}

/// The meeting id a call names, checked as BigBlueButton checks it. `None`: one of Convene's own (reserved ids),
/// which to callers does not exist (and which they may not create).
fn named_id<'q>(call: &str, q: &'q ApiQuery) -> Result<Option<&'q str>, Refusal> {
    let ext = q.get("meetingID").unwrap_or("");
    if ext.is_empty() {
        return Err(Refusal::MissingMeetingId);
    }
    if !valid_meeting_id(ext) {
        if call != "create" && ext.to_ascii_lowercase().starts_with(RESERVED_PREFIX) {
            return Ok(None);
        }
        return Err(Refusal::BadMeetingId);
    }
    Ok(Some(ext))
}

async fn handle(state: &AppState, call: &str, q: &ApiQuery, inst: i64) -> Answer {
    if call == "create" {
        // The lifecycle's start reads what exists inside its own reservation.
        let ext = named_id(call, q)?.ok_or(Refusal::BadMeetingId)?;
        return meetings::create(state, q, inst, ext).await;
    }
    if matches!(call, "join" | "end" | "isMeetingRunning" | "getMeetingInfo") {
        let named = named_id(call, q)?;
        // Creates still in flight are, to callers, meetings that do not exist.
        let existing: Option<Arc<MeetingRow>> = match named {
            Some(ext) => state.meetings.running(inst, ext).await?,
            None => None,
        };
        let ext = q.get("meetingID").unwrap_or("");
        return match call {
            "join" => meetings::join(state, q, inst, ext, existing).await,
            "end" => meetings::end(state, existing).await,
            "isMeetingRunning" => meetings::is_running(state, existing).await,
            _ => meetings::info(state, ext, existing).await,
        };
    }
    match call {
        "getMeetings" => meetings::list(state, inst).await,
        "getRecordings" => recordings::list(state, q, inst).await,
        "publishRecordings" | "deleteRecordings" | "updateRecordings" => recordings::change(state, call, q, inst).await,
        _ => Err(Refusal::Unsupported),
    }
}
