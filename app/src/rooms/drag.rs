//! Pointer arithmetic of the calendar (pure, so it is tested natively): where on a day column a pointer is, in
//! seconds snapped to a quarter of an hour, and the local wall time of a moment of that day.

use super::DayView;

/// Drag steps (seconds).
pub const SNAP: i64 = 15 * 60;

/// The moment at `frac` (0 = top, 1 = bottom) of the day column, rounded down to the snap.
pub fn at_fraction(day: &DayView, frac: f64) -> i64 {
    // The column is 24 labelled hours whatever the day's length: a fraction is a wall-clock time.
    let raw = (frac.clamp(0.0, 1.0) * 86_400.0) as i64;
    super::calendar::instant_at_wall(day, raw / SNAP * SNAP).min(day.ends_at)
}

/// The slot swept from `f0` to `f1` (either order): at least one snap long, inside the day.
pub fn selection(day: &DayView, f0: f64, f1: f64) -> (i64, i64) {
    let (a, b) = if f0 <= f1 { (f0, f1) } else { (f1, f0) };
    let start = at_fraction(day, a).min(day.ends_at - SNAP);
    let end = (at_fraction(day, b) + SNAP).clamp(start + SNAP, day.ends_at);
    (start, end)
}

/// A vertical drag of `delta_frac` of the column, in seconds snapped to the step.
pub fn shift(_day: &DayView, delta_frac: f64) -> i64 {
    ((delta_frac * 86_400.0) / SNAP as f64).round() as i64 * SNAP
}

/// Where a booking goes when dragged by `delta` seconds of the column's wall-clock hours: moved (same length), or
/// its end moved (`resize`, at least one step long). On a clock-change day a drag to a label lands at that label.
pub fn moved(day: &DayView, (starts_at, ends_at): (i64, i64), delta: i64, resize: bool) -> (i64, i64) {
    use super::calendar::{instant_at_wall, wall_secs};
    if resize {
        (starts_at, instant_at_wall(day, wall_secs(day, ends_at) + delta).max(starts_at + SNAP))
    } else {
        let start = instant_at_wall(day, wall_secs(day, starts_at) + delta);
        (start, start + (ends_at - starts_at))
    }
}

/// `HH:MM` wall time of a moment of the day, in the viewer's zone: on a clock-change day the hours after the
/// change follow the new offset (a 23- or 25-hour day still reads 00:00 to 23:59).
pub fn hhmm(day: &DayView, at: i64) -> String {
    let offset = match day.change {
        Some((when, after)) if at >= when => after,
        _ => day.offset,
    };
    let secs = (at + i64::from(offset) - day.starts_at - i64::from(day.offset)).clamp(0, 24 * 3600 - 60);
    format!("{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> DayView {
        DayView {
            date: "2026-11-23".into(),
            starts_at: 1_000_000,
            ends_at: 1_000_000 + 86_400,
            offset: 3600,
            change: None,
        }
    }

    #[test]
    fn wall_times_follow_the_clock_change() {
        // 29 March 2026 in Rome: midnight is 23:00 UTC the day before (+01:00); at 01:00 UTC clocks go to +02:00.
        let midnight = 1_774_738_800; // 2026-03-28T23:00:00Z
        let change = 1_774_746_000; // 2026-03-29T01:00:00Z
        let spring = DayView {
            date: "2026-03-29".into(),
            starts_at: midnight,
            ends_at: midnight + 23 * 3600,
            offset: 3600,
            change: Some((change, 7200)),
        };
        assert_eq!(hhmm(&spring, midnight + 3600), "01:00");
        assert_eq!(hhmm(&spring, change), "03:00", "02:00 is skipped");
        assert_eq!(hhmm(&spring, change + 8 * 3600), "11:00");
        // 25 October 2026: clocks go back at 01:00 UTC (03:00 → 02:00).
        let midnight = 1_792_879_200; // 2026-10-24T22:00:00Z
        let back = 1_792_890_000; // 2026-10-25T01:00:00Z
        let autumn = DayView {
            date: "2026-10-25".into(),
            starts_at: midnight,
            ends_at: midnight + 25 * 3600,
            offset: 7200,
            change: Some((back, 3600)),
        };
        assert_eq!(hhmm(&autumn, back - 60), "02:59");
        assert_eq!(hhmm(&autumn, back), "02:00");
        assert_eq!(hhmm(&autumn, back + 8 * 3600), "10:00");
        assert_eq!(hhmm(&autumn, autumn.ends_at - 60), "23:59");
    }

    #[test]
    fn selections_snap_to_quarter_hours() {
        let d = day();
        // 10:07 to 11:20 → 10:00 to 11:30
        let (s, e) = selection(&d, 10.12 / 24.0, 11.34 / 24.0);
        assert_eq!((hhmm(&d, s), hhmm(&d, e)), ("10:00".to_owned(), "11:30".to_owned()));
        // upwards drag, and a click without movement gives a quarter hour
        let (s, e) = selection(&d, 11.34 / 24.0, 10.12 / 24.0);
        assert_eq!((hhmm(&d, s), hhmm(&d, e)), ("10:00".to_owned(), "11:30".to_owned()));
        let (s, e) = selection(&d, 0.5, 0.5);
        assert_eq!((hhmm(&d, s), e - s), ("12:00".to_owned(), SNAP));
        // the end of the day
        let (s, e) = selection(&d, 0.999, 1.2);
        assert_eq!((e, e - s), (d.ends_at, SNAP));
    }

    #[test]
    fn drags_land_at_the_label_on_clock_change_days() {
        // 29 March 2026 in Rome: a booking of the real hour from 01:00 (it ends at 03:00 on the wall: 02:00 is
        // skipped) dragged down four labelled hours starts at 05:00 and keeps its hour; its end dragged one label
        // down, to 04:00, makes it two real hours.
        let midnight = 1_774_738_800;
        let spring = DayView {
            date: "2026-03-29".into(),
            starts_at: midnight,
            ends_at: midnight + 23 * 3600,
            offset: 3600,
            change: Some((1_774_746_000, 7200)),
        };
        let b = (midnight + 3600, midnight + 2 * 3600);
        let (s, e) = moved(&spring, b, 4 * 3600, false);
        assert_eq!((hhmm(&spring, s), e - s), ("05:00".to_owned(), 3600));
        assert_eq!(hhmm(&spring, b.1), "03:00");
        let (s, e) = moved(&spring, b, 3600, true);
        assert_eq!((hhmm(&spring, s), hhmm(&spring, e), e - s), ("01:00".to_owned(), "04:00".to_owned(), 2 * 3600));
        // An ordinary day: the same as adding the seconds.
        let d = day();
        assert_eq!(
            moved(&d, (d.starts_at + 3600, d.starts_at + 7200), 900, false),
            (d.starts_at + 4500, d.starts_at + 8100)
        );
    }

    #[test]
    fn moves_are_whole_steps() {
        let d = day();
        assert_eq!(shift(&d, 1.0 / 24.0), 3600);
        assert_eq!(shift(&d, -0.3 / 24.0), -900);
        assert_eq!(shift(&d, 0.1 / 24.0), 0);
    }
}
