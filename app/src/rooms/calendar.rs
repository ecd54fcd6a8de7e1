//! What every calendar of Convene shares (a room's, "My bookings"): the layout rules, pure and tested natively —
//! which lane a booking takes beside those it overlaps, where it sits in its day, where the "now" line is, the
//! weekday of a date, the weeks of the mini month — and the frame drawn from them: hour labels, day headers in the
//! page's language, today marked, the "now" line.

use super::DayView;
use crate::i18n::{Lang, T};
use crate::session::use_lang;
use leptos::prelude::*;

/// For each span `(start, end)`, its lane and the number of lanes of the group of spans it overlaps (directly or
/// through others), so overlapping bookings stand side by side and each stays readable. Lanes are given in start
/// order, each span to the first lane free at its start.
pub fn lanes(spans: &[(i64, i64)]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].0, std::cmp::Reverse(spans[i].1)));
    let mut out = vec![(0, 1); spans.len()];
    // The group being laid out: its members, the end of each lane, and the group's latest end.
    let mut group: Vec<usize> = Vec::new();
    let mut lane_ends: Vec<i64> = Vec::new();
    let mut group_end = i64::MIN;
    let close = |group: &mut Vec<usize>, lane_ends: &mut Vec<i64>, out: &mut Vec<(usize, usize)>| {
        for &i in group.iter() {
            out[i].1 = lane_ends.len().max(1);
        }
        group.clear();
        lane_ends.clear();
    };
    for i in order {
        let (start, end) = spans[i];
        let end = end.max(start + 1);
        if !group.is_empty() && start >= group_end {
            close(&mut group, &mut lane_ends, &mut out);
        }
        let lane = match lane_ends.iter().position(|&e| e <= start) {
            Some(l) => {
                lane_ends[l] = end;
                l
            }
            None => {
                lane_ends.push(end);
                lane_ends.len() - 1
            }
        };
        out[i].0 = lane;
        group.push(i);
        group_end = if group.len() == 1 { end } else { group_end.max(end) };
    }
    close(&mut group, &mut lane_ends, &mut out);
    out
}

/// The items of `items` that meet `day`, each with its lane (see [`lanes`]); `span` gives an item's start and end.
pub fn of_day<B: Clone>(items: &[B], day: &DayView, span: impl Fn(&B) -> (i64, i64)) -> Vec<(B, (usize, usize))> {
    let todays: Vec<B> = items
        .iter()
        .filter(|b| {
            let (s, e) = span(b);
            s < day.ends_at && e > day.starts_at
        })
        .cloned()
        .collect();
    let placed = lanes(&todays.iter().map(&span).collect::<Vec<_>>());
    todays.into_iter().zip(placed).collect()
}

/// Seconds of wall-clock time from the day's local midnight to the instant `t`: what the hour labels measure. On a
/// clock-change day the hours after the change follow the new offset, so a 23- or 25-hour day still spans 24
/// labelled hours (the skipped hour stays empty; the two repeated hours share one labelled hour, so bookings in
/// the second are drawn over those of the first — once a year, at night).
pub fn wall_secs(day: &DayView, t: i64) -> i64 {
    let offset = match day.change {
        Some((when, after)) if t >= when => after,
        _ => day.offset,
    };
    t + i64::from(offset) - day.starts_at - i64::from(day.offset)
}

/// The instant at `w` seconds of wall-clock time into the day (the inverse of [`wall_secs`]): in a repeated hour
/// the first of the two, in a skipped hour the moment of the change.
pub fn instant_at_wall(day: &DayView, w: i64) -> i64 {
    let before = day.starts_at + w;
    let Some((when, after)) = day.change else { return before };
    if before < when {
        return before;
    }
    let later = day.starts_at + w + i64::from(day.offset) - i64::from(after);
    if later >= when { later } else { when }
}

/// Where a span sits in its day column (CSS percentages of the day's 24 labelled hours), in lane `lane` of `of`.
pub fn block_style(day: &DayView, starts_at: i64, ends_at: i64, (lane, of): (usize, usize)) -> String {
    let pct = |t: i64| (wall_secs(day, t) as f64 / 86_400.0 * 100.0).clamp(0.0, 100.0);
    let top = pct(starts_at.max(day.starts_at));
    let bottom = pct(ends_at.min(day.ends_at));
    let mut style = format!("top:{top:.3}%;height:{:.3}%", (bottom - top).max(1.0));
    if of > 1 {
        let width = 100.0 / of as f64;
        style.push_str(&format!(";left:{:.3}%;width:{width:.3}%", width * lane as f64));
    }
    style
}

/// Where the "now" line is in a day column (percent from the top), if now is within that day.
pub fn now_at(day: &DayView, now: i64) -> Option<f64> {
    (now >= day.starts_at && now < day.ends_at).then(|| (wall_secs(day, now) as f64 / 86_400.0 * 100.0).min(100.0))
}

/// `(year, month, day)` of a `YYYY-MM-DD` date.
pub fn parse_date(date: &str) -> Option<(i32, u32, u32)> {
    let mut parts = date.splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The weekday of a `YYYY-MM-DD` date: 1 Monday … 7 Sunday.
pub fn weekday(date: &str) -> Option<u32> {
    let (y, m, d) = parse_date(date)?;
    // 1970-01-01 was a Thursday.
    Some((days_from_civil(y, m, d) + 3).rem_euclid(7) as u32 + 1)
}

/// The first day of the month `delta` months from the one of `(y, m)`, as `YYYY-MM-DD`.
pub fn month_start(y: i32, m: u32, delta: i32) -> String {
    let idx = y * 12 + m as i32 - 1 + delta;
    format!("{:04}-{:02}-01", idx.div_euclid(12), idx.rem_euclid(12) + 1)
}

/// The weeks (Monday first) of the month of `date`: each day as `Some(YYYY-MM-DD)`, blanks before the 1st and
/// after the last as `None`.
pub fn month_weeks(date: &str) -> Vec<[Option<String>; 7]> {
    let Some((y, m, _)) = parse_date(date) else { return Vec::new() };
    let first = weekday(&format!("{y:04}-{m:02}-01")).unwrap_or(1) as usize - 1;
    let cells: Vec<Option<String>> = std::iter::repeat_n(None, first)
        .chain((1..=days_in_month(y, m)).map(|d| Some(format!("{y:04}-{m:02}-{d:02}"))))
        .collect();
    cells.chunks(7).map(|week| std::array::from_fn(|i| week.get(i).cloned().flatten())).collect()
}

/// "Mon 23" in the page's language, and the full date ("Monday 23 November 2026") for screen readers and titles.
pub fn day_labels(lang: Lang, date: &str) -> (String, String) {
    let (Some((y, m, d)), Some(wd)) = (parse_date(date), weekday(date)) else {
        return (date.to_owned(), date.to_owned());
    };
    let short = T::CalWeekdayShort.with(lang, &[("day", wd.into())]);
    let long = T::CalDateLong
        .with(lang, &[("weekday", wd.into()), ("day", d.into()), ("month", m.into()), ("year", y.to_string().into())]);
    (format!("{short} {d}"), long)
}

/// The parts every calendar page is drawn from.
#[derive(Clone)]
pub struct Frame {
    /// day | week | month
    pub mode: String,
    pub days: Vec<DayView>,
    /// Unix seconds of the page's reading, and today's date in the viewer's zone.
    pub now: i64,
    pub today: String,
    /// The page the calendar is on (`/rooms/7`, `/bookings`): day headers link to its day view.
    pub base: String,
}

/// A calendar: the hour labels beside the day columns (day and week views), a header per day — weekday and date in
/// the page's language, a link to that day, today marked — and the column `column` draws for each day, with the
/// "now" line over today's. Columns share one height, so rows line up across days whatever they hold. The day and
/// week views scroll within their frame (the page scrolls them to working hours once it runs).
pub fn frame(f: Frame, id: &'static str, column: impl Fn(&DayView) -> AnyView) -> impl IntoView {
    let lang = use_lang();
    let timed = f.mode != "month";
    view! {
        <div class=format!("cal-frame cal-frame-{}", f.mode)>
            <div class=format!("calendar view-{}", f.mode) id=id>
                {timed.then(|| view! {
                    <div class="cal-hours" aria-hidden="true">
                        <div class="cal-corner"></div>
                        <ol>{(0..24).map(|h| view! { <li>{format!("{h:02}:00")}</li> }).collect_view()}</ol>
                    </div>
                })}
                {f.days.iter().map(|d| {
                    let today = d.date == f.today;
                    let (short, long) = day_labels(lang, &d.date);
                    let aria = long.clone();
                    let now_line = now_at(d, f.now).filter(|_| timed).map(|top| view! {
                        <div class="cal-now" style=format!("top:{top:.3}%") aria-hidden="true"></div>
                    });
                    view! {
                        <section class=if today { "cal-day today" } else { "cal-day" } aria-label=aria
                            data-day=d.date.clone() data-start=d.starts_at data-end=d.ends_at>
                            <h2 class="cal-date">
                                <a href=format!("{}?view=day&from={}", f.base, d.date) title=long
                                    aria-current=today.then_some("date")>{short}</a>
                            </h2>
                            <div class="cal-col">{now_line}{column(d)}</div>
                        </section>
                    }
                }).collect_view()}
            </div>
        </div>
    }
}

/// The month of the page's first day as a small table of links (to the same view at that date), with the
/// previous and next months; the days shown are marked, today too. Works without JavaScript (a `details`).
#[component]
pub fn MiniMonth(base: String, mode: String, from: String, today: String, shown: Vec<String>) -> impl IntoView {
    let lang = use_lang();
    let Some((y, m, _)) = parse_date(&from) else { return ().into_any() };
    let title = format!("{} {y}", T::CalMonthName.with(lang, &[("month", m.into())]));
    let link = move |date: &str| format!("{base}?view={mode}&from={date}");
    view! {
        <details class="mini-month">
            <summary>{T::CalJump.in_lang(lang)}</summary>
            <div class="mini-month-box">
                <div class="mini-month-head">
                    <a href=link(&month_start(y, m, -1)) aria-label=T::CalPrevMonth.in_lang(lang)>"‹"</a>
                    <strong>{title.clone()}</strong>
                    <a href=link(&month_start(y, m, 1)) aria-label=T::CalNextMonth.in_lang(lang)>"›"</a>
                </div>
                <table>
                    <caption class="sr-only">{title}</caption>
                    <thead><tr>{(1..=7u32).map(|wd| view! {
                        <th scope="col"><abbr title=T::CalWeekdayLong.with(lang, &[("weekday", wd.into())])>
                            {T::CalWeekdayShort.with(lang, &[("day", wd.into())])}
                        </abbr></th>
                    }).collect_view()}</tr></thead>
                    <tbody>{month_weeks(&from).into_iter().map(|week| view! {
                        <tr>{week.into_iter().map(|cell| match cell {
                            None => view! { <td></td> }.into_any(),
                            Some(date) => {
                                let day = date.rsplit('-').next().unwrap_or("").trim_start_matches('0').to_owned();
                                let mut class = String::new();
                                if shown.contains(&date) { class.push_str("shown "); }
                                if date == today { class.push_str("today"); }
                                view! { <td><a href=link(&date) class=class
                                    aria-current=(date == today).then_some("date")>{day}</a></td> }.into_any()
                            }
                        }).collect_view()}</tr>
                    }).collect_view()}</tbody>
                </table>
                <a class="small" href=link(&today)>{T::CalToday.in_lang(lang)}</a>
            </div>
        </details>
    }
    .into_any()
}

/// After the page runs: day and week views scroll to working hours (or to now, if now is outside them), and the
/// keyboard moves through the calendar — ← → between days, PageUp / PageDown to the previous or next page, T to
/// today. Before hydration the calendar is all there, from midnight, and every part is a link.
#[island]
pub fn CalendarKeys() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| browser::start());
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;

    /// The hour working time starts at, shown first.
    const FIRST_HOUR: f64 = 7.5;

    pub fn start() {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        // One calendar per page.
        if let Some(frame) = doc
            .query_selector(".cal-frame-day, .cal-frame-week")
            .ok()
            .flatten()
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let column = frame.query_selector(".cal-col").ok().flatten();
            let height = column.map_or(0.0, |c| c.get_bounding_client_rect().height());
            // Now, when it is shown and outside working hours; else the start of working hours.
            let now_top = frame
                .query_selector(".cal-now")
                .ok()
                .flatten()
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
                .map(|n| f64::from(n.offset_top()));
            let work = height * FIRST_HOUR / 24.0;
            let target = match now_top {
                Some(t) if t < work || t > height * 18.0 / 24.0 => t - height / 24.0,
                _ => work,
            };
            frame.set_scroll_top(target.max(0.0) as i32);
        }
        let on_key = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(key);
        let _ = doc.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
        on_key.forget();
    }

    fn key(ev: web_sys::KeyboardEvent) {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        // Never while someone types.
        if target
            .as_ref()
            .is_some_and(|t| t.closest("input, textarea, select, [contenteditable]").ok().flatten().is_some())
        {
            return;
        }
        let click = |selector: &str| {
            if let Some(a) =
                doc.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                a.click();
                true
            } else {
                false
            }
        };
        let done = match ev.key().as_str() {
            "PageUp" => click(".cal-nav a[rel=prev]"),
            "PageDown" => click(".cal-nav a[rel=next]"),
            "t" | "T" => click(".mini-month-box > a"),
            k @ ("ArrowLeft" | "ArrowRight") => {
                // Between the day headers, when the focus is in the calendar.
                let Some(t) = target else { return };
                let Some(day) = t.closest(".cal-day").ok().flatten() else { return };
                let sibling =
                    if k == "ArrowLeft" { day.previous_element_sibling() } else { day.next_element_sibling() };
                match sibling
                    .filter(|s| s.class_list().contains("cal-day"))
                    .and_then(|s| s.query_selector(".cal-date a").ok().flatten())
                    .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    Some(a) => a.focus().is_ok(),
                    None => false,
                }
            }
            _ => false,
        };
        if done {
            ev.prevent_default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 29 March 2026 in Rome (23 hours: 02:00 skipped) and 25 October 2026 (25 hours: 02:00–03:00 twice).
    fn clock_change_days() -> (DayView, DayView) {
        let spring = DayView {
            date: "2026-03-29".into(),
            starts_at: 1_774_738_800,
            ends_at: 1_774_738_800 + 23 * 3600,
            offset: 3600,
            change: Some((1_774_746_000, 7200)),
        };
        let autumn = DayView {
            date: "2026-10-25".into(),
            starts_at: 1_792_879_200,
            ends_at: 1_792_879_200 + 25 * 3600,
            offset: 7200,
            change: Some((1_792_890_000, 3600)),
        };
        (spring, autumn)
    }

    #[test]
    fn on_clock_change_days_blocks_sit_at_their_labelled_hours() {
        let (spring, autumn) = clock_change_days();
        // Noon to one, local, sits at 12:00 whatever the day's length: 11 hours after midnight in spring, 13 in
        // autumn.
        let noon = |d: &DayView, elapsed: i64| {
            block_style(d, d.starts_at + elapsed * 3600, d.starts_at + (elapsed + 1) * 3600, (0, 1))
        };
        assert_eq!(noon(&spring, 11), "top:50.000%;height:4.167%");
        assert_eq!(noon(&autumn, 13), "top:50.000%;height:4.167%");
        // A whole day fills the column; the now line at 18:00 local is three quarters down.
        assert_eq!(block_style(&autumn, autumn.starts_at, autumn.ends_at, (0, 1)), "top:0.000%;height:100.000%");
        assert_eq!(now_at(&spring, spring.starts_at + 17 * 3600), Some(75.0));
        // Wall time and instant are each other's inverse, outside the skipped hour; a repeated hour gives its
        // first instant; the skipped hour the change.
        for d in [&spring, &autumn] {
            for h in [0, 1, 4, 12, 23] {
                assert_eq!(wall_secs(d, instant_at_wall(d, h * 3600)), h * 3600, "{} {h}", d.date);
            }
        }
        assert_eq!(instant_at_wall(&spring, 2 * 3600 + 1800), spring.change.unwrap().0);
        assert_eq!(instant_at_wall(&autumn, 2 * 3600 + 1800), autumn.starts_at + 2 * 3600 + 1800);
        // Sweeping the column's middle on such a day fills 12:00 in the form, as the label says.
        let (s, _) = super::super::drag::selection(&autumn, 0.5, 0.5);
        assert_eq!(super::super::drag::hhmm(&autumn, s), "12:00");
    }

    #[test]
    fn overlapping_spans_stand_side_by_side() {
        // a 9–11, b 10–12 overlap; c 11–13 overlaps b only; d 14–15 is alone.
        let spans = [(9, 11), (10, 12), (11, 13), (14, 15)];
        assert_eq!(lanes(&spans), vec![(0, 2), (1, 2), (0, 2), (0, 1)]);
        // three at once
        assert_eq!(lanes(&[(1, 5), (2, 3), (2, 4)]), vec![(0, 3), (2, 3), (1, 3)]);
        // back to back is not overlapping
        assert_eq!(lanes(&[(1, 2), (2, 3)]), vec![(0, 1), (0, 1)]);
        assert!(lanes(&[]).is_empty());
    }

    #[test]
    fn blocks_sit_in_their_lane_within_their_day() {
        let day = DayView { date: "2026-11-23".into(), starts_at: 0, ends_at: 86_400, offset: 0, change: None };
        assert_eq!(block_style(&day, 36_000, 39_600, (0, 1)), "top:41.667%;height:4.167%");
        // runs past midnight: cut at the end of the day
        assert_eq!(block_style(&day, 36_000, 90_000, (0, 1)), "top:41.667%;height:58.333%");
        assert_eq!(block_style(&day, 36_000, 39_600, (1, 2)), "top:41.667%;height:4.167%;left:50.000%;width:50.000%");
        assert_eq!(now_at(&day, 43_200), Some(50.0));
        assert_eq!(now_at(&day, 86_400), None);
    }

    #[test]
    fn dates_know_their_weekday_and_month() {
        assert_eq!(weekday("2026-11-23"), Some(1));
        assert_eq!(weekday("2026-11-29"), Some(7));
        assert_eq!(weekday("2000-02-29"), Some(2));
        assert_eq!(weekday("2026-02-29"), None);
        assert_eq!(weekday("nonsense"), None);
        assert_eq!(month_start(2026, 12, 1), "2027-01-01");
        assert_eq!(month_start(2026, 1, -1), "2025-12-01");
        let weeks = month_weeks("2026-11-23");
        // November 2026 starts on a Sunday: six blanks, then the 1st; five full weeks after it.
        assert_eq!(weeks.len(), 6);
        assert_eq!(weeks[0][5], None);
        assert_eq!(weeks[0][6].as_deref(), Some("2026-11-01"));
        assert_eq!(weeks[5][0].as_deref(), Some("2026-11-30"));
        assert_eq!(weeks[5][1], None);
    }

    #[test]
    fn day_headers_speak_the_pages_language() {
        assert_eq!(day_labels(Lang::En, "2026-11-23").0, "Mon 23");
        assert_eq!(day_labels(Lang::It, "2026-11-23").0, "lun 23");
        assert_eq!(day_labels(Lang::Ru, "2026-11-23").1, "понедельник, 23 ноября 2026");
        assert_eq!(day_labels(Lang::PtBr, "2026-11-29").1, "domingo, 29 de novembro de 2026");
        assert_eq!(day_labels(Lang::En, "2026-11-23").1, "Monday, November 23, 2026");
    }
}
