//! The rooms port: rooms of the viewer's institutions, their calendars in the viewer's time zone, and bookings —
//! validated, checked against the institution's policy and quotas and the pool's capacity, recurring series
//! expanded with their collisions listed, and the no-overlap rule left to the database, which alone can keep it
//! under concurrency.

use async_trait::async_trait;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;

use app::error::{AppError, ConflictKind, Problem};
use app::rooms::port::RoomsPort;
use app::rooms::{
    BookingForm, BookingOutcome, BookingView, CalendarView, Collision, CreatedGuestLink, DayView, GuestLinkForm,
    GuestLinkView, GuestRoomView, InviteesChange, InviteesOutcome, MeetingState, PendingView, PolicyForm, PolicyView,
    RoomForm, RoomView,
};
use app::session::{CurrentUser, Role};
use app::validate;

use super::recurrence::{self, End, Frequency, RecurrenceError, RuleForm};
use super::rules::{self, Quota, QuotaProblem, Slot, SlotProblem};
use crate::clock::SharedClock;
use crate::db::bookings::{
    self as rows, BookingRow, BookingStatus, CapacityPolicy, GuestPolicy, PolicyRow, RoomRow, Visibility,
};
use crate::db::{self, Db, DbError};
use crate::internal;

/// Bookings of a room a page has already read, and the span they cover (so what falls inside is not read again).
struct Read<'a> {
    from: i64,
    to: i64,
    rows: &'a [BookingRow],
}

pub struct RoomsService {
    pub db: Db,
    pub clock: SharedClock,
    /// Rooms' meetings: started, reached, ended.
    pub meetings: crate::meetings::lifecycle::Meetings,
    /// Where conference servers call back (meeting ended) and where guest links point.
    pub public_url: url::Url,
    /// Guest joins per link (slows down guessing an access code).
    pub guest_limiter: governor::DefaultKeyedRateLimiter<i64>,
    /// Invitations, reminders, decisions and cancellations by e-mail.
    pub mail: std::sync::Arc<crate::mail::sender::Mailer>,
}

/// Guest-join attempts per link: a burst of 10, then one every 6 seconds.
pub fn guest_limiter() -> governor::DefaultKeyedRateLimiter<i64> {
    let quota = governor::Quota::with_period(std::time::Duration::from_secs(6))
        .unwrap_or_else(|| governor::Quota::per_minute(std::num::NonZeroU32::MIN))
        .allow_burst(std::num::NonZeroU32::new(10).unwrap_or(std::num::NonZeroU32::MIN));
    governor::RateLimiter::keyed(quota)
}

/// A room form, checked.
pub(crate) struct RoomFields {
    pub name: String,
    pub description: String,
    pub capacity: i64,
    pub visibility: &'static str,
    pub guest_policy: &'static str,
    /// None: no code (or, when editing, keep the current one).
    pub access_code: Option<String>,
    pub welcome: String,
    pub mute_on_start: bool,
    pub record_wanted: bool,
}

pub(crate) fn room_fields(f: &RoomForm) -> Result<RoomFields, AppError> {
    let name = validate::text("name", &f.name, 1, 120)?;
    let description = multiline("description", &f.description, 2000)?;
    let capacity = validate::number("capacity", &f.capacity, 2.0, 10_000.0)? as i64;
    let visibility = match f.visibility.trim() {
        "" | "institution" => "institution",
        "public" => "public",
        _ => return Err(AppError::invalid("visibility", Problem::Format)),
    };
    let guest_policy = match f.guest_policy.trim() {
        "" | "ask" => "ask",
        "open" => "open",
        "none" => "none",
        _ => return Err(AppError::invalid("guest_policy", Problem::Format)),
    };
    let code = f.access_code.trim();
    let access_code = if code.is_empty() {
        None
    } else if (4..=32).contains(&code.chars().count()) && code.chars().all(|c| c.is_ascii_alphanumeric()) {
        Some(code.to_owned())
    } else {
        return Err(AppError::invalid("access_code", Problem::Format));
    };
    let welcome = multiline("welcome", &f.welcome, 2000)?;
    Ok(RoomFields {
        name,
        description,
        capacity,
        visibility,
        guest_policy,
        access_code,
        welcome,
        mute_on_start: f.mute_on_start.is_some(),
        record_wanted: f.record_allowed.is_some(),
    })
}

/// What a person may do in an institution beyond seeing its rooms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Right {
    Book,
    Record,
    PersonalRoom,
}

/// Whether membership `m` gives `right` under the institution's `policy`: what the sign-in rule that gave the
/// membership said, else what the policy lets the role do.
pub(crate) fn may(m: &app::session::Membership, right: Right, policy: &PolicyRow) -> bool {
    let (own, lowest) = match right {
        Right::Book => (m.rights.book, &policy.book_role),
        Right::Record => (m.rights.record, &policy.record_role),
        Right::PersonalRoom => (m.rights.personal_room, &policy.personal_room_role),
    };
    own.unwrap_or_else(|| reaches(m.role, lowest))
}

/// Whether `actor` has `right` in `institution_id` (operators may record anywhere; nothing else comes with being
/// an operator).
pub(crate) fn actor_may(actor: &CurrentUser, institution_id: i64, right: Right, policy: &PolicyRow) -> bool {
    (right == Right::Record && actor.is_operator)
        || actor.membership_in(institution_id).is_some_and(|m| may(m, right, policy))
}

/// Does `role` reach the lowest role a policy names (`admin`, `member`, `guest`, `none`)?
pub(crate) fn reaches(role: Role, lowest: &str) -> bool {
    match lowest {
        "guest" => true,
        "member" => matches!(role, Role::Admin | Role::Member),
        "admin" => role == Role::Admin,
        _ => false,
    }
}

pub(crate) fn db_err(e: DbError) -> AppError {
    match e {
        DbError::NotFound => AppError::NotFound,
        DbError::Overlap => AppError::Conflict(ConflictKind::BookingOverlap),
        DbError::Contention(e) => {
            tracing::info!(error = %e, "transaction contention");
            AppError::Conflict(ConflictKind::Busy)
        }
        other => internal(other),
    }
}

fn meeting_err(e: crate::meetings::room::RoomMeetingError) -> AppError {
    use crate::meetings::lifecycle::MeetingError;
    use crate::meetings::room::RoomMeetingError;
    match e {
        RoomMeetingError::NoServer => AppError::Conflict(ConflictKind::NoServer),
        RoomMeetingError::Lifecycle(MeetingError::Db(e)) => db_err(e),
        RoomMeetingError::Lifecycle(e) => internal(e),
    }
}

pub(crate) fn multiline(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(AppError::invalid(field, Problem::TooLong { max: max as u32 }));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(AppError::invalid(field, Problem::Format));
    }
    Ok(v.replace("\r\n", "\n"))
}

pub(crate) fn parse_date(field: &str, v: &str) -> Result<NaiveDate, AppError> {
    use chrono::Datelike;
    let d = NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| AppError::invalid(field, Problem::Format))?;
    if !rules::YEARS.contains(&d.year()) {
        return Err(AppError::invalid(field, Problem::OutOfRange));
    }
    Ok(d)
}

/// A booking reached through a room's address belongs to that room; under any other it does not exist.
pub(crate) fn in_room(b: &BookingRow, room_id: Option<i64>) -> Result<(), AppError> {
    match room_id {
        Some(r) if r != b.room_id => Err(AppError::NotFound),
        _ => Ok(()),
    }
}

/// An instant that came in as a number (a drag in the calendar), within the range Convene works with.
pub(crate) fn check_instant(field: &str, now: i64, t: i64) -> Result<(), AppError> {
    if rules::sane_instant(now, t) { Ok(()) } else { Err(AppError::invalid(field, Problem::OutOfRange)) }
}

pub(crate) fn parse_time(field: &str, v: &str) -> Result<NaiveTime, AppError> {
    NaiveTime::parse_from_str(v.trim(), "%H:%M").map_err(|_| AppError::invalid(field, Problem::Format))
}

pub(crate) fn slot_problem(p: SlotProblem) -> AppError {
    match p {
        SlotProblem::EndNotAfterStart => AppError::invalid("end", Problem::EndNotAfterStart),
        SlotProblem::TooShort => AppError::invalid("end", Problem::TooShort { min: 5 }),
        SlotProblem::TooLong => AppError::invalid("end", Problem::OutOfRange),
    }
}

pub(crate) fn quota_problem(p: QuotaProblem) -> AppError {
    let problem = match p {
        QuotaProblem::InThePast => Problem::InThePast,
        QuotaProblem::TooSoon { minutes } => Problem::TooSoon { minutes },
        QuotaProblem::TooFarAhead { days } => Problem::TooFarAhead { days },
        QuotaProblem::OverWeeklyHours { hours, over_minutes } => {
            Problem::OverWeeklyHours { hours, over_minutes: u32::try_from(over_minutes).unwrap_or(u32::MAX) }
        }
    };
    AppError::invalid("start", problem)
}

pub(crate) fn recurrence_problem(e: RecurrenceError) -> AppError {
    match e {
        RecurrenceError::Interval => AppError::invalid("interval", Problem::OutOfRange),
        RecurrenceError::Unbounded => AppError::invalid("until", Problem::Required),
        RecurrenceError::UntilBeforeStart => AppError::invalid("until", Problem::OutOfRange),
        RecurrenceError::TooMany => AppError::invalid("count", Problem::OutOfRange),
        RecurrenceError::NonexistentTime(_) => AppError::invalid("start", Problem::NonexistentTime),
        RecurrenceError::Invalid(_) => AppError::invalid("repeat", Problem::Format),
    }
}

fn weekday(code: &str) -> Option<Weekday> {
    Some(match code.trim().to_ascii_lowercase().as_str() {
        "mo" => Weekday::Mon,
        "tu" => Weekday::Tue,
        "we" => Weekday::Wed,
        "th" => Weekday::Thu,
        "fr" => Weekday::Fri,
        "sa" => Weekday::Sat,
        "su" => Weekday::Sun,
        _ => return None,
    })
}

pub(crate) fn quota_of(p: &PolicyRow) -> Quota {
    Quota {
        max_hours_per_week: p.max_hours_per_week.and_then(|v| u32::try_from(v).ok()),
        max_days_ahead: p.max_days_ahead.and_then(|v| u32::try_from(v).ok()),
        min_notice_minutes: u32::try_from(p.min_notice_minutes).unwrap_or(0),
    }
}

/// How an institution shows itself on its rooms' and guests' pages.
pub(crate) fn brand(inst: &db::institutions::InstitutionRow) -> app::institutions::Brand {
    app::institutions::Brand {
        name: inst.name.clone(),
        color: inst.brand_color.clone(),
        logo: inst.logo_digest.as_deref().map(|d| db::institutions::logo_address(inst.id, d)),
    }
}

/// How many days the agenda (list) view of "My bookings" covers.
const AGENDA_DAYS: i64 = 30;

/// The days a calendar page shows (`day`, `week` from Monday, `month`, `agenda`: thirty days from the day asked),
/// in `tz`, around `from` (else today): (mode, first day, previous and next anchors, the days with their local
/// midnights and clock changes).
pub(crate) fn calendar_days(
    tz: Tz,
    now: i64,
    mode: &str,
    from: Option<&str>,
) -> Result<(String, NaiveDate, NaiveDate, NaiveDate, Vec<DayView>), AppError> {
    let today = tz.timestamp_opt(now, 0).single().map(|d| d.date_naive()).unwrap_or_default();
    let anchor = match from.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => parse_date("from", s)?,
        None => today,
    };
    let (first, count, prev, next) = match mode {
        "day" => (anchor, 1, anchor - Duration::days(1), anchor + Duration::days(1)),
        // A list of what comes: the next thirty days from the day asked (today by default).
        "agenda" => (anchor, AGENDA_DAYS, anchor - Duration::days(AGENDA_DAYS), anchor + Duration::days(AGENDA_DAYS)),
        "month" => {
            let first = anchor.with_day(1).unwrap_or(anchor);
            let next = (first + Duration::days(32)).with_day(1).unwrap_or(first);
            let prev = (first - Duration::days(1)).with_day(1).unwrap_or(first);
            (first, (next - first).num_days(), prev, next)
        }
        _ => {
            let monday = anchor - Duration::days(i64::from(anchor.weekday().num_days_from_monday()));
            (monday, 7, monday - Duration::days(7), monday + Duration::days(7))
        }
    };
    let mode = if matches!(mode, "day" | "month" | "agenda") { mode.to_owned() } else { "week".to_owned() };
    let days: Vec<DayView> = (0..count)
        .map(|i| {
            let d = first + Duration::days(i);
            let (starts_at, ends_at) = (midnight(tz, d), midnight(tz, d + Duration::days(1)));
            DayView {
                date: d.format("%Y-%m-%d").to_string(),
                starts_at,
                ends_at,
                offset: super::ics::offset_secs(tz, starts_at),
                change: super::ics::transitions(tz, starts_at, ends_at)
                    .first()
                    .map(|t| (*t, super::ics::offset_secs(tz, *t))),
            }
        })
        .collect();
    Ok((mode, first, prev, next, days))
}

/// The slots a booking form asks for: the first (in the zone `tz`), and for a repeat its rule (RRULE text) and
/// every occurrence, without the dates excepted. Pure; every bad field refused with its name.
struct Requested {
    first: Slot,
    wanted: Vec<Slot>,
    rule: Option<String>,
}

fn requested_slots(f: &BookingForm, tz: Tz) -> Result<Requested, AppError> {
    let date = parse_date("date", &f.date)?;
    let start_t = parse_time("start", &f.start)?;
    let first_local = date.and_time(start_t);
    let first_start = recurrence::local_instant(tz, first_local).map_err(recurrence_problem)?.timestamp();
    // An end given wins over the duration (the form's list always sends one).
    let first_end = match (f.end.trim(), f.duration.trim()) {
        ("", "") => return Err(AppError::invalid("end", Problem::Required)),
        ("", minutes) => {
            let minutes = validate::number("duration", minutes, 5.0, f64::from(24 * 60))? as i64;
            first_start + minutes * 60
        }
        (end, _) => {
            let end_t = parse_time("end", end)?;
            let end_date = if f.end_date.trim().is_empty() { date } else { parse_date("end_date", &f.end_date)? };
            if end_date.and_time(end_t) <= first_local {
                return Err(AppError::invalid("end", Problem::EndNotAfterStart));
            }
            recurrence::local_instant(tz, end_date.and_time(end_t)).map_err(recurrence_problem)?.timestamp()
        }
    };
    let first = Slot { start: first_start, end: first_end };
    rules::check_slot(first).map_err(slot_problem)?;
    let (wanted, rule) = match f.repeat.trim() {
        "" | "none" => (vec![first], None),
        repeat => {
            let frequency = match repeat {
                "daily" => Frequency::Daily,
                "weekly" => Frequency::Weekly,
                "monthly_date" => Frequency::MonthlyByDate,
                "monthly_weekday" => Frequency::MonthlyByWeekday,
                "yearly" => Frequency::Yearly,
                _ => return Err(AppError::invalid("repeat", Problem::Format)),
            };
            let interval = if f.interval.trim().is_empty() {
                1
            } else {
                validate::number("interval", &f.interval, 1.0, 99.0)? as u16
            };
            let mut weekdays = Vec::new();
            let typed = f.weekdays.split(',').filter(|c| !c.trim().is_empty());
            for code in f.on_days.codes().into_iter().chain(typed) {
                let day = weekday(code).ok_or_else(|| AppError::invalid("weekdays", Problem::Format))?;
                if !weekdays.contains(&day) {
                    weekdays.push(day);
                }
            }
            let end = match (f.until.trim(), f.count.trim()) {
                ("", "") => return Err(AppError::invalid("until", Problem::Required)),
                (until, "") => End::Until(parse_date("until", until)?),
                (_, count) => {
                    End::Count(validate::number("count", count, 1.0, f64::from(recurrence::MAX_OCCURRENCES))? as u16)
                }
            };
            let mut except = Vec::new();
            let picked = f.except_on.iter().map(String::as_str);
            for d in f.except.split(',').chain(picked).filter(|d| !d.trim().is_empty()) {
                except.push(parse_date("except", d)?);
            }
            let form = RuleForm { frequency, interval, weekdays, end };
            let text = recurrence::rrule_text(&form, first_local, tz).map_err(recurrence_problem)?;
            let occ = recurrence::expand(&text, first_local, tz, first.secs(), &except).map_err(recurrence_problem)?;
            if occ.is_empty() {
                return Err(AppError::invalid("except", Problem::OutOfRange));
            }
            (occ, Some(text))
        }
    };
    Ok(Requested { first, wanted, rule })
}

/// The slots of `wanted` that meet a booking of `taken`: their index and how the form lists them (local times in
/// `tz`, the title of the booking in the way).
pub(crate) fn collisions_with(tz: Tz, wanted: &[Slot], taken: &[BookingRow]) -> Vec<(usize, Collision)> {
    let slots: Vec<Slot> = taken.iter().map(|b| Slot { start: b.starts_at, end: b.ends_at }).collect();
    rules::collisions(wanted, &slots)
        .into_iter()
        .map(|(i, t)| {
            let (s, e) = (local(tz, wanted[i].start), local(tz, wanted[i].end));
            let with_title =
                taken.iter().find(|b| b.starts_at == t.start && b.ends_at == t.end).map(|b| b.title.clone());
            let c = Collision {
                local_day: s.format("%Y-%m-%d").to_string(),
                local_start: s.format("%H:%M").to_string(),
                local_end: e.format("%H:%M").to_string(),
                with_title: with_title.unwrap_or_default(),
            };
            (i, c)
        })
        .collect()
}

/// Local midnight of `day` in `tz` as unix seconds (the first instant of the day, even on clock-change days).
fn midnight(tz: Tz, day: NaiveDate) -> i64 {
    let mut t = day.and_time(NaiveTime::MIN);
    // Some zones skip midnight itself; the day then starts at the first instant that exists.
    for _ in 0..4 {
        if let Some(i) = tz.from_local_datetime(&t).earliest() {
            return i.timestamp();
        }
        t += Duration::minutes(30);
    }
    tz.from_utc_datetime(&day.and_time(NaiveTime::MIN)).timestamp()
}

/// The Monday-to-Monday week (unix seconds) that contains `at`, in `tz`.
pub(crate) fn week_of(tz: Tz, at: i64) -> (i64, i64) {
    let day = tz.timestamp_opt(at, 0).single().map(|d| d.date_naive()).unwrap_or_default();
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    (midnight(tz, monday), midnight(tz, monday + Duration::days(7)))
}

pub(crate) fn local(tz: Tz, at: i64) -> NaiveDateTime {
    tz.timestamp_opt(at, 0).single().map(|d| d.naive_local()).unwrap_or_default()
}

impl RoomsService {
    async fn timezone(&self, actor: &CurrentUser, institution_id: i64) -> Result<Tz, AppError> {
        self.zone_for(actor.id, institution_id).await
    }

    /// Notice, horizon and weekly hours, occurrence by occurrence: earlier occurrences of the same request count
    /// towards their week (those skipped for a collision are not in `slots`).
    async fn check_quota_for(
        &self,
        user_id: i64,
        tz: Tz,
        quota: &Quota,
        now: i64,
        slots: &[Slot],
    ) -> Result<(), AppError> {
        let mut planned: Vec<Slot> = Vec::new();
        for slot in slots {
            let (week_start, week_end) = week_of(tz, slot.start);
            let held = if quota.max_hours_per_week.is_some() {
                rows::held_seconds(self.db.pool(), user_id, week_start, week_end, None).await.map_err(internal)?
            } else {
                0
            };
            let in_request: i64 =
                planned.iter().filter(|p| p.start >= week_start && p.start < week_end).map(|p| p.secs()).sum();
            rules::check_quota(quota, now, *slot, held + in_request).map_err(quota_problem)?;
            planned.push(*slot);
        }
        Ok(())
    }

    /// A person's time zone: their own setting, else the institution's, else UTC.
    pub(crate) async fn zone_for(&self, user_id: i64, institution_id: i64) -> Result<Tz, AppError> {
        let inst = db::institutions::by_id(self.db.pool(), institution_id).await.map_err(db_err)?;
        self.zone_with(user_id, &inst).await
    }

    /// The person's time zone, else that of the institution (already read), else UTC.
    async fn zone_with(&self, user_id: i64, inst: &db::institutions::InstitutionRow) -> Result<Tz, AppError> {
        let user = db::users::by_id(self.db.pool(), user_id).await.map_err(internal)?;
        Ok(user
            .timezone
            .as_deref()
            .and_then(|t| t.parse::<Tz>().ok())
            .or_else(|| inst.timezone.parse::<Tz>().ok())
            .unwrap_or(Tz::UTC))
    }

    /// The room, if the actor may see it (members of its institution; anyone signed in for a public one); what
    /// they may not see does not exist.
    pub(crate) async fn visible_room(&self, actor: &CurrentUser, id: i64) -> Result<(RoomRow, Vec<i64>), AppError> {
        let room = rows::room(self.db.pool(), id).await.map_err(db_err)?;
        let owners = rows::co_owners(self.db.pool(), id).await.map_err(internal)?;
        if Self::sees(actor, &room, &owners) { Ok((room, owners)) } else { Err(AppError::NotFound) }
    }

    /// Whether the actor sees the room (pure): operators; its institution's members (a personal room, only its
    /// owners); anyone signed in for a room listed to the network.
    pub(crate) fn sees(actor: &CurrentUser, room: &RoomRow, owners: &[i64]) -> bool {
        let member = actor.role_in(room.institution_id).is_some();
        // Owning a room is a right of a member: removed from the institution, its owner loses it at once.
        let mine = member && (room.owner_id == Some(actor.id) || owners.contains(&actor.id));
        actor.is_operator || mine || (member && room.personal == 0) || room.visibility == Visibility::Public
    }

    /// Who may join the room's running meeting with their account: members of its institution, and for a room
    /// listed to the whole network anyone signed in — as guests (the room's waiting room applies to them), and
    /// only when it has no access code (that is for guest links).
    pub(crate) fn may_join(actor: &CurrentUser, room: &RoomRow) -> bool {
        actor.role_in(room.institution_id).is_some()
            || (room.visibility == Visibility::Public && room.personal == 0 && room.access_code.is_none())
    }

    pub(crate) fn can_manage(actor: &CurrentUser, room: &RoomRow, owners: &[i64]) -> bool {
        let member = actor.role_in(room.institution_id).is_some();
        actor.is_operator
            || (member && (room.owner_id == Some(actor.id) || owners.contains(&actor.id)))
            || actor.role_in(room.institution_id) == Some(Role::Admin)
    }

    pub(crate) async fn view(&self, actor: &CurrentUser, room: &RoomRow, owners: &[i64]) -> Result<RoomView, AppError> {
        let policy = rows::policy(self.db.pool(), room.institution_id).await.map_err(internal)?;
        let inst = db::institutions::by_id(self.db.pool(), room.institution_id).await.map_err(internal)?;
        Ok(self.view_with(actor, room, owners, &policy, &inst))
    }

    /// The same, with the institution's policy already at hand.
    fn view_with(
        &self,
        actor: &CurrentUser,
        room: &RoomRow,
        owners: &[i64],
        policy: &PolicyRow,
        inst: &db::institutions::InstitutionRow,
    ) -> RoomView {
        let can_book = actor.membership_in(room.institution_id).is_some_and(|m| may(m, Right::Book, policy))
            && (room.personal == 0 || room.owner_id == Some(actor.id));
        RoomView {
            id: room.id,
            institution_id: room.institution_id,
            institution: inst.name.clone(),
            brand: brand(inst),
            name: room.name.clone(),
            description: room.description.clone(),
            capacity: room.capacity,
            visibility: room.visibility.as_str().to_owned(),
            personal: room.personal != 0,
            record_allowed: room.record_allowed != 0,
            guest_policy: room.guest_policy.as_str().to_owned(),
            has_access_code: room.access_code.is_some(),
            mute_on_start: room.mute_on_start != 0,
            welcome: room.welcome.clone(),
            can_manage: Self::can_manage(actor, room, owners),
            can_book,
        }
    }

    /// A booking as the actor sees it. `member`: the actor belongs to the room's institution — booking is a right of
    /// membership, so someone who booked and has since left changes nothing (as `changeable` holds).
    pub(crate) fn booking_view(actor: &CurrentUser, tz: Tz, b: &BookingRow, manage: bool, member: bool) -> BookingView {
        let (s, e) = (local(tz, b.starts_at), local(tz, b.ends_at));
        BookingView {
            id: b.id,
            room_id: b.room_id,
            title: b.title.clone(),
            description: b.description.clone(),
            starts_at: b.starts_at,
            ends_at: b.ends_at,
            local_day: s.format("%Y-%m-%d").to_string(),
            local_start: s.format("%H:%M").to_string(),
            local_end: e.format("%H:%M").to_string(),
            expected: b.expected,
            status: b.status.as_str().to_owned(),
            in_series: b.series_id.is_some(),
            can_change: manage || (member && b.created_by == Some(actor.id)),
        }
    }

    /// The confirmed booking of the room whose start window (early start … end + grace) is open now.
    async fn open_booking(
        &self,
        room: &RoomRow,
        policy: &PolicyRow,
        read: Option<&Read<'_>>,
    ) -> Result<Option<BookingRow>, AppError> {
        let now = self.clock.unix();
        let (early, grace) = (policy.start_early_minutes.max(0), policy.grace_minutes.max(0));
        let (from, to) = (now - grace * 60, now + early * 60 + 1);
        // The bookings a page has read already hold these when they cover the moment (the week shown is this one).
        let near = match read {
            Some(r) if r.from <= from && to <= r.to => r.rows.to_vec(),
            _ => rows::holding_between(self.db.pool(), room.id, from, to).await.map_err(internal)?,
        };
        Ok(near.into_iter().find(|b| {
            b.starts_at < to
                && b.ends_at > from
                && b.status == BookingStatus::Confirmed
                && rules::may_start(
                    now,
                    Slot { start: b.starts_at, end: b.ends_at },
                    u32::try_from(early).unwrap_or(0),
                    u32::try_from(grace).unwrap_or(0),
                )
        }))
    }

    /// May the actor start the room's meeting now (given the open booking, if any)?
    fn may_start(actor: &CurrentUser, room: &RoomRow, owners: &[i64], open: Option<&BookingRow>) -> bool {
        if room.personal != 0 {
            return room.owner_id == Some(actor.id);
        }
        open.is_some_and(|b| Self::can_manage(actor, room, owners) || b.created_by == Some(actor.id))
    }

    async fn meeting_state(
        &self,
        actor: &CurrentUser,
        room: &RoomRow,
        owners: &[i64],
        policy: &PolicyRow,
        read: Option<&Read<'_>>,
    ) -> Result<MeetingState, AppError> {
        let meeting = db::meetings::of_room(self.db.pool(), room.id).await.map_err(internal)?;
        let running = meeting.is_some();
        let open = self.open_booking(room, policy, read).await?;
        let member = actor.role_in(room.institution_id).is_some();
        let booking_of_meeting = match meeting.and_then(|m| m.booking_id) {
            Some(id) => rows::booking(self.db.pool(), id).await.ok(),
            None => None,
        };
        let can_extend = booking_of_meeting
            .is_some_and(|b| Self::can_manage(actor, room, owners) || (member && b.created_by == Some(actor.id)));
        // The dial-in skips the waiting room: members only.
        let (dial_number, voice_bridge) = if running && member {
            db::meetings::dial_in_of_room(self.db.pool(), room.id).await.map_err(internal)?.unwrap_or_default()
        } else {
            (None, None)
        };
        Ok(MeetingState {
            running,
            can_start: member && !running && Self::may_start(actor, room, owners, open.as_ref()),
            can_end: running && Self::can_manage(actor, room, owners),
            can_extend: running && can_extend,
            can_join: Self::may_join(actor, room),
            dial_number,
            voice_bridge,
        })
    }

    /// Seats the pool would be short of at the busiest moment of each slot with `expected` more seats, not counting
    /// the bookings `except` (those being changed). The pool's seats are those of its enabled servers: one down for
    /// now still counts, as bookings plan the days ahead.
    pub(crate) async fn capacity_short_by(
        &self,
        slots: &[Slot],
        expected: u32,
        except: &[i64],
    ) -> Result<Option<u32>, AppError> {
        if expected == 0 || slots.is_empty() {
            return Ok(None);
        }
        let servers = db::servers::list(self.db.pool()).await.map_err(internal)?;
        let capacity: i64 = servers
            .iter()
            .filter(|s| s.admin_state == crate::balancer::placement::AdminState::Enabled)
            .map(|s| s.capacity)
            .sum();
        let from = slots.iter().map(|s| s.start).min().unwrap_or(0);
        let to = slots.iter().map(|s| s.end).max().unwrap_or(0);
        let booked: Vec<(Slot, u32)> = rows::seats_between(self.db.pool(), from, to)
            .await
            .map_err(internal)?
            .into_iter()
            .filter(|(id, ..)| !except.contains(id))
            .map(|(_, s, e, n)| (Slot { start: s, end: e }, u32::try_from(n).unwrap_or(0)))
            .collect();
        let worst = slots
            .iter()
            .map(|slot| i64::from(rules::peak_seats(*slot, &booked)) + i64::from(expected) - capacity)
            .max()
            .unwrap_or(0);
        Ok((worst > 0).then(|| u32::try_from(worst).unwrap_or(u32::MAX)))
    }
}

#[async_trait]
impl RoomsPort for RoomsService {
    async fn rooms(&self, actor: &CurrentUser) -> Result<Vec<RoomView>, AppError> {
        let mut out = Vec::new();
        for m in &actor.memberships {
            for room in rows::rooms_of_institution(self.db.pool(), m.institution_id).await.map_err(internal)? {
                let owners = rows::co_owners(self.db.pool(), room.id).await.map_err(internal)?;
                let mine = room.owner_id == Some(actor.id) || owners.contains(&actor.id);
                if room.personal == 0 || mine {
                    out.push(self.view(actor, &room, &owners).await?);
                }
            }
        }
        if actor.is_operator {
            // Operators look after the whole network: every institution's rooms (never someone's personal room).
            for inst in db::institutions::list(self.db.pool()).await.map_err(internal)? {
                if actor.role_in(inst.id).is_some() {
                    continue;
                }
                for room in rows::rooms_of_institution(self.db.pool(), inst.id).await.map_err(internal)? {
                    if room.personal == 0 {
                        let owners = rows::co_owners(self.db.pool(), room.id).await.map_err(internal)?;
                        out.push(self.view(actor, &room, &owners).await?);
                    }
                }
            }
            return Ok(out);
        }
        // Then the rooms other institutions list for the whole network.
        for room in rows::public_rooms(self.db.pool()).await.map_err(internal)? {
            if actor.role_in(room.institution_id).is_none() {
                let owners = rows::co_owners(self.db.pool(), room.id).await.map_err(internal)?;
                out.push(self.view(actor, &room, &owners).await?);
            }
        }
        Ok(out)
    }

    async fn creation_rights(&self, actor: &CurrentUser) -> Result<app::rooms::CreateRights, AppError> {
        // The same rules as `create_room`, asked of every institution of the actor.
        let mut rights = app::rooms::CreateRights::default();
        for m in &actor.memberships {
            let p = rows::policy(self.db.pool(), m.institution_id).await.map_err(internal)?;
            rights.room |= reaches(m.role, &p.create_rooms_role);
            rights.personal |= may(m, Right::PersonalRoom, &p);
        }
        Ok(rights)
    }

    async fn create_room(&self, actor: &CurrentUser, f: RoomForm) -> Result<RoomView, AppError> {
        let personal = f.personal.is_some();
        // The first institution where the actor may create (this kind of) room.
        let mut home = None;
        for m in &actor.memberships {
            let p = rows::policy(self.db.pool(), m.institution_id).await.map_err(internal)?;
            let allowed =
                if personal { may(m, Right::PersonalRoom, &p) } else { reaches(m.role, &p.create_rooms_role) };
            if allowed {
                home = Some((m, p));
                break;
            }
        }
        let Some((membership, policy)) = home else { return Err(AppError::Forbidden) };
        let institution_id = membership.institution_id;
        if personal
            && rows::rooms_of_institution(self.db.pool(), institution_id)
                .await
                .map_err(internal)?
                .iter()
                .any(|r| r.personal != 0 && r.owner_id == Some(actor.id))
        {
            return Err(AppError::invalid("personal", Problem::Taken));
        }
        let v = room_fields(&f)?;
        let record_allowed = v.record_wanted && may(membership, Right::Record, &policy);
        let now = self.clock.unix();
        let new = rows::NewRoom {
            institution_id,
            name: &v.name,
            description: &v.description,
            capacity: v.capacity,
            owner_id: Some(actor.id),
            visibility: if personal { "institution" } else { v.visibility },
            personal,
            record_allowed,
            guest_policy: v.guest_policy,
            access_code: v.access_code.as_deref(),
            mute_on_start: v.mute_on_start,
            welcome: &v.welcome,
        };
        let id = rows::insert_room(self.db.pool(), &new, now).await.map_err(db_err)?;
        db::audit::record(self.db.pool(), now, Some(actor.id), Some(institution_id), "room.create", &v.name)
            .await
            .map_err(internal)?;
        let room = rows::room(self.db.pool(), id).await.map_err(db_err)?;
        self.view(actor, &room, &[]).await
    }

    async fn calendar(
        &self,
        actor: &CurrentUser,
        room_id: i64,
        mode: String,
        from: Option<String>,
    ) -> Result<CalendarView, AppError> {
        let (room, owners) = self.visible_room(actor, room_id).await?;
        let inst = db::institutions::by_id(self.db.pool(), room.institution_id).await.map_err(db_err)?;
        let tz = self.zone_with(actor.id, &inst).await?;
        // A room's page draws day, week and month; the agenda list is "My bookings"' own.
        let mode = if mode == "agenda" { "week".to_owned() } else { mode };
        let (mode, first, prev, next, days) = calendar_days(tz, self.clock.unix(), &mode, from.as_deref())?;
        let (from_ts, to_ts) = (days.first().map_or(0, |d| d.starts_at), days.last().map_or(0, |d| d.ends_at));
        let manage = Self::can_manage(actor, &room, &owners);
        let held = rows::holding_between(self.db.pool(), room.id, from_ts, to_ts).await.map_err(internal)?;
        let member = actor.role_in(room.institution_id).is_some();
        let bookings = held.iter().map(|b| Self::booking_view(actor, tz, b, manage, member)).collect();
        let policy = rows::policy(self.db.pool(), room.institution_id).await.map_err(internal)?;
        let read = Read { from: from_ts, to: to_ts, rows: &held };
        let meeting = self.meeting_state(actor, &room, &owners, &policy, Some(&read)).await?;
        Ok(CalendarView {
            meeting,
            room: self.view_with(actor, &room, &owners, &policy, &inst),
            timezone: tz.name().to_owned(),
            mode,
            from: first.format("%Y-%m-%d").to_string(),
            prev: prev.format("%Y-%m-%d").to_string(),
            next: next.format("%Y-%m-%d").to_string(),
            days,
            bookings,
            mail_enabled: self.mail.enabled(),
            now: self.clock.unix(),
            today: local(tz, self.clock.unix()).format("%Y-%m-%d").to_string(),
        })
    }

    async fn book(&self, actor: &CurrentUser, f: BookingForm) -> Result<BookingOutcome, AppError> {
        let (room, _owners) = self.visible_room(actor, f.room_id).await?;
        let policy = rows::policy(self.db.pool(), room.institution_id).await.map_err(internal)?;
        let membership = actor.membership_in(room.institution_id).ok_or(AppError::Forbidden)?;
        if !may(membership, Right::Book, &policy) || (room.personal != 0 && room.owner_id != Some(actor.id)) {
            return Err(AppError::Forbidden);
        }
        let title = validate::text("title", &f.title, 1, 200)?;
        let description = multiline("description", &f.description, 4000)?;
        let expected = if f.expected.trim().is_empty() {
            0
        } else {
            validate::number("expected", &f.expected, 0.0, room.capacity as f64)? as u32
        };
        let invitees = super::notify::parse_invitees(&f.invitees)?;
        if !invitees.is_empty() && !self.mail.enabled() {
            return Err(AppError::invalid("invitees", Problem::MailOff));
        }
        let tz = self.timezone(actor, room.institution_id).await?;
        let Requested { first, wanted, rule: rule_text } = requested_slots(&f, tz)?;
        // Collisions with what is already booked.
        let (from, to) =
            (wanted.iter().map(|s| s.start).min().unwrap_or(0), wanted.iter().map(|s| s.end).max().unwrap_or(0));
        let taken_rows = rows::holding_between(self.db.pool(), room.id, from, to).await.map_err(internal)?;
        let hits = collisions_with(tz, &wanted, &taken_rows);
        let collisions: Vec<Collision> = hits.iter().map(|(_, c)| c.clone()).collect();
        if rule_text.is_none() && !hits.is_empty() {
            return Err(AppError::Conflict(ConflictKind::BookingOverlap));
        }
        if !hits.is_empty() && f.on_conflict.trim() != "skip" {
            return Ok(BookingOutcome { collisions, ..BookingOutcome::default() });
        }
        let to_book: Vec<Slot> =
            wanted.iter().enumerate().filter(|(i, _)| !hits.iter().any(|(h, _)| h == i)).map(|(_, s)| *s).collect();
        if to_book.is_empty() {
            return Ok(BookingOutcome { collisions, ..BookingOutcome::default() });
        }
        // Notice, horizon and weekly hours, occurrence by occurrence (earlier ones of the series count; those
        // skipped for a collision do not).
        let now = self.clock.unix();
        let quota = quota_of(&policy);
        self.check_quota_for(actor.id, tz, &quota, now, &to_book).await?;
        // The pool's capacity at the busiest booked moment.
        let short = self.capacity_short_by(&to_book, expected, &[]).await?;
        if let Some(short_by) = short
            && policy.capacity_policy == CapacityPolicy::Refuse
        {
            return Err(AppError::Conflict(ConflictKind::OverCapacity { short_by }));
        }
        let pending = policy.approval_required != 0 && membership.role != Role::Admin;
        let status = if pending { BookingStatus::Pending } else { BookingStatus::Confirmed };
        let mut tx = self.db.begin().await.map_err(internal)?;
        if quota.max_hours_per_week.is_some() {
            self.db.lock_for_rule(&mut tx, db::RuleLock::WeeklyHours, actor.id).await.map_err(db_err)?;
        }
        let series_id = match &rule_text {
            Some(text) => {
                let new = rows::NewSeries {
                    room_id: room.id,
                    rrule: text,
                    timezone: tz.name(),
                    first_start: first.start,
                    duration: first.secs(),
                    created_by: actor.id,
                };
                Some(rows::insert_series(&mut *tx, &new, now).await.map_err(db_err)?)
            }
            None => None,
        };
        let mut created = Vec::with_capacity(to_book.len());
        for slot in &to_book {
            let new = rows::NewBooking {
                room_id: room.id,
                series_id,
                title: &title,
                description: &description,
                starts_at: slot.start,
                ends_at: slot.end,
                expected: i64::from(expected),
                status,
                created_by: actor.id,
            };
            // Another booking may have taken the slot since the check above: the database refuses it, and the
            // whole request is undone.
            created.push(rows::insert_booking(&mut *tx, &new, now).await.map_err(db_err)?);
        }
        // The weekly hours again, with this request's bookings in place and other writers held off: two requests
        // checked at the same moment above could each have fitted alone.
        if quota.max_hours_per_week.is_some() {
            for slot in &to_book {
                let (week_start, week_end) = week_of(tz, slot.start);
                let held = rows::held_seconds(&mut *tx, actor.id, week_start, week_end, None).await.map_err(db_err)?;
                rules::check_quota(&quota, now, *slot, held - slot.secs()).map_err(quota_problem)?;
            }
        }
        db::audit::record(&mut *tx, now, Some(actor.id), Some(room.institution_id), "booking.create", &title)
            .await
            .map_err(internal)?;
        // The invited are kept with the booking (reminders, cancellations); while it waits for approval the
        // invitations wait too.
        for email in &invitees {
            let (one, series) = if series_id.is_some() { (None, series_id) } else { (created.first().copied(), None) };
            crate::db::mail::add_invitee(&mut *tx, one, series, email).await.map_err(internal)?;
        }
        let mut invited = 0;
        if !pending && !invitees.is_empty() {
            let booker = self.booker(actor.id, room.institution_id).await?;
            let institution =
                db::institutions::by_id(self.db.pool(), room.institution_id).await.map_err(internal)?.name;
            let inv = super::notify::Invitation {
                room: &room,
                institution,
                title: &title,
                description: &description,
                first: (to_book[0].start, to_book[0].end),
                series: match (series_id, &rule_text) {
                    (Some(id), Some(text)) => Some(super::notify::SeriesFacts {
                        id,
                        rule: text.clone(),
                        tz,
                        first_start: first.start,
                        duration: first.secs(),
                        held: to_book.iter().map(|s| s.start).collect(),
                    }),
                    _ => None,
                },
                booking_id: created.first().copied().unwrap_or(0),
                occurrences: to_book.len(),
            };
            if self.queue_invitations(&mut tx, &inv, &booker, &invitees).await? {
                invited = invitees.len();
                rows::mark_invited(&mut tx, &created, now).await.map_err(db_err)?;
            }
        }
        tx.commit().await.map_err(|e| db_err(e.into()))?;
        if invited > 0 {
            self.mail.wake();
        }
        Ok(BookingOutcome { created, collisions, pending, capacity_short_by: short, invited })
    }

    async fn move_booking(
        &self,
        actor: &CurrentUser,
        id: i64,
        starts_at: i64,
        ends_at: i64,
    ) -> Result<BookingView, AppError> {
        let now = self.clock.unix();
        check_instant("starts_at", now, starts_at)?;
        check_instant("ends_at", now, ends_at)?;
        // Every rule of an edit of this one booking: collisions, quotas, capacity, approval, the invited told.
        self.move_to(actor, id, Slot { start: starts_at, end: ends_at }).await
    }

    async fn join(&self, actor: &CurrentUser, room_id: i64) -> Result<String, AppError> {
        self.join_meeting(actor, room_id).await
    }

    async fn end_meeting(&self, actor: &CurrentUser, room_id: i64) -> Result<(), AppError> {
        self.end_room_meeting(actor, room_id).await
    }

    async fn extend_meeting(&self, actor: &CurrentUser, room_id: i64, minutes: u32) -> Result<BookingView, AppError> {
        if !matches!(minutes, 15 | 30 | 60) {
            return Err(AppError::invalid("minutes", Problem::OutOfRange));
        }
        let (room, owners) = self.visible_room(actor, room_id).await?;
        let meeting = db::meetings::of_room(self.db.pool(), room.id).await.map_err(internal)?;
        let Some(booking_id) = meeting.and_then(|m| m.booking_id) else {
            return Err(AppError::Conflict(ConflictKind::NotStarted));
        };
        let booking = rows::booking(self.db.pool(), booking_id).await.map_err(db_err)?;
        if !Self::can_manage(actor, &room, &owners) && booking.created_by != Some(actor.id) {
            return Err(AppError::Forbidden);
        }
        // The same rules as any move: the room must stay free, quotas hold.
        self.move_booking(actor, booking.id, booking.starts_at, booking.ends_at + i64::from(minutes) * 60).await
    }

    async fn booking_policy(&self, actor: &CurrentUser, slug: &str) -> Result<PolicyView, AppError> {
        let inst = self.administered(actor, slug).await?;
        let p = rows::policy(self.db.pool(), inst.id).await.map_err(internal)?;
        let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        Ok(PolicyView {
            institution: inst.name,
            slug: inst.slug,
            policy: PolicyForm {
                create_rooms_role: p.create_rooms_role,
                book_role: p.book_role,
                record_role: p.record_role,
                personal_room_role: p.personal_room_role,
                max_hours_per_week: opt(p.max_hours_per_week),
                max_days_ahead: opt(p.max_days_ahead),
                min_notice_minutes: p.min_notice_minutes.to_string(),
                approval_required: (p.approval_required != 0).then(|| "on".to_owned()),
                capacity_policy: p.capacity_policy.as_str().to_owned(),
                start_early_minutes: p.start_early_minutes.to_string(),
                grace_minutes: p.grace_minutes.to_string(),
            },
        })
    }

    async fn set_booking_policy(&self, actor: &CurrentUser, slug: &str, f: PolicyForm) -> Result<(), AppError> {
        let inst = self.administered(actor, slug).await?;
        let one_of = |field: &str, v: &str, allowed: &[&str]| -> Result<String, AppError> {
            let v = v.trim();
            if allowed.contains(&v) { Ok(v.to_owned()) } else { Err(AppError::invalid(field, Problem::Format)) }
        };
        let optional = |field: &str, v: &str, min: f64, max: f64| -> Result<Option<i64>, AppError> {
            if v.trim().is_empty() { Ok(None) } else { Ok(Some(validate::number(field, v, min, max)? as i64)) }
        };
        let required = |field: &str, v: &str, min: f64, max: f64, default: i64| -> Result<i64, AppError> {
            if v.trim().is_empty() { Ok(default) } else { Ok(validate::number(field, v, min, max)? as i64) }
        };
        let p = PolicyRow {
            create_rooms_role: one_of("create_rooms_role", &f.create_rooms_role, &["admin", "member"])?,
            book_role: one_of("book_role", &f.book_role, &["admin", "member", "guest"])?,
            record_role: one_of("record_role", &f.record_role, &["admin", "member"])?,
            personal_room_role: one_of("personal_room_role", &f.personal_room_role, &["admin", "member", "none"])?,
            max_hours_per_week: optional("max_hours_per_week", &f.max_hours_per_week, 1.0, 168.0)?,
            max_days_ahead: optional("max_days_ahead", &f.max_days_ahead, 1.0, 3650.0)?,
            min_notice_minutes: required("min_notice_minutes", &f.min_notice_minutes, 0.0, 43_200.0, 0)?,
            approval_required: i64::from(f.approval_required.is_some()),
            capacity_policy: CapacityPolicy::parse(f.capacity_policy.trim())
                .ok_or_else(|| AppError::invalid("capacity_policy", Problem::Format))?,
            start_early_minutes: required("start_early_minutes", &f.start_early_minutes, 0.0, 240.0, 15)?,
            grace_minutes: required("grace_minutes", &f.grace_minutes, 0.0, 240.0, 15)?,
        };
        let now = self.clock.unix();
        rows::put_policy(self.db.pool(), inst.id, &p, now).await.map_err(internal)?;
        db::audit::record(self.db.pool(), now, Some(actor.id), Some(inst.id), "booking_policy.set", &inst.slug)
            .await
            .map_err(internal)?;
        Ok(())
    }

    async fn pending(&self, actor: &CurrentUser) -> Result<Vec<PendingView>, AppError> {
        let mut out = Vec::new();
        for m in actor.admin_of() {
            let tz = self.timezone(actor, m.institution_id).await?;
            for (b, room_name, by) in
                rows::pending_of_institution(self.db.pool(), m.institution_id).await.map_err(internal)?
            {
                out.push(PendingView {
                    booking: Self::booking_view(actor, tz, &b, true, true),
                    room_name,
                    booked_by: by,
                });
            }
        }
        Ok(out)
    }

    async fn decide(&self, actor: &CurrentUser, id: i64, approve: bool, reason: String) -> Result<(), AppError> {
        let booking = rows::booking(self.db.pool(), id).await.map_err(db_err)?;
        let room = rows::room(self.db.pool(), booking.room_id).await.map_err(db_err)?;
        let admin = actor.is_operator || actor.role_in(room.institution_id) == Some(Role::Admin);
        if !admin || booking.status != BookingStatus::Pending {
            return Err(AppError::NotFound);
        }
        let now = self.clock.unix();
        let reason = if approve { String::new() } else { validate::text("reason", &reason, 1, 500)? };
        let mut tx = self.db.begin().await.map_err(internal)?;
        if approve {
            rows::set_status(&mut *tx, id, BookingStatus::Confirmed, None, now).await.map_err(db_err)?;
        } else {
            rows::set_status(&mut *tx, id, BookingStatus::Rejected, Some(&reason), now).await.map_err(db_err)?;
        }
        let what = if approve { "booking.approve" } else { "booking.reject" };
        db::audit::record(&mut *tx, now, Some(actor.id), Some(room.institution_id), what, &booking.title)
            .await
            .map_err(internal)?;
        let told = self.queue_decision(&mut tx, &booking, &room, approve, &reason).await?;
        tx.commit().await.map_err(|e| db_err(e.into()))?;
        if told {
            self.mail.wake();
        }
        Ok(())
    }

    async fn calendar_feed(&self, actor: &CurrentUser, room_id: Option<i64>) -> Result<String, AppError> {
        self.new_feed(actor, room_id).await
    }

    async fn stop_calendar_feed(&self, actor: &CurrentUser, room_id: Option<i64>) -> Result<(), AppError> {
        self.revoke_feed(actor, room_id).await
    }

    async fn guest_links(&self, actor: &CurrentUser, room_id: i64) -> Result<Vec<GuestLinkView>, AppError> {
        let (room, owners) = self.visible_room(actor, room_id).await?;
        if !Self::can_manage(actor, &room, &owners) {
            return Err(AppError::Forbidden);
        }
        let tz = self.timezone(actor, room.institution_id).await?;
        let now = self.clock.unix();
        Ok(rows::guest_links(self.db.pool(), room.id)
            .await
            .map_err(internal)?
            .iter()
            .map(|l| guest_link_view(tz, now, l))
            .collect())
    }

    async fn create_guest_link(&self, actor: &CurrentUser, f: GuestLinkForm) -> Result<CreatedGuestLink, AppError> {
        let (room, owners) = self.visible_room(actor, f.room_id).await?;
        if !Self::can_manage(actor, &room, &owners) {
            return Err(AppError::Forbidden);
        }
        if room.guest_policy == GuestPolicy::None {
            return Err(AppError::invalid("guest_policy", Problem::OutOfRange));
        }
        let label = validate::text("label", &f.label, 0, 80)?;
        let days = if f.days.trim().is_empty() { 7.0 } else { validate::number("days", &f.days, 1.0, 90.0)? };
        let now = self.clock.unix();
        let token = crate::tokens::new_token();
        let hash = crate::tokens::token_hash(&token);
        let expires = now + (days as i64) * 86_400;
        let new = rows::NewGuestLink {
            room_id: room.id,
            token_hash: &hash,
            label: &label,
            created_by: actor.id,
            expires_at: expires,
            booking_id: None,
            series_id: None,
            invitee: None,
        };
        let id = rows::insert_guest_link(self.db.pool(), &new, now).await.map_err(db_err)?;
        db::audit::record(self.db.pool(), now, Some(actor.id), Some(room.institution_id), "guest_link.create", &label)
            .await
            .map_err(internal)?;
        let tz = self.timezone(actor, room.institution_id).await?;
        let link = rows::guest_link(self.db.pool(), id).await.map_err(db_err)?;
        let base = self.public_url.as_str().trim_end_matches('/');
        Ok(CreatedGuestLink { url: format!("{base}/guest/{token}"), link: guest_link_view(tz, now, &link) })
    }

    async fn revoke_guest_link(&self, actor: &CurrentUser, id: i64) -> Result<(), AppError> {
        let link = rows::guest_link(self.db.pool(), id).await.map_err(db_err)?;
        let (room, owners) = self.visible_room(actor, link.room_id).await?;
        if !Self::can_manage(actor, &room, &owners) {
            return Err(AppError::NotFound);
        }
        let now = self.clock.unix();
        rows::revoke_guest_link(self.db.pool(), id, now).await.map_err(db_err)?;
        db::audit::record(
            self.db.pool(),
            now,
            Some(actor.id),
            Some(room.institution_id),
            "guest_link.revoke",
            &link.label,
        )
        .await
        .map_err(internal)
    }

    async fn guest_room(&self, token: &str) -> Result<GuestRoomView, AppError> {
        let (_, room) = self.guest_target(token).await?;
        let inst = db::institutions::by_id(self.db.pool(), room.institution_id).await.map_err(db_err)?;
        let running = db::meetings::of_room(self.db.pool(), room.id).await.map_err(internal)?.is_some();
        // The booking under way or the next one within two weeks: when the guest may expect the meeting.
        let now = self.clock.unix();
        let held = rows::holding_between(self.db.pool(), room.id, now, now + 14 * 86_400).await.map_err(internal)?;
        let tz = inst.timezone.parse::<Tz>().unwrap_or(Tz::UTC);
        let expected = held.iter().find(|b| b.ends_at > now).map(|b| {
            let at = local(tz, b.starts_at);
            (at.format("%Y-%m-%d").to_string(), at.format("%H:%M").to_string(), tz.name().to_owned())
        });
        Ok(GuestRoomView {
            room_name: room.name,
            brand: brand(&inst),
            institution: inst.name,
            needs_code: room.access_code.is_some(),
            running,
            moderated: room.guest_policy == GuestPolicy::Ask,
            expected,
        })
    }

    async fn guest_join(&self, token: &str, name: &str, access_code: &str) -> Result<String, AppError> {
        use subtle::ConstantTimeEq;
        let (link, room) = self.guest_target(token).await?;
        if self.guest_limiter.check_key(&link.id).is_err() {
            return Err(AppError::RateLimited);
        }
        let name = validate::text("name", name, 1, 80)?;
        if let Some(code) = &room.access_code
            && !bool::from(code.as_bytes().ct_eq(access_code.trim().as_bytes()))
        {
            return Err(AppError::invalid("access_code", Problem::Format));
        }
        // Guests never start a meeting and are never moderators; a meeting whose server died is brought back.
        let found = crate::meetings::room::ensure(&self.meetings, &room, None, false).await.map_err(meeting_err)?;
        let Some(reached) = found else { return Err(AppError::Conflict(ConflictKind::NotStarted)) };
        let guest_id = format!("guest-{}", &crate::tokens::new_token()[..12]);
        tracing::info!(room_id = room.id, link_id = link.id, "guest joining");
        Ok(crate::meetings::room::join_url(&reached.server, &reached.meeting, &name, false, &guest_id, true))
    }

    async fn reschedule(
        &self,
        actor: &CurrentUser,
        id: i64,
        date: String,
        start: String,
        end: String,
    ) -> Result<BookingView, AppError> {
        let booking = rows::booking(self.db.pool(), id).await.map_err(db_err)?;
        let (room, _) = self.visible_room(actor, booking.room_id).await?;
        let tz = self.timezone(actor, room.institution_id).await?;
        let day = parse_date("date", &date)?;
        let (s, e) = (parse_time("start", &start)?, parse_time("end", &end)?);
        if e <= s {
            return Err(AppError::invalid("end", Problem::EndNotAfterStart));
        }
        let starts_at = recurrence::local_instant(tz, day.and_time(s)).map_err(recurrence_problem)?.timestamp();
        let ends_at = recurrence::local_instant(tz, day.and_time(e)).map_err(recurrence_problem)?.timestamp();
        self.move_booking(actor, id, starts_at, ends_at).await
    }

    async fn home(&self, actor: &CurrentUser) -> Result<app::rooms::HomeView, AppError> {
        use app::rooms::{HomeBooking, HomeView};
        const SHOWN: usize = 6;
        let tz = self.viewer_zone(actor).await?;
        let now = self.clock.unix();
        let pool = self.db.pool();
        let mut rooms: std::collections::HashMap<i64, (RoomRow, PolicyRow, bool, bool)> =
            std::collections::HashMap::new();
        let mut upcoming = Vec::new();
        for b in rows::of_user_between(pool, actor.id, now, now + 7 * 86_400).await.map_err(internal)? {
            if !b.status.holds() {
                continue;
            }
            if let std::collections::hash_map::Entry::Vacant(slot) = rooms.entry(b.room_id) {
                let room = rows::room(pool, b.room_id).await.map_err(db_err)?;
                let owners = rows::co_owners(pool, room.id).await.map_err(internal)?;
                let sees = Self::sees(actor, &room, &owners);
                let policy = rows::policy(pool, room.institution_id).await.map_err(internal)?;
                let running = db::meetings::of_room(pool, room.id).await.map_err(internal)?.is_some();
                slot.insert((room, policy, running, sees));
            }
            // A booking in a room the person can no longer open (they left its institution) is not theirs to act on.
            let Some((room, policy, running, true)) = rooms.get(&b.room_id) else { continue };
            let early = policy.start_early_minutes.max(0);
            let confirmed = b.status == BookingStatus::Confirmed;
            let slot = Slot { start: b.starts_at, end: b.ends_at };
            let window_open = confirmed
                && rules::may_start(
                    now,
                    slot,
                    u32::try_from(early).unwrap_or(0),
                    u32::try_from(policy.grace_minutes.max(0)).unwrap_or(0),
                );
            let opens = b.starts_at - early * 60;
            upcoming.push(HomeBooking {
                booking: Self::booking_view(actor, tz, &b, false, actor.role_in(room.institution_id).is_some()),
                room_name: room.name.clone(),
                running: *running,
                can_start: !*running && window_open,
                opens_at: (confirmed && !*running && !window_open && opens > now)
                    .then(|| local(tz, opens).format("%H:%M").to_string()),
            });
            if upcoming.len() == SHOWN {
                break;
            }
        }
        let managed: Vec<RoomView> = self.rooms(actor).await?.into_iter().filter(|r| r.can_manage).collect();
        let more_rooms = managed.len() > SHOWN;
        let mut mine = Vec::new();
        for r in managed.into_iter().take(SHOWN) {
            let running = db::meetings::of_room(pool, r.id).await.map_err(internal)?.is_some();
            mine.push((r.id, r.name, running));
        }
        let pending = if actor.admin_of().next().is_some() { self.pending(actor).await?.len() } else { 0 };
        Ok(HomeView { timezone: tz.name().to_owned(), upcoming, rooms: mine, more_rooms, pending })
    }

    async fn my_calendar(
        &self,
        actor: &CurrentUser,
        mode: String,
        from: Option<String>,
    ) -> Result<app::rooms::MyCalendarView, AppError> {
        let tz = self.viewer_zone(actor).await?;
        let (mode, first, prev, next, days) = calendar_days(tz, self.clock.unix(), &mode, from.as_deref())?;
        let (from_ts, to_ts) = (days.first().map_or(0, |d| d.starts_at), days.last().map_or(0, |d| d.ends_at));
        // Per room: its name, whether the person still sees it, whether they belong to its institution.
        let mut rooms: std::collections::HashMap<i64, (String, bool, bool)> = std::collections::HashMap::new();
        let mut bookings = Vec::new();
        for b in rows::of_user_between(self.db.pool(), actor.id, from_ts, to_ts).await.map_err(internal)? {
            if !b.status.holds() {
                continue;
            }
            if let std::collections::hash_map::Entry::Vacant(slot) = rooms.entry(b.room_id) {
                let room = rows::room(self.db.pool(), b.room_id).await.map_err(db_err)?;
                let owners = rows::co_owners(self.db.pool(), room.id).await.map_err(internal)?;
                let member = actor.role_in(room.institution_id).is_some();
                slot.insert((room.name.clone(), Self::sees(actor, &room, &owners), member));
            }
            let Some((name, true, member)) = rooms.get(&b.room_id) else { continue };
            bookings.push(app::rooms::MyBooking {
                booking: Self::booking_view(actor, tz, &b, false, *member),
                room_name: name.clone(),
            });
        }
        Ok(app::rooms::MyCalendarView {
            timezone: tz.name().to_owned(),
            mode,
            from: first.format("%Y-%m-%d").to_string(),
            prev: prev.format("%Y-%m-%d").to_string(),
            next: next.format("%Y-%m-%d").to_string(),
            days,
            bookings,
            now: self.clock.unix(),
            today: local(tz, self.clock.unix()).format("%Y-%m-%d").to_string(),
        })
    }

    async fn booking_page(
        &self,
        actor: &CurrentUser,
        id: i64,
        room_id: Option<i64>,
    ) -> Result<app::rooms::BookingPageView, AppError> {
        let b = rows::booking(self.db.pool(), id).await.map_err(db_err)?;
        in_room(&b, room_id)?;
        let (room, owners) = self.visible_room(actor, b.room_id).await?;
        let manage = Self::can_manage(actor, &room, &owners);
        // Only the room's managers and the person who booked see a booking's own page.
        if !manage && b.created_by != Some(actor.id) && b.status != BookingStatus::Confirmed {
            return Err(AppError::NotFound);
        }
        let tz = self.timezone(actor, room.institution_id).await?;
        let held = self
            .meetings
            .history_of_booking(b.id)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|(start, end)| app::rooms::HeldMeeting {
                local_day: local(tz, start).format("%Y-%m-%d").to_string(),
                local_start: local(tz, start).format("%H:%M").to_string(),
                local_end: local(tz, end).format("%H:%M").to_string(),
                minutes: (end - start + 30) / 60,
            })
            .collect();
        let view = Self::booking_view(actor, tz, &b, manage, actor.role_in(room.institution_id).is_some());
        // Addresses are the booker's and the managers' business only.
        let invitees = if view.can_change {
            crate::db::mail::invitees(self.db.pool(), &b).await.map_err(internal)?
        } else {
            Vec::new()
        };
        Ok(app::rooms::BookingPageView {
            room_id: room.id,
            room_name: room.name.clone(),
            timezone: tz.name().to_owned(),
            booking: view,
            held,
            invitees,
            mail_enabled: self.mail.enabled(),
        })
    }

    async fn update_room(&self, actor: &CurrentUser, room_id: i64, form: RoomForm) -> Result<RoomView, AppError> {
        self.update_room_settings(actor, room_id, form).await
    }

    async fn room_admin(&self, actor: &CurrentUser, room_id: i64) -> Result<app::rooms::RoomAdminView, AppError> {
        self.room_admin_view(actor, room_id).await
    }

    async fn add_co_owner(&self, actor: &CurrentUser, room_id: i64, email: String) -> Result<(), AppError> {
        self.add_room_co_owner(actor, room_id, &email).await
    }

    async fn remove_co_owner(&self, actor: &CurrentUser, room_id: i64, user_id: i64) -> Result<(), AppError> {
        self.remove_room_co_owner(actor, room_id, user_id).await
    }

    async fn delete_room(&self, actor: &CurrentUser, room_id: i64) -> Result<(), AppError> {
        self.delete_room_for_good(actor, room_id).await
    }

    async fn edit_booking(
        &self,
        actor: &CurrentUser,
        edit: app::rooms::BookingEdit,
    ) -> Result<app::rooms::EditOutcome, AppError> {
        self.edit(actor, edit).await
    }

    async fn change_invitees(&self, actor: &CurrentUser, change: InviteesChange) -> Result<InviteesOutcome, AppError> {
        self.change_invitees_of(actor, change).await
    }

    async fn cancel_booking(&self, actor: &CurrentUser, id: i64, room_id: Option<i64>) -> Result<(), AppError> {
        let booking = rows::booking(self.db.pool(), id).await.map_err(db_err)?;
        in_room(&booking, room_id)?;
        let (room, owners) = self.visible_room(actor, booking.room_id).await?;
        if !Self::can_manage(actor, &room, &owners) && booking.created_by != Some(actor.id) {
            return Err(AppError::NotFound);
        }
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(internal)?;
        rows::set_status(&mut *tx, id, BookingStatus::Cancelled, None, now).await.map_err(db_err)?;
        db::audit::record(&mut *tx, now, Some(actor.id), Some(room.institution_id), "booking.cancel", &booking.title)
            .await
            .map_err(internal)?;
        let told = self.queue_cancellation(&mut tx, &booking, &room).await?;
        tx.commit().await.map_err(|e| db_err(e.into()))?;
        if told {
            self.mail.wake();
        }
        Ok(())
    }
}

fn guest_link_view(tz: Tz, now: i64, l: &rows::GuestLinkRow) -> GuestLinkView {
    GuestLinkView {
        id: l.id,
        label: l.label.clone(),
        expires_local: local(tz, l.expires_at).format("%Y-%m-%d %H:%M").to_string(),
        revoked: l.revoked_at.is_some(),
        expired: l.expires_at <= now,
    }
}

impl RoomsService {
    /// The institution with this slug, if the actor administers it (operators administer all).
    async fn administered(
        &self,
        actor: &CurrentUser,
        slug: &str,
    ) -> Result<db::institutions::InstitutionRow, AppError> {
        let inst = db::institutions::by_slug(self.db.pool(), slug.trim()).await.map_err(|_| AppError::NotFound)?;
        if actor.is_operator || actor.role_in(inst.id) == Some(Role::Admin) {
            Ok(inst)
        } else if actor.role_in(inst.id).is_some() {
            Err(AppError::Forbidden)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The live link and its room for a token; anything else (unknown, revoked, expired, malformed, a room closed
    /// to guests) is not found.
    async fn guest_target(&self, token: &str) -> Result<(rows::GuestLinkRow, RoomRow), AppError> {
        if !crate::tokens::looks_like_token(token) {
            return Err(AppError::NotFound);
        }
        let hash = crate::tokens::token_hash(token);
        let link = rows::live_guest_link(self.db.pool(), &hash, self.clock.unix())
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let room = rows::room(self.db.pool(), link.room_id).await.map_err(db_err)?;
        if room.guest_policy == GuestPolicy::None {
            return Err(AppError::NotFound);
        }
        // A link carries its maker's rights: a maker removed from the institution, disabled or gone ends it.
        let maker = match link.created_by {
            Some(id) => crate::auth::actor::current(self.db.pool(), id).await.map_err(internal)?,
            None => None,
        };
        let still_entitled = maker.is_some_and(|m| m.is_operator || m.role_in(room.institution_id).is_some());
        if !still_entitled {
            return Err(AppError::NotFound);
        }
        // A link sent with an invitation lives only while its booking (or series) is held.
        if (link.booking_id.is_some() || link.series_id.is_some())
            && !rows::still_held(self.db.pool(), link.booking_id, link.series_id).await.map_err(internal)?
        {
            return Err(AppError::NotFound);
        }
        Ok((link, room))
    }

    /// The viewer's own zone, else their first institution's, else UTC.
    async fn viewer_zone(&self, actor: &CurrentUser) -> Result<Tz, AppError> {
        Ok(match actor.memberships.first() {
            Some(m) => self.zone_for(actor.id, m.institution_id).await?,
            None => db::users::by_id(self.db.pool(), actor.id)
                .await
                .map_err(internal)?
                .timezone
                .and_then(|t| t.parse::<Tz>().ok())
                .unwrap_or(Tz::UTC),
        })
    }

    pub(crate) async fn join_meeting(&self, actor: &CurrentUser, room_id: i64) -> Result<String, AppError> {
        use crate::meetings::room;
        let (room, owners) = self.visible_room(actor, room_id).await?;
        // Members of the room's institution join with their account, and anyone signed in for a room listed to the
        // whole network; anyone else comes through a guest link.
        if !Self::may_join(actor, &room) {
            return Err(AppError::Forbidden);
        }
        let policy = rows::policy(self.db.pool(), room.institution_id).await.map_err(internal)?;
        let open = self.open_booking(&room, &policy, None).await?;
        let may_start = Self::may_start(actor, &room, &owners, open.as_ref());
        let found = room::ensure(&self.meetings, &room, open.as_ref(), may_start).await.map_err(meeting_err)?;
        let Some(reached) = found else {
            return Err(if open.is_none() && room.personal == 0 {
                AppError::Conflict(ConflictKind::NotStartable {
                    early_minutes: u32::try_from(policy.start_early_minutes).unwrap_or(0),
                })
            } else {
                AppError::Conflict(ConflictKind::NotStarted)
            });
        };
        let booked_by_me = open.as_ref().is_some_and(|b| b.created_by == Some(actor.id));
        let moderator = Self::can_manage(actor, &room, &owners) || booked_by_me;
        // People of other institutions come in as guests: the room's waiting room applies to them.
        let guest = !moderator && actor.role_in(room.institution_id).is_none();
        tracing::info!(room_id = room.id, moderator, guest, "joining a room's meeting");
        let user_id = actor.id.to_string();
        Ok(room::join_url(&reached.server, &reached.meeting, &actor.display_name, moderator, &user_id, guest))
    }

    pub(crate) async fn end_room_meeting(&self, actor: &CurrentUser, room_id: i64) -> Result<(), AppError> {
        let (room, owners) = self.visible_room(actor, room_id).await?;
        if !Self::can_manage(actor, &room, &owners) {
            return Err(AppError::Forbidden);
        }
        crate::meetings::room::end(&self.meetings, room.id).await.map_err(meeting_err)?;
        let now = self.clock.unix();
        db::audit::record(self.db.pool(), now, Some(actor.id), Some(room.institution_id), "meeting.end", &room.name)
            .await
            .map_err(internal)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_start_at_local_midnight_even_when_clocks_change() {
        let rome = chrono_tz::Europe::Rome;
        let change = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let len = midnight(rome, change + Duration::days(1)) - midnight(rome, change);
        assert_eq!(len, 23 * 3600);
        let back = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        assert_eq!(midnight(rome, back + Duration::days(1)) - midnight(rome, back), 25 * 3600);
        let (mon, next) = week_of(rome, midnight(rome, change) + 3600);
        assert_eq!(local(rome, mon).date(), NaiveDate::from_ymd_opt(2026, 3, 23).unwrap());
        assert_eq!(next - mon, 7 * 86_400 - 3600);
    }

    #[test]
    fn the_agenda_lists_thirty_days_from_the_day_asked() {
        let rome = chrono_tz::Europe::Rome;
        let now = midnight(rome, NaiveDate::from_ymd_opt(2026, 10, 20).unwrap()) + 9 * 3600;
        let (mode, first, prev, next, days) = calendar_days(rome, now, "agenda", None).unwrap();
        assert_eq!(mode, "agenda");
        assert_eq!(first, NaiveDate::from_ymd_opt(2026, 10, 20).unwrap());
        assert_eq!((prev, next), (first - Duration::days(30), first + Duration::days(30)));
        assert_eq!(days.len(), 30);
        assert_eq!(days.last().unwrap().date, "2026-11-18");
        // The clock change of 25 October inside it: days follow each other without a gap.
        assert!(days.windows(2).all(|w| w[0].ends_at == w[1].starts_at));
        let (mode, ..) = calendar_days(rome, now, "nonsense", Some("2026-10-21")).unwrap();
        assert_eq!(mode, "week");
    }

    fn form(pairs: &[(&str, &str)]) -> BookingForm {
        let mut f = BookingForm { date: "2026-10-24".into(), start: "23:30".into(), ..Default::default() };
        for (k, v) in pairs {
            match *k {
                "end" => f.end = (*v).into(),
                "end_date" => f.end_date = (*v).into(),
                "duration" => f.duration = (*v).into(),
                "repeat" => f.repeat = (*v).into(),
                "count" => f.count = (*v).into(),
                "except" => f.except = (*v).into(),
                "except_on" => f.except_on.push((*v).into()),
                _ => unreachable!(),
            }
        }
        f
    }

    #[test]
    fn a_duration_chosen_or_an_end_given() {
        let rome = chrono_tz::Europe::Rome;
        // 90 minutes from 23:30 ends the next day; on the night the clocks go back it is still 90 real minutes.
        let r = requested_slots(&form(&[("duration", "90")]), rome).unwrap();
        assert_eq!(r.first.end - r.first.start, 90 * 60);
        // An end given wins over the duration the list always sends.
        let r = requested_slots(&form(&[("duration", "90"), ("end", "23:45")]), rome).unwrap();
        assert_eq!(r.first.end - r.first.start, 15 * 60);
        let r = requested_slots(&form(&[("duration", "60"), ("end", "00:30"), ("end_date", "2026-10-25")]), rome);
        assert_eq!(r.unwrap().first.secs(), 60 * 60);
        // Neither, or a duration out of bounds or not a number: refused by the field's name.
        let field = |e: AppError| match e {
            AppError::Invalid { field, .. } => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(requested_slots(&form(&[]), rome).err().unwrap()), "end");
        for bad in ["0", "2000", "an hour", "-30"] {
            assert_eq!(field(requested_slots(&form(&[("duration", bad)]), rome).err().unwrap()), "duration");
        }
    }

    #[test]
    fn dates_left_out_from_pickers_and_from_a_list() {
        let rome = chrono_tz::Europe::Rome;
        let base = [("duration", "60"), ("repeat", "daily"), ("count", "5")];
        let all = requested_slots(&form(&base), rome).unwrap().wanted.len();
        assert_eq!(all, 5);
        let mut picked = base.to_vec();
        picked.extend([("except_on", "2026-10-25"), ("except_on", ""), ("except", "2026-10-27")]);
        let r = requested_slots(&form(&picked), rome).unwrap();
        let days: Vec<String> = r.wanted.iter().map(|s| local(rome, s.start).format("%d").to_string()).collect();
        assert_eq!(days, ["24", "26", "28"]);
        let mut bad = base.to_vec();
        bad.push(("except_on", "25/10/2026"));
        assert!(matches!(requested_slots(&form(&bad), rome), Err(AppError::Invalid { .. })));
    }

    #[test]
    fn roles_reach_policies() {
        assert!(reaches(Role::Admin, "admin") && reaches(Role::Admin, "member") && reaches(Role::Admin, "guest"));
        assert!(!reaches(Role::Member, "admin") && reaches(Role::Member, "member"));
        assert!(!reaches(Role::Guest, "member") && reaches(Role::Guest, "guest"));
        assert!(!reaches(Role::Admin, "none"));
    }
}
