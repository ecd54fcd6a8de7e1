//! The recording calls: recordings outlive meetings, so every server the institution may use is asked, and only
//! the institution's own API meetings' recordings are shown or changed, with its own meeting ids.

use super::RESERVED_PREFIX;
use super::answer::{Answer, Refusal, success};
use crate::balancer::bbb::client::endpoint;
use crate::balancer::bbb::query::ApiQuery;
use crate::balancer::bbb::xml::{NO_RECORDINGS, Node, list as xml_list, parse_tree};
use crate::balancer::bbb::xml_response as xml;
use crate::db::{self, servers::ServerRow};
use crate::meetings::callbacks;
use crate::meetings::placer::{reachable, refs};
use crate::meetings::scoped_id as scoped;
use crate::state::AppState;

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

pub async fn list(state: &AppState, q: &ApiQuery, inst: i64) -> Answer {
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
            return Ok(xml(xml_list("recordings", vec![], "noRecordings", NO_RECORDINGS)));
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
    Ok(xml(xml_list("recordings", nodes, "noRecordings", NO_RECORDINGS)))
}

pub async fn change(state: &AppState, call: &str, q: &ApiQuery, inst: i64) -> Answer {
    let ids: Vec<String> =
        q.get("recordID").unwrap_or("").split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
    if ids.is_empty() {
        return Err(Refusal::MissingRecordId);
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
        return Err(Refusal::RecordingsNotFound);
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
            return Err(Refusal::ChangeNotAccepted);
        }
    }
    let (tag, value) = match call {
        "publishRecordings" => ("published", q.get("publish").is_some_and(|v| v.eq_ignore_ascii_case("true"))),
        "deleteRecordings" => ("deleted", true),
        _ => ("updated", true),
    };
    Ok(success(&[Node::text(tag, value)]))
}
