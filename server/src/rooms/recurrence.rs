//! Recurring bookings (pure): a rule as people fill it in (every N days / weeks on chosen days / months by date or
//! by weekday / years; until a date or N times; exception dates) becomes an RFC 5545 RRULE, and a rule is
//! expanded into occurrences in the booking's time zone — the rrule crate does the calendar arithmetic, so a
//! weekly 10:00 meeting stays at 10:00 local time across daylight-saving changes.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use chrono_tz::Tz;
use rrule::{RRule, RRuleSet, Unvalidated};

use super::rules::Slot;

/// Occurrences a series may have.
pub const MAX_OCCURRENCES: u16 = 366;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frequency {
    Daily,
    Weekly,
    /// On the same day of the month as the first occurrence.
    MonthlyByDate,
    /// On the same weekday in the same week of the month (e.g. the second Tuesday; the last one if it is the
    /// last in its month).
    MonthlyByWeekday,
    Yearly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    Count(u16),
    /// The last day an occurrence may fall on (local date, inclusive).
    Until(NaiveDate),
}

/// A rule as the booking form gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleForm {
    pub frequency: Frequency,
    pub interval: u16,
    /// Weekly only; empty means the first occurrence's weekday.
    pub weekdays: Vec<Weekday>,
    pub end: End,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecurrenceError {
    #[error("the interval must be between 1 and 99")]
    Interval,
    #[error("a series needs an end: a number of times (1 to {MAX_OCCURRENCES}) or a last date")]
    Unbounded,
    #[error("the last date is before the first occurrence")]
    UntilBeforeStart,
    #[error("the series would have more than {MAX_OCCURRENCES} occurrences; end it sooner")]
    TooMany,
    #[error("{0} does not exist in this time zone (the clocks skip it); pick another time")]
    NonexistentTime(NaiveDateTime),
    #[error("the repeat rule is not valid: {0}")]
    Invalid(String),
}

fn day_code(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// The RRULE text (without `RRULE:`) for a form, starting at `first` (local time in `tz`).
pub fn rrule_text(form: &RuleForm, first: NaiveDateTime, tz: Tz) -> Result<String, RecurrenceError> {
    if !(1..=99).contains(&form.interval) {
        return Err(RecurrenceError::Interval);
    }
    let mut parts = vec![
        match form.frequency {
            Frequency::Daily => "FREQ=DAILY",
            Frequency::Weekly => "FREQ=WEEKLY",
            Frequency::MonthlyByDate | Frequency::MonthlyByWeekday => "FREQ=MONTHLY",
            Frequency::Yearly => "FREQ=YEARLY",
        }
        .to_owned(),
    ];
    if form.interval > 1 {
        parts.push(format!("INTERVAL={}", form.interval));
    }
    match form.frequency {
        Frequency::Weekly => {
            let mut days = form.weekdays.clone();
            if days.is_empty() {
                days.push(first.weekday());
            }
            days.sort_by_key(|d| d.num_days_from_monday());
            days.dedup();
            parts.push(format!("BYDAY={}", days.iter().map(|d| day_code(*d)).collect::<Vec<_>>().join(",")));
        }
        Frequency::MonthlyByDate => parts.push(format!("BYMONTHDAY={}", first.day())),
        Frequency::MonthlyByWeekday => {
            let nth = (first.day() - 1) / 7 + 1;
            let days_in_month = last_day_of_month(first.date()).day();
            // The fifth (or a fourth that is also the last) weekday is "the last one" in months that have it.
            let n: i32 = if first.day() + 7 > days_in_month { -1 } else { nth as i32 };
            parts.push(format!("BYDAY={n}{}", day_code(first.weekday())));
        }
        Frequency::Daily | Frequency::Yearly => {}
    }
    match form.end {
        End::Count(n) if (1..=MAX_OCCURRENCES).contains(&n) => parts.push(format!("COUNT={n}")),
        End::Count(_) => return Err(RecurrenceError::TooMany),
        End::Until(day) => {
            if day < first.date() {
                return Err(RecurrenceError::UntilBeforeStart);
            }
            // UNTIL is inclusive and in UTC: the end of that local day.
            let end_local = day.and_hms_opt(23, 59, 59).unwrap_or(first);
            let until = tz
                .from_local_datetime(&end_local)
                .latest()
                .ok_or(RecurrenceError::NonexistentTime(end_local))?
                .with_timezone(&chrono::Utc);
            parts.push(format!("UNTIL={}", until.format("%Y%m%dT%H%M%SZ")));
        }
    }
    Ok(parts.join(";"))
}

fn last_day_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).and_then(|n| n.pred_opt()).unwrap_or(d)
}

/// The local start time as an instant, refusing a time the clocks skip; an ambiguous one (clocks go back) is the
/// first of the two.
pub fn local_instant(tz: Tz, local: NaiveDateTime) -> Result<chrono::DateTime<Tz>, RecurrenceError> {
    tz.from_local_datetime(&local).earliest().ok_or(RecurrenceError::NonexistentTime(local))
}

/// The occurrences of `rule` (RRULE text) from `first` (local, in `tz`), each `duration` seconds long, without
/// the local dates in `except`. A rule must end (COUNT or UNTIL) within `MAX_OCCURRENCES`.
pub fn expand(
    rule: &str,
    first: NaiveDateTime,
    tz: Tz,
    duration_secs: i64,
    except: &[NaiveDate],
) -> Result<Vec<Slot>, RecurrenceError> {
    let parsed: RRule<Unvalidated> =
        rule.parse().map_err(|e: rrule::RRuleError| RecurrenceError::Invalid(e.to_string()))?;
    let upper = rule.to_ascii_uppercase();
    if !upper.contains("COUNT=") && !upper.contains("UNTIL=") {
        return Err(RecurrenceError::Unbounded);
    }
    let start = local_instant(tz, first)?.with_timezone(&rrule::Tz::Tz(tz));
    let set: RRuleSet = parsed.build(start).map_err(|e| RecurrenceError::Invalid(e.to_string()))?;
    let result = set.all(MAX_OCCURRENCES + 1);
    if result.dates.len() > usize::from(MAX_OCCURRENCES) {
        return Err(RecurrenceError::TooMany);
    }
    Ok(result
        .dates
        .into_iter()
        .filter(|d| !except.contains(&d.with_timezone(&tz).date_naive()))
        .map(|d| Slot { start: d.timestamp(), end: d.timestamp() + duration_secs })
        .collect())
}

/// The starts of every occurrence a stored series expects (its first start and zone as kept), none when the rule
/// no longer reads: what calendar exports compare with the occurrences held.
pub fn expected_starts(rule: &str, first_start: i64, tz: Tz, duration_secs: i64) -> Vec<i64> {
    let first = tz.timestamp_opt(first_start, 0).single().map(|d| d.naive_local()).unwrap_or_default();
    expand(rule, first, tz, duration_secs, &[]).map(|v| v.into_iter().map(|o| o.start).collect()).unwrap_or_default()
}

/// The rule ending at `until` (unix seconds, inclusive) instead of its COUNT or UNTIL: the two halves of a series
/// split at an occurrence ("this and following").
pub fn with_until(rule: &str, until: i64) -> String {
    let mut parts: Vec<String> = rule
        .split(';')
        .filter(|p| {
            let key = p.split('=').next().unwrap_or("").trim().to_ascii_uppercase();
            !p.trim().is_empty() && key != "COUNT" && key != "UNTIL"
        })
        .map(str::to_owned)
        .collect();
    let at = chrono::DateTime::<chrono::Utc>::from_timestamp(until, 0).unwrap_or_default();
    parts.push(format!("UNTIL={}", at.format("%Y%m%dT%H%M%SZ")));
    parts.join(";")
}

/// New times of day for occurrences (their starts, unix seconds), each keeping its local date in `tz`: a series
/// moved from 10:00 to 14:00 stays at 14:00 local time across clock changes. An end not after the start ends the
/// next day. A time the clocks skip on one of the dates is refused, naming it.
pub fn retime(
    tz: Tz,
    starts: &[i64],
    start: chrono::NaiveTime,
    end: chrono::NaiveTime,
) -> Result<Vec<Slot>, RecurrenceError> {
    starts
        .iter()
        .map(|s| {
            let day = tz.timestamp_opt(*s, 0).single().map(|d| d.date_naive()).unwrap_or_default();
            let end_day = if end > start { day } else { day.succ_opt().unwrap_or(day) };
            let a = local_instant(tz, day.and_time(start))?.timestamp();
            let b = local_instant(tz, end_day.and_time(end))?.timestamp();
            Ok(Slot { start: a, end: b })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    #[test]
    fn a_series_splits_with_an_until_in_utc() {
        let at = chrono::Utc.with_ymd_and_hms(2026, 12, 7, 8, 59, 59).unwrap().timestamp();
        assert_eq!(with_until("FREQ=WEEKLY;BYDAY=MO;COUNT=6", at), "FREQ=WEEKLY;BYDAY=MO;UNTIL=20261207T085959Z");
        assert_eq!(
            with_until("FREQ=DAILY;INTERVAL=2;UNTIL=20270101T225959Z", at),
            "FREQ=DAILY;INTERVAL=2;UNTIL=20261207T085959Z"
        );
        // The first half ends just before the occurrence it was split at.
        let rome = chrono_tz::Europe::Rome;
        let first = local(2026, 11, 23, 10, 0);
        let all = expand("FREQ=WEEKLY;BYDAY=MO;COUNT=6", first, rome, 3600, &[]).unwrap();
        let head =
            expand(&with_until("FREQ=WEEKLY;BYDAY=MO;COUNT=6", all[2].start - 1), first, rome, 3600, &[]).unwrap();
        assert_eq!(head, all[..2].to_vec());
    }

    #[test]
    fn retimed_occurrences_keep_their_local_dates_across_daylight_saving() {
        let rome = chrono_tz::Europe::Rome;
        let first = local(2026, 3, 16, 10, 0);
        let occ = expand("FREQ=WEEKLY;BYDAY=MO;COUNT=4", first, rome, 3600, &[]).unwrap();
        let starts: Vec<i64> = occ.iter().map(|o| o.start).collect();
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let moved = retime(rome, &starts, t(14, 0), t(15, 30)).unwrap();
        for (old, new) in occ.iter().zip(&moved) {
            assert_eq!(local_of(rome, new).date(), local_of(rome, old).date());
            assert_eq!(local_of(rome, new).time(), t(14, 0));
            assert_eq!(new.end - new.start, 5400);
        }
        // Across midnight: 23:00 to 01:00 the next day.
        let late = retime(rome, &starts[..1], t(23, 0), t(1, 0)).unwrap();
        assert_eq!(late[0].end - late[0].start, 7200);
        // 02:30 does not exist on 29 March 2026 in Rome: refused, naming the local time.
        let sunday = local(2026, 3, 22, 2, 30);
        let s22 = rome.from_local_datetime(&sunday).unwrap().timestamp();
        let err = retime(rome, &[s22, s22 + 7 * 86_400], t(2, 30), t(3, 30)).unwrap_err();
        assert_eq!(err, RecurrenceError::NonexistentTime(local(2026, 3, 29, 2, 30)));
    }

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_time(NaiveTime::from_hms_opt(h, min, 0).unwrap())
    }

    fn local_of(tz: Tz, s: &Slot) -> NaiveDateTime {
        tz.timestamp_opt(s.start, 0).unwrap().naive_local()
    }

    #[test]
    fn weekly_keeps_local_time_across_daylight_saving() {
        let rome = chrono_tz::Europe::Rome;
        // Monday 16 March 2026, 10:00 in Rome; clocks go forward on 29 March.
        let form = RuleForm { frequency: Frequency::Weekly, interval: 1, weekdays: vec![], end: End::Count(4) };
        let first = local(2026, 3, 16, 10, 0);
        let rule = rrule_text(&form, first, rome).unwrap();
        assert_eq!(rule, "FREQ=WEEKLY;BYDAY=MO;COUNT=4");
        let occ = expand(&rule, first, rome, 3600, &[]).unwrap();
        assert_eq!(occ.len(), 4);
        for o in &occ {
            assert_eq!(local_of(rome, o).time(), NaiveTime::from_hms_opt(10, 0, 0).unwrap());
        }
        // Across the change, a week is 167 hours of real time.
        assert_eq!(occ[2].start - occ[1].start, 167 * 3600);
        assert!(occ.iter().all(|o| o.end - o.start == 3600));
    }

    #[test]
    fn weekly_on_chosen_days_until_a_date_with_exceptions() {
        let tz = chrono_tz::America::Sao_Paulo;
        let form = RuleForm {
            frequency: Frequency::Weekly,
            interval: 2,
            weekdays: vec![Weekday::Wed, Weekday::Mon],
            end: End::Until(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
        };
        let first = local(2026, 11, 23, 14, 30); // a Monday
        let rule = rrule_text(&form, first, tz).unwrap();
        assert!(rule.starts_with("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20270101T"), "{rule}");
        let skip = [NaiveDate::from_ymd_opt(2026, 12, 9).unwrap()];
        let occ = expand(&rule, first, tz, 5400, &skip).unwrap();
        let days: Vec<String> = occ.iter().map(|o| local_of(tz, o).format("%m-%d").to_string()).collect();
        assert_eq!(days, ["11-23", "11-25", "12-07", "12-21", "12-23"]);
    }

    #[test]
    fn monthly_by_weekday_and_by_date() {
        let tz = chrono_tz::Europe::Moscow;
        let second_tuesday = local(2026, 11, 10, 9, 0);
        let form =
            RuleForm { frequency: Frequency::MonthlyByWeekday, interval: 1, weekdays: vec![], end: End::Count(3) };
        let rule = rrule_text(&form, second_tuesday, tz).unwrap();
        assert_eq!(rule, "FREQ=MONTHLY;BYDAY=2TU;COUNT=3");
        let days: Vec<String> = expand(&rule, second_tuesday, tz, 3600, &[])
            .unwrap()
            .iter()
            .map(|o| local_of(tz, o).format("%Y-%m-%d").to_string())
            .collect();
        assert_eq!(days, ["2026-11-10", "2026-12-08", "2027-01-12"]);
        // The last Monday of the month stays the last one.
        let last_monday = local(2026, 11, 30, 9, 0);
        assert_eq!(rrule_text(&form, last_monday, tz).unwrap(), "FREQ=MONTHLY;BYDAY=-1MO;COUNT=3");
        let by_date =
            RuleForm { frequency: Frequency::MonthlyByDate, interval: 1, weekdays: vec![], end: End::Count(2) };
        assert_eq!(rrule_text(&by_date, second_tuesday, tz).unwrap(), "FREQ=MONTHLY;BYMONTHDAY=10;COUNT=2");
    }

    /// Yearly: the same date every year, at the same wall-clock time whatever the season; a 29 February start
    /// (RFC 5545) only comes back in leap years, so an end date bounds it.
    #[test]
    fn yearly_on_its_date_at_its_local_time() {
        let tz = chrono_tz::Europe::Rome;
        let first = local(2026, 3, 27, 18, 30);
        let form = RuleForm { frequency: Frequency::Yearly, interval: 1, weekdays: vec![], end: End::Count(3) };
        let rule = rrule_text(&form, first, tz).unwrap();
        assert_eq!(rule, "FREQ=YEARLY;COUNT=3");
        let got: Vec<String> = expand(&rule, first, tz, 3600, &[])
            .unwrap()
            .iter()
            .map(|o| local_of(tz, o).format("%Y-%m-%d %H:%M").to_string())
            .collect();
        // 2026-03-27 is before the clock change, 2027-03-27 after it: 18:30 on the wall both times.
        assert_eq!(got, ["2026-03-27 18:30", "2027-03-27 18:30", "2028-03-27 18:30"]);
        let leap = local(2028, 2, 29, 9, 0);
        let until = RuleForm {
            frequency: Frequency::Yearly,
            interval: 1,
            weekdays: vec![],
            end: End::Until(leap.date().with_year(2036).unwrap()),
        };
        let rule = rrule_text(&until, leap, tz).unwrap();
        let years: Vec<String> = expand(&rule, leap, tz, 3600, &[])
            .unwrap()
            .iter()
            .map(|o| local_of(tz, o).format("%Y-%m-%d").to_string())
            .collect();
        assert_eq!(years, ["2028-02-29", "2032-02-29", "2036-02-29"], "until the day, inclusive");
    }

    #[test]
    fn refusals() {
        let tz = chrono_tz::Europe::Rome;
        let first = local(2026, 11, 23, 10, 0);
        let mut form = RuleForm { frequency: Frequency::Daily, interval: 0, weekdays: vec![], end: End::Count(3) };
        assert_eq!(rrule_text(&form, first, tz), Err(RecurrenceError::Interval));
        form.interval = 1;
        form.end = End::Count(MAX_OCCURRENCES + 1);
        assert_eq!(rrule_text(&form, first, tz), Err(RecurrenceError::TooMany));
        form.end = End::Until(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        assert_eq!(rrule_text(&form, first, tz), Err(RecurrenceError::UntilBeforeStart));
        assert_eq!(expand("FREQ=DAILY", first, tz, 3600, &[]), Err(RecurrenceError::Unbounded));
        assert_eq!(expand("FREQ=DAILY;UNTIL=20301231T000000Z", first, tz, 3600, &[]), Err(RecurrenceError::TooMany));
        assert!(matches!(expand("FREQ=SOMETIMES;COUNT=2", first, tz, 3600, &[]), Err(RecurrenceError::Invalid(_))));
        // 02:30 on 29 March 2026 does not exist in Rome.
        let gap = local(2026, 3, 29, 2, 30);
        assert_eq!(expand("FREQ=DAILY;COUNT=2", gap, tz, 3600, &[]), Err(RecurrenceError::NonexistentTime(gap)));
    }
}
