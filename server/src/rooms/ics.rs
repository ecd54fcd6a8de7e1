//! iCalendar (RFC 5545) for bookings: one `.ics` per booking and private feeds per person and per room. Events
//! are written by the icalendar crate (escaping, line folding); times are local with a `TZID`, and the calendar
//! carries the `VTIMEZONE` for each zone it uses, its transitions computed from the tz database for the years the
//! events span. A series is one event with its `RRULE` and an `EXDATE` for every occurrence no longer held
//! (cancelled or skipped); an occurrence that was moved is its own event.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};
use icalendar::{Component, Event, EventLike, Property};

/// One event to write.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IcsEvent {
    pub uid: String,
    pub title: String,
    pub description: String,
    pub location: String,
    pub start: i64,
    pub end: i64,
    /// `confirmed` | `pending` (TENTATIVE) | `cancelled`.
    pub status: String,
    /// For a series: the RRULE text and the starts of occurrences that are not held (EXDATE).
    pub rrule: Option<String>,
    pub exdates: Vec<i64>,
    pub updated: i64,
    /// For invitations: who organises it (name, e-mail) and who is invited.
    pub organizer: Option<(String, String)>,
    pub attendees: Vec<String>,
    /// One occurrence of a series (its original start), as in a cancellation of that occurrence alone.
    pub recurrence_id: Option<i64>,
    /// Raised by each change that is sent again (a cancellation is 1).
    pub sequence: u32,
    /// The zone its times are written in, when not the calendar's: a series keeps its own, so that its rule repeats
    /// on the wall clock it was booked in whoever reads the calendar.
    pub tz: Option<Tz>,
}

fn local(tz: Tz, at: i64) -> NaiveDateTime {
    tz.timestamp_opt(at, 0).single().map(|d| d.naive_local()).unwrap_or_default()
}

fn local_stamp(tz: Tz, at: i64) -> String {
    local(tz, at).format("%Y%m%dT%H%M%S").to_string()
}

/// The zone's offset from UTC at `at`, in seconds.
pub fn offset_secs(tz: Tz, at: i64) -> i32 {
    tz.offset_from_utc_datetime(&DateTime::<Utc>::from_timestamp(at, 0).unwrap_or_default().naive_utc())
        .fix()
        .local_minus_utc()
}

fn abbreviation(tz: Tz, at: i64) -> String {
    let off = tz.offset_from_utc_datetime(&DateTime::<Utc>::from_timestamp(at, 0).unwrap_or_default().naive_utc());
    off.abbreviation().unwrap_or("").to_owned()
}

fn fmt_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.abs();
    format!("{sign}{:02}{:02}", a / 3600, (a % 3600) / 60)
}

/// The instants in `[from, to)` where the zone's offset changes (to the second).
pub fn transitions(tz: Tz, from: i64, to: i64) -> Vec<i64> {
    let mut out = Vec::new();
    let step = 6 * 3600;
    let mut t = from;
    let mut before = offset_secs(tz, t);
    while t < to {
        let next = (t + step).min(to);
        let after = offset_secs(tz, next);
        if after != before {
            // The change lies in (t, next]: find its first second.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_secs(tz, mid) == before { lo = mid } else { hi = mid }
            }
            out.push(hi);
            before = after;
        }
        t = next;
    }
    out
}

/// The `VTIMEZONE` of `tz` for the years of `[from, to]` (a year of margin on each side).
pub fn vtimezone(tz: Tz, from: i64, to: i64) -> String {
    let year = |at: i64| DateTime::<Utc>::from_timestamp(at, 0).unwrap_or_default().year();
    let start = Utc.with_ymd_and_hms(year(from) - 1, 1, 1, 0, 0, 0).single().map_or(from, |d| d.timestamp());
    let end = Utc.with_ymd_and_hms(year(to) + 2, 1, 1, 0, 0, 0).single().map_or(to, |d| d.timestamp());
    let changes = transitions(tz, start, end);
    let mut lines = vec!["BEGIN:VTIMEZONE".to_owned(), format!("TZID:{}", tz.name())];
    let standard = changes.iter().map(|t| offset_secs(tz, *t)).chain([offset_secs(tz, start)]).min().unwrap_or(0);
    let mut push = |kind: &str, at_local: String, from_off: i32, to_off: i32, name: String| {
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!("DTSTART:{at_local}"));
        lines.push(format!("TZOFFSETFROM:{}", fmt_offset(from_off)));
        lines.push(format!("TZOFFSETTO:{}", fmt_offset(to_off)));
        if !name.is_empty() && !name.starts_with(['+', '-']) {
            lines.push(format!("TZNAME:{name}"));
        }
        lines.push(format!("END:{kind}"));
    };
    if changes.is_empty() {
        let off = offset_secs(tz, start);
        push("STANDARD", "19700101T000000".into(), off, off, abbreviation(tz, start));
    }
    for t in changes {
        let (before, after) = (offset_secs(tz, t - 1), offset_secs(tz, t));
        // DTSTART is the wall time just before the change, in the offset in force then.
        let wall = DateTime::<Utc>::from_timestamp(t + i64::from(before), 0).unwrap_or_default().naive_utc();
        let kind = if after > standard { "DAYLIGHT" } else { "STANDARD" };
        push(kind, wall.format("%Y%m%dT%H%M%S").to_string(), before, after, abbreviation(tz, t));
    }
    lines.push("END:VTIMEZONE".into());
    lines.join("\r\n") + "\r\n"
}

/// User text as an iCalendar TEXT value may carry it: line breaks of any kind become one `\n` (which the writer
/// escapes); a bare carriage return — a line break to many readers, so a way to add properties — and every other
/// control character go.
fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n").chars().filter(|c| *c == '\n' || !c.is_control()).collect()
}

/// User text as a parameter value (`CN=`): no line breaks, controls or double quotes at all (RFC 5545 §3.1).
fn clean_param(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).filter(|c| *c != '"').collect()
}

fn event(tz: Tz, e: &IcsEvent) -> Event {
    let tzid = tz.name();
    let mut ev = Event::new();
    ev.uid(&e.uid)
        .summary(&clean_text(&e.title))
        .timestamp(DateTime::<Utc>::from_timestamp(e.updated, 0).unwrap_or_default());
    if !e.description.is_empty() {
        ev.description(&clean_text(&e.description));
    }
    if !e.location.is_empty() {
        ev.location(&clean_text(&e.location));
    }
    let dt = |key: &str, at: i64| {
        let mut p = Property::new(key, local_stamp(tz, at));
        p.add_parameter("TZID", tzid);
        p.done()
    };
    ev.append_property(dt("DTSTART", e.start));
    ev.append_property(dt("DTEND", e.end));
    ev.append_property(Property::new(
        "STATUS",
        match e.status.as_str() {
            "pending" => "TENTATIVE",
            "cancelled" | "rejected" => "CANCELLED",
            _ => "CONFIRMED",
        },
    ));
    if e.sequence > 0 {
        ev.append_property(Property::new("SEQUENCE", e.sequence.to_string()));
    }
    if let Some(at) = e.recurrence_id {
        ev.append_property(dt("RECURRENCE-ID", at));
    }
    if let Some((name, email)) = &e.organizer {
        let mut p = Property::new("ORGANIZER", format!("mailto:{}", clean_param(email)));
        let name = clean_param(name);
        if !name.trim().is_empty() {
            p.add_parameter("CN", &name);
        }
        ev.append_property(p.done());
    }
    for a in &e.attendees {
        let mut p = Property::new("ATTENDEE", format!("mailto:{}", clean_param(a)));
        p.add_parameter("ROLE", "REQ-PARTICIPANT");
        p.add_parameter("PARTSTAT", "NEEDS-ACTION");
        p.add_parameter("RSVP", "FALSE");
        ev.append_multi_property(p.done());
    }
    if let Some(rule) = &e.rrule {
        ev.append_property(Property::new("RRULE", rule));
        if !e.exdates.is_empty() {
            let mut p =
                Property::new("EXDATE", e.exdates.iter().map(|x| local_stamp(tz, *x)).collect::<Vec<_>>().join(","));
            p.add_parameter("TZID", tzid);
            ev.append_property(p.done());
        }
    }
    ev.done()
}

/// A whole calendar: `name` for clients that show one, events in `tz`.
pub fn calendar(name: &str, tz: Tz, events: &[IcsEvent]) -> String {
    calendar_with_method(name, tz, events, None)
}

/// A calendar sent by e-mail (RFC 5546): `REQUEST` for an invitation, `CANCEL` for a cancellation.
pub fn calendar_with_method(name: &str, tz: Tz, events: &[IcsEvent], method: Option<&str>) -> String {
    let mut out =
        String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Convene//Bookings//EN\r\nCALSCALE:GREGORIAN\r\n");
    if let Some(m) = method {
        out.push_str(&format!("METHOD:{m}\r\n"));
    }
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", escape_text(name))));
    out.push_str(&format!("X-WR-TIMEZONE:{}\r\n", tz.name()));
    if !events.is_empty() {
        let from = events.iter().map(|e| e.start).min().unwrap_or(0);
        let to = events.iter().map(|e| e.end).max().unwrap_or(0);
        // One VTIMEZONE per zone used: the calendar's and those of series kept in their own.
        let mut zones = vec![tz];
        for z in events.iter().filter_map(|e| e.tz) {
            if !zones.contains(&z) {
                zones.push(z);
            }
        }
        for z in zones {
            out.push_str(&vtimezone(z, from, to));
        }
    }
    for e in events {
        out.push_str(&event(e.tz.unwrap_or(tz), e).to_string());
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn escape_text(s: &str) -> String {
    clean_text(s).replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        if len + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// The starts of a series' expected occurrences that no held booking has (they become EXDATEs).
pub fn missing_occurrences(expected: &[i64], held: &[i64]) -> Vec<i64> {
    let held: BTreeSet<i64> = held.iter().copied().collect();
    expected.iter().copied().filter(|s| !held.contains(s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rome_has_two_transitions_a_year() {
        let rome = chrono_tz::Europe::Rome;
        let y2026 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap().timestamp();
        let y2027 = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap().timestamp();
        let t = transitions(rome, y2026, y2027);
        assert_eq!(t.len(), 2);
        // 29 March 2026 01:00 UTC and 25 October 2026 01:00 UTC.
        assert_eq!(t[0], Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap().timestamp());
        assert_eq!(t[1], Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap().timestamp());
        let vt = vtimezone(rome, y2026 + 86_400 * 100, y2026 + 86_400 * 101);
        assert!(
            vt.contains(
                "BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST"
            ),
            "{vt}"
        );
        assert!(
            vt.contains(
                "BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET"
            ),
            "{vt}"
        );
    }

    #[test]
    fn a_zone_without_daylight_saving_has_one_standard_part() {
        let sp = chrono_tz::America::Sao_Paulo;
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap().timestamp();
        let vt = vtimezone(sp, t, t + 3600);
        assert!(
            vt.contains("BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:-0300\r\nTZOFFSETTO:-0300"),
            "{vt}"
        );
        assert!(!vt.contains("DAYLIGHT"));
    }

    #[test]
    fn series_and_escaping() {
        let rome = chrono_tz::Europe::Rome;
        let start = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap().timestamp();
        let e = IcsEvent {
            uid: "booking-1@convene".into(),
            title: "Fisica; lezione, 1".into(),
            description: "riga 1\nriga 2".into(),
            location: "Sala Seminari".into(),
            start,
            end: start + 3600,
            status: "confirmed".into(),
            rrule: Some("FREQ=WEEKLY;BYDAY=MO;COUNT=3".into()),
            exdates: vec![start + 7 * 86_400],
            updated: start,
            ..IcsEvent::default()
        };
        let ics = calendar("Sala Seminari — Convene", rome, &[e]);
        assert!(ics.contains("DTSTART;TZID=Europe/Rome:20261123T100000"), "{ics}");
        assert!(ics.contains("RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3"));
        assert!(ics.contains("EXDATE;TZID=Europe/Rome:20261130T100000"));
        assert!(ics.contains("SUMMARY:Fisica\\; lezione\\, 1"));
        assert!(ics.lines().all(|l| l.len() <= 76), "folded");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(missing_occurrences(&[1, 2, 3], &[1, 3]), vec![2]);
    }

    /// A carriage return alone is a line break to many readers: user text cannot use it (or a quote in a
    /// parameter) to add properties of its own.
    #[test]
    fn user_text_cannot_add_properties() {
        let start = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap().timestamp();
        let e = IcsEvent {
            uid: "booking-2@convene".into(),
            title: "Riunione\rATTENDEE:mailto:eve@evil.test".into(),
            description: "uno\r\ndue\rORGANIZER:mailto:eve@evil.test\u{0}".into(),
            location: "Sala\r\nX-INJECTED:1".into(),
            organizer: Some(("Marco\"\r\nATTENDEE:mailto:eve@evil.test;X=\"".into(), "marco@uniroma.test".into())),
            start,
            end: start + 3600,
            status: "confirmed".into(),
            updated: start,
            ..IcsEvent::default()
        };
        let ics = calendar("Sala\rX-CAL:1", chrono_tz::Europe::Rome, &[e]);
        let bytes = ics.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\r' {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'), "a bare CR at {i}: {ics:?}");
            }
            assert!(*b != 0, "NUL written");
        }
        let unfolded = ics.replace("\r\n ", "");
        for line in unfolded.split("\r\n") {
            assert!(
                !line.starts_with("ATTENDEE") && !line.starts_with("X-INJECTED") && !line.starts_with("X-CAL"),
                "{line}"
            );
            if line.starts_with("ORGANIZER") {
                assert!(line.ends_with(":mailto:marco@uniroma.test") && line.matches('"').count() == 2, "{line}");
            }
        }
        assert!(unfolded.contains("SUMMARY:Riunione\\nATTENDEE:mailto:eve@evil.test"), "{unfolded}");
        assert!(unfolded.contains("DESCRIPTION:uno\\ndue\\nORGANIZER:mailto:eve@evil.test\r\n"), "{unfolded}");
    }

    /// A Monday 00:30 series booked in Rome read by someone in New York: written in Rome's zone (it is still Sunday
    /// evening in New York, where BYDAY=MO would move it a day), with both zones described.
    #[test]
    fn a_series_keeps_its_own_zone_in_anothers_calendar() {
        let (rome, ny) = (chrono_tz::Europe::Rome, chrono_tz::America::New_York);
        let start = Utc.with_ymd_and_hms(2026, 11, 22, 23, 30, 0).unwrap().timestamp();
        let series = IcsEvent {
            uid: "series-1@convene".into(),
            title: "Notte".into(),
            start,
            end: start + 3600,
            status: "confirmed".into(),
            rrule: Some("FREQ=WEEKLY;BYDAY=MO;COUNT=3".into()),
            exdates: vec![start + 7 * 86_400],
            updated: start,
            tz: Some(rome),
            ..IcsEvent::default()
        };
        let single =
            IcsEvent { uid: "booking-9@convene".into(), rrule: None, exdates: vec![], tz: None, ..series.clone() };
        let ics = calendar("Mine", ny, &[series, single]);
        assert!(ics.contains("DTSTART;TZID=Europe/Rome:20261123T003000"), "{ics}");
        assert!(ics.contains("EXDATE;TZID=Europe/Rome:20261130T003000"), "{ics}");
        assert!(ics.contains("DTSTART;TZID=America/New_York:20261122T183000"), "{ics}");
        assert_eq!(ics.matches("BEGIN:VTIMEZONE").count(), 2);
        assert!(ics.contains("TZID:Europe/Rome\r\n") && ics.contains("TZID:America/New_York\r\n"));
    }
}
