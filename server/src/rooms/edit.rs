//! Changing bookings: one booking, or an occurrence and the following ones, or every upcoming occurrence of its
//! series. All or nothing: the new slots are checked for collisions first (listed, nothing changed), then written
//! in one transaction where the database's no-overlap rule and the quotas have the last word. "This and following"
//! splits the series in two at the occurrence, so calendars outside Convene see two rules.

use chrono_tz::Tz;

use app::error::{AppError, ConflictKind, Problem};
use app::rooms::{BookingEdit, BookingView, Collision, EditOutcome, InviteesChange, InviteesOutcome};
use app::session::{CurrentUser, Role};
use app::validate;

use super::notify::{Invitation, SeriesFacts};
use super::recurrence;
use super::rules::{self, Slot};
use super::service::{
    RoomsService, collisions_with, db_err, local, multiline, parse_date, parse_time, quota_of, quota_problem,
    recurrence_problem, slot_problem, week_of,
};
use crate::db;
use crate::db::bookings::{self as rows, BookingChange, BookingRow, BookingStatus, CapacityPolicy};
use crate::internal;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    This,
    Following,
    All,
}

/// What an edit asks for, read and checked field by field.
#[derive(Clone)]
struct Change {
    scope: Scope,
    title: String,
    description: String,
    expected: i64,
    new_slot: Option<Slot>,
}

impl RoomsService {
    /// The booking, its room and whether the actor manages the room — if the actor may change the booking (they
    /// booked it or manage its room) and it still holds its slot; otherwise it does not exist for them.
    async fn changeable(&self, actor: &CurrentUser, id: i64) -> Result<(BookingRow, rows::RoomRow, bool), AppError> {
        let booking = rows::booking(self.db.pool(), id).await.map_err(db_err)?;
        let (room, owners) = self.visible_room(actor, booking.room_id).await?;
        let manage = Self::can_manage(actor, &room, &owners);
        // Booking is a right of the room's institution: someone who booked and has since left it (a room listed
        // for the network stays visible to them) changes nothing any more.
        let booker = booking.created_by == Some(actor.id) && actor.role_in(room.institution_id).is_some();
        if (!manage && !booker) || !booking.status.holds() {
            return Err(AppError::NotFound);
        }
        Ok((booking, room, manage))
    }

    pub(crate) async fn edit(&self, actor: &CurrentUser, f: BookingEdit) -> Result<EditOutcome, AppError> {
        let (booking, room, _) = self.changeable(actor, f.id).await?;
        super::service::in_room(&booking, f.room_id)?;
        let scope = match (f.scope.trim(), booking.series_id) {
            ("" | "this", _) | (_, None) => Scope::This,
            ("following", Some(_)) => Scope::Following,
            ("all", Some(_)) => Scope::All,
            _ => return Err(AppError::invalid("scope", Problem::Format)),
        };
        // Everything is read and checked before anything is written.
        let title = match &f.title {
            Some(t) => validate::text("title", t, 1, 200)?,
            None => booking.title.clone(),
        };
        let description = match &f.description {
            Some(d) => multiline("description", d, 4000)?,
            None => booking.description.clone(),
        };
        let expected = match f.expected.as_deref().map(str::trim) {
            Some("") => 0,
            Some(e) => validate::number("expected", e, 0.0, room.capacity as f64)? as i64,
            None => booking.expected,
        };
        let tz = self.zone_for(actor.id, room.institution_id).await?;
        // The clicked booking's new slot, in the viewer's zone.
        let new_slot = match (f.date.as_deref(), f.start.as_deref(), f.end.as_deref()) {
            (None, None, None) => None,
            (Some(d), Some(s), Some(e)) => {
                let day = parse_date("date", d)?;
                let (s, e) = (parse_time("start", s)?, parse_time("end", e)?);
                if e <= s {
                    return Err(AppError::invalid("end", Problem::EndNotAfterStart));
                }
                let start = recurrence::local_instant(tz, day.and_time(s)).map_err(recurrence_problem)?.timestamp();
                let end = recurrence::local_instant(tz, day.and_time(e)).map_err(recurrence_problem)?.timestamp();
                let slot = Slot { start, end };
                rules::check_slot(slot).map_err(slot_problem)?;
                if scope != Scope::This && local(tz, start).date() != local(tz, booking.starts_at).date() {
                    return Err(AppError::invalid("date", Problem::SeriesDate));
                }
                Some(slot)
            }
            (d, s, _) => {
                let missing = if d.is_none() {
                    "date"
                } else if s.is_none() {
                    "start"
                } else {
                    "end"
                };
                return Err(AppError::invalid(missing, Problem::Required));
            }
        };
        let change = Change { scope, title, description, expected, new_slot };
        self.apply_retrying(actor, &booking, &room, tz, change).await
    }

    /// A booking dragged to new times in a calendar (moved or resized, or its meeting extended): the same change
    /// as an edit of this one booking, with every rule of one. Answers the booking as it now is.
    pub(crate) async fn move_to(&self, actor: &CurrentUser, id: i64, slot: Slot) -> Result<BookingView, AppError> {
        let (booking, room, manage) = self.changeable(actor, id).await?;
        rules::check_slot(slot).map_err(slot_problem)?;
        let tz = self.zone_for(actor.id, room.institution_id).await?;
        let change = Change {
            scope: Scope::This,
            title: booking.title.clone(),
            description: booking.description.clone(),
            expected: booking.expected,
            new_slot: Some(slot),
        };
        self.apply_retrying(actor, &booking, &room, tz, change).await?;
        let moved = rows::booking(self.db.pool(), id).await.map_err(db_err)?;
        Ok(Self::booking_view(actor, tz, &moved, manage, true))
    }

    /// `apply`, tried again (twice at most, after a short pause) when another transaction got in its way
    /// (a deadlock between the database's overlap checks of two changes): nothing was written by the failed try.
    async fn apply_retrying(
        &self,
        actor: &CurrentUser,
        booking: &BookingRow,
        room: &rows::RoomRow,
        tz: Tz,
        change: Change,
    ) -> Result<EditOutcome, AppError> {
        let mut attempt = 0u64;
        loop {
            match self.apply(actor, booking, room, tz, change.clone()).await {
                Err(AppError::Conflict(ConflictKind::Busy)) if attempt < 2 => {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(25 * attempt)).await;
                }
                other => return other,
            }
        }
    }

    /// Writes a checked change: collisions listed (nothing changed), then in one transaction the new slots, the
    /// quotas with every change in place, the pool's capacity, approval again when the institution asks for it,
    /// the invited told, an audit record.
    async fn apply(
        &self,
        actor: &CurrentUser,
        booking: &BookingRow,
        room: &rows::RoomRow,
        tz: Tz,
        change: Change,
    ) -> Result<EditOutcome, AppError> {
        let Change { scope, title, description, expected, new_slot } = change;
        let now = self.clock.unix();
        let (targets, series) = self.targets(booking, scope, now).await?;
        let slots = new_slots(&targets, series.as_ref(), new_slot, tz)?;
        for slot in &slots {
            rules::check_slot(*slot).map_err(slot_problem)?;
        }
        // Collisions with bookings other than the ones being changed: listed, nothing changed.
        let ids: Vec<i64> = targets.iter().map(|t| t.id).collect();
        let (from, to) =
            (slots.iter().map(|s| s.start).min().unwrap_or(0), slots.iter().map(|s| s.end).max().unwrap_or(0));
        let others: Vec<BookingRow> = rows::holding_between(self.db.pool(), room.id, from, to)
            .await
            .map_err(internal)?
            .into_iter()
            .filter(|b| !ids.contains(&b.id))
            .collect();
        let collisions: Vec<Collision> = collisions_with(tz, &slots, &others).into_iter().map(|(_, c)| c).collect();
        if !collisions.is_empty() {
            if scope == Scope::This {
                return Err(AppError::Conflict(ConflictKind::BookingOverlap));
            }
            return Ok(EditOutcome { changed: 0, collisions, ..EditOutcome::default() });
        }
        let policy = rows::policy(self.db.pool(), room.institution_id).await.map_err(internal)?;
        let quota = quota_of(&policy);
        let owner = booking.created_by.unwrap_or(actor.id);
        let times_changed = targets.iter().zip(&slots).any(|(t, s)| t.starts_at != s.start || t.ends_at != s.end);
        // The pool's seats at the new times (or for more people), without the bookings being changed.
        let capacity_short_by = if times_changed || targets.iter().any(|t| expected > t.expected) {
            self.capacity_short_by(&slots, u32::try_from(expected).unwrap_or(0), &ids).await?
        } else {
            None
        };
        if let Some(short_by) = capacity_short_by
            && policy.capacity_policy == CapacityPolicy::Refuse
        {
            return Err(AppError::Conflict(ConflictKind::OverCapacity { short_by }));
        }
        // Where bookings wait for approval, new times wait for it again unless an institution admin sets them.
        let admin = actor.is_operator || actor.role_in(room.institution_id) == Some(Role::Admin);
        // A booking that has begun (its meeting being extended) is not sent back for approval.
        let approval_again = policy.approval_required != 0 && !admin;
        let to_pending = |t: &BookingRow, slot: &Slot| {
            approval_again && t.starts_at > now && (t.starts_at != slot.start || t.ends_at != slot.end)
        };
        let pending = targets.iter().zip(&slots).any(|(t, s)| to_pending(t, s) || t.status == BookingStatus::Pending);

        let mut tx = self.db.begin().await.map_err(db_err)?;
        if times_changed && quota.max_hours_per_week.is_some() {
            self.db.lock_for_rule(&mut tx, crate::db::RuleLock::WeeklyHours, owner).await.map_err(db_err)?;
        }
        // Each booking still as it was read: a cancellation or a decision that came in meanwhile wins.
        for t in &targets {
            if !rows::hold_status(&mut *tx, t.id, t.status, now).await.map_err(db_err)? {
                return Err(AppError::Conflict(ConflictKind::BookingChanged));
            }
        }
        // A series split at the first occurrence concerned, unless nothing of it comes before.
        let (series_id, split) = match &series {
            Some(s) if times_changed => Self::split_series(&mut tx, s, &targets, &slots, room.id, owner, now).await?,
            _ => (booking.series_id, false),
        };
        // Every slot concerned is let go, then taken back at its new time: the database checks each against the
        // rest of the room, never against the old places of the bookings moving with it.
        if targets.len() > 1 {
            for t in &targets {
                rows::release(&mut *tx, t.id).await.map_err(db_err)?;
            }
        }
        for (t, slot) in targets.iter().zip(&slots) {
            let change = BookingChange {
                id: t.id,
                starts_at: slot.start,
                ends_at: slot.end,
                status: if to_pending(t, slot) { BookingStatus::Pending } else { t.status },
                series_id: if series.is_some() { series_id } else { t.series_id },
                title: &title,
                description: &description,
                expected,
            };
            rows::change(&mut *tx, &change, now).await.map_err(db_err)?;
        }
        // Notice, horizon and weekly hours, with every change in place.
        if times_changed {
            for (t, slot) in targets.iter().zip(&slots) {
                let (week_start, week_end) = week_of(tz, slot.start);
                let held =
                    rows::held_seconds(&mut *tx, owner, week_start, week_end, Some(t.id)).await.map_err(db_err)?;
                let old = Slot { start: t.starts_at, end: t.ends_at };
                rules::check_change(&quota, now, old, *slot, held).map_err(quota_problem)?;
            }
        }
        // The invited hear of it, with calendars that replace what they had.
        let told = self
            .tell_invited(&mut tx, room, booking, &targets, &slots, (&title, &description), series_id, split)
            .await?;
        if told {
            rows::mark_invited(&mut tx, &ids, now).await.map_err(db_err)?;
        }
        let what = match scope {
            Scope::This => "booking.edit",
            Scope::Following => "booking.edit_following",
            Scope::All => "booking.edit_all",
        };
        db::audit::record(&mut *tx, now, Some(actor.id), Some(room.institution_id), what, &title)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(|e| db_err(e.into()))?;
        if told {
            self.mail.wake();
        }
        Ok(EditOutcome { changed: targets.len(), collisions: Vec::new(), pending, capacity_short_by })
    }
    /// The bookings a change concerns: this one, or for a series the held occurrences still ahead (all of them,
    /// or from this one on), with the series.
    async fn targets(
        &self,
        booking: &BookingRow,
        scope: Scope,
        now: i64,
    ) -> Result<(Vec<BookingRow>, Option<rows::SeriesRow>), AppError> {
        let (Scope::Following | Scope::All, Some(sid)) = (scope, booking.series_id) else {
            return Ok((vec![booking.clone()], None));
        };
        let series = rows::series(self.db.pool(), sid).await.map_err(internal)?;
        let from = if scope == Scope::Following { booking.starts_at } else { i64::MIN };
        let targets: Vec<BookingRow> = rows::of_series(self.db.pool(), sid)
            .await
            .map_err(internal)?
            .into_iter()
            .filter(|m| m.status.holds())
            .filter(|m| m.starts_at >= from && m.starts_at > now)
            .collect();
        if targets.is_empty() {
            return Err(AppError::invalid("scope", Problem::InThePast));
        }
        Ok((targets, Some(series)))
    }

    /// Splits a series at the first occurrence a change concerns when some of it comes before (the part before
    /// keeps its rule, ending there; the rest becomes a new series with the new times, its invited copied), or
    /// moves the whole series. Returns the series the changed bookings belong to, and whether it was split.
    async fn split_series(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        s: &rows::SeriesRow,
        targets: &[BookingRow],
        slots: &[Slot],
        room_id: i64,
        owner: i64,
        now: i64,
    ) -> Result<(Option<i64>, bool), AppError> {
        let pivot = targets[0].starts_at;
        let (first_start, duration) = (slots[0].start, slots[0].secs());
        if !rows::series_has_before(&mut **tx, s.id, pivot).await.map_err(db_err)? {
            rows::update_series(&mut **tx, s.id, &s.rrule, first_start, duration).await.map_err(db_err)?;
            return Ok((Some(s.id), false));
        }
        let last = slots.iter().map(|x| x.start).max().unwrap_or(first_start);
        let tail_rule = recurrence::with_until(&s.rrule, last);
        let new = rows::NewSeries {
            room_id,
            rrule: &tail_rule,
            timezone: &s.timezone,
            first_start,
            duration,
            created_by: owner,
        };
        let new_id = rows::insert_series(&mut **tx, &new, now).await.map_err(db_err)?;
        let head_rule = recurrence::with_until(&s.rrule, pivot - 1);
        rows::update_series(&mut **tx, s.id, &head_rule, s.first_start, s.duration).await.map_err(db_err)?;
        rows::move_series_tail(&mut **tx, s.id, new_id, pivot).await.map_err(db_err)?;
        crate::db::mail::copy_series_invitees(&mut **tx, s.id, new_id).await.map_err(db_err)?;
        Ok((Some(new_id), true))
    }
}

impl RoomsService {
    /// Invites more people to a booking (its series' invitation when it is an occurrence) and takes invited people
    /// off, in one transaction with the mail that tells them. Addresses are checked like the booking form's; one
    /// not invited is ignored when taken off, one already invited when added.
    pub(crate) async fn change_invitees_of(
        &self,
        actor: &CurrentUser,
        c: InviteesChange,
    ) -> Result<InviteesOutcome, AppError> {
        let (booking, room, _) = self.changeable(actor, c.booking_id).await?;
        super::service::in_room(&booking, Some(c.room_id))?;
        let add = super::notify::parse_invitees(&c.add)?;
        let mut remove: Vec<String> = Vec::new();
        for e in c.remove.iter().filter(|e| !e.trim().is_empty()) {
            let e = validate::email("invitees", e)?;
            if !remove.contains(&e) {
                remove.push(e);
            }
        }
        if !add.is_empty() && !self.mail.enabled() {
            return Err(AppError::invalid("invitees", Problem::MailOff));
        }
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(db_err)?;
        // One change of an invitation at a time (on PostgreSQL; SQLite's writer is one already), and the booking's
        // row held, so that a cancellation committing meanwhile is seen here: the limit and the "already invited"
        // check count what the other left.
        let (rule, subject) = match booking.series_id {
            Some(s) => (db::RuleLock::SeriesInvitation, s),
            None => (db::RuleLock::BookingInvitation, booking.id),
        };
        self.db.lock_for_rule(&mut tx, rule, subject).await.map_err(db_err)?;
        self.db.lock_booking(&mut tx, booking.id).await.map_err(db_err)?;
        // As it is now, inside the transaction: cancelled meanwhile, it has nobody left to tell.
        let b = rows::booking(&mut *tx, booking.id).await.map_err(db_err)?;
        if !b.status.holds() {
            return Err(AppError::NotFound);
        }
        // Nobody is invited to what is over: the booking, or the series' last occurrence, has ended.
        if !add.is_empty() {
            let last_end = match b.series_id {
                Some(s) => rows::of_series(&mut *tx, s)
                    .await
                    .map_err(internal)?
                    .iter()
                    .filter(|m| m.status.holds())
                    .map(|m| m.ends_at)
                    .max()
                    .unwrap_or(b.ends_at),
                None => b.ends_at,
            };
            if last_end <= now {
                return Err(AppError::invalid("invitees", Problem::InThePast));
            }
        }
        let current = db::mail::invitees(&mut *tx, &b).await.map_err(internal)?;
        let added: Vec<String> = add.into_iter().filter(|e| !current.contains(e)).collect();
        let removed: Vec<String> = remove.into_iter().filter(|e| current.contains(e)).collect();
        let max = super::notify::MAX_INVITEES;
        if current.len() - removed.len() + added.len() > max {
            return Err(AppError::invalid("invitees", Problem::TooMany { max: max as u32 }));
        }
        for e in &removed {
            db::mail::remove_invitee(&mut *tx, &b, e).await.map_err(internal)?;
            // Their own guest link stops with them (links shared by people invited before links were each one's
            // stay: stopping them would shut the others out).
            rows::revoke_invitee_links(&mut *tx, &b, e, now).await.map_err(internal)?;
        }
        for e in &added {
            let (one, series) = if b.series_id.is_some() { (None, b.series_id) } else { (Some(b.id), None) };
            db::mail::add_invitee(&mut *tx, one, series, e).await.map_err(internal)?;
        }
        let mailed = self.queue_invitees_change(&mut tx, &b, &room, &added, &removed).await?;
        let what = format!("+{} -{}", added.len(), removed.len());
        db::audit::record(&mut *tx, now, Some(actor.id), Some(room.institution_id), "booking.invitees", &what)
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(|e| db_err(e.into()))?;
        if mailed {
            self.mail.wake();
        }
        Ok(InviteesOutcome { added: added.len() as u32, removed: removed.len() as u32, mailed })
    }

    /// Queues the updates for the invited of what an edit changed (inside its transaction, so it reads the
    /// series as they now are). The earlier half of a split series is sent again too, ending where it now ends.
    #[allow(clippy::too_many_arguments)]
    async fn tell_invited(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        room: &crate::db::bookings::RoomRow,
        booking: &BookingRow,
        targets: &[BookingRow],
        slots: &[Slot],
        (title, description): (&str, &str),
        series_id: Option<i64>,
        split: bool,
    ) -> Result<bool, AppError> {
        if !self.mail.enabled() {
            return Ok(false);
        }
        // Read through the transaction: on SQLite it holds the write lock, and other writers wait holding pool
        // connections.
        let invitees = crate::db::mail::invitees(&mut **tx, booking).await.map_err(internal)?;
        if invitees.is_empty() {
            return Ok(false);
        }
        let institution = db::institutions::by_id(&mut **tx, room.institution_id).await.map_err(internal)?.name;
        // As it now is: a change waiting for approval again reaches calendars as tentative.
        let status = rows::booking(&mut **tx, targets[0].id).await.map_err(internal)?.status;
        let changed = BookingRow {
            title: title.to_owned(),
            description: description.to_owned(),
            starts_at: slots[0].start,
            ends_at: slots[0].end,
            status,
            ..targets[0].clone()
        };
        let facts_of = |id: i64, s: &rows::SeriesRow, members: &[BookingRow]| SeriesFacts {
            id,
            rule: s.rrule.clone(),
            tz: s.timezone.parse().unwrap_or(Tz::UTC),
            first_start: s.first_start,
            duration: s.duration,
            held: members.iter().filter(|m| m.status.holds()).map(|m| m.starts_at).collect(),
        };
        let mut told = false;
        let single = targets.len() == 1 && targets[0].id == booking.id && !split;
        let Some(sid) = series_id else {
            let inv = Invitation {
                room,
                institution,
                title,
                description,
                first: (slots[0].start, slots[0].end),
                series: None,
                booking_id: booking.id,
                occurrences: 1,
            };
            return self.queue_update(tx, &inv, &changed, &invitees, None).await;
        };
        let s = rows::series(&mut **tx, sid).await.map_err(internal)?;
        let members = rows::of_series(&mut **tx, sid).await.map_err(internal)?;
        let sf = facts_of(sid, &s, &members);
        let occurrences = sf.held.len();
        let inv = Invitation {
            room,
            institution: institution.clone(),
            title,
            description,
            first: (slots[0].start, slots[0].end),
            series: Some(sf),
            booking_id: booking.id,
            occurrences: if single { 1 } else { occurrences },
        };
        // One occurrence changed alone: its original start names it.
        let recurrence_id = single.then_some(booking.starts_at);
        told |= self.queue_update(tx, &inv, &changed, &invitees, recurrence_id).await?;
        if split && let Some(old) = booking.series_id {
            let s = rows::series(&mut **tx, old).await.map_err(internal)?;
            let members = rows::of_series(&mut **tx, old).await.map_err(internal)?;
            if let Some(first) = members.iter().find(|m| m.status.holds()) {
                let sf = facts_of(old, &s, &members);
                let occurrences = sf.held.len();
                let inv = Invitation::of(room, institution, first, Some(sf), occurrences);
                told |= self.queue_update(tx, &inv, first, &invitees, None).await?;
            }
        }
        Ok(told)
    }
}

/// The new slots of the bookings a change concerns: unchanged, the one new slot, or for a series the new times
/// of day on every occurrence's own date, read in the zone the series lives in.
fn new_slots(
    targets: &[BookingRow],
    series: Option<&rows::SeriesRow>,
    new_slot: Option<Slot>,
    tz: Tz,
) -> Result<Vec<Slot>, AppError> {
    Ok(match (new_slot, series) {
        (None, _) => targets.iter().map(|t| Slot { start: t.starts_at, end: t.ends_at }).collect(),
        (Some(slot), None) => vec![slot],
        (Some(slot), Some(s)) => {
            let series_tz: Tz = s.timezone.parse().unwrap_or(tz);
            let (st, et) = (local(series_tz, slot.start).time(), local(series_tz, slot.end).time());
            let starts: Vec<i64> = targets.iter().map(|t| t.starts_at).collect();
            recurrence::retime(series_tz, &starts, st, et).map_err(recurrence_problem)?
        }
    })
}
