//! The conference-server simulator driven by Convene's own BBB client: lifecycle, checksums, faults.

use std::sync::Arc;
use std::time::Duration;

use convene::balancer::bbb::checksum::Algorithm;
use convene::balancer::bbb::client::{BbbClient, BbbError, Endpoint};
use convene::balancer::simulator::state::Limits;
use convene::balancer::simulator::{Fault, Simulator};
use convene::clock::ManualClock;

const SECRET: &str = "sim-secret-0123456789abcdef0123456789abcdef";

async fn start(clock: Arc<ManualClock>) -> (Arc<Simulator>, String) {
    let sim = Simulator::new("bbb-test", SECRET, 100, Limits::default(), clock);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = sim.router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (sim, base)
}

fn endpoint(base: &str, secret: &str, algorithm: Algorithm) -> Endpoint {
    Endpoint::new(format!("{base}/bigbluebutton/api"), secret, algorithm)
}

#[tokio::test]
async fn meeting_lifecycle_through_the_client() {
    let clock = ManualClock::new();
    let (sim, base) = start(clock.clone()).await;
    let client = BbbClient::new(Duration::from_secs(2));
    for algorithm in Algorithm::ALL {
        let ep = endpoint(&base, SECRET, algorithm);
        assert!(client.check(&ep).await.unwrap().is_empty() || algorithm != Algorithm::Sha1);
    }
    let ep = endpoint(&base, SECRET, Algorithm::Sha256);
    let created =
        client.create(&ep, &[("name", "Aula Magna"), ("meetingID", "aula-1"), ("record", "true")]).await.unwrap();
    assert_eq!(created.meeting_id, "aula-1");
    assert_eq!(created.message_key.as_deref(), Some(""));
    // create is idempotent
    let again = client.create(&ep, &[("name", "Other"), ("meetingID", "aula-1")]).await.unwrap();
    assert_eq!(again.internal_meeting_id, created.internal_meeting_id);
    assert_eq!(again.message_key.as_deref(), Some("duplicateWarning"));
    assert!(!client.is_meeting_running(&ep, "aula-1").await.unwrap());

    // join: a redirect to the meeting page; opening it counts the participant
    let join = BbbClient::url(
        &ep,
        "join",
        &[
            ("fullName", "Ada Lovelace"),
            ("meetingID", "aula-1"),
            ("role", "MODERATOR"),
            ("createTime", &created.create_time.to_string()),
        ],
    );
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = http.get(&join).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let page = res.headers()["location"].to_str().unwrap().to_owned();
    let html = http.get(&page).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Ada Lovelace") && html.contains("Aula Magna"));
    let info = client.get_meeting_info(&ep, "aula-1").await.unwrap();
    assert_eq!((info.participant_count, info.moderator_count, info.running), (1, 1, true));
    assert_eq!(info.attendees.attendee[0].full_name, "Ada Lovelace");
    let all = client.get_meetings(&ep).await.unwrap();
    assert_eq!(all.len(), 1);

    // a stale link (other createTime) is refused
    let stale = BbbClient::url(
        &ep,
        "join",
        &[("fullName", "Eve"), ("meetingID", "aula-1"), ("role", "VIEWER"), ("createTime", "1")],
    );
    let body = http.get(&stale).send().await.unwrap().text().await.unwrap();
    assert!(body.contains("mismatchCreateTimeParam"));

    // end: a recording appears, with a playback page
    client.end(&ep, "aula-1").await.unwrap();
    assert!(client.get_meeting_info(&ep, "aula-1").await.unwrap_err().is_not_found());
    let recs = client.get_recordings(&ep, &[("meetingID", "aula-1")]).await.unwrap();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].participants, 1);
    let playback = &recs[0].playback.format[0].url;
    assert_eq!(http.get(playback).send().await.unwrap().status(), 200);
    assert!(client.get_recordings(&ep, &[("meetingID", "other")]).await.unwrap().is_empty());
    assert_eq!(sim.meeting_count(), 0);
}

#[tokio::test]
async fn meetings_expire_without_heartbeats() {
    let clock = ManualClock::new();
    let (sim, base) = start(clock.clone()).await;
    let client = BbbClient::new(Duration::from_secs(2));
    let ep = endpoint(&base, SECRET, Algorithm::Sha1);
    client.create(&ep, &[("meetingID", "nobody-came")]).await.unwrap();
    clock.advance(4 * 60);
    assert!(sim.tick().is_empty());
    clock.advance(61);
    assert_eq!(sim.tick().len(), 1);
    assert!(client.get_meetings(&ep).await.unwrap().is_empty());
}

#[tokio::test]
async fn checksum_and_parameter_errors() {
    let clock = ManualClock::new();
    let (_sim, base) = start(clock).await;
    let client = BbbClient::new(Duration::from_secs(2));
    let wrong = endpoint(&base, "another-secret-another-secret-00", Algorithm::Sha256);
    let err = client.get_meetings(&wrong).await.unwrap_err();
    assert!(err.is_checksum_error(), "{err}");
    let ep = endpoint(&base, SECRET, Algorithm::Sha512);
    let err = client.create(&ep, &[("name", "no id")]).await.unwrap_err();
    assert!(matches!(err, BbbError::Failed { ref key, .. } if key == "missingParamMeetingID"), "{err}");
    let err = client.create(&ep, &[("meetingID", "a,b")]).await.unwrap_err();
    assert!(matches!(err, BbbError::Failed { ref key, .. } if key == "invalidMeetingIdentifier"), "{err}");
    // a parameter appended after signing
    let url = format!("{}&record=true", BbbClient::url(&ep, "create", &[("meetingID", "abc")]));
    let body = reqwest::get(&url).await.unwrap().text().await.unwrap();
    assert!(body.contains("checksumError"));
    // answers are text/xml
    let res = reqwest::get(BbbClient::url(&ep, "getMeetings", &[])).await.unwrap();
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/xml"));
}

#[tokio::test]
async fn injected_faults() {
    let clock = ManualClock::new();
    let (sim, base) = start(clock).await;
    let client = BbbClient::new(Duration::from_millis(300));
    let ep = endpoint(&base, SECRET, Algorithm::Sha256);
    sim.set_fault(Fault::Down);
    assert!(matches!(client.get_meetings(&ep).await, Err(BbbError::Http(503))));
    sim.set_fault(Fault::Errors);
    assert!(matches!(client.get_meetings(&ep).await, Err(BbbError::Http(500))));
    sim.set_fault(Fault::Slow { ms: 1_000 });
    assert!(matches!(client.get_meetings(&ep).await, Err(BbbError::Timeout)));
    sim.set_fault(Fault::Flapping { period: 1 });
    let mut ok = 0;
    for _ in 0..6 {
        ok += usize::from(client.get_meetings(&ep).await.is_ok());
    }
    assert_eq!(ok, 3, "flapping: every other call");
    // through the test-only endpoint, with the server's secret
    let http = reqwest::Client::new();
    let res = http.post(format!("{base}/bigbluebutton/sim/faults?secret=nope&mode=ok")).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let res = http.post(format!("{base}/bigbluebutton/sim/faults?secret={SECRET}&mode=ok")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(client.get_meetings(&ep).await.is_ok());
    // an unreachable server
    let gone = endpoint("http://127.0.0.1:9", SECRET, Algorithm::Sha256);
    assert!(matches!(client.get_meetings(&gone).await, Err(BbbError::Unreachable(_) | BbbError::Timeout)));
}

/// The waiting room: with `guestPolicy=ASK_MODERATOR` a guest waits on a page that refreshes itself until a
/// moderator lets them in (then the same page is the meeting) or not.
#[tokio::test]
async fn guests_wait_for_a_moderator_when_the_meeting_asks() {
    let clock = ManualClock::new();
    let (sim, base) = start(clock).await;
    let client = BbbClient::new(Duration::from_secs(2));
    let ep = endpoint(&base, SECRET, Algorithm::Sha256);
    client
        .create(&ep, &[("name", "Seminario"), ("meetingID", "lobby-1"), ("guestPolicy", "ASK_MODERATOR")])
        .await
        .unwrap();
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let enter = |params: Vec<(&'static str, &'static str)>| {
        let url = BbbClient::url(&ep, "join", &params);
        let (http, base) = (http.clone(), base.clone());
        async move {
            let res = http.get(&url).send().await.unwrap();
            assert_eq!(res.status(), 303);
            format!(
                "{base}{}",
                res.headers()["location"]
                    .to_str()
                    .unwrap()
                    .split_once("/bigbluebutton")
                    .map(|(_, p)| format!("/bigbluebutton{p}"))
                    .unwrap()
            )
        }
    };
    let moderator = enter(vec![("fullName", "Ada"), ("meetingID", "lobby-1"), ("role", "MODERATOR")]).await;
    let guest =
        enter(vec![("fullName", "Grace"), ("meetingID", "lobby-1"), ("role", "VIEWER"), ("guest", "true")]).await;
    let other = enter(vec![("fullName", "Eve"), ("meetingID", "lobby-1"), ("role", "VIEWER"), ("guest", "true")]).await;
    let page = http.get(&guest).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("id=\"waiting\"") && page.contains("http-equiv=\"refresh\""), "{page}");
    assert_eq!(sim.participants(), 1, "waiting guests are not in the meeting");
    let page = http.get(&moderator).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("id=\"lobby\"") && page.contains("Grace") && page.contains("Eve"), "{page}");
    // The moderator lets Grace in and turns Eve away.
    let session = |url: &str| url.split("session=").nth(1).unwrap().to_owned();
    let decide = |guest_url: &str, allow: &str| {
        let form = vec![("session", session(&moderator)), ("guest", session(guest_url)), ("allow", allow.to_owned())];
        let (http, base) = (http.clone(), base.clone());
        async move { http.post(format!("{base}/bigbluebutton/sim/guest")).form(&form).send().await.unwrap().status() }
    };
    assert_eq!(decide(&guest, "true").await, 303);
    assert_eq!(decide(&other, "false").await, 303);
    let page = http.get(&guest).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("id=\"participants\"") && page.contains("Grace"), "admitted: {page}");
    assert_eq!(sim.participants(), 2);
    let page = http.get(&other).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("id=\"denied\""), "{page}");
    // Only a moderator decides; a refusal stands.
    assert_eq!(decide(&other, "true").await, 409);
}

/// The waiting room keeps its moderator: a reload of the meeting page or a click on "Let in" (both make the page
/// go away and come back) does not drop them, and their page learns of waiting guests by itself. A page that does
/// not come back leaves.
#[tokio::test]
async fn the_moderator_stays_through_reloads_and_sees_guests_arrive() {
    let clock = ManualClock::new();
    let (sim, base) = start(clock.clone()).await;
    let ep = endpoint(&base, SECRET, Algorithm::Sha256);
    let client = BbbClient::new(Duration::from_secs(2));
    let params = [("name", "Ricevimento"), ("meetingID", "lobby-1"), ("guestPolicy", "ASK_MODERATOR")];
    client.create(&ep, &params).await.unwrap();
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let join = |name: &str, role: &str, guest: bool| {
        let mut p = vec![("fullName", name), ("meetingID", "lobby-1"), ("role", role)];
        if guest {
            p.push(("guest", "true"));
        }
        BbbClient::url(&ep, "join", &p)
    };
    let page_of = |res: reqwest::Response| res.headers()["location"].to_str().unwrap().to_owned();
    let moderator = page_of(http.get(join("Ada Moderatrice", "MODERATOR", false)).send().await.unwrap());
    let session = moderator.rsplit_once("session=").unwrap().1.to_owned();
    let lobby_url = format!("{base}/bigbluebutton/sim/lobby?session={session}");
    let leave_url = format!("{base}/bigbluebutton/sim/leave?session={session}");
    let page = http.get(&moderator).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("/bigbluebutton/sim/lobby?session="), "the moderator's page watches the lobby");
    let waiting = |url: String| {
        let http = http.clone();
        async move { http.get(url).send().await.unwrap().json::<serde_json::Value>().await.unwrap()["waiting"].clone() }
    };
    assert_eq!(waiting(lobby_url.clone()).await, 0);

    // A guest arrives: the moderator's page is told without anyone rejoining.
    let guest = page_of(http.get(join("Bruno Ospite", "VIEWER", true)).send().await.unwrap());
    let guest_session = guest.rsplit_once("session=").unwrap().1.to_owned();
    assert_eq!(waiting(lobby_url.clone()).await, 1);

    // The page reloads (it announces it is going away, then asks again): still in, long after the grace.
    http.post(&leave_url).send().await.unwrap();
    clock.advance(1);
    assert!(http.get(&moderator).send().await.unwrap().text().await.unwrap().contains("Let in"));
    clock.advance(20);
    sim.tick();
    assert_eq!(sim.meeting("lobby-1").unwrap().attendees.len(), 1, "the moderator stayed through the reload");

    // "Let in" posts a form (the page goes away), and the answer brings the moderator back to the page.
    http.post(&leave_url).send().await.unwrap();
    let res = http
        .post(format!("{base}/bigbluebutton/sim/guest"))
        .form(&[("session", session.as_str()), ("guest", guest_session.as_str()), ("allow", "true")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let back = http.get(format!("{base}{}", page_of(res))).send().await.unwrap();
    assert_eq!(back.status(), 200);
    let back = back.text().await.unwrap();
    assert!(back.contains("Bruno Ospite") && !back.contains("id=\"lost\" role=\"alert\" style"), "{back}");
    clock.advance(20);
    sim.tick();
    let m = sim.meeting("lobby-1").unwrap();
    assert_eq!((m.attendees.len(), m.lobby.len()), (2, 0), "moderator and guest in, nobody waiting");
    assert_eq!(
        http.post(format!("{base}/bigbluebutton/sim/heartbeat?session={session}")).send().await.unwrap().status(),
        204
    );

    // A page closed for good leaves once the grace is over.
    http.post(format!("{base}/bigbluebutton/sim/heartbeat?session={guest_session}")).send().await.unwrap();
    http.post(&leave_url).send().await.unwrap();
    clock.advance(11);
    sim.tick();
    assert_eq!(sim.meeting("lobby-1").unwrap().attendees.len(), 1, "only the guest is left");
}
