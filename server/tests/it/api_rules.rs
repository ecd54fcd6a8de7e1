//! The API's per-institution limits and parameter policies, callbacks to front ends (and never to internal
//! addresses), and the poller forgetting meetings that ended on their server; both databases.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{RawQuery, State};
use convene::balancer::bbb::checksum::Algorithm;
use convene::balancer::bbb::client::{BbbClient, BbbError};
use convene::clock::Clock;
use convene::config::Config;
use convene::db::api_access::{self as api_db, Limits, PolicyRow};
use convene::db::{callbacks as callback_db, meetings as meeting_db};
use convene::meetings::callbacks::{self, RecordingReady};

use crate::api::{ROMA_SECRET, SIM_SECRET, convene, no_redirects, setup};
use crate::common::*;

async fn institution(app: &TestApp, slug: &str) -> i64 {
    convene::db::institutions::by_slug(app.state.db.pool(), slug).await.unwrap().id
}

async fn put_policy(app: &TestApp, inst: i64, call: &str, name: &str, mode: &str, value: &str) {
    let row = PolicyRow { id: 0, api_call: call.into(), name: name.into(), mode: mode.into(), value: value.into() };
    api_db::put_policy(app.state.db.pool(), inst, &row, app.clock.unix()).await.unwrap();
}

async fn limits_and_parameter_policies(app: TestApp) {
    let pool = setup(&app).await;
    let roma = institution(&app, "uniroma").await;
    let limits = Limits { max_meetings: Some(1), max_participants: Some(25) };
    api_db::set_limits(app.state.db.pool(), roma, limits).await.unwrap();
    put_policy(&app, roma, "create", "record", "override", "false").await;
    put_policy(&app, roma, "create", "meta_course", "default", "none").await;
    put_policy(&app, roma, "create", "meta_internal-tag", "block", "").await;
    put_policy(&app, roma, "join", "userdata-bbb_auto_join_audio", "override", "true").await;
    // A policy can be replaced in place.
    put_policy(&app, roma, "create", "meta_course", "default", "general").await;

    let client = BbbClient::new(Duration::from_secs(2));
    let ep = convene(&app, ROMA_SECRET, Algorithm::Sha256);
    let params =
        [("meetingID", "lim-1"), ("record", "true"), ("maxParticipants", "300"), ("meta_internal-tag", "secret")];
    client.create(&ep, &params).await.unwrap();
    let sim = &pool.sims[0].0;
    let m = sim.meeting(&format!("{roma}-lim-1")).expect("placed on the Rome server");
    assert!(!m.record, "record overridden to false");
    assert_eq!(m.max_participants, 25, "capped at the institution's limit");
    assert_eq!(m.metadata.get("course").map(String::as_str), Some("general"), "default filled in");
    assert!(!m.metadata.contains_key("internal-tag"), "blocked parameter removed");

    // The join carries the join policy; the caller's own value would have been replaced.
    let join = BbbClient::url(
        &ep,
        "join",
        &[("meetingID", "lim-1"), ("fullName", "Ada"), ("userdata-bbb_auto_join_audio", "false")],
    );
    let res = no_redirects().get(&join).send().await.unwrap();
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.contains("userdata-bbb_auto_join_audio=true"), "{to}");
    assert!(!to.contains("userdata-bbb_auto_join_audio=false"), "{to}");

    // One meeting at once: a second is refused with a message that says why; the same one is still fine.
    let err = client.create(&ep, &[("meetingID", "lim-2")]).await.unwrap_err();
    match err {
        BbbError::Failed { ref key, ref message } => {
            assert_eq!(key, "maxMeetingsReached");
            assert!(message.contains("1 meetings at once"), "{message}");
        }
        other => panic!("{other}"),
    }
    assert_eq!(sim.meeting_count() + pool.sims[1].0.meeting_count(), 1, "nothing created");
    let again = client.create(&ep, &[("meetingID", "lim-1")]).await.unwrap();
    assert_eq!(again.message_key.as_deref(), Some("duplicateWarning"));
    // Other institutions are not limited by Rome's limits.
    let usp = convene(&app, crate::api::USP_SECRET, Algorithm::Sha256);
    client.create(&usp, &[("meetingID", "u-1")]).await.unwrap();
    client.create(&usp, &[("meetingID", "u-2")]).await.unwrap();
    // Once Rome's meeting ends, a new one may start.
    client.end(&ep, "lim-1").await.unwrap();
    client.create(&ep, &[("meetingID", "lim-2")]).await.unwrap();
    // Removing the limit lifts it.
    api_db::set_limits(app.state.db.pool(), roma, Limits::default()).await.unwrap();
    app.state.api_cache.clear(); // (a change through another process would count after the cache's few seconds)
    client.create(&ep, &[("meetingID", "lim-3")]).await.unwrap();
}

#[derive(Clone, Default)]
struct Received {
    ends: Arc<Mutex<Vec<String>>>,
    recordings: Arc<Mutex<Vec<String>>>,
}

/// A front end's callback receiver on loopback.
async fn receiver() -> (String, Received) {
    let got = Received::default();
    let router = axum::Router::new()
        .route(
            "/end",
            axum::routing::get(|State(g): State<Received>, RawQuery(q): RawQuery| async move {
                g.ends.lock().unwrap().push(q.unwrap_or_default());
                "ok"
            }),
        )
        .route(
            "/rec",
            axum::routing::post(|State(g): State<Received>, body: String| async move {
                g.recordings.lock().unwrap().push(body);
                "ok"
            }),
        )
        .with_state(got.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (base, got)
}

async fn wait_for(what: impl Fn() -> bool) -> bool {
    for _ in 0..100 {
        if what() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

fn allow_loopback_callbacks(config: &mut Config) {
    config.pool.callback_allow_hosts = vec!["127.0.0.1".into()];
}

/// A meeting with a participant, created with the front end's callbacks, then ended through Convene.
async fn meeting_with_callbacks(app: &TestApp, front_end: &str, id: &str) {
    let client = BbbClient::new(Duration::from_secs(2));
    let ep = convene(app, ROMA_SECRET, Algorithm::Sha1);
    let end_url = format!("{front_end}/end?course=7");
    let rec_url = format!("{front_end}/rec");
    let params = [
        ("meetingID", id),
        ("record", "true"),
        ("autoStartRecording", "true"),
        ("meta_endCallbackUrl", end_url.as_str()),
        ("meta_bbb-recording-ready-url", rec_url.as_str()),
    ];
    client.create(&ep, &params).await.unwrap();
    // The front end never sees Convene's callback URLs.
    let info = reqwest::get(BbbClient::url(&ep, "getMeetingInfo", &[("meetingID", id)])).await.unwrap();
    let text = info.text().await.unwrap();
    assert!(!text.contains("/bigbluebutton/callback/"), "{text}");
    let join = BbbClient::url(&ep, "join", &[("meetingID", id), ("fullName", "Ada"), ("role", "MODERATOR")]);
    let to = no_redirects().get(&join).send().await.unwrap().headers()["location"].to_str().unwrap().to_owned();
    no_redirects().get(&to).send().await.unwrap();
    client.end(&ep, id).await.unwrap();
}

async fn callbacks_reach_the_front_end(app: TestApp) {
    let pool = setup(&app).await;
    let roma = institution(&app, "uniroma").await;
    let (front_end, got) = receiver().await;
    let client = BbbClient::new(Duration::from_secs(2));
    let ep = convene(&app, ROMA_SECRET, Algorithm::Sha1);
    client.create(&ep, &[("meetingID", "peek"), ("meta_endCallbackUrl", &format!("{front_end}/end"))]).await.unwrap();
    // The server was given Convene's URL, not the front end's.
    let m = pool.sims[0].0.meeting(&format!("{roma}-peek")).unwrap();
    let given = m.metadata.iter().find(|(k, _)| k.eq_ignore_ascii_case("endCallbackUrl")).unwrap().1;
    assert!(given.starts_with(&format!("{}/bigbluebutton/callback/end/", app.base)), "{given}");

    meeting_with_callbacks(&app, &front_end, "cb-1").await;
    assert!(wait_for(|| !got.ends.lock().unwrap().is_empty()).await, "end callback delivered");
    let end = got.ends.lock().unwrap()[0].clone();
    assert!(end.contains("course=7") && end.contains("meetingID=cb-1") && end.contains("recordingmarks=true"), "{end}");
    assert!(!end.contains(&format!("{roma}-")), "the front end sees its own meeting id: {end}");
    // Ended through the API, then the server's callback came: kept once in the history, as ended by the API.
    let history: Vec<(String, String)> =
        sqlx::query_as("SELECT external_id, ended_by FROM meeting_history WHERE external_id = 'cb-1'")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(history, vec![("cb-1".to_owned(), "api".to_owned())]);
    assert!(wait_for(|| !got.recordings.lock().unwrap().is_empty()).await, "recording-ready callback delivered");
    let body = got.recordings.lock().unwrap()[0].clone();
    let jwt = url::form_urlencoded::parse(body.as_bytes()).find(|(k, _)| k == "signed_parameters").unwrap().1;
    // Re-signed with the institution's secret, for the institution's meeting id.
    let claims = callbacks::verify_recording_ready(&jwt, ROMA_SECRET).expect("signed with Rome's secret");
    assert_eq!(claims.meeting_id, "cb-1");
    assert!(callbacks::verify_recording_ready(&jwt, SIM_SECRET).is_none());
    let recs = client.get_recordings(&ep, &[("meetingID", "cb-1")]).await.unwrap();
    assert_eq!(recs[0].record_id, claims.record_id);
}

async fn callbacks_never_reach_internal_addresses(app: TestApp) {
    setup(&app).await;
    let (front_end, got) = receiver().await;
    meeting_with_callbacks(&app, &front_end, "cb-2").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(got.ends.lock().unwrap().is_empty(), "a loopback end callback was made");
    assert!(got.recordings.lock().unwrap().is_empty(), "a loopback recording callback was made");

    // Convene's own callback endpoints: unknown tokens and forged JWTs are refused.
    let http = reqwest::Client::new();
    let unknown = http.get(format!("{}/bigbluebutton/callback/end/{}", app.base, "0".repeat(48))).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    let token = convene::tokens::new_token();
    let roma = institution(&app, "uniroma").await;
    let rome = convene::db::servers::by_name(app.state.db.pool(), "rome").await.unwrap();
    let row = callback_db::CallbackRow {
        institution_id: roma,
        external_id: "cb-3".into(),
        server_id: Some(rome.id),
        end_url: None,
        recording_url: Some(format!("{front_end}/rec")),
    };
    callback_db::add_callback(app.state.db.pool(), &convene::tokens::token_hash(&token), &row, app.clock.unix())
        .await
        .unwrap();
    let url = format!("{}/bigbluebutton/callback/recording/{token}", app.base);
    let forged = callbacks::sign_recording_ready(
        &RecordingReady { meeting_id: format!("{roma}-cb-3"), record_id: "r1".into() },
        "not-the-servers-secret-at-all-000",
    )
    .unwrap();
    let res = http.post(&url).form(&[("signed_parameters", forged.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), 401);
    // Genuine, but for another institution's meeting: refused too.
    let other = callbacks::sign_recording_ready(
        &RecordingReady { meeting_id: "999-cb-3".into(), record_id: "r1".into() },
        SIM_SECRET,
    )
    .unwrap();
    let res = http.post(&url).form(&[("signed_parameters", other.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), 401);
    // Genuine and right, but the front end is on loopback: gone, so the server stops retrying.
    let good = callbacks::sign_recording_ready(
        &RecordingReady { meeting_id: format!("{roma}-cb-3"), record_id: "r1".into() },
        SIM_SECRET,
    )
    .unwrap();
    let res = http.post(&url).form(&[("signed_parameters", good.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), 410);
    assert!(got.recordings.lock().unwrap().is_empty());
}

async fn poller_forgets_meetings_that_ended_on_their_server(app: TestApp) {
    let pool = setup(&app).await;
    let roma = institution(&app, "uniroma").await;
    let client = BbbClient::new(Duration::from_secs(2));
    let ep = convene(&app, ROMA_SECRET, Algorithm::Sha256);
    client.create(&ep, &[("meetingID", "quiet")]).await.unwrap();
    assert_eq!(meeting_db::count_of_institution(app.state.db.pool(), roma).await.unwrap(), 1);
    // Nobody joins; the server ends it after its empty-meeting expiry, and its end callback is lost.
    app.clock.advance(6 * 60);
    let ended = pool.sims[0].0.tick();
    assert_eq!(ended.len(), 1);
    app.state.poller.tick().await.unwrap();
    assert_eq!(meeting_db::count_of_institution(app.state.db.pool(), roma).await.unwrap(), 0);
}

both_backends!(limits_and_parameter_policies, callbacks_never_reach_internal_addresses);
both_backends!(tweak = super::allow_loopback_callbacks; callbacks_reach_the_front_end);
async fn dashboard_explains_placement_and_shows_history(app: TestApp) {
    let pool = setup(&app).await;
    let client = BbbClient::new(Duration::from_secs(2));
    let ep = convene(&app, ROMA_SECRET, Algorithm::Sha256);
    client.create(&ep, &[("meetingID", "dash-1"), ("meta_bbb-meeting-size-hint", "30")]).await.unwrap();
    let join = BbbClient::url(&ep, "join", &[("meetingID", "dash-1"), ("fullName", "Ada"), ("role", "VIEWER")]);
    let to = no_redirects().get(&join).send().await.unwrap().headers()["location"].to_str().unwrap().to_owned();
    no_redirects().get(&to).send().await.unwrap();
    assert_eq!((pool.sims[0].0.participants(), pool.sims[1].0.participants()), (1, 0), "{to}");
    app.state.poller.tick().await.unwrap();
    app.clock.advance(10);
    app.state.poller.tick().await.unwrap();
    let mut op = app.signed_in(OPERATOR).await;
    let view: serde_json::Value = op.call("get_pool", &[]).await.json().await.unwrap();
    let rome = view["servers"].as_array().unwrap().iter().find(|s| s["name"] == "rome").unwrap().clone();
    assert_eq!(rome["history"], serde_json::json!([1, 1]));
    assert_eq!(rome["last_placement"]["eligible"], 2);
    assert!(rome["last_placement"]["distance_km"].as_f64().unwrap() < 50.0, "{rome}");
    assert!(rome["last_poll_at"].as_i64().is_some());
    let html = op.get("/admin/pool").await.text().await.unwrap();
    // (the test clock is real time moved on by 10 s, so a slow machine may show a second or two more)
    assert!(html.contains("Last chosen 1") && html.contains("lowest of 2 eligible"), "{html}");
    assert!(html.contains("class=\"sparkline\"") && html.contains("Participants over the last 2 polls"), "{html}");
    // São Paulo was never chosen and says so.
    assert!(html.contains("Not chosen for a meeting yet."));
}

both_backends!(poller_forgets_meetings_that_ended_on_their_server, dashboard_explains_placement_and_shows_history);
