//! The pool registry and the poller against simulated conference servers, on SQLite and PostgreSQL.

use std::sync::Arc;
use std::time::Duration;

use crate::common::*;
use convene::balancer::bbb::client::BbbClient;
use convene::balancer::pool::{self, PoolError, ServerInput};
use convene::balancer::simulator::state::Limits;
use convene::balancer::simulator::{Fault, Simulator};
use convene::clock::Clock;

const SIM_SECRET: &str = "pool-test-secret-0123456789abcdef0123456789";

async fn simulator(app: &TestApp, name: &str) -> (Arc<Simulator>, String) {
    let sim = Simulator::new(name, SIM_SECRET, 100, Limits::default(), app.clock.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = sim.router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (sim, base)
}

fn input(name: &str, url: &str, secret: &str) -> ServerInput {
    ServerInput {
        name: name.into(),
        url: url.into(),
        secret: secret.into(),
        algorithm: "sha256".into(),
        region: "eu-south".into(),
        latitude: 41.9,
        longitude: 12.5,
        capacity: 100,
        tags: vec!["Recording".into()],
        institution_id: None,
        ca_pem: None,
        by_operator: true,
    }
}

async fn registration_checks_the_server(app: TestApp) {
    let client = BbbClient::new(Duration::from_secs(2));
    let (_sim, base) = simulator(&app, "bbb-a").await;
    let db = &app.state.db;
    let now = app.clock.unix();
    let err = pool::register(db, &client, &input("a", &base, "wrong-secret-wrong-secret-wrong-secret"), now)
        .await
        .unwrap_err();
    assert!(matches!(err, PoolError::WrongSecret { .. }), "{err}");
    assert!(err.to_string().contains("refused the secret"));
    let err = pool::register(db, &client, &input("a", "http://127.0.0.1:9", SIM_SECRET), now).await.unwrap_err();
    assert!(matches!(err, PoolError::Unreachable { .. }), "{err}");
    let err = pool::register(db, &client, &input("a", &base, "short"), now).await.unwrap_err();
    assert!(matches!(err, PoolError::Invalid { field: "secret", .. }), "{err}");
    let err =
        pool::register(db, &client, &input("a", &format!("{base}/healthz?x"), SIM_SECRET), now).await.unwrap_err();
    assert!(matches!(err, PoolError::Invalid { field: "url", .. }), "{err}");
    // nothing was stored by the refusals
    assert!(convene::db::servers::list(db.pool()).await.unwrap().is_empty());
    let id = pool::register(db, &client, &input("a", &base, SIM_SECRET), now).await.unwrap();
    let row = convene::db::servers::by_id(db.pool(), id).await.unwrap();
    assert_eq!((row.health.as_str(), row.admin_state.as_str(), row.tags.as_str()), ("online", "enabled", "recording"));
    assert!(row.api_url.ends_with("/bigbluebutton/api"));
    let err = pool::register(db, &client, &input("a", &base, SIM_SECRET), now).await.unwrap_err();
    assert!(matches!(err, PoolError::Exists));
    pool::set_state(db, "a", "cordoned", now).await.unwrap();
    assert_eq!(convene::db::servers::by_id(db.pool(), id).await.unwrap().admin_state.as_str(), "cordoned");
    assert!(pool::set_state(db, "a", "paused", now).await.is_err());
    assert!(matches!(pool::set_state(db, "zz", "enabled", now).await, Err(PoolError::NotFound)));
}

async fn poller_tracks_load_and_health(app: TestApp) {
    let client = BbbClient::new(Duration::from_millis(500));
    let (sim, base) = simulator(&app, "bbb-b").await;
    let db = &app.state.db;
    let id = pool::register(db, &client, &input("b", &base, SIM_SECRET), app.clock.unix()).await.unwrap();
    let poller = poller(&app, client.clone(), 8);
    // load is picked up
    let ep = convene::balancer::bbb::client::endpoint(&convene::db::servers::by_id(db.pool(), id).await.unwrap());
    client.create(&ep, &[("meetingID", "m1"), ("name", "M1")]).await.unwrap();
    let join = BbbClient::url(&ep, "join", &[("meetingID", "m1"), ("fullName", "Ada"), ("role", "VIEWER")]);
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(&join)
        .send()
        .await
        .unwrap();
    let r = poller.tick().await.unwrap();
    assert_eq!((r.leader, r.polled, r.failed), (true, 1, 0));
    let row = convene::db::servers::by_id(db.pool(), id).await.unwrap();
    assert_eq!((row.meetings, row.participants, row.health.as_str()), (1, 1, "online"));
    assert!(row.last_poll_at.is_some() && row.last_error.is_none());
    // down: unstable at once, offline after three failures (reported once), back after two successes
    sim.set_fault(Fault::Down);
    let health = |r: &convene::db::servers::ServerRow| r.health.as_str();
    poller.tick().await.unwrap();
    assert_eq!(health(&convene::db::servers::by_id(db.pool(), id).await.unwrap()), "unstable");
    poller.tick().await.unwrap();
    let r = poller.tick().await.unwrap();
    assert_eq!(r.went_offline, vec![id]);
    let row = convene::db::servers::by_id(db.pool(), id).await.unwrap();
    assert_eq!(row.health.as_str(), "offline");
    assert!(row.last_error.unwrap().contains("503"));
    assert!(poller.tick().await.unwrap().went_offline.is_empty(), "offline is reported once");
    sim.set_fault(Fault::Ok);
    poller.tick().await.unwrap();
    assert_eq!(health(&convene::db::servers::by_id(db.pool(), id).await.unwrap()), "offline");
    poller.tick().await.unwrap();
    assert_eq!(health(&convene::db::servers::by_id(db.pool(), id).await.unwrap()), "online");
    // the metrics follow the pool
    let text = app.state.metrics.render();
    assert!(text.contains("convene_pool_server_health{health=\"online\",server=\"b\"} 1"), "{text}");
    assert!(text.contains("convene_pool_server_participants{server=\"b\"} 1"), "{text}");
    assert!(text.contains("convene_pool_poll_duration_seconds_count{server=\"b\"}"), "{text}");
    assert!(text.contains("convene_pool_poll_cycle_seconds_count"), "{text}");
    // disabled servers are not polled
    pool::set_state(db, "b", "disabled", app.clock.unix()).await.unwrap();
    assert_eq!(poller.tick().await.unwrap().polled, 0);
}

async fn exactly_one_instance_polls(app: TestApp) {
    let client = BbbClient::new(Duration::from_millis(500));
    let first = poller(&app, client.clone(), 4);
    let second = poller(&app, client.clone(), 4);
    let a = first.tick().await.unwrap();
    let b = second.tick().await.unwrap();
    if app.backend == Backend::Sqlite {
        // one process owns an SQLite file: it always polls
        assert!(a.leader && b.leader);
        return;
    }
    assert!(a.leader && !b.leader, "only the lock holder polls");
    assert!(first.tick().await.unwrap().leader, "the holder keeps polling");
    // the holder stops: the other takes over at its next tick
    first.resign().await;
    assert!(second.tick().await.unwrap().leader);
    assert!(!first.tick().await.unwrap().leader);
    // and if the holder's process dies, its connection and lock go with it
    drop(second);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let third = poller(&app, client, 4);
    let mut took_over = false;
    for _ in 0..20 {
        if third.tick().await.unwrap().leader || first.tick().await.unwrap().leader {
            took_over = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(took_over, "another instance takes over after the holder is gone");
}

async fn pool_page_by_role(app: TestApp) {
    let (_sim, base) = simulator(&app, "bbb-c").await;
    let mut op = app.signed_in(OPERATOR).await;
    let server = |name: &'static str, secret: &'static str, base: String| {
        vec![
            ("server[name]", name.to_owned()),
            ("server[url]", base),
            ("server[secret]", secret.to_owned()),
            ("server[region]", "eu-south".to_owned()),
            ("server[latitude]", "41.9".to_owned()),
            ("server[longitude]", "12.5".to_owned()),
            ("server[capacity]", "150".to_owned()),
            ("server[tags]", "".to_owned()),
        ]
    };
    // a wrong secret is refused with the reason, nothing stored
    let wrong = server("net-1", "wrong-secret-wrong-secret-wrong-secret", base.clone());
    let res = op.call("add_server", &as_refs(&wrong)).await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Conflict"], "ServerSecret");
    let res = op.call("add_server", &as_refs(&server("net-1", SIM_SECRET, base.clone()))).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let view: serde_json::Value = op.call("get_pool", &[]).await.json().await.unwrap();
    assert_eq!(view["servers"].as_array().unwrap().len(), 1);
    assert_eq!(view["totals"]["capacity"], 150);
    let net_id = view["servers"][0]["id"].to_string();
    let html = op.get("/admin/pool").await.text().await.unwrap();
    assert!(html.contains("net-1") && html.contains("Conference servers"), "{html}");

    // an institution admin may not add a server on a local address (trust.rs has the rule); an operator adds one
    // for their institution, and they manage only theirs
    let (_sim2, base2) = simulator(&app, "bbb-d").await;
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    let res = admin.call("add_server", &as_refs(&server("roma-1", SIM_SECRET, base2.clone()))).await;
    assert_eq!(res.status(), 409, "{}", res.text().await.unwrap());
    let roma = convene::db::institutions::by_slug(app.state.db.pool(), "uniroma").await.unwrap().id;
    let mut roma_1 = input("roma-1", &base2, SIM_SECRET);
    roma_1.institution_id = Some(roma);
    pool::register(&app.state.db, &app.state.bbb, &roma_1, app.clock.unix()).await.unwrap();
    let mine: serde_json::Value = admin.call("get_pool", &[]).await.json().await.unwrap();
    let names: Vec<_> =
        mine["servers"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, vec!["roma-1"]);
    assert_eq!(mine["totals"]["servers"], 2, "totals cover the whole pool");
    assert_eq!(admin.call("set_server_state", &[("id", &net_id), ("state", "disabled")]).await.status(), 404);
    let roma_id = mine["servers"][0]["id"].to_string();
    assert_eq!(admin.call("set_server_state", &[("id", &roma_id), ("state", "cordoned")]).await.status(), 200);
    assert_eq!(admin.call("set_server_state", &[("id", &roma_id), ("state", "paused")]).await.status(), 422);
    // members and other institutions' admins see nothing of it
    let mut member = app.signed_in(ROMA_MEMBER).await;
    assert_eq!(member.call("get_pool", &[]).await.status(), 403);
    // live updates: the same view as server-sent events, with the same rights
    let mut events = op.get("/events/pool").await;
    assert_eq!(events.status(), 200);
    assert!(events.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let first = String::from_utf8(events.chunk().await.unwrap().unwrap().to_vec()).unwrap();
    assert!(first.contains("event: pool") && first.contains("net-1") && first.contains("roma-1"), "{first}");
    drop(events);
    assert_eq!(member.get("/events/pool").await.status(), 403);
    assert_eq!(app.browser().get("/events/pool").await.status(), 401);
    let mut usp = app.signed_in(USP_ADMIN).await;
    let theirs: serde_json::Value = usp.call("get_pool", &[]).await.json().await.unwrap();
    assert!(theirs["servers"].as_array().unwrap().is_empty());
    assert_eq!(usp.call("set_server_state", &[("id", &roma_id), ("state", "enabled")]).await.status(), 404);
}

both_backends!(
    registration_checks_the_server,
    poller_tracks_load_and_health,
    exactly_one_instance_polls,
    pool_page_by_role
);
