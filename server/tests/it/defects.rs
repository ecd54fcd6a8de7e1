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

both_backends!(
    a_booking_lives_under_its_own_room_only,
    the_language_switch_keeps_the_query,
    absurd_instants_are_refused
);
