//! The BigBlueButton-compatible API held to BigBlueButton's own behaviour, and to what a pool must add: callback
//! keys in any spelling, limits under concurrent creates, passwords kept across a failover, no join sent to a dead
//! server, answers for unknown meetings, recordings filtered and scrubbed, form-encoded POST; both databases.

use std::time::Duration;

use convene::balancer::bbb::checksum::{self, Algorithm};
use convene::balancer::bbb::client::{BbbClient, BbbError, Endpoint};
use convene::balancer::simulator::Fault;
use convene::clock::Clock;
use convene::db::api_access::{self as api_db, Limits, PolicyRow};
use convene::db::meetings as meeting_db;

use crate::api::{ROMA_SECRET, SIM_SECRET, convene, no_redirects, setup};
use crate::common::*;

async fn roma(app: &TestApp) -> i64 {
    convene::db::institutions::by_slug(app.state.db.pool(), "uniroma").await.unwrap().id
}

fn server_ep(url: &str) -> Endpoint {
    Endpoint::new(format!("{url}/bigbluebutton/api"), SIM_SECRET, Algorithm::Sha256)
}

async fn text(url: &str) -> String {
    reqwest::get(url).await.unwrap().text().await.unwrap()
}

/// Joins through Convene and opens the meeting page, so the participant counts on its server.
async fn join_and_open(ep: &Endpoint, id: &str, name: &str) -> String {
    let url = BbbClient::url(ep, "join", &[("meetingID", id), ("fullName", name), ("role", "MODERATOR")]);
    let to = no_redirects().get(&url).send().await.unwrap().headers()["location"].to_str().unwrap().to_owned();
    let page = no_redirects().get(&to).send().await.unwrap();
    assert!(page.status().is_redirection(), "the server accepts the join");
    to
}

async fn callback_keys_in_any_spelling(app: TestApp) {
    let pool = setup(&app).await;
    let inst = roma(&app).await;
    let ep = convene(&app, ROMA_SECRET, Algorithm::Sha256);
    let client = BbbClient::new(Duration::from_secs(2));
    // Two spellings of one key: refused, nothing created anywhere.
    for (a, b) in [
        ("meta_endCallbackURL", "meta_endcallbackurl"),
        ("meta_bbb-recording-ready-url", "meta_BBB-Recording-Ready-URL"),
        ("meta_Course", "meta_course"),
    ] {
        let err = client
            .create(&ep, &[("meetingID", "twice"), (a, "https://lms.example.org/a"), (b, "https://lms.example.org/b")])
            .await
            .unwrap_err();
        match err {
            BbbError::Failed { ref key, ref message } => {
                assert_eq!(key, "paramError");
                assert!(message.contains("given twice"), "{message}");
            }
            other => panic!("{a}/{b}: {other}"),
        }
    }
    assert_eq!(pool.sims[0].0.meeting_count() + pool.sims[1].0.meeting_count(), 0);
    assert_eq!(meeting_db::count_of_institution(app.state.db.pool(), inst).await.unwrap(), 0);
    // One odd spelling: the server still gets only Convene's own URLs.
    let params = [
        ("meetingID", "odd"),
        ("META_ENDCALLBACKURL", "https://lms.example.org/end"),
        ("meta_Bbb-Recording-Ready-Url", "https://lms.example.org/rec"),
        ("meta_Internal-Tag", "secret"),
    ];
    // A policy matches a meta name whatever its spelling.
    let block = PolicyRow {
        id: 0,
        api_call: "create".into(),
        name: "meta_internal-tag".into(),
        mode: "block".into(),
        value: String::new(),
    };
    api_db::put_policy(app.state.db.pool(), inst, &block, app.clock.unix()).await.unwrap();
    app.state.api_cache.clear();
    client.create(&ep, &params).await.unwrap();
    let m = pool.sims[0].0.meeting(&format!("{inst}-odd")).unwrap();
    let ours = format!("{}/bigbluebutton/callback/", app.base);
    let callbacks: Vec<&String> = m
        .metadata
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("endcallbackurl") || k.eq_ignore_ascii_case("bbb-recording-ready-url"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(callbacks.len(), 2, "{:?}", m.metadata);
    assert!(callbacks.iter().all(|v| v.starts_with(&ours)), "{:?}", m.metadata);
    assert!(!m.metadata.keys().any(|k| k.eq_ignore_ascii_case("internal-tag")), "{:?}", m.metadata);
}

fn slow_servers(app: &TestApp, pool: &crate::api::Pool) {
    let _ = app;
    for (sim, _) in &pool.sims {
        sim.set_fault(Fault::Slow { ms: 300 });
    }
}

async fn concurrent_creates_respect_the_limit(app: TestApp) {
    let pool = setup(&app).await;
    let inst = roma(&app).await;
    api_db::set_limits(app.state.db.pool(), inst, Limits { max_meetings: Some(2), max_participants: None })
        .await
        .unwrap();
    // Slow servers: every create is still with its server while the others arrive.
    slow_servers(&app, &pool);
    let ep = convene(&app, ROMA_SECRET, Algorithm::Sha256);
    let calls = (0..10).map(|i| {
        let url = BbbClient::url(&ep, "create", &[("meetingID", &format!("race-{i}")), ("name", "Race")]);
        async move {
            let res = reqwest::get(&url).await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    });
    let answers = futures::future::join_all(calls).await;
    assert!(answers.iter().all(|(status, _)| *status == 200), "no 5xx: {answers:?}");
    let created = answers.iter().filter(|(_, b)| b.contains("<returncode>SUCCESS</returncode>")).count();
    let refused = answers.iter().filter(|(_, b)| b.contains("<messageKey>maxMeetingsReached</messageKey>")).count();
    assert_eq!((created, refused), (2, 8), "{answers:?}");
    assert_eq!(pool.sims[0].0.meeting_count() + pool.sims[1].0.meeting_count(), 2);
    assert_eq!(meeting_db::count_of_institution(app.state.db.pool(), inst).await.unwrap(), 2);
    // Ten concurrent creates of one meeting: one meeting, the others told it exists.
    api_db::set_limits(app.state.db.pool(), inst, Limits::default()).await.unwrap();
    app.state.api_cache.clear();
    let url = BbbClient::url(&ep, "create", &[("meetingID", "same"), ("name", "Same")]);
    let answers =
        futures::future::join_all((0..10).map(|_| async { reqwest::get(&url).await.unwrap().text().await.unwrap() }))
            .await;
    assert!(answers.iter().all(|b| b.contains("SUCCESS")), "{answers:?}");
    assert_eq!(answers.iter().filter(|b| b.contains("duplicateWarning")).count(), 9, "{answers:?}");
    assert_eq!(pool.sims[0].0.meeting_count() + pool.sims[1].0.meeting_count(), 3);
    // A reservation left by a create that never finished (the process stopped) gives way after its time.
    let stale = app.clock.unix() - meeting_db::RESERVATION_TTL_SECS - 1;
    sqlx::query(
        "INSERT INTO meetings (institution_id, external_id, name, create_query, created_at, updated_at, \
         creating_since) VALUES ($1, 'stale', '', '', $2, $2, $2)",
    )
    .bind(inst)
    .bind(stale)
    .execute(app.state.db.pool())
    .await
    .unwrap();
    let body =
        reqwest::get(BbbClient::url(&ep, "create", &[("meetingID", "stale")])).await.unwrap().text().await.unwrap();
    assert!(body.contains("SUCCESS") && !body.contains("duplicateWarning"), "{body}");
    // Another meeting's reservation past its time does not count against the limit, and housekeeping removes it.
    sqlx::query(
        "INSERT INTO meetings (institution_id, external_id, name, create_query, created_at, updated_at, \
         creating_since) VALUES ($1, 'stale-2', '', '', $2, $2, $2)",
    )
    .bind(inst)
    .bind(stale)
    .execute(app.state.db.pool())
    .await
    .unwrap();
    let running = meeting_db::count_of_institution(app.state.db.pool(), inst).await.unwrap() - 1;
    let max = Some(u32::try_from(running + 1).unwrap());
    api_db::set_limits(app.state.db.pool(), inst, Limits { max_meetings: max, max_participants: None }).await.unwrap();
    app.state.api_cache.clear();
    let create = |id: &'static str| {
        let url = BbbClient::url(&ep, "create", &[("meetingID", id)]);
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    let body = create("fresh").await;
    assert!(body.contains("SUCCESS"), "the stale reservation is not counted: {body}");
    let body = create("fresh-2").await;
    assert!(body.contains("maxMeetingsReached"), "{body}");
    assert!(create("fresh").await.contains("duplicateWarning"), "a repeated create at the limit is not refused");
    convene::workers::housekeeping::Housekeeping::new(app.state.clone()).tick().await;
    assert!(meeting_db::find(app.state.db.pool(), inst, "stale-2").await.unwrap().is_none());
    assert!(meeting_db::find(app.state.db.pool(), inst, "fresh").await.unwrap().is_some());
}

async fn failover_keeps_the_passwords(app: TestApp) {
    let pool = setup(&app).await;
    let client = BbbClient::new(Duration::from_secs(2));
    let ep = convene(&app, ROMA_SECRET, Algorithm::Sha256);
    // The server chooses the passwords (the create gives none).
    let created = client.create(&ep, &[("meetingID", "pw-1"), ("name", "Passwords")]).await.unwrap();
    let (attendee, moderator) = (created.attendee_pw.unwrap(), created.moderator_pw.unwrap());
    pool.sims[0].0.set_fault(Fault::Down);
    for _ in 0..3 {
        app.state.poller.tick().await.unwrap();
    }
    // The old attendee password joins the meeting recreated on the other server.
    for (name, pw) in [("Ada", attendee.as_str()), ("Bea", moderator.as_str())] {
        let url = BbbClient::url(&ep, "join", &[("meetingID", "pw-1"), ("fullName", name), ("password", pw)]);
        let res = no_redirects().get(&url).send().await.unwrap();
        assert_eq!(res.status(), 302);
        let to = res.headers()["location"].to_str().unwrap().to_owned();
        let landing = no_redirects().get(&to).send().await.unwrap();
        assert!(landing.status().is_redirection(), "{name}: {}", landing.text().await.unwrap());
    }
    assert_eq!(pool.sims[1].0.meeting_count(), 1);
    let info = client.get_meeting_info(&ep, "pw-1").await.unwrap();
    assert_eq!((info.participant_count, info.moderator_count), (2, 1));
}

async fn no_join_reaches_a_dead_server(app: TestApp) {
    let pool = setup(&app).await;
    let ep = convene(&app, ROMA_SECRET, Algorithm::Sha256);
    let client = BbbClient::new(Duration::from_secs(2));
    for id in ["dead-1", "dead-2"] {
        client.create(&ep, &[("meetingID", id), ("name", "Dead")]).await.unwrap();
        join_and_open(&ep, id, "Ada").await;
    }
    assert_eq!(pool.sims[0].0.meeting_count(), 2, "both on Rome's server");
    app.state.poller.tick().await.unwrap();
    let rome = convene::db::servers::by_name(app.state.db.pool(), "rome").await.unwrap();
    let mut op = app.signed_in(OPERATOR).await;
    let view: serde_json::Value = op.call("get_pool", &[]).await.json().await.unwrap();
    assert_eq!(view["totals"]["participants"], 2);
    // One join a second for a minute; polls every ten seconds; Rome's server dies at second 5.
    let mut first_failed_poll = None;
    let mut to_dead_after = 0;
    let mut to_dead_before = 0;
    for second in 1..=60 {
        app.clock.advance(1);
        if second == 5 {
            pool.sims[0].0.set_fault(Fault::Down);
        }
        if second % 10 == 0 {
            let report = app.state.poller.tick().await.unwrap();
            if report.failed > 0 && first_failed_poll.is_none() {
                first_failed_poll = Some(second);
            }
        }
        let id = if second % 2 == 0 { "dead-1" } else { "dead-2" };
        let url = BbbClient::url(&ep, "join", &[("meetingID", id), ("fullName", "Bob"), ("role", "VIEWER")]);
        let res = no_redirects().get(&url).send().await.unwrap();
        assert_eq!(res.status(), 302, "second {second}: {}", res.text().await.unwrap());
        let to = res.headers()["location"].to_str().unwrap();
        if to.starts_with(&rome.api_url) {
            if first_failed_poll.is_some() {
                to_dead_after += 1;
            } else {
                to_dead_before += 1;
            }
        }
    }
    assert_eq!(first_failed_poll, Some(10));
    assert!(to_dead_before > 0, "the test sees joins to the server before anyone knows it died");
    assert_eq!(to_dead_after, 0, "joins sent to the dead server after its first failed poll");
    assert_eq!(pool.sims[1].0.meeting_count(), 2, "both recreated on São Paulo's server");
    // Offline now: its last counts are out of the pool's totals.
    let rome = convene::db::servers::by_name(app.state.db.pool(), "rome").await.unwrap();
    assert_eq!((rome.health.as_str(), rome.participants), ("offline", 2), "its last counts are kept");
    let view: serde_json::Value = op.call("get_pool", &[]).await.json().await.unwrap();
    let sp = pool.sims[1].0.participants() as i64;
    assert_eq!(view["totals"]["participants"], serde_json::json!(sp), "{}", view["totals"]);
    assert_eq!(view["totals"]["meetings"], serde_json::json!(2), "{}", view["totals"]);
}

/// A recorded meeting through Convene, with one participant, then ended.
async fn recorded(ep: &Endpoint, id: &str, presenter: &str) {
    let client = BbbClient::new(Duration::from_secs(2));
    let params = [
        ("meetingID", id),
        ("name", "Recorded"),
        ("record", "true"),
        ("meta_presenter-name", presenter),
        ("meta_endCallbackUrl", "https://lms.example.org/end"),
    ];
    client.create(ep, &params).await.unwrap();
    join_and_open(ep, id, presenter).await;
    client.end(ep, id).await.unwrap();
}

async fn recordings_filtered_and_scrubbed(app: TestApp) {
    let pool = setup(&app).await;
    let inst = roma(&app).await;
    let ep = convene(&app, ROMA_SECRET, Algorithm::Sha256);
    let client = BbbClient::new(Duration::from_secs(2));
    recorded(&ep, "rec-ann", "Ann").await;
    recorded(&ep, "rec-bob", "Bob").await;
    // A room's meeting (Convene's own), recorded on the same server behind the API's back.
    let rome = convene::db::servers::by_name(app.state.db.pool(), "rome").await.unwrap();
    let server = server_ep(rome.api_url.trim_end_matches("/bigbluebutton/api"));
    let room_id = format!("{inst}-convene:room:1");
    client.create(&server, &[("meetingID", &room_id), ("name", "Room"), ("record", "true")]).await.unwrap();
    let join = BbbClient::url(&server, "join", &[("meetingID", &room_id), ("fullName", "Cy"), ("role", "MODERATOR")]);
    let to = no_redirects().get(&join).send().await.unwrap().headers()["location"].to_str().unwrap().to_owned();
    no_redirects().get(&to).send().await.unwrap();
    client.end(&server, &room_id).await.unwrap();
    let room_rec = client.get_recordings(&server, &[("meetingID", &room_id)]).await.unwrap()[0].record_id.clone();
    assert_eq!(pool.sims[0].0.meeting_count(), 0);

    let all = text(&BbbClient::url(&ep, "getRecordings", &[])).await;
    assert_eq!(all.matches("<recording>").count(), 2, "the room's recording is not the API's: {all}");
    for leak in ["/bigbluebutton/callback/", &format!("{inst}-"), "convene:", "lms.example.org/end"] {
        assert!(!all.contains(leak), "{leak} shown: {all}");
    }
    // meta_ filters as BigBlueButton applies them: the key in any case, the value exactly.
    for (key, value, want) in [
        ("meta_presenter-name", "Ann", 1),
        ("meta_Presenter-Name", "Ann", 1),
        ("meta_presenter-name", "ann", 0),
        ("meta_presenter-name", "Nobody", 0),
    ] {
        let recs = client.get_recordings(&ep, &[(key, value)]).await.unwrap();
        assert_eq!(recs.len(), want, "{key}={value}");
        if want == 1 {
            assert_eq!(recs[0].meeting_id, "rec-ann");
        }
    }
    // The room's meeting and recording are invisible to every call.
    assert!(client.get_recordings(&ep, &[("meetingID", "convene:room:1")]).await.unwrap().is_empty());
    for call in ["deleteRecordings", "publishRecordings", "updateRecordings"] {
        let body = text(&BbbClient::url(&ep, call, &[("recordID", &room_rec), ("publish", "false")])).await;
        assert!(body.contains("<messageKey>notFound</messageKey>"), "{call}: {body}");
    }
    assert_eq!(client.get_recordings(&server, &[("recordID", &room_rec)]).await.unwrap().len(), 1, "untouched");
}

async fn answers_as_bigbluebutton_does(app: TestApp) {
    let pool = setup(&app).await;
    let ep = convene(&app, ROMA_SECRET, Algorithm::Sha256);
    let client = BbbClient::new(Duration::from_secs(2));
    let base = format!("{}/bigbluebutton/api", app.base);
    // Unknown meetings (and Convene's own, which callers cannot see), call by call.
    for id in ["nobody-here", "convene:room:1"] {
        let running = text(&BbbClient::url(&ep, "isMeetingRunning", &[("meetingID", id)])).await;
        assert!(running.contains("SUCCESS") && running.contains("<running>false</running>"), "{running}");
        for (call, key) in [("getMeetingInfo", "notFound"), ("end", "notFound"), ("join", "invalidMeetingIdentifier")] {
            let body = text(&BbbClient::url(&ep, call, &[("meetingID", id), ("fullName", "Ada")])).await;
            assert!(
                body.contains("FAILED") && body.contains(&format!("<messageKey>{key}</messageKey>")),
                "{call} {id}: {body}"
            );
            assert!(body.contains("A meeting with that ID does not exist"), "{body}");
        }
    }
    // A server's refusal is passed on, not turned into serverUnavailable after trying every server.
    let err = client.create(&ep, &[("meetingID", "bad-record"), ("record", "maybe")]).await.unwrap_err();
    match err {
        BbbError::Failed { ref key, ref message } => {
            assert_eq!(key, "validationError");
            assert!(message.contains("Record must be a boolean"), "{message}");
        }
        other => panic!("{other}"),
    }
    assert_eq!(pool.sims[0].0.meeting_count() + pool.sims[1].0.meeting_count(), 0);
    let rome = convene::db::servers::by_name(app.state.db.pool(), "rome").await.unwrap();
    assert_eq!(rome.health.as_str(), "online", "a refusal is not a failure of the server");
    // POST with the parameters in a form body, signed over the body as sent.
    let form = "meetingID=posted&name=Posted+meeting&meta_presenter-name=Ann";
    let sum = checksum::sign(Algorithm::Sha256, "create", form, ROMA_SECRET);
    let http = reqwest::Client::new();
    let post = |url: String, body: String| {
        let http = http.clone();
        async move {
            http.post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let body = post(format!("{base}/create"), format!("{form}&checksum={sum}")).await;
    assert!(body.contains("SUCCESS") && body.contains("<meetingID>posted</meetingID>"), "{body}");
    // A body the checksum does not cover (checksum in the URL) is refused; so is a wrong checksum; so is a huge body.
    let signed = format!(
        "meetingID=posted2&checksum={}",
        checksum::sign(Algorithm::Sha256, "create", "meetingID=posted2", ROMA_SECRET)
    );
    let body =
        post(format!("{base}/create?{signed}"), "meta_endCallbackUrl=https%3A%2F%2Fevil.example.org%2F".into()).await;
    assert!(body.contains("FAILED") && body.contains("paramError"), "{body}");
    let body = post(format!("{base}/create"), format!("{form}&record=true&checksum={sum}")).await;
    assert!(body.contains("checksumError"), "{body}");
    let body =
        post(format!("{base}/create"), format!("meetingID=big&name={}&checksum={sum}", "x".repeat(40_000))).await;
    assert!(body.contains("FAILED") && body.contains("paramError"), "{body}");
    // The query and an empty form body: the query is what is signed.
    let body = post(format!("{base}/create?{signed}"), String::new()).await;
    assert!(body.contains("SUCCESS"), "{body}");
    // join: 302 as BigBlueButton; redirect=false answers its XML with the server's session and URL.
    let url = BbbClient::url(&ep, "join", &[("meetingID", "posted"), ("fullName", "Ada"), ("role", "VIEWER")]);
    assert_eq!(no_redirects().get(&url).send().await.unwrap().status(), 302);
    let url = BbbClient::url(
        &ep,
        "join",
        &[("meetingID", "posted"), ("fullName", "Ada"), ("role", "VIEWER"), ("redirect", "false"), ("userID", "ada-1")],
    );
    let body = text(&url).await;
    for part in [
        "<returncode>SUCCESS</returncode>",
        "<messageKey>successfullyJoined</messageKey>",
        "<message>You have joined successfully.</message>",
        "<meeting_id>",
        "<user_id>w_",
        "<auth_token>",
        "<session_token>",
        "<guestStatus>ALLOW</guestStatus>",
        &format!("<url>{}", rome.api_url.trim_end_matches("/bigbluebutton/api")),
    ] {
        assert!(body.contains(part), "{part}: {body}");
    }
    let roma_id = roma(&app).await;
    assert!(!body.contains(&format!("{roma_id}-posted")), "no scoped id: {body}");
    let session = body.split("<url>").nth(1).unwrap().split("</url>").next().unwrap().replace("&amp;", "&");
    assert!(text(&session).await.contains("Ada"), "the URL opens the meeting");
}

both_backends!(
    callback_keys_in_any_spelling,
    concurrent_creates_respect_the_limit,
    failover_keeps_the_passwords,
    no_join_reaches_a_dead_server,
    recordings_filtered_and_scrubbed,
    answers_as_bigbluebutton_does,
);
