//! What attackers and time do to a running portal, on both databases: user text that tries to break out of the
//! page, limits raced by concurrent requests, rights that must end the moment membership or a booking does, and a
//! database that stops answering.

use convene::clock::Clock;
use convene::db::bookings::{self as rows};

use crate::booking::{form, rome_date, room_id};
use crate::common::*;

const MARCO: &str = "marco@uniroma.test";
const GIULIA: &str = "giulia@uniroma.test";
const JOAO: &str = "joao@usp.test";

/// Closes `<textarea>`, `<title>`, `<style>` and a CDATA section, then tries to run script two ways.
const PAYLOAD: &str = "</textarea><script>alert(1)</script></title></style>]]><img src=x onerror=alert(2)>";
/// The same for fields of at most 80 characters.
const SHORT_PAYLOAD: &str = "</textarea><script>alert(1)</script></title></style>]]>";

fn assert_inert(what: &str, html: &str) {
    assert!(!html.contains("<script>alert(1)"), "{what}: the payload's script is live:\n{html}");
    assert!(!html.contains("<img src=x"), "{what}: the payload's image is live:\n{html}");
    for (open, close) in [("<textarea", "</textarea>"), ("<title", "</title>"), ("<style", "</style>")] {
        assert_eq!(
            html.matches(open).count(),
            html.matches(close).count(),
            "{what}: a {open} was closed early:\n{html}"
        );
    }
}

/// Every text a member or admin can write, with the payload in it, on every page that shows it.
async fn user_text_is_inert_on_every_page(app: TestApp) {
    let room = room_id(&app, "Sala Seminari").await;
    let r = room.to_string();
    let mut marco = app.signed_in(MARCO).await;
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    let settings = [
        ("room_id", r.as_str()),
        ("room[name]", "Sala Seminari"),
        ("room[capacity]", "30"),
        ("room[description]", PAYLOAD),
        ("room[welcome]", PAYLOAD),
    ];
    assert_eq!(marco.call("update_room", &settings).await.status(), 200);
    let named = [("room[name]", SHORT_PAYLOAD), ("room[capacity]", "10"), ("room[description]", PAYLOAD)];
    let made = admin.call("create_room", &named).await;
    assert_eq!(made.status(), 200);
    let other: serde_json::Value = made.json().await.unwrap();
    let date = rome_date(&app, 4);
    let mut f = form(&r, SHORT_PAYLOAD, &date, "10:00", "11:00");
    f.push(("booking[description]", PAYLOAD));
    let booked: serde_json::Value = marco.call("book", &f).await.json().await.unwrap();
    let booking = created_ids(&booked)[0];
    let link = [("link[room_id]", r.as_str()), ("link[label]", SHORT_PAYLOAD), ("link[days]", "7")];
    let created: serde_json::Value = marco.call("create_guest_link", &link).await.json().await.unwrap();
    let guest_path = created["url"].as_str().unwrap().strip_prefix(&app.base).unwrap().to_owned();
    let me = [("display_name", SHORT_PAYLOAD), ("language", "en"), ("timezone", "Europe/Rome")];
    assert_eq!(marco.call("update_account", &me).await.status(), 200);

    let pages = [
        "/".to_owned(),
        "/rooms".to_owned(),
        format!("/rooms/{room}"),
        format!("/rooms/{room}?view=month"),
        format!("/rooms/{}", other["id"]),
        format!("/rooms/{room}/bookings/{booking}"),
        "/bookings".to_owned(),
        "/account".to_owned(),
    ];
    for who in [&mut marco, &mut admin] {
        for page in &pages {
            let res = who.get(page).await;
            assert_eq!(res.status(), 200, "{page}");
            assert_inert(page, &res.text().await.unwrap());
        }
    }
    for page in ["/institutions/uniroma/members", "/institutions/uniroma/booking-rules"] {
        let res = admin.get(page).await;
        assert_eq!(res.status(), 200, "{page}");
        assert_inert(page, &res.text().await.unwrap());
    }
    // The text is there, escaped, in the forms that edit it (so the checks above looked at something).
    let edit = marco.get(&format!("/rooms/{room}/bookings/{booking}")).await.text().await.unwrap();
    assert!(edit.contains("&lt;/textarea&gt;&lt;script&gt;alert(1)"), "{edit}");
    let settings_page = admin.get(&format!("/rooms/{room}")).await.text().await.unwrap();
    assert!(settings_page.contains("&lt;/textarea&gt;"), "{settings_page}");
    let mut guest = app.browser();
    let res = guest.get(&guest_path).await;
    assert_eq!(res.status(), 200);
    assert_inert("guest page", &res.text().await.unwrap());
    let mut operator = app.signed_in(OPERATOR).await;
    let institution = [
        ("input[name]", SHORT_PAYLOAD),
        ("input[slug]", "payload"),
        ("input[timezone]", "Europe/Lisbon"),
        ("input[region]", "eu-west"),
        ("input[latitude]", "38.72"),
        ("input[longitude]", "-9.14"),
        ("input[default_language]", "pt-BR"),
        ("input[brand_color]", "#00AA55"),
        ("input[logo_url]", ""),
    ];
    assert_eq!(operator.call("create_institution", &institution).await.status(), 200);
    for page in ["/admin/pool", "/admin/institutions", "/admin/institutions/payload", "/rooms"] {
        let res = operator.get(page).await;
        assert_eq!(res.status(), 200, "{page}");
        assert_inert(page, &res.text().await.unwrap());
    }
    // The calendar download keeps the text as text, on its own lines.
    let ics = marco.get(&format!("/bookings/{booking}/ics")).await.text().await.unwrap();
    assert!(ics.lines().filter(|l| l.starts_with("SUMMARY:")).count() == 1, "{ics}");
}

/// Every `<textarea>` in the pages' source is filled through `text_markup`, never with children (which Leptos
/// does not escape on the server): a new one written the unsafe way fails here before it ships.
#[test]
fn no_textarea_takes_children() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let mut stack = vec![root];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let src = std::fs::read_to_string(&path).unwrap();
            for (at, _) in src.match_indices("<textarea ") {
                let tag_end = at + src[at..].find('>').unwrap();
                let after = &src[tag_end + 1..];
                assert!(
                    after.starts_with("</textarea>"),
                    "{}: a <textarea> with children (use inner_html=text_markup(..)): {}",
                    path.display(),
                    &src[at..(tag_end + 40).min(src.len())]
                );
                seen += 1;
            }
        }
    }
    assert!(seen >= 5, "found {seen} textareas: the scan looked in the wrong place");
}

/// 10 concurrent one-hour bookings by one person against two hours a week: exactly two are made.
async fn weekly_hours_hold_under_concurrency(app: TestApp) {
    let inst = convene::db::institutions::by_slug(app.state.db.pool(), "uniroma").await.unwrap().id;
    let policy = rows::PolicyRow { max_hours_per_week: Some(2), ..rows::PolicyRow::default() };
    rows::put_policy(app.state.db.pool(), inst, &policy, app.clock.unix()).await.unwrap();
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let date = rome_date(&app, 30);
    let giulia = app.signed_in(GIULIA).await;
    let mut tasks = Vec::new();
    for n in 0..10u32 {
        let mut b = giulia.clone();
        let (room, date) = (room.clone(), date.clone());
        tasks.push(tokio::spawn(async move {
            let (start, end) = (format!("{:02}:00", 8 + n), format!("{:02}:00", 9 + n));
            let res = b.call("book", &form(&room, &format!("Ora {n}"), &date, &start, &end)).await;
            let status = res.status().as_u16();
            (status, res.text().await.unwrap())
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    let ok = answers.iter().filter(|(s, _)| *s == 200).count();
    let refused = answers.iter().filter(|(s, b)| *s == 422 && b.contains("OverWeeklyHours")).count();
    let busy = answers.iter().filter(|(s, _)| *s == 409).count();
    assert_eq!(ok, 2, "{answers:?}");
    assert_eq!(refused + busy, 8, "every other one refused with a reason, no server error: {answers:?}");
    let (held,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bookings WHERE room_id = $1 AND status = 'confirmed'")
        .bind(room.parse::<i64>().unwrap())
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(held, 2, "two hours booked, not more");
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    id
}

/// A member removed from the institution: their room's settings, the guest links and feeds they made and their
/// calendar downloads stop at once; a room closed to the network closes its outside feeds; a cancelled booking's
/// invitation link stops.
async fn access_ends_when_it_should(app: TestApp) {
    let room = room_id(&app, "Sala Seminari").await;
    let r = room.to_string();
    let mut marco = app.signed_in(MARCO).await;
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    let mut anon = app.browser();
    let date = rome_date(&app, 5);
    let booked: serde_json::Value =
        marco.call("book", &form(&r, "Seminario di Marco", &date, "10:00", "11:00")).await.json().await.unwrap();
    let booking = created_ids(&booked)[0];
    let link = [("link[room_id]", r.as_str()), ("link[days]", "7")];
    let created: serde_json::Value = marco.call("create_guest_link", &link).await.json().await.unwrap();
    let token = created["url"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    let room_feed: String = marco.call("calendar_feed", &[("room_id", &r)]).await.json().await.unwrap();
    let room_feed = room_feed.strip_prefix(&app.base).unwrap().to_owned();
    let my_feed: String = marco.call("calendar_feed", &[]).await.json().await.unwrap();
    let my_feed = my_feed.strip_prefix(&app.base).unwrap().to_owned();
    // Before: everything works.
    assert_eq!(anon.call("guest_room", &[("token", &token)]).await.status(), 200);
    assert_eq!(anon.get(&room_feed).await.status(), 200);
    assert!(anon.get(&my_feed).await.text().await.unwrap().contains("Seminario di Marco"));
    assert_eq!(marco.get(&format!("/bookings/{booking}/ics")).await.status(), 200);
    assert_eq!(marco.call("room_admin", &[("room_id", &r)]).await.status(), 200);

    // Marco leaves the institution.
    let marco_id = user_id(&app, MARCO).await.to_string();
    let res = admin.call("remove_member", &[("slug", "uniroma"), ("user_id", &marco_id)]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(anon.call("guest_room", &[("token", &token)]).await.status(), 404, "his guest link");
    assert_eq!(anon.get(&format!("/guest/{token}")).await.status(), 404, "his guest link's page");
    assert_eq!(anon.get(&room_feed).await.status(), 404, "his room feed");
    let mine = anon.get(&my_feed).await;
    assert!(mine.status() == 404 || !mine.text().await.unwrap().contains("Seminario di Marco"), "his own feed");
    assert_eq!(marco.get(&format!("/bookings/{booking}/ics")).await.status(), 404, "the .ics of the booking");
    let settings = marco.call("room_admin", &[("room_id", &r)]).await.status().as_u16();
    assert!(matches!(settings, 403 | 404), "the room's settings: {settings}");
    let update = [("room_id", r.as_str()), ("room[name]", "Presa"), ("room[capacity]", "30")];
    let changed = marco.call("update_room", &update).await.status().as_u16();
    assert!(matches!(changed, 403 | 404), "changing the room: {changed}");
    assert_eq!(marco.get(&format!("/rooms/{room}")).await.status(), 404);

    // A room listed to the network, then kept to its institution: an outsider's feed of it ends.
    let public = [
        ("room_id", r.as_str()),
        ("room[name]", "Sala Seminari"),
        ("room[capacity]", "30"),
        ("room[visibility]", "public"),
    ];
    assert_eq!(admin.call("update_room", &public).await.status(), 200);
    let mut joao = app.signed_in(JOAO).await;
    let outside: String = joao.call("calendar_feed", &[("room_id", &r)]).await.json().await.unwrap();
    let outside = outside.strip_prefix(&app.base).unwrap().to_owned();
    assert_eq!(anon.get(&outside).await.status(), 200);
    let closed = [
        ("room_id", r.as_str()),
        ("room[name]", "Sala Seminari"),
        ("room[capacity]", "30"),
        ("room[visibility]", "institution"),
    ];
    assert_eq!(admin.call("update_room", &closed).await.status(), 200);
    assert_eq!(anon.get(&outside).await.status(), 404, "the outsider's feed of a room now closed to them");

    // An invitation's guest link lives as long as its booking.
    let booked: serde_json::Value =
        admin.call("book", &form(&r, "Con ospiti", &date, "14:00", "15:00")).await.json().await.unwrap();
    let guest_booking = created_ids(&booked)[0];
    let admin_id = user_id(&app, ROMA_ADMIN).await;
    let invite_token = "ab".repeat(24);
    let hash = convene::tokens::token_hash(&invite_token);
    let link = rows::NewGuestLink {
        room_id: room,
        token_hash: &hash,
        label: "✉ Con ospiti",
        created_by: admin_id,
        expires_at: app.clock.unix() + 10 * 86_400,
        booking_id: Some(guest_booking),
        series_id: None,
        invitee: None,
    };
    rows::insert_guest_link(app.state.db.pool(), &link, app.clock.unix()).await.unwrap();
    assert_eq!(anon.call("guest_room", &[("token", &invite_token)]).await.status(), 200);
    assert_eq!(admin.call("cancel_booking", &[("id", &guest_booking.to_string())]).await.status(), 200);
    assert_eq!(anon.call("guest_room", &[("token", &invite_token)]).await.status(), 404, "cancelled booking's link");
}

/// While the database does not answer, a signed-in person is told the portal is unavailable (503), never asked to
/// sign in again.
async fn a_database_outage_is_unavailable_not_signed_out(app: TestApp) {
    let mut marco = app.signed_in(MARCO).await;
    assert_eq!(marco.get("/rooms").await.status(), 200);
    app.state.db.close().await;
    for page in ["/rooms", "/", "/account"] {
        let res = marco.get(page).await;
        assert_eq!(res.status(), 503, "{page}");
        assert!(res.headers().contains_key("retry-after"));
        let body = res.text().await.unwrap();
        assert!(body.contains("unavailable") && body.contains("still signed in"), "{body}");
        assert!(!body.to_lowercase().contains("please sign in"), "{body}");
    }
    let call = marco.call("list_rooms", &[]).await;
    assert_eq!(call.status(), 503, "server functions too");
    assert!(marco.session_cookie().is_some(), "the session cookie is kept");
    let ready = app.browser().get("/readyz").await;
    assert_eq!(ready.status(), 503);
}

both_backends!(
    user_text_is_inert_on_every_page,
    weekly_hours_hold_under_concurrency,
    access_ends_when_it_should,
    a_database_outage_is_unavailable_not_signed_out,
);

fn trust_forwarded(c: &mut convene::config::Config) {
    c.http.trust_forwarded_for = true;
}

/// A stranger's wrong passwords stop the stranger, never the account's owner signing in from elsewhere.
async fn a_stranger_cannot_lock_the_owner_out(app: TestApp) {
    let burst = app.state.config.login.account_burst;
    let mut stranger = app.browser();
    for _ in 0..burst {
        let res = stranger.login_from(MARCO, "wrong-password", "203.0.113.7").await;
        assert!(res.headers()["location"].to_str().unwrap().contains("error=invalid"));
    }
    // The brute force from that address is stopped, even when it finds the password.
    let res = stranger.login_from(MARCO, PASSWORD, "203.0.113.7").await;
    assert!(res.headers()["location"].to_str().unwrap().contains("error=rate_limited"));
    assert!(!stranger.is_signed_in().await);
    // The owner, from their own address, signs in.
    let mut owner = app.browser();
    let res = owner.login_from(MARCO, PASSWORD, "198.51.100.20").await;
    assert_eq!(res.headers()["location"], "/");
    assert!(owner.is_signed_in().await);
}

both_backends!(tweak = super::trust_forwarded; a_stranger_cannot_lock_the_owner_out);

/// A server an operator registers for an institution on a private name keeps working after registration: the
/// public-address rule is for servers institutions' admins add, at every call — not for those an operator vouched for.
async fn an_operators_private_server_for_an_institution_stays_reachable(app: TestApp) {
    use convene::balancer::pool::{self, ServerInput};
    use convene::balancer::simulator::Simulator;
    use convene::balancer::simulator::state::Limits;
    const SECRET: &str = "private-name-sim-secret-0123456789abcdef012345";
    let sim = Simulator::new("interno", SECRET, 100, Limits::default(), app.clock.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let router = sim.router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    let inst = convene::db::institutions::by_slug(app.state.db.pool(), "uniroma").await.unwrap().id;
    let input = ServerInput {
        name: "interno".into(),
        // A name (not an address) that resolves to loopback: what the public-only resolver refuses.
        url: format!("http://localhost:{port}"),
        secret: SECRET.into(),
        algorithm: "sha256".into(),
        region: String::new(),
        latitude: 41.9,
        longitude: 12.5,
        capacity: 100,
        tags: vec![],
        institution_id: Some(inst),
        ca_pem: None,
        by_operator: true,
    };
    pool::register(&app.state.db, &app.state.bbb, &input, app.clock.unix()).await.unwrap();
    for _ in 0..4 {
        app.state.poller.tick().await.unwrap();
    }
    let row = convene::db::servers::by_name(app.state.db.pool(), "interno").await.unwrap();
    assert_eq!((row.health.as_str(), row.public_only), ("online", 0), "{:?}", row.last_error);
}

both_backends!(an_operators_private_server_for_an_institution_stays_reachable);
