//! The meeting calls: each reads its parameters, applies the institution's rules, asks the meetings lifecycle and
//! writes BigBlueButton's answer.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::answer::{Answer, Refusal, found, meeting_elem, passed_on, success};
use crate::balancer::api_cache::Rules;
use crate::balancer::bbb::client::{BbbClient, endpoint};
use crate::balancer::bbb::query::ApiQuery;
use crate::balancer::bbb::xml::{NO_MEETINGS, Node, list as xml_list};
use crate::balancer::bbb::xml_response as xml;
use crate::balancer::policy::{self, Mode, ParamPolicy};
use crate::db::{self, meetings::EndedBy, meetings::MeetingRow};
use crate::meetings::lifecycle::{Again, Recipe, Start, Started, refusal, stored_params};
use crate::meetings::placer::refs;
use crate::meetings::scoped_id as scoped;
use crate::state::AppState;

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
    let mut rules = Rules { limits: db::api_access::limits(pool, institution_id).await?, origin, ..Rules::default() };
    for p in db::api_access::policies(pool, institution_id).await? {
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

/// A create as the institution's rules make it: policies applied, participants capped.
fn recipe(rules: &Rules, inst: i64, ext: &str, asked: &BTreeMap<String, String>) -> Recipe {
    let mut p = asked.clone();
    policy::apply(&mut p, &rules.create);
    policy::cap_participants(&mut p, rules.limits.max_participants);
    Recipe::new(inst, ext, p, rules.origin)
}

pub async fn create(state: &AppState, q: &ApiQuery, inst: i64, ext: &str) -> Answer {
    let rules = load_rules(state, inst).await?;
    let start = Start {
        recipe: recipe(&rules, inst, ext, &q.params),
        name: q.get("name").unwrap_or(ext),
        stored_query: &q.signed,
        room_id: None,
        booking_id: None,
        limit: rules.limits.max_meetings,
        passwords: (q.get("attendeePW").map(str::to_owned), q.get("moderatorPW").map(str::to_owned)),
    };
    match state.meetings.start(start).await? {
        Started::New { answer, .. } => passed_on(&answer, ext, Some(false)),
        Started::Exists(m) => create_again(state, &rules, q, ext, &m).await,
        Started::Full { running, max } => Err(Refusal::MaxMeetings { running, max }),
        Started::Refused { key, message } => Err(Refusal::Server { key, message }),
        Started::NoServer => Err(Refusal::ServerUnavailable),
        Started::EndedMeanwhile => Err(Refusal::NotFound),
    }
}

/// A create of a meeting that exists: the same meeting (duplicateWarning) on its server, or recreated elsewhere
/// (same id, settings and passwords) when that server is gone.
async fn create_again(state: &AppState, rules: &Rules, q: &ApiQuery, ext: &str, m: &MeetingRow) -> Answer {
    if m.pending() {
        return Err(Refusal::StillCreating);
    }
    match state.meetings.create_again(m, &recipe(rules, m.institution_id, ext, &q.params)).await? {
        Again::Same(answer) => passed_on(&answer, ext, Some(true)),
        Again::Moved(answer) => passed_on(&answer, ext, Some(false)),
        Again::Refused { key, message } => Err(Refusal::Server { key, message }),
        Again::NoServer => Err(Refusal::ServerUnavailable),
    }
}

pub async fn join(state: &AppState, q: &ApiQuery, inst: i64, ext: &str, existing: Option<Arc<MeetingRow>>) -> Answer {
    let m = existing.ok_or(Refusal::NoSuchMeeting)?;
    if q.get("fullName").is_none_or(|n| n.trim().is_empty()) {
        return Err(Refusal::MissingFullName);
    }
    let rules = load_rules(state, inst).await?;
    // A meeting whose server died is created again from what it was first created with, under today's rules.
    let reached = state.meetings.reach(&m, || recipe(&rules, inst, ext, &stored_params(&m))).await?;
    let server = reached.ok_or(Refusal::ServerUnavailable)?.server;
    let mut asked = q.params.clone();
    policy::apply(&mut asked, &rules.join);
    let params = forward(&asked, &scoped(inst, ext));
    if !q.get("redirect").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
        return Ok(found(&BbbClient::url(&endpoint(&server), "join", &refs(&params))));
    }
    // redirect=false: the server's own answer (its session and client URL), with our meeting id.
    match state.bbb.call_text(&endpoint(&server), "join", &refs(&params)).await {
        Ok(body) => passed_on(&body, ext, None),
        Err(e) if e.is_refusal() => {
            let (key, message) = refusal(e);
            Err(Refusal::Server { key, message })
        }
        Err(_) => {
            state.meetings.suspect(server.id).await;
            Err(Refusal::ServerUnavailable)
        }
    }
}

pub async fn end(state: &AppState, existing: Option<Arc<MeetingRow>>) -> Answer {
    let m = existing.ok_or(Refusal::NotFound)?;
    state.meetings.end(&m, EndedBy::Api).await?;
    Ok(success(&[
        Node::text("messageKey", "sentEndMeetingRequest"),
        Node::text("message", "A request to end the meeting was sent."),
    ]))
}

pub async fn is_running(state: &AppState, existing: Option<Arc<MeetingRow>>) -> Answer {
    let mut running = false;
    if let Some(m) = existing
        && let Some(server) = state.meetings.home(&m).await
    {
        match state.bbb.is_meeting_running(&endpoint(&server), &m.scoped_id()).await {
            Ok(r) => running = r,
            Err(e) if !e.is_refusal() => state.meetings.suspect(server.id).await,
            Err(_) => {}
        }
    }
    Ok(success(&[Node::text("running", running)]))
}

pub async fn info(state: &AppState, ext: &str, existing: Option<Arc<MeetingRow>>) -> Answer {
    let m = existing.ok_or(Refusal::NotFound)?;
    let server = state.meetings.home(&m).await.ok_or(Refusal::NotFound)?;
    let id = m.scoped_id();
    match state.bbb.call_text(&endpoint(&server), "getMeetingInfo", &[("meetingID", id.as_str())]).await {
        Ok(body) => passed_on(&body, ext, None),
        Err(e) => {
            if !e.is_refusal() {
                state.meetings.suspect(server.id).await;
            }
            Err(Refusal::NotFound)
        }
    }
}

pub async fn list(state: &AppState, inst: i64) -> Answer {
    let mut nodes = Vec::new();
    for m in state.meetings.of_institution(inst).await? {
        if m.pending() {
            continue;
        }
        let Some(server) = state.meetings.home(&m).await else { continue };
        let id = m.scoped_id();
        match state.bbb.call_text(&endpoint(&server), "getMeetingInfo", &[("meetingID", id.as_str())]).await {
            Ok(body) => nodes.extend(meeting_elem(&body, &m.external_id)),
            // Ended on the server (expired, or ended there): forget it.
            Err(e) if e.is_not_found() => state.meetings.gone(&m, EndedBy::Poller).await?,
            Err(_) => {}
        }
    }
    Ok(xml(xml_list("meetings", nodes, "noMeetings", NO_MEETINGS)))
}
