//! Small defects found when Convene was tried as a new user and as an attacker would: each test fails without its
//! fix, on both databases.

use crate::booking::{form, rome_date, room_id};
use crate::common::*;

const MARCO: &str = "marco@uniroma.test";

/// A booking reached under another room's address does not exist there: its page, its `.ics` and every action.
async fn a_booking_lives_under_its_own_room_only(app: TestApp) {
    let room = room_id(&app, "Sala Seminari").await;
    let other = room_id(&app, "Aula Magna").await;
    let (r, o) = (room.to_string(), other.to_string());
    let mut marco = app.signed_in(MARCO).await;
    let date = rome_date(&app, 6);
    let booked: serde_json::Value =
        marco.call("book", &form(&r, "Ricevimento studenti", &date, "09:00", "10:00")).await.json().await.unwrap();
    let id = created_ids(&booked)[0];
    let b = id.to_string();
    // Its own room: page, download.
    assert_eq!(marco.call("get_booking", &[("id", &b), ("room_id", &r)]).await.status(), 200);
    let page = marco.get(&format!("/rooms/{room}/bookings/{id}")).await.text().await.unwrap();
    assert!(page.contains("Ricevimento studenti"), "{page}");
    assert!(page.contains(&format!("/rooms/{room}/bookings/{id}/ics")), "the page links the room's .ics");
    assert_eq!(marco.get(&format!("/rooms/{room}/bookings/{id}/ics")).await.status(), 200);
    // Another room's address: nothing.
    assert_eq!(marco.call("get_booking", &[("id", &b), ("room_id", &o)]).await.status(), 404);
    let page = marco.get(&format!("/rooms/{other}/bookings/{id}")).await.text().await.unwrap();
    assert!(!page.contains("Ricevimento studenti"), "{page}");
    assert_eq!(marco.get(&format!("/rooms/{other}/bookings/{id}/ics")).await.status(), 404);
    let edit = [("edit[id]", b.as_str()), ("edit[room_id]", o.as_str()), ("edit[title]", "Spostato")];
    assert_eq!(marco.call("edit_booking", &edit).await.status(), 404);
    assert_eq!(marco.call("cancel_booking", &[("id", &b), ("room_id", &o)]).await.status(), 404);
    let row = convene::db::bookings::booking(app.state.db.pool(), id).await.unwrap();
    assert_eq!((row.title.as_str(), row.status.as_str()), ("Ricevimento studenti", "confirmed"), "nothing changed");
    // Through its own room the same actions work.
    let edit = [("edit[id]", b.as_str()), ("edit[room_id]", r.as_str()), ("edit[title]", "Ricevimento")];
    assert_eq!(marco.call("edit_booking", &edit).await.status(), 200);
    assert_eq!(marco.call("cancel_booking", &[("id", &b), ("room_id", &r)]).await.status(), 200);
}

/// The language switcher comes back to the same page with its query, and only within Convene.
async fn the_language_switch_keeps_the_query(app: TestApp) {
    let room = room_id(&app, "Sala Seminari").await;
    let mut marco = app.signed_in(MARCO).await;
    let here = format!("/rooms/{room}?view=month");
    let page = marco.get(&here).await.text().await.unwrap();
    assert!(page.contains(&format!("name=\"next\" value=\"{here}\"")), "{page}");
    let res = marco.post_form("/language", &[("lang", "it"), ("next", &here)]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], here.as_str());
    for away in ["https://evil.example/", "//evil.example/x", "/\\evil.example"] {
        let res = marco.post_form("/language", &[("lang", "it"), ("next", away)]).await;
        assert_eq!(res.headers()["location"], "/", "{away}");
    }
}

/// Absurd instants are refused with the field named, wherever a time comes in; nothing changes.
async fn absurd_instants_are_refused(app: TestApp) {
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let mut marco = app.signed_in(MARCO).await;
    let date = rome_date(&app, 6);
    let booked: serde_json::Value =
        marco.call("book", &form(&room, "Lezione", &date, "09:00", "10:00")).await.json().await.unwrap();
    let id = created_ids(&booked)[0];
    let before = convene::db::bookings::booking(app.state.db.pool(), id).await.unwrap();
    for (start, end, field) in [
        ("9223372036854775000", "9223372036854775800", "starts_at"),
        ("0", "3600", "starts_at"),
        ("-86400", "3600", "starts_at"),
        (&*before.starts_at.to_string(), "9223372036854775000", "ends_at"),
    ] {
        let res = marco.call("move_booking", &[("id", &id.to_string()), ("starts_at", start), ("ends_at", end)]).await;
        assert_eq!(res.status(), 422, "{start}–{end}");
        assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Invalid"]["field"], field);
    }
    let after = convene::db::bookings::booking(app.state.db.pool(), id).await.unwrap();
    assert_eq!((after.starts_at, after.ends_at), (before.starts_at, before.ends_at));
    for day in ["1999-12-31", "9999-01-01", "0001-01-01"] {
        let res = marco.call("book", &form(&room, "Fuori tempo", day, "09:00", "10:00")).await;
        assert_eq!(res.status(), 422, "{day}");
        assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Invalid"]["field"], "date", "{day}");
    }
}

/// A form posted without JavaScript (the browser asks for HTML, and follows the answer) to `path` from `from`.
async fn plain_post(b: &mut Browser, path: &str, from: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let req = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}{path}", b.base))
        .header("origin", &b.base)
        .header("sec-fetch-site", "same-origin")
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{}{from}", b.base))
        .form(form);
    b.send(req).await
}

/// Booking, changing and cancelling without JavaScript each come back to the page with what was done said on it.
async fn forms_without_javascript_say_what_they_did(app: TestApp) {
    let room = room_id(&app, "Sala Seminari").await;
    let r = room.to_string();
    let mut marco = app.signed_in(MARCO).await;
    marco.cookies.insert("convene_lang".into(), "en".into());
    let date = rome_date(&app, 7);
    let from = format!("/rooms/{room}?view=day&from={date}");
    let made = form(&r, "Seminario senza script", &date, "14:00", "15:00");
    let res = plain_post(&mut marco, "/api/book", &from, &made).await;
    assert_eq!(res.status(), 302);
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    let (path, id) = back.rsplit_once("&booked=").unwrap();
    assert_eq!(path, from);
    let id = id.to_owned();
    let page = marco.get(&back).await.text().await.unwrap();
    assert!(page.contains("id=\"done-notice\""), "{page}");
    assert!(
        page.contains("Booked: “Seminario senza script”") && page.contains("14:00–15:00, in Sala Seminari"),
        "{page}"
    );
    // A booking id that is not theirs to see says nothing.
    let mut joao = app.signed_in("joao@usp.test").await;
    let public = joao.get(&format!("/rooms/{room}?booked={id}")).await.text().await.unwrap();
    assert!(!public.contains("Seminario senza script"));

    let booking_page = format!("/rooms/{room}/bookings/{id}");
    let edit = [
        ("edit[id]", id.as_str()),
        ("edit[room_id]", r.as_str()),
        ("edit[date]", date.as_str()),
        ("edit[start]", "16:00"),
        ("edit[end]", "17:00"),
    ];
    let res = plain_post(&mut marco, "/api/edit_booking", &booking_page, &edit).await;
    assert_eq!(res.status(), 302);
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(back, format!("{booking_page}?done=saved"));
    let page = marco.get(&back).await.text().await.unwrap();
    assert!(page.contains("Saved: “Seminario senza script”") && page.contains("16:00–17:00"), "{page}");

    let res =
        plain_post(&mut marco, "/api/cancel_booking", &back, &[("id", id.as_str()), ("room_id", r.as_str())]).await;
    assert_eq!(res.status(), 302);
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(back, format!("{booking_page}?done=cancelled"), "one outcome in the address, not two");
    let page = marco.get(&back).await.text().await.unwrap();
    assert!(page.contains("Cancelled: “Seminario senza script”"), "{page}");

    // A series whose time is taken comes back saying nothing was booked.
    let taken = form(&r, "Doppione", &date, "09:00", "10:00");
    assert_eq!(marco.call("book", &taken).await.status(), 200);
    let mut weekly = taken.clone();
    weekly.extend([("booking[repeat]", "weekly"), ("booking[count]", "2")]);
    let res = plain_post(&mut marco, "/api/book", &from, &weekly).await;
    assert_eq!(res.status(), 302);
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.ends_with("&collisions=1"), "{back}");
    let page = marco.get(&back).await.text().await.unwrap();
    assert!(page.contains("Nothing was changed: 1 of the times"), "{page}");
}

/// Where a plain form post (no JavaScript, or before it runs) came back to: its address.
fn back_to(res: &reqwest::Response) -> String {
    assert_eq!(res.status(), 302);
    let to = res.headers()["location"].to_str().unwrap();
    // An error comes back as a whole address (the page's own, with the error added).
    match to.strip_prefix("http://").and_then(|rest| rest.find('/').map(|i| &rest[i..])) {
        Some(path) => path.to_owned(),
        None => to.to_owned(),
    }
}

/// Pages are plain HTML for everyone (only islands are hydrated): a refused form comes back with what was typed
/// (never a password), once; one that worked says so; a value its answer shows once (a new guest link) is on the
/// page it comes back to, and only there.
async fn plain_forms_keep_what_was_typed(app: TestApp) {
    let mut op = app.signed_in(OPERATOR).await;
    op.cookies.insert("convene_lang".into(), "en".into());
    let from = "/admin/institutions";
    let mut input = vec![
        ("input[name]", "Istituto \"Flash\" <b>"),
        ("input[slug]", "flash-kept"),
        ("input[timezone]", "Europe/Lisbon"),
        ("input[default_language]", "ru"),
        ("input[region]", "eu-south"),
        ("input[brand_color]", "#2457a6"),
        ("input[latitude]", "1000"),
        ("input[longitude]", "-9.1"),
        ("input[logo_url]", ""),
    ];
    let back = back_to(&plain_post(&mut op, "/api/create_institution", from, &input).await);
    assert!(back.contains("__err="), "{back}");
    let page = op.page(&back).await;
    assert!(page.contains("role=\"alert\"") && page.contains("Latitude"), "the error is said");
    for kept in
        ["value=\"flash-kept\"", "value=\"Europe/Lisbon\"", "value=\"eu-south\"", "value=\"1000\"", "value=\"-9.1\""]
    {
        assert!(page.contains(kept), "{kept} kept in {page}");
    }
    assert!(
        page.contains("Istituto &quot;Flash&quot; &lt;b&gt;") || page.contains("Istituto &quot;Flash&quot; <b>"),
        "{page}"
    );
    assert!(!page.contains("Istituto \"Flash\" <b>"), "typed text stays text");
    assert!(page.contains("value=\"ru\" selected"), "the chosen language kept: {page}");
    let again = op.page(&back).await;
    assert!(!again.contains("flash-kept"), "kept for one page only");
    assert!(convene::db::institutions::by_slug(app.state.db.pool(), "flash-kept").await.is_err(), "nothing made");

    input[6] = ("input[latitude]", "38.7");
    let back = back_to(&plain_post(&mut op, "/api/create_institution", from, &input).await);
    let page = op.page(&back).await;
    assert!(page.contains("notice-ok\">Created.</div>"), "success said: {page}");
    assert!(page.contains("<code>flash-kept</code>"), "and listed");
    assert!(!op.page(from).await.contains("Created."), "said once");

    // A password is never kept, what else was typed is.
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    admin.cookies.insert("convene_lang".into(), "en".into());
    let members = "/institutions/uniroma/members";
    let add = [
        ("slug", "uniroma"),
        ("member[email]", "kept@uniroma.test"),
        ("member[display_name]", "Kept Name"),
        ("member[role]", "member"),
        ("member[password]", "short-pw"),
    ];
    let back = back_to(&plain_post(&mut admin, "/api/add_member", members, &add).await);
    let page = admin.page(&back).await;
    assert!(page.contains("value=\"kept@uniroma.test\"") && page.contains("value=\"Kept Name\""), "{page}");
    assert!(!page.contains("short-pw"), "never a password");
    // Nor the fields of the password change (named `current` and `new`).
    let change = [("current", "wrong-current-pw"), ("new", "short")];
    let back = back_to(&plain_post(&mut admin, "/api/change_password", "/account", &change).await);
    let page = admin.page(&back).await;
    assert!(page.contains("role=\"alert\""), "refused");
    assert!(!page.contains("wrong-current-pw") && !page.contains("\"short\""), "never a password: {page}");
    // Someone not signed in gets no flash (it would make a session for each post).
    let mut anon = app.browser();
    let _ = plain_post(&mut anon, "/api/guest_join", "/", &[("token", "nope"), ("name", "Ada")]).await;
    assert!(anon.session_cookie().is_none(), "no session made");

    // A new guest link, made without JavaScript, is shown once on the room page.
    let room = room_id(&app, "Sala Seminari").await;
    let mut marco = app.signed_in(MARCO).await;
    let room_page = format!("/rooms/{room}");
    let make =
        [("link[room_id]", room.to_string()), ("link[label]", "ospiti".to_owned()), ("link[days]", "7".to_owned())];
    let make: Vec<(&str, &str)> = make.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let back = back_to(&plain_post(&mut marco, "/api/create_guest_link", &room_page, &make).await);
    let page = marco.page(&back).await;
    let shown = page.split("id=\"gl-url\"").nth(1).expect("the new link is shown");
    let url = shown.split("value=\"").nth(1).unwrap().split('"').next().unwrap();
    assert!(url.contains("/guest/"), "{url}");
    assert_eq!(app.browser().get(&url[url.find("/guest/").unwrap()..]).await.status(), 200, "and it works");
    assert!(!marco.page(&room_page).await.contains("id=\"gl-url\""), "shown once");
}

both_backends!(
    a_booking_lives_under_its_own_room_only,
    the_language_switch_keeps_the_query,
    absurd_instants_are_refused,
    forms_without_javascript_say_what_they_did,
    plain_forms_keep_what_was_typed,
);

/// Two equal servers in the pool of `app`, with two meetings on the second at its last poll (the first empty), and a
/// secret for Roma's front end: the setting in which a burst used to herd onto the first.
async fn two_equal_servers(app: &TestApp) -> Vec<std::sync::Arc<convene::balancer::simulator::Simulator>> {
    use convene::balancer::bbb::checksum::Algorithm;
    use convene::balancer::bbb::client::{BbbClient, Endpoint};
    use convene::balancer::pool::{self, ServerInput};
    use convene::balancer::simulator::Simulator;
    use convene::balancer::simulator::state::Limits;
    use convene::clock::Clock;

    const SECRET: &str = "burst-test-sim-secret-0123456789abcdef0123456789";
    let mut sims = Vec::new();
    for name in ["uno", "due"] {
        let sim = Simulator::new(name, SECRET, 10_000, Limits::default(), app.clock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = sim.router();
        tokio::spawn(async move { axum::serve(listener, router).await });
        let input = ServerInput {
            name: name.into(),
            url: base.clone(),
            secret: SECRET.into(),
            algorithm: "sha256".into(),
            region: String::new(),
            latitude: 41.9,
            longitude: 12.5,
            capacity: 10_000,
            tags: vec![],
            institution_id: None,
            ca_pem: None,
            by_operator: true,
        };
        pool::register(&app.state.db, &app.state.bbb, &input, app.clock.unix()).await.unwrap();
        if name == "due" {
            let client = BbbClient::new(std::time::Duration::from_secs(5));
            let due = Endpoint::new(format!("{base}/bigbluebutton/api"), SECRET, Algorithm::Sha256);
            for id in ["old-1", "old-2"] {
                client.create(&due, &[("name", "Prima"), ("meetingID", id)]).await.unwrap();
            }
        }
        sims.push(sim);
    }
    app.state.poller.tick().await.unwrap();
    app.state.api_cache.forget_servers();
    let inst = convene::db::institutions::by_slug(app.state.db.pool(), "uniroma").await.unwrap().id;
    convene::db::api_access::add_secret(app.state.db.pool(), inst, crate::api::ROMA_SECRET, "burst", app.clock.unix())
        .await
        .unwrap();
    sims
}

/// `burst` creates, 20 at a time, spread over the API addresses `bases` in turn; every one is placed.
async fn burst_of_creates(bases: &[String], burst: usize) {
    use convene::balancer::bbb::checksum::Algorithm;
    use convene::balancer::bbb::client::{BbbClient, Endpoint};
    let client = BbbClient::new(std::time::Duration::from_secs(5));
    let mut next = 0;
    while next < burst {
        let mut tasks = Vec::new();
        for n in next..(next + 20).min(burst) {
            let base = &bases[n % bases.len()];
            let ep = Endpoint::new(format!("{base}/bigbluebutton/api"), crate::api::ROMA_SECRET, Algorithm::Sha1);
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                client.create(&ep, &[("name", "Raffica"), ("meetingID", &format!("burst-{n}"))]).await.is_ok()
            }));
        }
        for t in tasks {
            assert!(t.await.unwrap(), "every create of the burst is placed");
        }
        next += 20;
    }
}

fn assert_even(sims: &[std::sync::Arc<convene::balancer::simulator::Simulator>], burst: usize) {
    let uno = sims[0].meeting_count();
    let due = sims[1].meeting_count() - 2;
    assert_eq!(uno + due, burst);
    let (low, high) = (burst * 45 / 100, burst * 55 / 100);
    assert!((low..=high).contains(&uno) && (low..=high).contains(&due), "split {uno} / {due}: within 10 % of even");
}

/// A burst of creates between two polls spreads over equal servers instead of herding onto the one that looked
/// emptiest at the last poll: placement counts what it has just sent to each server until a poll counts it.
async fn a_burst_spreads_over_equal_servers(app: TestApp) {
    let sims = two_equal_servers(&app).await;
    burst_of_creates(std::slice::from_ref(&app.base), 200).await;
    assert_even(&sims, 200);
}

/// The same burst through two instances of Convene on one database: each counts what the other placed.
async fn a_burst_spreads_across_instances(app: TestApp) {
    let sims = two_equal_servers(&app).await;
    let mut config = (*app.state.config).clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    config.http.bind = listener.local_addr().unwrap();
    config.http.public_url = format!("http://{}", config.http.bind).parse().unwrap();
    let second = convene::build(config, app.clock.clone()).await.unwrap();
    let second_base = format!("http://{}", listener.local_addr().unwrap());
    let (_stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(second.run_until(listener, async {
        let _ = stopped.await;
    }));
    burst_of_creates(&[app.base.clone(), second_base], 200).await;
    assert_even(&sims, 200);
}

both_backends!(a_burst_spreads_over_equal_servers, a_burst_spreads_across_instances);

/// A meeting nobody has joined yet, on a server that is only suspect (one failed poll) and still answers, stays
/// where it is: a join goes there, nothing is created again elsewhere.
async fn an_empty_meeting_on_a_suspect_server_stays(app: TestApp) {
    use convene::balancer::bbb::checksum::Algorithm;
    use convene::balancer::bbb::client::BbbClient;
    let pool = crate::api::setup(&app).await;
    let client = BbbClient::new(std::time::Duration::from_secs(5));
    let roma = crate::api::convene(&app, crate::api::ROMA_SECRET, Algorithm::Sha256);
    client.create(&roma, &[("name", "Vuota"), ("meetingID", "vuota-1")]).await.unwrap();
    let inst = convene::db::institutions::by_slug(app.state.db.pool(), "uniroma").await.unwrap().id;
    let before = convene::db::meetings::find(app.state.db.pool(), inst, "vuota-1").await.unwrap().unwrap();
    let home = before.server_id.unwrap();
    convene::db::servers::mark_suspect(app.state.db.pool(), home).await.unwrap();
    app.state.api_cache.forget_servers();
    let join = BbbClient::url(&roma, "join", &[("meetingID", "vuota-1"), ("fullName", "Ada"), ("role", "VIEWER")]);
    let res = crate::api::no_redirects().get(&join).send().await.unwrap();
    assert_eq!(res.status(), 302);
    let after = convene::db::meetings::find(app.state.db.pool(), inst, "vuota-1").await.unwrap().unwrap();
    assert_eq!(after.server_id, Some(home), "not moved");
    let (sim, _) = pool.sims.iter().find(|(_, id)| *id == home).unwrap();
    let location = res.headers()["location"].to_str().unwrap();
    assert!(sim.meeting(&format!("{inst}-vuota-1")).is_some() && location.contains("/bigbluebutton/api/join"));
    assert_eq!(pool.sims.iter().map(|(s, _)| s.meeting_count()).sum::<usize>(), 1, "one copy of the meeting");
}

both_backends!(an_empty_meeting_on_a_suspect_server_stays);
