//! Convene's BigBlueButton-compatible API, as other front ends use it, over simulated servers; both databases.

use std::sync::Arc;
use std::time::Duration;

use convene::balancer::bbb::checksum::{self, Algorithm};
use convene::balancer::bbb::client::{BbbClient, BbbError, Endpoint};
use convene::balancer::pool::{self, ServerInput};
use convene::balancer::simulator::state::Limits;
use convene::balancer::simulator::{Fault, Simulator};
use convene::clock::Clock;

use crate::common::*;

pub const SIM_SECRET: &str = "api-test-sim-secret-0123456789abcdef0123456789";
pub const ROMA_SECRET: &str = "roma-front-end-secret-0123456789abcdef-roma";
pub const USP_SECRET: &str = "usp-front-end-secret-0123456789abcdef-usp-00";

pub struct Pool {
    pub sims: Vec<(Arc<Simulator>, i64)>,
}

pub async fn setup(app: &TestApp) -> Pool {
    let mut sims = Vec::new();
    // Two servers: one in Rome, one in São Paulo.
    for (name, lat, lon) in [("rome", 41.9, 12.5), ("saopaulo", -23.5, -46.6)] {
        let sim = Simulator::new(name, SIM_SECRET, 100, Limits::default(), app.clock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = sim.router();
        tokio::spawn(async move { axum::serve(listener, router).await });
        let input = ServerInput {
            name: name.into(),
            url: base,
            secret: SIM_SECRET.into(),
            algorithm: "sha256".into(),
            region: String::new(),
            latitude: lat,
            longitude: lon,
            capacity: 100,
            tags: vec![],
            institution_id: None,
            ca_pem: None,
            by_operator: true,
        };
        let id = pool::register(&app.state.db, &app.state.bbb, &input, app.clock.unix()).await.unwrap();
        sims.push((sim, id));
    }
    let db = app.state.db.pool();
    let roma = convene::db::institutions::by_slug(db, "uniroma").await.unwrap().id;
    let usp = convene::db::institutions::by_slug(db, "usp").await.unwrap().id;
    convene::db::api_access::add_secret(db, roma, ROMA_SECRET, "moodle", app.clock.unix()).await.unwrap();
    convene::db::api_access::add_secret(db, usp, USP_SECRET, "", app.clock.unix()).await.unwrap();
    Pool { sims }
}

pub fn convene(app: &TestApp, secret: &str, algorithm: Algorithm) -> Endpoint {
    Endpoint::new(format!("{}/bigbluebutton/api", app.base), secret, algorithm)
}

pub fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn create_join_and_list(app: TestApp) {
    let pool = setup(&app).await;
    let client = BbbClient::new(Duration::from_secs(2));
    let roma = convene(&app, ROMA_SECRET, Algorithm::Sha1);
    let created =
        client.create(&roma, &[("name", "Lezione 1"), ("meetingID", "course-42"), ("record", "true")]).await.unwrap();
    assert_eq!(created.meeting_id, "course-42");
    // Rome's institution gets the Rome server (equal load, nearer).
    assert_eq!(pool.sims[0].0.meeting_count(), 1);
    assert_eq!(pool.sims[1].0.meeting_count(), 0);
    // create again: same meeting
    let again = client.create(&roma, &[("name", "Lezione 1"), ("meetingID", "course-42")]).await.unwrap();
    assert_eq!(again.internal_meeting_id, created.internal_meeting_id);
    assert_eq!(again.message_key.as_deref(), Some("duplicateWarning"));
    // join: a redirect to the server, signed with the server's secret; the page counts the participant
    let join =
        BbbClient::url(&roma, "join", &[("meetingID", "course-42"), ("fullName", "Giulia"), ("role", "MODERATOR")]);
    let res = no_redirects().get(&join).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(!to.starts_with(&app.base), "goes to the conference server: {to}");
    let to_page = no_redirects().get(&to).send().await.unwrap();
    let page =
        no_redirects().get(to_page.headers()["location"].to_str().unwrap()).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Giulia"));
    let info = client.get_meeting_info(&roma, "course-42").await.unwrap();
    assert_eq!((info.meeting_id.as_str(), info.participant_count), ("course-42", 1));
    assert!(client.is_meeting_running(&roma, "course-42").await.unwrap());
    assert_eq!(client.get_meetings(&roma).await.unwrap().len(), 1);
    // the other institution: same id, its own meeting; it sees nothing of Rome's
    let usp = convene(&app, USP_SECRET, Algorithm::Sha256);
    assert!(client.get_meetings(&usp).await.unwrap().is_empty());
    assert!(client.get_meeting_info(&usp, "course-42").await.unwrap_err().is_not_found());
    assert!(!client.is_meeting_running(&usp, "course-42").await.unwrap());
    assert!(client.end(&usp, "course-42").await.unwrap_err().is_not_found());
    let theirs = client.create(&usp, &[("name", "Aula"), ("meetingID", "course-42")]).await.unwrap();
    assert_ne!(theirs.internal_meeting_id, created.internal_meeting_id);
    assert_eq!(pool.sims[1].0.meeting_count(), 1, "São Paulo's meeting goes to the São Paulo server");
    assert_eq!(client.get_meetings(&roma).await.unwrap().len(), 1);
    // end: the recording is listed for Rome only, under Rome's id
    client.end(&roma, "course-42").await.unwrap();
    assert!(client.get_meetings(&roma).await.unwrap().is_empty());
    let recs = client.get_recordings(&roma, &[("meetingID", "course-42")]).await.unwrap();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].meeting_id, "course-42");
    assert_eq!(client.get_recordings(&roma, &[]).await.unwrap().len(), 1);
    assert!(client.get_recordings(&usp, &[("meetingID", "course-42")]).await.unwrap().is_empty());
    // Rome manages its recording; São Paulo cannot touch it
    let record_id = recs[0].record_id.clone();
    let body = |r: reqwest::Response| async move { r.text().await.unwrap() };
    let usp_url = BbbClient::url(&usp, "deleteRecordings", &[("recordID", &record_id)]);
    assert!(body(reqwest::get(&usp_url).await.unwrap()).await.contains("notFound"));
    let unpublish = BbbClient::url(&roma, "publishRecordings", &[("recordID", &record_id), ("publish", "false")]);
    assert!(body(reqwest::get(&unpublish).await.unwrap()).await.contains("<published>false</published>"));
    let recs = client.get_recordings(&roma, &[("recordID", &record_id)]).await.unwrap();
    assert!(!recs[0].published);
    let update = BbbClient::url(&roma, "updateRecordings", &[("recordID", &record_id), ("meta_course", "fisica")]);
    assert!(body(reqwest::get(&update).await.unwrap()).await.contains("<updated>true</updated>"));
    let delete = BbbClient::url(&roma, "deleteRecordings", &[("recordID", &record_id)]);
    assert!(body(reqwest::get(&delete).await.unwrap()).await.contains("<deleted>true</deleted>"));
    assert!(client.get_recordings(&roma, &[]).await.unwrap().is_empty());
    assert_eq!(client.get_meetings(&usp).await.unwrap().len(), 1);
    let metrics = app.state.metrics.render();
    assert!(metrics.contains("convene_placements_total{server=\"rome\"} 1"), "{metrics}");
}

async fn checksum_refusals(app: TestApp) {
    setup(&app).await;
    let http = reqwest::Client::new();
    let base = format!("{}/bigbluebutton/api", app.base);
    let q = "meetingID=abc&name=Test";
    let good = checksum::sign(Algorithm::Sha256, "getMeetings", "", ROMA_SECRET);
    let get = |url: String| {
        let http = http.clone();
        async move {
            let res = http.get(url).send().await.unwrap();
            assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/xml"));
            res.text().await.unwrap()
        }
    };
    assert!(get(format!("{base}/getMeetings?checksum={good}")).await.contains("SUCCESS"));
    let mut flipped = good.clone().into_bytes();
    flipped[10] = if flipped[10] == b'a' { b'b' } else { b'a' };
    let flipped = String::from_utf8(flipped).unwrap();
    let other_call = checksum::sign(Algorithm::Sha256, "create", q, ROMA_SECRET);
    let empty_secret = checksum::sign(Algorithm::Sha256, "create", q, "");
    let create_sum = checksum::sign(Algorithm::Sha256, "create", q, ROMA_SECRET);
    for (what, url) in [
        ("missing", format!("{base}/getMeetings")),
        ("flipped digit", format!("{base}/getMeetings?checksum={flipped}")),
        ("other call", format!("{base}/getMeetingInfo?{q}&checksum={other_call}")),
        ("empty secret", format!("{base}/create?{q}&checksum={empty_secret}")),
        ("appended parameter", format!("{base}/create?{q}&checksum={create_sum}&record=true")),
        ("wrong length", format!("{base}/getMeetings?checksum={}", &good[..50])),
    ] {
        let body = get(url).await;
        assert!(body.contains("<returncode>FAILED</returncode>") && body.contains("checksumError"), "{what}: {body}");
    }
    let body = get(format!("{base}/create?meetingID=a&meetingID=b&checksum={create_sum}")).await;
    assert!(body.contains("FAILED") && body.contains("paramError"), "duplicate parameters: {body}");
    let body = get(format!("{base}/create?meetingID=%zz&checksum={create_sum}")).await;
    assert!(body.contains("paramError"), "bad escape: {body}");
    // an algorithm the secret does not allow
    sqlx::query("UPDATE api_secrets SET algorithms = 'sha256,sha512'").execute(app.state.db.pool()).await.unwrap();
    // (changes made behind the API's back count once its few-second cache is cleared or has aged)
    app.state.api_cache.clear();
    let sha1 = checksum::sign(Algorithm::Sha1, "getMeetings", "", ROMA_SECRET);
    assert!(get(format!("{base}/getMeetings?checksum={sha1}")).await.contains("checksumError"));
    // a secret in its rotation window works, and stops at its end even while cached
    sqlx::query("UPDATE api_secrets SET expires_at = $1")
        .bind(app.clock.unix() + 60)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    app.state.api_cache.clear();
    assert!(get(format!("{base}/getMeetings?checksum={good}")).await.contains("SUCCESS"));
    app.clock.advance(61);
    assert!(get(format!("{base}/getMeetings?checksum={good}")).await.contains("checksumError"));
    // a secret past its rotation window
    sqlx::query("UPDATE api_secrets SET expires_at = $1")
        .bind(app.clock.unix())
        .execute(app.state.db.pool())
        .await
        .unwrap();
    app.state.api_cache.clear();
    assert!(get(format!("{base}/getMeetings?checksum={good}")).await.contains("checksumError"));
    // nothing was created by any of it
    let n: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM meetings").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(n.0, 0);
    // the API is not behind the portal's CSRF guard, and answers BBB-style when unsure
    let body = get(format!("{base}/")).await;
    assert!(body.contains("<version>2.0</version>"));
}

async fn failover_recreates_the_meeting(app: TestApp) {
    let pool = setup(&app).await;
    let client = BbbClient::new(Duration::from_secs(2));
    let roma = convene(&app, ROMA_SECRET, Algorithm::Sha512);
    client.create(&roma, &[("name", "Seminario"), ("meetingID", "sem-1"), ("meta_course", "fisica")]).await.unwrap();
    let (rome_sim, _) = &pool.sims[0];
    assert_eq!(rome_sim.meeting_count(), 1);
    // Rome's server dies; the poller notices.
    rome_sim.set_fault(Fault::Down);
    let poller = poller(&app, BbbClient::new(Duration::from_millis(500)), 4);
    for _ in 0..3 {
        poller.tick().await.unwrap();
    }
    let rome = convene::db::servers::by_name(app.state.db.pool(), "rome").await.unwrap();
    assert_eq!(rome.health.as_str(), "offline");
    // A join through Convene recreates it on the other server and sends the participant there.
    let join = BbbClient::url(&roma, "join", &[("meetingID", "sem-1"), ("fullName", "Marco"), ("role", "VIEWER")]);
    let res = no_redirects().get(&join).send().await.unwrap();
    assert!(res.status().is_redirection());
    let (sp_sim, _) = &pool.sims[1];
    assert_eq!(sp_sim.meeting_count(), 1, "recreated on São Paulo's server");
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    let landing = no_redirects().get(&to).send().await.unwrap();
    assert!(landing.status().is_redirection(), "the server accepts the join");
    // The meeting page tells its participant what to do if this server fails too: its heartbeat will fail.
    let page_url = landing.headers()["location"].to_str().unwrap().to_owned();
    let page = reqwest::get(&page_url).await.unwrap().text().await.unwrap();
    assert!(page.contains("id=\"lost\" role=\"alert\" hidden") && page.contains("Rejoin through the same link"));
    let beat = page_url.replace("/sim/client?", "/sim/heartbeat?");
    assert_eq!(reqwest::Client::new().post(&beat).send().await.unwrap().status(), 204);
    // same id, same settings
    let info = client.get_meeting_info(&roma, "sem-1").await.unwrap();
    assert_eq!(info.meeting_name, "Seminario");
    assert_eq!(info.participant_count, 1);
    assert!(app.state.metrics.render().contains("convene_failovers_total 1"));
    // with no server left, Convene says so instead of failing obscurely
    sp_sim.set_fault(Fault::Down);
    assert!(!reqwest::Client::new().post(&beat).send().await.unwrap().status().is_success(), "the page shows #lost");
    for _ in 0..3 {
        poller.tick().await.unwrap();
    }
    let err = client.create(&roma, &[("meetingID", "sem-2")]).await.unwrap_err();
    assert!(matches!(err, BbbError::Failed { ref key, .. } if key == "serverUnavailable"), "{err}");
}

/// A join is answered from memory: with the database closed, a meeting joined a moment ago is joined again. A
/// meeting its server ended (the end callback lost) is forgotten when the poller finds it gone, in memory too: the
/// next join is refused at once, not sent to a server that no longer holds it.
async fn joins_are_answered_from_memory(app: TestApp) {
    let pool = setup(&app).await;
    let client = BbbClient::new(Duration::from_secs(2));
    let roma = convene(&app, ROMA_SECRET, Algorithm::Sha256);
    let join = |id: &str| BbbClient::url(&roma, "join", &[("meetingID", id), ("fullName", "Ada"), ("role", "VIEWER")]);
    client.create(&roma, &[("name", "Finita"), ("meetingID", "mem-ended")]).await.unwrap();
    assert!(no_redirects().get(join("mem-ended")).send().await.unwrap().status().is_redirection());
    // Nobody joined on the server: it ends the meeting after five minutes; its end callback never arrives.
    app.clock.advance(6 * 60);
    for (sim, _) in &pool.sims {
        sim.tick();
    }
    let poller = poller(&app, BbbClient::new(Duration::from_millis(500)), 4);
    poller.tick().await.unwrap();
    let res = no_redirects().get(join("mem-ended")).send().await.unwrap();
    assert!(!res.status().is_redirection(), "the poller's end reaches the joins at once");
    assert!(res.text().await.unwrap().contains("<returncode>FAILED</returncode>"));

    client.create(&roma, &[("name", "Memoria"), ("meetingID", "mem-1")]).await.unwrap();
    assert!(no_redirects().get(join("mem-1")).send().await.unwrap().status().is_redirection());
    app.state.db.pool().close().await;
    let res = no_redirects().get(join("mem-1")).send().await.unwrap();
    assert!(res.status().is_redirection(), "joined without the database: {}", res.text().await.unwrap_or_default());
}

both_backends!(create_join_and_list, checksum_refusals, failover_recreates_the_meeting, joins_are_answered_from_memory);
