//! E-mail against a local SMTP sink, on both databases: invitations with the calendar file (read by independent
//! MIME and iCalendar parsers) and a working guest link, the booker's copy, invitations held until approval,
//! decisions, cancellations, reminders sent once, retries when the relay refuses, and what happens without a relay.

use chrono::TimeZone;
use convene::clock::Clock;
use convene::db::bookings as rows;
use mail_parser::{MessageParser, MimeHeaders};

use crate::booking::{form, rome_date, room_id};
use crate::common::smtp::{Received, Sink};
use crate::common::*;

const MARCO: &str = "marco@uniroma.test";
const GIULIA: &str = "giulia@uniroma.test";

async fn with_sink(backend: Backend, tweak: impl FnOnce(&mut convene::config::Config)) -> Option<(TestApp, Sink)> {
    let sink = Sink::start().await;
    let url = sink.url.clone();
    let app = spawn(backend, move |c| {
        c.mail.smtp_url = url.into();
        c.mail.worker_interval_seconds = 3600; // the worker runs when woken; tests also drive it
        tweak(c);
    })
    .await?;
    Some((app, sink))
}

/// Subject, plain text and the calendar attachment (text, METHOD) of a received message.
fn read(m: &Received) -> (String, String, Option<(String, String)>) {
    let msg = MessageParser::default().parse(&m.data).expect("a MIME message the independent parser reads");
    let subject = msg.subject().unwrap_or_default().to_owned();
    let text = msg.body_text(0).map(|t| t.into_owned()).unwrap_or_default();
    let ics = msg.attachments().find_map(|part| {
        let ct = part.content_type()?;
        (ct.ctype() == "text" && ct.subtype() == Some("calendar")).then(|| {
            (
                String::from_utf8_lossy(part.contents()).into_owned(),
                ct.attribute("method").unwrap_or_default().to_owned(),
            )
        })
    });
    (subject, text, ics)
}

fn calendar(ics: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut reader = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    reader.next().expect("one calendar").expect("an RFC 5545 calendar the independent parser reads")
}

fn values(props: &[ical::property::Property], name: &str) -> Vec<String> {
    props.iter().filter(|p| p.name == name).filter_map(|p| p.value.clone()).collect()
}

fn to(messages: &[Received], who: &str) -> Vec<Received> {
    messages.iter().filter(|m| m.to.iter().any(|t| t == who)).cloned().collect()
}

async fn invitations(backend: Backend) {
    let Some((app, sink)) = with_sink(backend, |_| {}).await else { return };
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let mut marco = app.signed_in(MARCO).await;
    // The booking form offers invitations only when the server sends e-mail.
    let page = marco.get(&format!("/rooms/{room}")).await.text().await.unwrap();
    assert!(page.contains("id=\"b-invitees\""));
    let date = rome_date(&app, 3);
    let made: serde_json::Value = marco
        .call(
            "book",
            &[
                form(room.as_str(), "Seminario di fisica", date.as_str(), "10:00", "11:30"),
                vec![
                    ("booking[repeat]", "weekly"),
                    ("booking[count]", "3"),
                    ("booking[invitees]", "anna@example.org,\nBruno@Example.org anna@example.org"),
                ],
            ]
            .concat(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(made["created"].as_array().unwrap().len(), 3, "{made}");
    assert_eq!(made["invited"], 2);
    let got = sink.wait_for(3).await;
    assert_eq!(got.len(), 3);
    for who in ["anna@example.org", "bruno@example.org"] {
        let mine = to(&got, who);
        assert_eq!(mine.len(), 1, "{who}");
        let (subject, text, ics) = read(&mine[0]);
        // Marco has no language of his own: his institution's (Italian).
        assert!(subject.starts_with("Invito: Seminario di fisica"), "{subject}");
        assert!(text.contains("Marco") && text.contains("Sala Seminari") && text.contains("3"), "{text}");
        let (ics, method) = ics.expect("the calendar file");
        assert_eq!(method, "REQUEST");
        let cal = calendar(&ics);
        assert_eq!(values(&cal.properties, "METHOD"), vec!["REQUEST"]);
        let ev = &cal.events[0].properties;
        assert!(values(ev, "RRULE")[0].contains("FREQ=WEEKLY"), "{ics}");
        assert_eq!(values(ev, "ORGANIZER"), vec!["mailto:marco@uniroma.test"]);
        assert_eq!(values(ev, "ATTENDEE"), vec!["mailto:anna@example.org", "mailto:bruno@example.org"]);
        assert!(ev.iter().any(|p| p.name == "DTSTART"
            && p.params.as_ref().is_some_and(|ps| ps.iter().any(|(k, v)| k == "TZID" && v == &["Europe/Rome"]))));
        // The guest link in the message opens the room for someone without an account.
        let link = text.split_whitespace().find(|w| w.contains("/guest/")).expect("a guest link").to_owned();
        let token = link.rsplit('/').next().unwrap();
        let view: serde_json::Value = app.browser().call("guest_room", &[("token", token)]).await.json().await.unwrap();
        assert_eq!(view["room_name"], "Sala Seminari");
    }
    // Marco's copy lists whom it went to, with the calendar to add himself.
    let (subject, text, ics) = read(&to(&got, MARCO)[0]);
    assert!(subject.starts_with("Prenotato:"), "{subject}");
    assert!(text.contains("anna@example.org") && text.contains("bruno@example.org"));
    assert_eq!(ics.unwrap().1, "PUBLISH");
    // Sent messages are not kept: the outbox holds no body (the guest link) any more.
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL OR body <> ''")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
    // A bad address refuses the whole booking, naming the field; nothing is booked or sent.
    let res = marco
        .call(
            "book",
            &[
                form(room.as_str(), "Altro", date.as_str(), "14:00", "15:00"),
                vec![("booking[invitees]", "anna@example.org, anna(at)example")],
            ]
            .concat(),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("invitees"));
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bookings WHERE title = 'Altro'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(n, 0);
    assert_eq!(sink.messages().await.len(), 3);
}

async fn approval_and_cancellation(backend: Backend) {
    let Some((app, sink)) = with_sink(backend, |_| {}).await else { return };
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let inst = convene::db::institutions::by_slug(app.state.db.pool(), "uniroma").await.unwrap().id;
    let policy = rows::PolicyRow { approval_required: 1, ..rows::PolicyRow::default() };
    rows::put_policy(app.state.db.pool(), inst, &policy, app.clock.unix()).await.unwrap();
    let date = rome_date(&app, 2);
    let mut giulia = app.signed_in(GIULIA).await;
    let book = |title: &'static str, start: &'static str, end: &'static str| {
        let (room, date) = (room.clone(), date.clone());
        let mut g = giulia.clone();
        async move {
            let v: serde_json::Value = g
                .call(
                    "book",
                    &[
                        form(room.as_str(), title, date.as_str(), start, end),
                        vec![("booking[invitees]", "ext@example.org")],
                    ]
                    .concat(),
                )
                .await
                .json()
                .await
                .unwrap();
            v
        }
    };
    let first = book("Da approvare", "09:00", "10:00").await;
    let second = book("Da rifiutare", "11:00", "12:00").await;
    assert_eq!((first["pending"].as_bool(), first["invited"].as_i64()), (Some(true), Some(0)));
    // Nothing goes out while the bookings wait.
    app.state.rooms.mail.deliver_due().await.unwrap();
    assert!(sink.messages().await.is_empty());
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    let id = first["created"][0].to_string();
    assert_eq!(admin.call("decide_booking", &[("id", &id), ("decision", "approve")]).await.status(), 200);
    let got = sink.wait_for(3).await;
    let (subject, _, ics) = read(&to(&got, GIULIA)[0]);
    assert!(subject.starts_with("Approvata: Da approvare"), "{subject}");
    assert!(ics.is_none());
    let (subject, _, ics) = read(&to(&got, "ext@example.org")[0]);
    assert!(subject.starts_with("Invito: Da approvare"), "{subject}");
    assert_eq!(ics.unwrap().1, "REQUEST");
    assert_eq!(to(&got, GIULIA).len(), 2, "the decision and the copy of the invitation");
    let other = second["created"][0].to_string();
    let res = admin
        .call("decide_booking", &[("id", &other), ("decision", "reject"), ("reason", "Aula chiusa per esami")])
        .await;
    assert_eq!(res.status(), 200);
    let got = sink.wait_for(4).await;
    let (subject, text, _) = read(&got[3]);
    assert_eq!(got[3].to, vec![GIULIA.to_owned()]);
    assert!(subject.starts_with("Non approvata") && text.contains("Aula chiusa per esami"), "{subject} {text}");
    // Cancelling the approved booking tells the invited, with a CANCEL the calendar applies.
    assert_eq!(giulia.call("cancel_booking", &[("id", &id)]).await.status(), 200);
    let got = sink.wait_for(5).await;
    assert_eq!(got[4].to, vec!["ext@example.org".to_owned()]);
    let (subject, _, ics) = read(&got[4]);
    assert!(subject.starts_with("Annullata"), "{subject}");
    let (ics, method) = ics.unwrap();
    assert_eq!(method, "CANCEL");
    let cal = calendar(&ics);
    assert_eq!(values(&cal.events[0].properties, "STATUS"), vec!["CANCELLED"]);
    assert_eq!(values(&cal.events[0].properties, "UID"), vec![format!("booking-{id}@127.0.0.1")]);
}

async fn reminders_go_out_once(backend: Backend) {
    let Some((app, sink)) = with_sink(backend, |c| c.mail.reminder_minutes = 30).await else { return };
    let room = room_id(&app, "Sala Seminari").await;
    let now = app.clock.unix();
    let marco = convene::db::users::by_email(app.state.db.pool(), MARCO).await.unwrap().unwrap().id;
    // Straight into the database: one starting in 20 minutes (with a guest invited), one in two days.
    // Each booking is written with its invitees in one transaction, as the booking service does: the app's own
    // worker may look for reminders at any moment and must never see a booking without its guests.
    let mut ids = Vec::new();
    let mut tx = app.state.db.pool().begin().await.unwrap();
    for (title, start) in [("Presto", now + 20 * 60), ("Dopo", now + 2 * 86_400)] {
        let b = rows::NewBooking {
            room_id: room,
            series_id: None,
            title,
            description: "",
            starts_at: start,
            ends_at: start + 3600,
            expected: 0,
            status: convene::db::bookings::BookingStatus::Confirmed,
            created_by: marco,
        };
        ids.push(rows::insert_booking(&mut *tx, &b, now).await.unwrap());
    }
    convene::db::mail::add_invitee(&mut *tx, Some(ids[0]), None, "ext@example.org").await.unwrap();
    tx.commit().await.unwrap();
    // Two workers asking at once (and the app's own worker, which may get there first) remind once.
    let (a, b) = tokio::join!(app.state.rooms.remind_due(), app.state.rooms.remind_due());
    assert!(a.unwrap() + b.unwrap() <= 1);
    assert_eq!(app.state.rooms.remind_due().await.unwrap(), 0);
    let reminded: Vec<(i64,)> =
        sqlx::query_as("SELECT booking_id FROM booking_reminders").fetch_all(app.state.db.pool()).await.unwrap();
    assert_eq!(reminded, vec![(ids[0],)]);
    app.state.rooms.mail.deliver_due().await.unwrap();
    let got = sink.wait_for(2).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.messages().await.len(), 2, "one reminder each, nothing for the later booking");
    let (subject, text, ics) = read(&to(&got, MARCO)[0]);
    assert!(subject.starts_with("Promemoria: Presto"), "{subject}");
    let (ics, method) = ics.expect("the .ics goes with the reminder");
    assert_eq!(method, "PUBLISH");
    assert_eq!(values(&calendar(&ics).events[0].properties, "SUMMARY"), vec!["Presto"]);
    assert!(text.contains("20 minuti"), "{text}");
    let (_, text, _) = read(&to(&got, "ext@example.org")[0]);
    assert!(text.contains("link per ospiti dell'invito"), "{text}");
}

/// Drives the outbox until every waiting message was tried once; returns (attempts, last error) of each.
async fn first_attempts_done(app: &TestApp) -> Vec<(i64, Option<String>)> {
    for _ in 0..100 {
        app.state.rooms.mail.deliver_due().await.unwrap();
        let waiting: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT attempts, last_error FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY id",
        )
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
        if !waiting.is_empty() && waiting.iter().all(|(n, _)| *n >= 1) {
            return waiting;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the first attempts did not happen");
}

async fn a_refusing_relay_is_retried_then_given_up(backend: Backend) {
    let Some((app, sink)) = with_sink(backend, |c| c.mail.max_attempts = 2).await else { return };
    sink.refuse(true);
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let mut marco = app.signed_in(MARCO).await;
    let date = rome_date(&app, 4);
    let form = |title: &'static str, start: &'static str| {
        vec![
            ("booking[room_id]", room.clone()),
            ("booking[title]", title.to_owned()),
            ("booking[date]", date.clone()),
            ("booking[start]", start.to_owned()),
            ("booking[end]", "23:00".to_owned()),
            ("booking[invitees]", "ext@example.org".to_owned()),
        ]
    };
    let f = form("Riprova", "22:00");
    let f = as_refs(&f);
    assert_eq!(marco.call("book", &f).await.status(), 200);
    let mail = &app.state.rooms.mail;
    // The first attempt (by the woken worker or by this pass) fails; the messages then wait a minute.
    let pending = first_attempts_done(&app).await;
    assert_eq!(pending.len(), 2, "the invitation and the copy wait");
    assert!(pending.iter().all(|(n, e)| *n == 1 && e.as_deref().is_some_and(|e| e.contains("try again later"))));
    assert!(sink.messages().await.is_empty());
    // The relay is back: after the pause they go out.
    sink.refuse(false);
    app.clock.advance(61);
    let r = mail.deliver_due().await.unwrap();
    assert_eq!((r.sent, r.retried), (2, 0));
    assert_eq!(sink.wait_for(2).await.len(), 2);
    // Refused again until the last attempt: given up, logged and counted, the text wiped.
    sink.refuse(true);
    let date2 = rome_date(&app, 5);
    let f = [
        ("booking[room_id]", room.as_str()),
        ("booking[title]", "Persa"),
        ("booking[date]", date2.as_str()),
        ("booking[start]", "09:00"),
        ("booking[end]", "10:00"),
        ("booking[invitees]", "ext@example.org"),
    ];
    assert_eq!(marco.call("book", &f).await.status(), 200);
    first_attempts_done(&app).await;
    app.clock.advance(61);
    let r = mail.deliver_due().await.unwrap();
    assert_eq!(r.given_up, 2);
    let (waiting, failed) = convene::db::mail::counts(app.state.db.pool()).await.unwrap();
    assert_eq!((waiting, failed), (0, 2));
    let (kept,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM mail_outbox WHERE failed_at IS NOT NULL AND body <> ''")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(kept, 0);
}

async fn without_a_relay_invitations_are_refused_clearly(backend: Backend) {
    let Some(app) = spawn(backend, |_| {}).await else { return };
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let mut marco = app.signed_in(MARCO).await;
    let page = marco.get(&format!("/rooms/{room}")).await.text().await.unwrap();
    // The field is there, switched off, saying that invitations will not be sent.
    assert!(page.contains("id=\"b-invitees\"") && page.contains("id=\"b-invitees-hint\" class=\"warn-text\""));
    let date = rome_date(&app, 3);
    let res = marco
        .call(
            "book",
            &[
                form(room.as_str(), "Senza posta", date.as_str(), "10:00", "11:00"),
                vec![("booking[invitees]", "anna@example.org")],
            ]
            .concat(),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("invitees") && body.contains("MailOff"), "{body}");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM mail_outbox").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(n, 0);
}

async fn changes_reach_the_invited(backend: Backend) {
    let Some((app, sink)) = with_sink(backend, |_| {}).await else { return };
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let mut marco = app.signed_in(MARCO).await;
    let date = rome_date(&app, 2);
    let made: serde_json::Value = marco
        .call(
            "book",
            &[
                form(room.as_str(), "Corso", date.as_str(), "10:00", "11:00"),
                vec![("booking[repeat]", "weekly"), ("booking[count]", "4"), ("booking[invitees]", "ext@example.org")],
            ]
            .concat(),
        )
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<String> = made["created"].as_array().unwrap().iter().map(|v| v.to_string()).collect();
    sink.wait_for(2).await;
    let day_of = |app: &TestApp, id: &str| {
        let id: i64 = id.parse().unwrap();
        let db = app.state.db.clone();
        async move {
            let b = rows::booking(db.pool(), id).await.unwrap();
            chrono_tz::Europe::Rome.timestamp_opt(b.starts_at, 0).unwrap().date_naive().to_string()
        }
    };
    // One occurrence alone: an update naming it by its original start.
    let d0 = day_of(&app, &ids[0]).await;
    let one = [
        ("edit[id]", ids[0].as_str()),
        ("edit[scope]", "this"),
        ("edit[date]", d0.as_str()),
        ("edit[start]", "12:00"),
        ("edit[end]", "13:00"),
    ];
    assert_eq!(marco.call("edit_booking", &one).await.status(), 200);
    let got = sink.wait_for(3).await;
    assert_eq!(got[2].to, vec!["ext@example.org".to_owned()]);
    let (subject, _, ics) = read(&got[2]);
    assert!(subject.starts_with("Aggiornata: Corso"), "{subject}");
    let (ics, method) = ics.unwrap();
    assert_eq!(method, "REQUEST");
    let ev = calendar(&ics).events.remove(0).properties;
    assert_eq!(values(&ev, "RECURRENCE-ID").len(), 1, "{ics}");
    assert!(values(&ev, "DTSTART")[0].ends_with("T120000"), "{ics}");
    assert!(values(&ev, "SEQUENCE")[0].parse::<u32>().unwrap() > 0);
    // This and the following: the new half as a rule of its own, and the earlier half ending before it.
    let d2 = day_of(&app, &ids[2]).await;
    let f = [
        ("edit[id]", ids[2].as_str()),
        ("edit[scope]", "following"),
        ("edit[date]", d2.as_str()),
        ("edit[start]", "15:00"),
        ("edit[end]", "16:00"),
    ];
    assert_eq!(marco.call("edit_booking", &f).await.status(), 200);
    let got = sink.wait_for(5).await;
    let rules: Vec<String> = got[3..5]
        .iter()
        .map(|m| {
            let (_, _, ics) = read(m);
            let ev = calendar(&ics.unwrap().0).events.remove(0).properties;
            format!("{} {}", values(&ev, "DTSTART")[0], values(&ev, "RRULE")[0])
        })
        .collect();
    assert!(rules.iter().any(|r| r.contains("T150000") && r.contains("UNTIL=")), "{rules:?}");
    assert!(rules.iter().any(|r| r.contains("T100000") && r.contains("UNTIL=")), "{rules:?}");
    // An occurrence dragged an hour later in the calendar: the invited hear of it as of an edit.
    let last = rows::booking(app.state.db.pool(), ids[3].parse().unwrap()).await.unwrap();
    let (s, e) = ((last.starts_at + 3600).to_string(), (last.ends_at + 3600).to_string());
    assert_eq!(marco.call("move_booking", &[("id", &ids[3]), ("starts_at", &s), ("ends_at", &e)]).await.status(), 200);
    let got = sink.wait_for(6).await;
    assert_eq!(got[5].to, vec!["ext@example.org".to_owned()]);
    let (subject, _, ics) = read(&got[5]);
    assert!(subject.starts_with("Aggiornata: Corso"), "{subject}");
    let ev = calendar(&ics.unwrap().0).events.remove(0).properties;
    assert_eq!(values(&ev, "RECURRENCE-ID").len(), 1);
    assert!(values(&ev, "DTSTART")[0].ends_with("T160000"), "{:?}", values(&ev, "DTSTART"));
}

async fn invitees_are_added_and_taken_off(backend: Backend) {
    let Some((app, sink)) = with_sink(backend, |_| {}).await else { return };
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let mut marco = app.signed_in(MARCO).await;
    let date = rome_date(&app, 3);
    let made: serde_json::Value = marco
        .call(
            "book",
            &[
                form(room.as_str(), "Seminario", date.as_str(), "10:00", "11:00"),
                vec![
                    ("booking[repeat]", "weekly"),
                    ("booking[count]", "3"),
                    ("booking[invitees]", "ext@example.org, two@example.org"),
                ],
            ]
            .concat(),
        )
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<String> = made["created"].as_array().unwrap().iter().map(|v| v.to_string()).collect();
    sink.wait_for(3).await;
    // The booking page of an occurrence offers the series' invitation to change.
    let page = marco.get(&format!("/rooms/{room}/bookings/{}", ids[1])).await.text().await.unwrap();
    assert!(page.contains(r#"id="invitees-form""#) && page.contains("two@example.org"), "the form");
    let invited = |app: &TestApp, id: &str| {
        let (db, id) = (app.state.db.clone(), id.parse::<i64>().unwrap());
        async move {
            let b = rows::booking(db.pool(), id).await.unwrap();
            convene::db::mail::invitees(db.pool(), &b).await.unwrap()
        }
    };
    // Bad input changes nothing: an address that is not one, a room that is not the booking's, someone who may
    // not change the booking.
    let bad = [
        ("change[booking_id]", ids[1].as_str()),
        ("change[room_id]", room.as_str()),
        ("change[add]", "new@example.org, not an address"),
        ("change[remove][0]", "two@example.org"),
    ];
    assert_eq!(marco.call("change_invitees", &bad).await.status(), 422);
    let elsewhere = [("change[booking_id]", ids[1].as_str()), ("change[room_id]", "999999"), ("change[add]", "")];
    assert_eq!(marco.call("change_invitees", &elsewhere).await.status(), 404);
    let mut joao = app.signed_in("joao@usp.test").await;
    let theirs =
        [("change[booking_id]", ids[1].as_str()), ("change[room_id]", room.as_str()), ("change[add]", "x@example.org")];
    assert_eq!(joao.call("change_invitees", &theirs).await.status(), 404);
    assert_eq!(invited(&app, &ids[0]).await, ["ext@example.org", "two@example.org"]);
    // One added (one already there is ignored), one taken off (one never invited is ignored).
    let good = [
        ("change[booking_id]", ids[1].as_str()),
        ("change[room_id]", room.as_str()),
        ("change[add]", "New@Example.org\next@example.org"),
        ("change[remove][0]", "two@example.org"),
        ("change[remove][1]", "nobody@example.org"),
    ];
    let res = marco.call("change_invitees", &good).await;
    assert_eq!(res.status(), 200);
    let outcome: serde_json::Value = res.json().await.unwrap();
    assert_eq!((outcome["added"].as_u64(), outcome["removed"].as_u64()), (Some(1), Some(1)));
    assert_eq!(outcome["mailed"].as_bool(), Some(true));
    assert_eq!(invited(&app, &ids[2]).await, ["ext@example.org", "new@example.org"], "the whole series");
    // The new one gets the series' invitation; the one taken off its cancellation, for every occurrence; the booker
    // a copy. Nobody else hears anything.
    let got = sink.wait_for(6).await;
    let new = to(&got, "new@example.org");
    assert_eq!(new.len(), 1);
    let (_, _, ics) = read(&new[0]);
    let (ics, method) = ics.unwrap();
    assert_eq!(method, "REQUEST");
    let ev = calendar(&ics).events.remove(0).properties;
    assert!(values(&ev, "RRULE")[0].contains("FREQ=WEEKLY"), "{ics}");
    let gone = to(&got, "two@example.org");
    assert_eq!(gone.len(), 2, "the invitation, then the cancellation");
    let (_, _, ics) = read(&gone[1]);
    let (ics, method) = ics.unwrap();
    assert_eq!(method, "CANCEL");
    let ev = calendar(&ics).events.remove(0).properties;
    assert!(values(&ev, "UID")[0].starts_with("series-"), "{ics}");
    assert!(values(&ev, "RECURRENCE-ID").is_empty(), "the whole series: {ics}");
    assert_eq!(to(&got, "ext@example.org").len(), 1, "only the first invitation");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.messages().await.len(), 6);
    // Each invited person had a guest link of their own: the one taken off no longer opens the room, the others do.
    let token_in = |m: &Received| {
        let (_, text, _) = read(m);
        let link = text.split_whitespace().find(|w| w.contains("/guest/")).expect("a guest link").to_owned();
        link.rsplit('/').next().unwrap().to_owned()
    };
    let (two, ext, new) = (token_in(&gone[0]), token_in(&to(&got, "ext@example.org")[0]), token_in(&new[0]));
    assert!(two != ext && ext != new, "links of their own");
    let mut anon = app.browser();
    assert_eq!(anon.call("guest_room", &[("token", two.as_str())]).await.status(), 404, "taken off: link stopped");
    for t in [&ext, &new] {
        assert_eq!(anon.call("guest_room", &[("token", t.as_str())]).await.status(), 200);
    }
    // Once the series is over, nobody more is invited to it (taking people off still works).
    app.clock.advance(40 * 86_400);
    let mut marco = app.signed_in(MARCO).await;
    let over = [
        ("change[booking_id]", ids[2].as_str()),
        ("change[room_id]", room.as_str()),
        ("change[add]", "later@example.org"),
    ];
    assert_eq!(marco.call("change_invitees", &over).await.status(), 422);
}

async fn a_series_waiting_for_approval_invites_once(backend: Backend) {
    let Some((app, sink)) = with_sink(backend, |_| {}).await else { return };
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let inst = convene::db::institutions::by_slug(app.state.db.pool(), "uniroma").await.unwrap().id;
    let policy = rows::PolicyRow { approval_required: 1, ..rows::PolicyRow::default() };
    rows::put_policy(app.state.db.pool(), inst, &policy, app.clock.unix()).await.unwrap();
    let mut giulia = app.signed_in(GIULIA).await;
    let date = rome_date(&app, 2);
    let made: serde_json::Value = giulia
        .call(
            "book",
            &[
                form(room.as_str(), "Serie", date.as_str(), "09:00", "10:00"),
                vec![("booking[repeat]", "weekly"), ("booking[count]", "3"), ("booking[invitees]", "ext@example.org")],
            ]
            .concat(),
        )
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<String> = made["created"].as_array().unwrap().iter().map(|v| v.to_string()).collect();
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    let decide = |id: &str, how: &'static str| {
        let mut a = admin.clone();
        let id = id.to_owned();
        async move {
            let mut f = vec![("id", id.clone()), ("decision", how.to_owned())];
            if how == "reject" {
                f.push(("reason", "Sala occupata".to_owned()));
            }
            let f = as_refs(&f);
            a.call("decide_booking", &f).await.status()
        }
    };
    assert_eq!(decide(&ids[0], "approve").await, 200);
    assert_eq!(decide(&ids[1], "reject").await, 200);
    // Two decisions told to Giulia; nobody invited while one occurrence still waits.
    let got = sink.wait_for(2).await;
    assert!(got.iter().all(|m| m.to == vec![GIULIA.to_owned()]));
    // Someone added meanwhile waits with the others (no invitation before the series is decided).
    let late = [
        ("change[booking_id]", ids[0].as_str()),
        ("change[room_id]", room.as_str()),
        ("change[add]", "late@example.org"),
    ];
    let res: serde_json::Value = giulia.call("change_invitees", &late).await.json().await.unwrap();
    assert_eq!((res["added"].as_u64(), res["mailed"].as_bool()), (Some(1), Some(false)));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.messages().await.len(), 2);
    assert_eq!(decide(&ids[2], "approve").await, 200);
    // The last decision: Giulia's third message, then the invitations (and her copy) for the two approved.
    let got = sink.wait_for(6).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.messages().await.len(), 6);
    assert_eq!(to(&got, "late@example.org").len(), 1, "the one added while waiting, once");
    let invited = to(&got, "ext@example.org");
    assert_eq!(invited.len(), 1, "invited once");
    let (_, text, ics) = read(&invited[0]);
    assert!(text.contains("2 incontri"), "{text}");
    let ev = calendar(&ics.unwrap().0).events.remove(0).properties;
    assert_eq!(values(&ev, "EXDATE").len(), 1, "the rejected occurrence is left out");
    let _ = &mut admin;
}

/// A booking the invited already have, moved by its member where approval is asked for: nothing goes out while
/// it waits; rejected, it is withdrawn from their calendars (CANCEL); a booking never sent to them stays unsent.
async fn a_change_sent_back_for_approval_then_rejected_is_withdrawn(backend: Backend) {
    let Some((app, sink)) = with_sink(backend, |_| {}).await else { return };
    let db = app.state.db.pool();
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let date = rome_date(&app, 3);
    let mut marco = app.signed_in(MARCO).await;
    let f = [form(&room, "Spostata", &date, "09:00", "10:00"), vec![("booking[invitees]", "ext@example.org")]].concat();
    let made: serde_json::Value = marco.call("book", &f).await.json().await.unwrap();
    let id = made["created"][0].as_i64().unwrap();
    sink.wait_for(2).await; // the invitation and the booker's copy
    assert!(rows::booking(db, id).await.unwrap().invited_at.is_some());
    let inst = convene::db::institutions::by_slug(db, "uniroma").await.unwrap().id;
    let policy = rows::PolicyRow { approval_required: 1, ..rows::PolicyRow::default() };
    rows::put_policy(db, inst, &policy, app.clock.unix()).await.unwrap();
    let b = rows::booking(db, id).await.unwrap();
    let (s, e) = ((b.starts_at + 3600).to_string(), (b.ends_at + 3600).to_string());
    assert_eq!(
        marco.call("move_booking", &[("id", &id.to_string()), ("starts_at", &s), ("ends_at", &e)]).await.status(),
        200
    );
    assert_eq!(rows::booking(db, id).await.unwrap().status.as_str(), "pending");
    app.state.rooms.mail.deliver_due().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.messages().await.len(), 2, "nothing goes out while the change waits for approval");
    let mut admin = app.signed_in("admin@uniroma.test").await;
    let res = admin.call("decide_booking", &[("id", &id.to_string()), ("decision", "reject"), ("reason", "No")]).await;
    assert_eq!(res.status(), 200);
    let got = sink.wait_for(4).await;
    let theirs = to(&got, "ext@example.org");
    assert_eq!(theirs.len(), 2, "the invitation, then the withdrawal");
    let (subject, _, ics) = read(&theirs[1]);
    let (ics, method) = ics.expect("a calendar that removes it");
    assert_eq!(method, "CANCEL", "{subject}");
    assert_eq!(values(&calendar(&ics).events[0].properties, "UID"), vec![format!("booking-{id}@127.0.0.1")]);
}

/// Each person reads the e-mail in their own language, not the booker's: their setting, else their
/// institution's default language; an address with no account, the room's institution's. Reminders too.
async fn invitees_read_their_own_language(backend: Backend) {
    let Some((app, sink)) = with_sink(backend, |c| c.mail.reminder_minutes = 30).await else { return };
    let db = app.state.db.pool();
    for (who, lang) in [(MARCO, "en"), (GIULIA, "it")] {
        sqlx::query("UPDATE users SET language = $1 WHERE email = $2").bind(lang).bind(who).execute(db).await.unwrap();
    }
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let date = rome_date(&app, 3);
    let mut marco = app.signed_in(MARCO).await;
    let invitees = format!("{GIULIA}, joao@usp.test, ext@example.org");
    let f =
        [form(&room, "Seminario", &date, "10:00", "11:00"), vec![("booking[invitees]", invitees.as_str())]].concat();
    let made: serde_json::Value = marco.call("book", &f).await.json().await.unwrap();
    assert_eq!(made["invited"], 3, "{made}");
    let got = sink.wait_for(4).await;
    let subject = |who: &str| read(&to(&got, who)[0]).0;
    // Marco chose English: his copy is in English.
    assert!(subject(MARCO).starts_with("Booked: Seminario"), "{}", subject(MARCO));
    // Giulia chose Italian.
    let (giulia, text, _) = read(&to(&got, GIULIA)[0]);
    assert!(giulia.starts_with("Invito: Seminario"), "{giulia}");
    assert!(text.contains("Marco Rossi ti invita") && text.contains("Quando:"), "{text}");
    // João chose nothing: his institution's language (USP, Brazilian Portuguese), not the room's.
    assert!(subject("joao@usp.test").starts_with("Convite: Seminario"), "{}", subject("joao@usp.test"));
    // No account: the language of the room's institution (Sapienza, Italian).
    assert!(subject("ext@example.org").starts_with("Invito: Seminario"), "{}", subject("ext@example.org"));

    // A reminder: Marco's in English, Giulia's in Italian.
    let marco_id = convene::db::users::by_email(db, MARCO).await.unwrap().unwrap().id;
    let now = app.clock.unix();
    let mut tx = db.begin().await.unwrap();
    let b = rows::NewBooking {
        room_id: room.parse().unwrap(),
        series_id: None,
        title: "Presto",
        description: "",
        starts_at: now + 20 * 60,
        ends_at: now + 80 * 60,
        expected: 0,
        status: convene::db::bookings::BookingStatus::Confirmed,
        created_by: marco_id,
    };
    let id = rows::insert_booking(&mut *tx, &b, now).await.unwrap();
    convene::db::mail::add_invitee(&mut *tx, Some(id), None, GIULIA).await.unwrap();
    tx.commit().await.unwrap();
    app.state.rooms.remind_due().await.unwrap();
    app.state.rooms.mail.deliver_due().await.unwrap();
    let got = sink.wait_for(6).await;
    let reminders: Vec<(String, String)> =
        got.iter().map(read).filter(|(s, _, _)| s.contains("Presto")).map(|(s, t, _)| (s, t)).collect();
    assert_eq!(reminders.len(), 2, "{reminders:?}");
    let mine = read(to(&got, MARCO).iter().find(|m| read(m).0.contains("Presto")).unwrap());
    assert!(mine.0.starts_with("Reminder: Presto") && mine.1.contains("in 20 minutes"), "{mine:?}");
    let hers = read(to(&got, GIULIA).iter().find(|m| read(m).0.contains("Presto")).unwrap());
    assert!(hers.0.starts_with("Promemoria: Presto") && hers.1.contains("tra 20 minuti"), "{hers:?}");
}

/// The reset link in a password reset e-mail (the path part).
fn reset_link(m: &Received) -> String {
    let (_, text, _) = read(m);
    let at = text.find("/login/reset/").unwrap_or_else(|| panic!("a reset link in {text}"));
    text[at..].split_whitespace().next().unwrap().to_owned()
}

/// Waits for the queued mail to `who` of the given kind (queued after the answer, in the background), delivers it.
async fn deliver_reset(app: &TestApp, sink: &Sink, who: &str, n: usize) -> Vec<Received> {
    for _ in 0..100 {
        let (queued,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM mail_outbox WHERE recipient = $1 AND kind = 'password_reset'")
                .bind(who)
                .fetch_one(app.state.db.pool())
                .await
                .unwrap();
        if queued >= n as i64 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    app.state.mail.deliver_due().await.unwrap();
    to(&sink.wait_for(n).await, who)
}

/// Password reset by e-mail: the same answer for an unknown address (no enumeration), a link that works once and
/// for half an hour, a newer link ends the older, the new password must be typed twice and long enough, using the
/// link ends every session of the account; requests are rate limited; without a relay the page says so.
async fn passwords_are_reset_by_e_mail(backend: Backend) {
    let Some((app, sink)) = with_sink(backend, |_| {}).await else { return };
    let mut elsewhere = app.signed_in(MARCO).await;
    let mut anon = app.browser();
    let res = anon.post_form("/auth/forgot", &[("email", "nobody@uniroma.test")]).await;
    assert_eq!((res.status().as_u16(), res.headers()["location"].to_str().unwrap()), (303, "/login/forgot?sent=1"));
    let res = anon.post_form("/auth/forgot", &[("email", " Marco@Uniroma.test ")]).await;
    assert_eq!(res.headers()["location"], "/login/forgot?sent=1", "the same answer for an account");
    let mine = deliver_reset(&app, &sink, MARCO, 1).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(sink.messages().await.len(), 1, "nothing went to the unknown address");
    let (subject, _, _) = read(&mine[0]);
    assert!(subject.contains("password"), "{subject}");
    let link = reset_link(&mine[0]);
    let token = link.trim_start_matches("/login/reset/").to_owned();
    assert!(anon.page(&link).await.contains("id=\"reset-form\""));

    // The new password twice, long enough; nothing is used by a refused post.
    for (pw, confirm, error) in [("short", "short", "too_short"), ("a long new passphrase", "another one", "mismatch")]
    {
        let res = anon.post_form("/auth/reset", &[("token", &token), ("password", pw), ("confirm", confirm)]).await;
        assert_eq!(res.headers()["location"].to_str().unwrap(), format!("{link}?error={error}"));
    }
    let new = [("token", token.as_str()), ("password", "a long new passphrase"), ("confirm", "a long new passphrase")];
    let res = anon.post_form("/auth/reset", &new).await;
    assert_eq!(res.headers()["location"], "/login?notice=password_reset");
    assert_eq!(elsewhere.call("get_account", &[]).await.status(), 401, "the account's other session ended");
    assert_eq!(
        anon.login(MARCO, PASSWORD).await.headers()["location"],
        "/login?error=invalid&email=marco%40uniroma.test"
    );
    let mut b = app.browser();
    assert_eq!(b.login(MARCO, "a long new passphrase").await.headers()["location"], "/");
    // Once only.
    let res = anon.post_form("/auth/reset", &new).await;
    assert_eq!(res.headers()["location"], "/login/forgot?error=gone");
    assert!(anon.page(&link).await.contains("id=\"reset-gone\""));

    // A newer link ends the older; a link expires after 30 minutes.
    anon.post_form("/auth/forgot", &[("email", MARCO)]).await;
    let first = reset_link(&deliver_reset(&app, &sink, MARCO, 2).await[1]);
    anon.post_form("/auth/forgot", &[("email", MARCO)]).await;
    let second = reset_link(&deliver_reset(&app, &sink, MARCO, 3).await[2]);
    assert_ne!(first, second);
    assert!(anon.page(&first).await.contains("id=\"reset-gone\""), "the older link ended");
    assert!(anon.page(&second).await.contains("id=\"reset-form\""));
    app.clock.advance(31 * 60);
    assert!(anon.page(&second).await.contains("id=\"reset-gone\""), "expired");

    // Three requests for one account, then it waits; a garbage token is just gone.
    let res = anon.post_form("/auth/forgot", &[("email", MARCO)]).await;
    assert_eq!(res.headers()["location"], "/login/forgot?error=rate_limited");
    let res = anon.post_form("/auth/reset", &[("token", "../../etc"), ("password", "x"), ("confirm", "x")]).await;
    assert_eq!(res.headers()["location"], "/login/forgot?error=gone");

    // Without a relay nobody is told a link went out.
    let Some(plain) = spawn(backend, |_| {}).await else { return };
    let res = plain.browser().post_form("/auth/forgot", &[("email", MARCO)]).await;
    assert_eq!(res.headers()["location"], "/login/forgot?error=mail_off");
}

/// A demo without a relay (`mail.keep`): messages are kept, never sent, and operators read them on the Mail page —
/// as text, whatever a booker typed; nobody else may. A relay and `keep` together are refused at start.
async fn operators_read_the_mail_a_demo_keeps(backend: Backend) {
    let Some(app) = spawn(backend, |c| {
        c.mail.keep = true;
        c.mail.worker_interval_seconds = 3600;
    })
    .await
    else {
        return;
    };
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let mut marco = app.signed_in(MARCO).await;
    let page = marco.get(&format!("/rooms/{room}")).await.text().await.unwrap();
    assert!(page.contains("id=\"b-invitees\"") && !page.contains("warn-text"), "invitations offered");
    let date = rome_date(&app, 3);
    let title = "<b>Seminario</b> & co";
    let res = marco
        .call(
            "book",
            &[
                form(room.as_str(), title, date.as_str(), "10:00", "11:00"),
                vec![("booking[invitees]", "ada@example.org")],
            ]
            .concat(),
        )
        .await;
    assert_eq!(res.status(), 200);
    let made: serde_json::Value = res.json().await.unwrap();
    let id = made["created"][0].as_i64().expect("a booking").to_string();
    // Who was invited: on the booking's page, for the booker (and the room's managers) only.
    let page = marco.get(&format!("/rooms/{room}/bookings/{id}")).await.text().await.unwrap();
    assert!(page.contains("id=\"invitees\"") && page.contains("ada@example.org"), "{page}");
    let mut giulia = app.signed_in(GIULIA).await;
    let page = giulia.get(&format!("/rooms/{room}/bookings/{id}")).await.text().await.unwrap();
    assert!(!page.contains("ada@example.org"), "another member does not see the addresses");
    // Members may not read the outbox.
    assert_eq!(marco.call("get_outbox", &[]).await.status(), 403);
    let mut op = app.signed_in(OPERATOR).await;
    // Kept by the worker (woken by the booking) or by this call, whichever comes first.
    let mut inv = serde_json::Value::Null;
    for _ in 0..50 {
        app.state.rooms.mail.deliver_due().await.unwrap();
        let v: serde_json::Value = op.call("get_outbox", &[]).await.json().await.unwrap();
        assert_eq!(v["mode"], "kept");
        inv = v["messages"].as_array().unwrap().iter().find(|m| m["recipient"] == "ada@example.org").cloned().unwrap();
        if inv["status"] == "kept" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!((inv["status"].as_str(), inv["kind"].as_str()), (Some("kept"), Some("invitation")));
    assert!(inv["body"].as_str().unwrap().contains("/guest/"), "what the guest would read: {inv}");
    let page = op.get("/admin/mail").await.text().await.unwrap();
    assert!(page.contains("ada@example.org") && page.contains("id=\"mail-list\""), "{page}");
    assert!(page.contains("&lt;b&gt;Seminario&lt;/b&gt;") && !page.contains("<b>Seminario"), "a title is text");
    // A relay and keep together: refused, naming the setting.
    let mut cfg = convene::config::Config::default();
    cfg.mail.keep = true;
    cfg.mail.smtp_url = "smtp://127.0.0.1:2525".to_owned().into();
    let err = cfg.validate().unwrap_err().to_string();
    assert!(err.contains("mail.keep"), "{err}");
}

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    super::$name(crate::common::Backend::Sqlite).await;
                }
                #[tokio::test]
                async fn postgres() {
                    super::$name(crate::common::Backend::Postgres).await;
                }
            }
        )*
    };
}

on_both!(
    invitations,
    approval_and_cancellation,
    reminders_go_out_once,
    a_refusing_relay_is_retried_then_given_up,
    without_a_relay_invitations_are_refused_clearly,
    changes_reach_the_invited,
    invitees_are_added_and_taken_off,
    a_series_waiting_for_approval_invites_once,
    a_change_sent_back_for_approval_then_rejected_is_withdrawn,
    invitees_read_their_own_language,
    passwords_are_reset_by_e_mail,
    operators_read_the_mail_a_demo_keeps
);
