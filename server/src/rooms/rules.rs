//! The booking rules that need no I/O: a slot is valid, two slots overlap, a booking respects the institution's
//! notice, horizon and weekly quota, and a meeting may be started now. Times are unix seconds; a slot is the
//! half-open interval `[start, end)`, so back-to-back bookings do not overlap.

/// The longest single booking (an occurrence of a series counts alone).
pub const MAX_DURATION_SECS: i64 = 24 * 3600;
/// The shortest one.
pub const MIN_DURATION_SECS: i64 = 5 * 60;
/// The earliest instant Convene takes in (2000-01-01T00:00:00Z): anything before is a mistake or a probe.
pub const EARLIEST: i64 = 946_684_800;
/// How far ahead an instant may lie (ten years): further is a mistake or a probe, whatever the booking window.
pub const LATEST_AHEAD_SECS: i64 = 3_653 * 86_400;
/// The calendar years a date may name (a bound before any arithmetic on it).
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2200;

/// Whether an instant that came in from outside is within the range Convene works with.
pub fn sane_instant(now: i64, t: i64) -> bool {
    (EARLIEST..=now.saturating_add(LATEST_AHEAD_SECS)).contains(&t)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub start: i64,
    pub end: i64,
}

impl Slot {
    pub fn secs(self) -> i64 {
        self.end - self.start
    }

    pub fn overlaps(self, other: Slot) -> bool {
        self.start < other.end && other.start < self.end
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotProblem {
    /// The end is not after the start.
    EndNotAfterStart,
    TooShort,
    TooLong,
}

pub fn check_slot(slot: Slot) -> Result<(), SlotProblem> {
    if slot.end <= slot.start {
        Err(SlotProblem::EndNotAfterStart)
    } else if slot.secs() < MIN_DURATION_SECS {
        Err(SlotProblem::TooShort)
    } else if slot.secs() > MAX_DURATION_SECS {
        Err(SlotProblem::TooLong)
    } else {
        Ok(())
    }
}

/// The institution's limits on booking (from its booking policy).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quota {
    pub max_hours_per_week: Option<u32>,
    pub max_days_ahead: Option<u32>,
    pub min_notice_minutes: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuotaProblem {
    /// Starts in the past.
    InThePast,
    /// Less notice than required (minutes required).
    TooSoon { minutes: u32 },
    /// Further ahead than allowed (days allowed).
    TooFarAhead { days: u32 },
    /// Over the weekly hours (allowed hours, and by how many minutes it would go over).
    OverWeeklyHours { hours: u32, over_minutes: i64 },
}

/// Checks one slot against the quota. `booked_that_week` is what the person already holds in the week of the slot
/// (seconds), not counting this booking itself when it is being moved.
pub fn check_quota(q: &Quota, now: i64, slot: Slot, booked_that_week: i64) -> Result<(), QuotaProblem> {
    if slot.start < now {
        return Err(QuotaProblem::InThePast);
    }
    if slot.start < now + i64::from(q.min_notice_minutes) * 60 {
        return Err(QuotaProblem::TooSoon { minutes: q.min_notice_minutes });
    }
    if let Some(days) = q.max_days_ahead
        && slot.start > now + i64::from(days) * 86_400
    {
        return Err(QuotaProblem::TooFarAhead { days });
    }
    weekly_hours(q, slot, booked_that_week)
}

fn weekly_hours(q: &Quota, slot: Slot, booked_that_week: i64) -> Result<(), QuotaProblem> {
    if let Some(hours) = q.max_hours_per_week {
        let total = booked_that_week + slot.secs();
        let allowed = i64::from(hours) * 3600;
        if total > allowed {
            return Err(QuotaProblem::OverWeeklyHours { hours, over_minutes: (total - allowed + 59) / 60 });
        }
    }
    Ok(())
}

/// Checks a booking's new times (`old` → `new`) against the quota. A new start is checked as a new booking's
/// (notice, horizon), and one that has begun keeps its start. When only the end moves — a meeting extended, early
/// or late in its window, or a booking made shorter or longer — notice and horizon do not apply (they concern
/// starts), the end must stay after now, and the weekly hours still count.
pub fn check_change(q: &Quota, now: i64, old: Slot, new: Slot, booked_that_week: i64) -> Result<(), QuotaProblem> {
    if new.start != old.start {
        if old.start <= now {
            return Err(QuotaProblem::InThePast);
        }
        return check_quota(q, now, new, booked_that_week);
    }
    if new.end <= now {
        return Err(QuotaProblem::InThePast);
    }
    weekly_hours(q, new, booked_that_week)
}

/// When the meeting of a booking may be started: from `early` minutes before its start to `grace` minutes after its
/// end.
pub fn start_window(slot: Slot, early_minutes: u32, grace_minutes: u32) -> Slot {
    Slot { start: slot.start - i64::from(early_minutes) * 60, end: slot.end + i64::from(grace_minutes) * 60 }
}

pub fn may_start(now: i64, slot: Slot, early_minutes: u32, grace_minutes: u32) -> bool {
    let w = start_window(slot, early_minutes, grace_minutes);
    w.start <= now && now < w.end
}

/// Which of `wanted` collide with `taken`: (the index into `wanted`, the first slot it collides with).
pub fn collisions(wanted: &[Slot], taken: &[Slot]) -> Vec<(usize, Slot)> {
    wanted.iter().enumerate().filter_map(|(i, w)| taken.iter().find(|t| t.overlaps(*w)).map(|t| (i, *t))).collect()
}

/// Seats in use at every moment of `slot` at most: the highest sum of `expected` over overlapping bookings.
pub fn peak_seats(slot: Slot, bookings: &[(Slot, u32)]) -> u32 {
    let mut edges: Vec<(i64, i64)> = Vec::new();
    for (s, seats) in bookings {
        if s.overlaps(slot) {
            edges.push((s.start.max(slot.start), i64::from(*seats)));
            edges.push((s.end.min(slot.end), -i64::from(*seats)));
        }
    }
    // Ends before starts at the same instant: back-to-back bookings do not add up.
    edges.sort_by_key(|(t, d)| (*t, *d));
    let (mut now, mut peak) = (0i64, 0i64);
    for (_, d) in edges {
        now += d;
        peak = peak.max(now);
    }
    u32::try_from(peak).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(start: i64, end: i64) -> Slot {
        Slot { start, end }
    }

    #[test]
    fn slots_are_half_open() {
        assert!(!s(0, 3600).overlaps(s(3600, 7200)), "back to back is fine");
        assert!(s(0, 3601).overlaps(s(3600, 7200)));
        assert!(s(100, 200).overlaps(s(0, 1000)), "inside");
        assert_eq!(check_slot(s(3600, 3600)), Err(SlotProblem::EndNotAfterStart));
        assert_eq!(check_slot(s(3600, 0)), Err(SlotProblem::EndNotAfterStart));
        assert_eq!(check_slot(s(0, 60)), Err(SlotProblem::TooShort));
        assert_eq!(check_slot(s(0, 25 * 3600)), Err(SlotProblem::TooLong));
        assert_eq!(check_slot(s(0, 3600)), Ok(()));
    }

    #[test]
    fn a_begun_booking_only_moves_its_end() {
        let now = 1_000_000;
        let q = Quota { max_hours_per_week: Some(2), max_days_ahead: Some(30), min_notice_minutes: 60 };
        let running = s(now - 1800, now + 1800);
        // Extended by half an hour, with an hour's notice asked for new bookings: allowed.
        assert_eq!(check_change(&q, now, running, s(now - 1800, now + 3600), 0), Ok(()));
        // Ended early: allowed, but not to before now.
        assert_eq!(check_change(&q, now, running, s(now - 1800, now + 60), 0), Ok(()));
        assert_eq!(check_change(&q, now, running, s(now - 1800, now), 0), Err(QuotaProblem::InThePast));
        // Its start stays where it was.
        assert_eq!(check_change(&q, now, running, s(now + 7200, now + 9000), 0), Err(QuotaProblem::InThePast));
        // The weekly hours still count.
        assert_eq!(
            check_change(&q, now, running, s(now - 1800, now + 3600), 3600),
            Err(QuotaProblem::OverWeeklyHours { hours: 2, over_minutes: 30 })
        );
        // Not begun, moved: the rules of a new booking.
        let later = s(now + 600, now + 4200);
        assert_eq!(
            check_change(&q, now, later, s(now + 900, now + 4200), 0),
            Err(QuotaProblem::TooSoon { minutes: 60 })
        );
        // Not begun, only its end moved (a meeting started early and extended): the notice does not apply.
        assert_eq!(check_change(&q, now, later, s(now + 600, now + 6000), 0), Ok(()));
        // Over, in its grace period: extended from now on.
        let over = s(now - 3600, now - 60);
        assert_eq!(check_change(&q, now, over, s(now - 3600, now + 840), 0), Ok(()));
    }

    #[test]
    fn quota_rules() {
        let now = 1_000_000;
        let q = Quota { max_hours_per_week: Some(4), max_days_ahead: Some(30), min_notice_minutes: 60 };
        assert_eq!(check_quota(&q, now, s(now - 10, now + 3600), 0), Err(QuotaProblem::InThePast));
        assert_eq!(check_quota(&q, now, s(now + 600, now + 4200), 0), Err(QuotaProblem::TooSoon { minutes: 60 }));
        let far = now + 31 * 86_400;
        assert_eq!(check_quota(&q, now, s(far, far + 3600), 0), Err(QuotaProblem::TooFarAhead { days: 30 }));
        let ok = s(now + 7200, now + 7200 + 3600);
        assert_eq!(check_quota(&q, now, ok, 3 * 3600), Ok(()), "exactly four hours");
        assert_eq!(
            check_quota(&q, now, ok, 3 * 3600 + 90),
            Err(QuotaProblem::OverWeeklyHours { hours: 4, over_minutes: 2 })
        );
        assert_eq!(check_quota(&Quota::default(), now, s(now + 1, now + 3600), 1 << 40), Ok(()));
    }

    #[test]
    fn start_window_includes_early_start_and_grace() {
        let slot = s(10_000, 13_600);
        assert!(!may_start(10_000 - 15 * 60 - 1, slot, 15, 10));
        assert!(may_start(10_000 - 15 * 60, slot, 15, 10));
        assert!(may_start(13_600 + 10 * 60 - 1, slot, 15, 10));
        assert!(!may_start(13_600 + 10 * 60, slot, 15, 10));
    }

    #[test]
    fn seats_peak_where_bookings_overlap() {
        let b = [(s(0, 100), 10), (s(50, 150), 20), (s(100, 200), 5)];
        assert_eq!(peak_seats(s(0, 200), &b), 30);
        assert_eq!(peak_seats(s(100, 200), &b), 25);
        assert_eq!(peak_seats(s(150, 200), &b), 5);
        assert_eq!(peak_seats(s(300, 400), &b), 0);
    }

    proptest! {
        #[test]
        fn collisions_are_exactly_the_overlaps(
            wanted in prop::collection::vec((0i64..1000, 1i64..200), 0..20),
            taken in prop::collection::vec((0i64..1000, 1i64..300), 0..20),
        ) {
            let wanted: Vec<Slot> = wanted.into_iter().map(|(a, d)| s(a, a + d)).collect();
            let taken: Vec<Slot> = taken.into_iter().map(|(a, d)| s(a, a + d)).collect();
            // Overlap by the definition: some instant belongs to both.
            let shares_an_instant = |a: Slot, b: Slot| (a.start..a.end).any(|t| b.start <= t && t < b.end);
            let found: Vec<usize> = collisions(&wanted, &taken).into_iter().map(|(i, _)| i).collect();
            let expected: Vec<usize> =
                (0..wanted.len()).filter(|i| taken.iter().any(|t| shares_an_instant(wanted[*i], *t))).collect();
            prop_assert_eq!(found, expected);
            for (i, t) in collisions(&wanted, &taken) {
                prop_assert!(t.overlaps(wanted[i]));
            }
        }
    }

    #[test]
    fn instants_outside_the_working_range_are_refused() {
        let now = 1_796_000_000;
        assert!(sane_instant(now, now));
        assert!(sane_instant(now, EARLIEST));
        assert!(!sane_instant(now, EARLIEST - 1));
        assert!(!sane_instant(now, 0) && !sane_instant(now, -5));
        assert!(!sane_instant(now, 9_223_372_036_854_775_000) && !sane_instant(now, i64::MAX));
        assert!(sane_instant(now, now + LATEST_AHEAD_SECS) && !sane_instant(now, now + LATEST_AHEAD_SECS + 1));
    }
}
