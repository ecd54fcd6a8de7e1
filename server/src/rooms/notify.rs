//! E-mail about bookings: invitations (with a guest link when the room admits guests, and the `.ics` as an
//! RFC 5546 `REQUEST`), the booker's copy, reminders before the start, approval decisions and cancellations.
//! Messages are queued in the same transaction as the change they tell about; the mail worker sends them.

use chrono::TimeZone;
use chrono_tz::Tz;

use app::error::{AppError, Problem};
use app::i18n::Lang;
use app::validate;

use super::ics::{self, IcsEvent};
use super::recurrence;
use super::service::RoomsService;
use crate::db::bookings::{self as rows, BookingRow, BookingStatus, GuestPolicy, RoomRow};
use crate::db::mail::{self as mailrows, NewMail};
use crate::db::{self, DbError};
use crate::internal;
use crate::mail::compose::{self, Facts, Letter};

/// At most this many people per invitation.
pub const MAX_INVITEES: usize = 50;

/// The addresses typed in the booking form (commas, semicolons, spaces or new lines between them), checked and
/// without repeats.
pub fn parse_invitees(raw: &str) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for part in raw.split([',', ';', ' ', '\n', '\r', '\t']).filter(|p| !p.trim().is_empty()) {
        let email = validate::email("invitees", part)?;
        if email.parse::<lettre::Address>().is_err() {
            return Err(AppError::invalid("invitees", Problem::Format));
        }
        if !out.contains(&email) {
            out.push(email);
        }
    }
    if out.len() > MAX_INVITEES {
        return Err(AppError::invalid("invitees", Problem::TooMany { max: MAX_INVITEES as u32 }));
    }
    Ok(out)
}

/// `2026-11-23 10:00–11:00 (Europe/Rome)`; across midnight both dates.
pub fn when(tz: Tz, start: i64, end: i64) -> String {
    let l = |t: i64| tz.timestamp_opt(t, 0).single().map(|d| d.naive_local()).unwrap_or_default();
    let (s, e) = (l(start), l(end));
    if s.date() == e.date() {
        format!("{} {}–{} ({})", s.format("%Y-%m-%d"), s.format("%H:%M"), e.format("%H:%M"), tz.name())
    } else {
        format!("{} – {} ({})", s.format("%Y-%m-%d %H:%M"), e.format("%Y-%m-%d %H:%M"), tz.name())
    }
}

/// Someone who made a booking, as the messages need them.
pub struct Booker {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub lang: Lang,
    pub tz: Tz,
}

/// A series as an invitation describes it.
#[derive(Clone, Debug)]
pub struct SeriesFacts {
    pub id: i64,
    pub rule: String,
    /// The zone it was made in.
    pub tz: Tz,
    pub first_start: i64,
    pub duration: i64,
    /// Starts of the occurrences held.
    pub held: Vec<i64>,
}

/// What one invitation is about: the bookings made (one, or the held occurrences of a series).
pub struct Invitation<'a> {
    pub room: &'a RoomRow,
    pub institution: String,
    pub title: &'a str,
    pub description: &'a str,
    /// (first start, end) of the first booking.
    pub first: (i64, i64),
    /// None for one booking.
    pub series: Option<SeriesFacts>,
    pub booking_id: i64,
    pub occurrences: usize,
}

impl<'a> Invitation<'a> {
    /// The invitation to a stored booking `first` (the first the invited have: for a series its first held
    /// occurrence), covering `occurrences`.
    pub fn of(
        room: &'a RoomRow,
        institution: String,
        first: &'a BookingRow,
        series: Option<SeriesFacts>,
        occurrences: usize,
    ) -> Self {
        Invitation {
            room,
            institution,
            title: &first.title,
            description: &first.description,
            first: (first.starts_at, first.ends_at),
            series,
            booking_id: first.id,
            occurrences,
        }
    }
}

/// A series as the invited know it: every occurrence, the confirmed ones, and the facts of those.
struct ConfirmedSeries {
    members: Vec<BookingRow>,
    confirmed: Vec<BookingRow>,
    facts: SeriesFacts,
}

/// An iCalendar SEQUENCE that grows with time: each update or cancellation sent supersedes the earlier ones.
pub fn sequence(now: i64) -> u32 {
    u32::try_from(now - 1_700_000_000).unwrap_or(1).max(1)
}

fn mail(to: &str, letter: Letter, ics: Option<(String, &'static str)>, kind: &'static str) -> NewMail {
    NewMail { recipient: to.to_owned(), subject: letter.subject, body: letter.body, ics, kind }
}

impl RoomsService {
    fn host(&self) -> String {
        self.public_url.host_str().unwrap_or("convene").to_owned()
    }

    fn room_url(&self, room_id: i64) -> String {
        format!("{}/rooms/{room_id}", self.public_url.as_str().trim_end_matches('/'))
    }

    /// Name, address, language and zone of a person.
    pub(crate) async fn booker(&self, user_id: i64, institution_id: i64) -> Result<Booker, AppError> {
        let user = db::users::by_id(self.db.pool(), user_id).await.map_err(internal)?;
        let tz = self.zone_for(user_id, institution_id).await?;
        let lang = self.lang_of(Some(&user), institution_id).await.map_err(internal)?;
        Ok(Booker { id: user.id, name: user.display_name, email: user.email, lang, tz })
    }

    /// The language of an e-mail to `address` about a room of `institution_id`: the reader's, not the booker's.
    pub(crate) async fn reader_lang(&self, address: &str, institution_id: i64) -> Result<Lang, DbError> {
        let user = db::users::by_email(self.db.pool(), address).await?;
        self.lang_of(user.as_ref(), institution_id).await
    }

    /// A person's own language setting, else the default language of their institution (the room's when they
    /// belong to it, else the first of theirs); for an address with no account, the room's institution's.
    async fn lang_of(&self, user: Option<&db::users::UserRow>, institution_id: i64) -> Result<Lang, DbError> {
        if let Some(user) = user {
            if let Some(lang) = user.language.as_deref().and_then(Lang::from_code) {
                return Ok(lang);
            }
            let memberships = db::users::memberships(self.db.pool(), user.id).await?;
            let theirs = memberships.iter().find(|m| m.institution_id == institution_id).or(memberships.first());
            if let Some(lang) = theirs.and_then(|m| Lang::from_code(&m.default_language)) {
                return Ok(lang);
            }
        }
        let institution = db::institutions::by_id(self.db.pool(), institution_id).await?;
        Ok(Lang::from_code(&institution.default_language).unwrap_or_default())
    }

    fn facts(&self, room: &RoomRow, institution: &str, b: &BookingRow, booker: &Booker, occurrences: usize) -> Facts {
        Facts {
            title: b.title.clone(),
            description: b.description.clone(),
            room: room.name.clone(),
            institution: institution.to_owned(),
            when: when(booker.tz, b.starts_at, b.ends_at),
            occurrences: (occurrences > 1).then_some(occurrences),
            organizer: booker.name.clone(),
            room_url: self.room_url(room.id),
            guest_url: None,
        }
    }

    /// The invitation's calendar (`REQUEST`), written from what was just booked (nothing read back).
    fn invitation_ics(&self, inv: &Invitation<'_>, booker: &Booker, attendees: &[String]) -> String {
        self.request_ics(inv, booker, attendees, 0, None)
    }

    /// A `REQUEST` calendar: the first invitation (`sequence` 0), or an update of it; `recurrence_id`: one
    /// occurrence of a series (its original start) changed alone.
    fn request_ics(
        &self,
        inv: &Invitation<'_>,
        booker: &Booker,
        attendees: &[String],
        sequence: u32,
        recurrence_id: Option<i64>,
    ) -> String {
        let host = self.host();
        let base = IcsEvent {
            title: inv.title.to_owned(),
            description: inv.description.to_owned(),
            location: inv.room.name.clone(),
            status: "confirmed".into(),
            organizer: Some((booker.name.clone(), booker.email.clone())),
            attendees: attendees.to_vec(),
            sequence,
            ..IcsEvent::default()
        };
        let (event, tz) = match (&inv.series, recurrence_id) {
            (Some(sf), Some(original)) => (
                IcsEvent {
                    uid: format!("series-{}@{host}", sf.id),
                    start: inv.first.0,
                    end: inv.first.1,
                    updated: inv.first.0,
                    recurrence_id: Some(original),
                    ..base
                },
                sf.tz,
            ),
            (Some(sf), None) => {
                let expected = recurrence::expected_starts(&sf.rule, sf.first_start, sf.tz, sf.duration);
                let ev = IcsEvent {
                    uid: format!("series-{}@{host}", sf.id),
                    start: sf.first_start,
                    end: sf.first_start + sf.duration,
                    rrule: Some(sf.rule.clone()),
                    exdates: ics::missing_occurrences(&expected, &sf.held),
                    updated: sf.first_start,
                    ..base
                };
                (ev, sf.tz)
            }
            (None, _) => (
                IcsEvent {
                    uid: format!("booking-{}@{host}", inv.booking_id),
                    start: inv.first.0,
                    end: inv.first.1,
                    updated: inv.first.0,
                    ..base
                },
                booker.tz,
            ),
        };
        ics::calendar_with_method(&format!("{} — {}", inv.title, inv.room.name), tz, &[event], Some("REQUEST"))
    }

    /// Queues the invitations (with a guest link when the room admits guests) and the booker's copy, in the
    /// booking's transaction. Returns whether anything was queued.
    pub(crate) async fn queue_invitations(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        inv: &Invitation<'_>,
        booker: &Booker,
        invitees: &[String],
    ) -> Result<bool, AppError> {
        if invitees.is_empty() || !self.mail.enabled() {
            return Ok(false);
        }
        let now = self.clock.unix();
        // Each invited person gets a link of their own, valid until a day after the last occurrence, revocable
        // like any other and stopped when they are taken off the invitation.
        let last_end = match &inv.series {
            Some(sf) => sf.held.iter().max().copied().unwrap_or(inv.first.0) + sf.duration,
            None => inv.first.1,
        };
        let label: String = format!("✉ {}", inv.title).chars().take(80).collect();
        let series_id = inv.series.as_ref().map(|s| s.id);
        let first = BookingRow {
            id: inv.booking_id,
            room_id: inv.room.id,
            series_id: inv.series.as_ref().map(|s| s.id),
            title: inv.title.to_owned(),
            description: inv.description.to_owned(),
            starts_at: inv.first.0,
            ends_at: inv.first.1,
            expected: 0,
            status: BookingStatus::Confirmed,
            status_reason: None,
            created_by: Some(booker.id),
            invited_at: None,
        };
        let facts = self.facts(inv.room, &inv.institution, &first, booker, inv.occurrences);
        let ics = self.invitation_ics(inv, booker, invitees);
        for to in invitees {
            let guest_url = if inv.room.guest_policy == GuestPolicy::None {
                None
            } else {
                let token = crate::tokens::new_token();
                let hash = crate::tokens::token_hash(&token);
                let link = rows::NewGuestLink {
                    room_id: inv.room.id,
                    token_hash: &hash,
                    label: &label,
                    created_by: booker.id,
                    expires_at: last_end + 86_400,
                    booking_id: if series_id.is_none() { Some(inv.booking_id) } else { None },
                    series_id,
                    invitee: Some(to),
                };
                rows::insert_guest_link(&mut **tx, &link, now).await.map_err(internal)?;
                Some(format!("{}/guest/{token}", self.public_url.as_str().trim_end_matches('/')))
            };
            let lang = self.reader_lang(to, inv.room.institution_id).await.map_err(internal)?;
            let letter = compose::invitation(lang, &Facts { guest_url, ..facts.clone() });
            self.mail
                .queue(&mut **tx, &mail(to, letter, Some((ics.clone(), "REQUEST")), "invitation"))
                .await
                .map_err(internal)?;
        }
        let copy = compose::invitations_sent(booker.lang, &facts, invitees);
        self.mail
            .queue(&mut **tx, &mail(&booker.email, copy, Some((ics, "PUBLISH")), "invitation"))
            .await
            .map_err(internal)?;
        Ok(true)
    }

    /// An invitation for a booking already stored (sent when an admin approves it).
    /// Tells the booker an admin's decision. The invitations held back go out with the decision that leaves
    /// nothing pending: at once for one booking, with the last decided occurrence for a series (once, for the
    /// occurrences approved).
    pub(crate) async fn queue_decision(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        b: &BookingRow,
        room: &RoomRow,
        approved: bool,
        reason: &str,
    ) -> Result<bool, AppError> {
        if !self.mail.enabled() {
            return Ok(false);
        }
        let Some(user_id) = b.created_by else { return Ok(false) };
        let booker = self.booker(user_id, room.institution_id).await?;
        let institution = db::institutions::by_id(&mut **tx, room.institution_id).await.map_err(internal)?.name;
        let invitees = mailrows::invitees(&mut **tx, b).await.map_err(internal)?;
        let facts = self.facts(room, &institution, b, &booker, 1);
        let letter = compose::decision(booker.lang, &facts, approved, reason);
        self.mail.queue(&mut **tx, &mail(&booker.email, letter, None, "decision")).await.map_err(internal)?;
        if invitees.is_empty() {
            return Ok(true);
        }
        // Rejected after the invited had it (a change sent it back for approval): withdrawn from their calendars.
        if !approved && b.invited_at.is_some() {
            self.queue_cancellation(tx, b, room).await?;
            return Ok(true);
        }
        // The series as this decision leaves it (read inside the transaction that made it).
        let (series, first, occurrences, told) = match b.series_id {
            None if approved => (None, b.clone(), 1, vec![b.id]),
            None => return Ok(true),
            Some(id) => {
                let cs = self.confirmed_series(tx, id).await?;
                if cs.members.iter().any(|m| m.status == BookingStatus::Pending) {
                    return Ok(true);
                }
                let Some(first) = cs.confirmed.first().cloned() else { return Ok(true) };
                let ids: Vec<i64> = cs.confirmed.iter().map(|m| m.id).collect();
                (Some(cs.facts), first, cs.confirmed.len(), ids)
            }
        };
        let inv = Invitation::of(room, institution, &first, series, occurrences);
        if self.queue_invitations(tx, &inv, &booker, &invitees).await? {
            rows::mark_invited(tx, &told, self.clock.unix()).await.map_err(internal)?;
        }
        Ok(true)
    }

    /// Tells those just invited to a booking (the invitation, with a guest link of their own) and those taken off
    /// (a cancellation of the whole: the booking, or every occurrence of its series). The invitation goes out only
    /// once the booking is decided (confirmed; for a series, nothing left waiting for approval), as
    /// `queue_decision` sends it; before that the newly invited wait for the decision with the others. A
    /// cancellation goes only to people who had the invitation. Returns whether anything was queued.
    pub(crate) async fn queue_invitees_change(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        b: &BookingRow,
        room: &RoomRow,
        added: &[String],
        removed: &[String],
    ) -> Result<bool, AppError> {
        if !self.mail.enabled() || (added.is_empty() && removed.is_empty()) {
            return Ok(false);
        }
        let Some(user_id) = b.created_by else { return Ok(false) };
        // As the invited know it: the booking, or the series' confirmed occurrences.
        let (series, first, occurrences, decided, had, told_ids) = match b.series_id {
            None => {
                let confirmed = b.status == BookingStatus::Confirmed;
                (None, b.clone(), 1, confirmed, confirmed || b.invited_at.is_some(), vec![b.id])
            }
            Some(id) => {
                let cs = self.confirmed_series(tx, id).await?;
                let waiting = cs.members.iter().any(|m| m.status == BookingStatus::Pending);
                let decided = !waiting && !cs.confirmed.is_empty();
                let had = decided || cs.members.iter().any(|m| m.invited_at.is_some());
                let first = cs.confirmed.first().cloned().unwrap_or_else(|| b.clone());
                let ids = cs.confirmed.iter().map(|m| m.id).collect();
                (Some(cs.facts), first, cs.confirmed.len().max(1), decided, had, ids)
            }
        };
        let (removed, added) = (if had { removed } else { &[][..] }, if decided { added } else { &[][..] });
        if added.is_empty() && removed.is_empty() {
            return Ok(false);
        }
        let booker = self.booker(user_id, room.institution_id).await?;
        let institution = db::institutions::by_id(&mut **tx, room.institution_id).await.map_err(internal)?.name;
        let host = self.host();
        let (uid, tz) = match &series {
            Some(sf) => (format!("series-{}@{host}", sf.id), sf.tz),
            None => (format!("booking-{}@{host}", first.id), booker.tz),
        };
        let mut told = false;
        if !removed.is_empty() {
            let event = IcsEvent {
                uid,
                title: first.title.clone(),
                location: room.name.clone(),
                start: first.starts_at,
                end: first.ends_at,
                status: "cancelled".into(),
                updated: self.clock.unix(),
                organizer: Some((booker.name.clone(), booker.email.clone())),
                attendees: removed.to_vec(),
                sequence: sequence(self.clock.unix()),
                ..IcsEvent::default()
            };
            let ics = ics::calendar_with_method(&first.title, tz, &[event], Some("CANCEL"));
            let facts = self.facts(room, &institution, &first, &booker, occurrences);
            for to in removed {
                let lang = self.reader_lang(to, room.institution_id).await.map_err(internal)?;
                let letter = compose::cancellation(lang, &facts);
                self.mail
                    .queue(&mut **tx, &mail(to, letter, Some((ics.clone(), "CANCEL")), "cancellation"))
                    .await
                    .map_err(internal)?;
            }
            told = true;
        }
        if !added.is_empty() {
            let inv = Invitation::of(room, institution, &first, series, occurrences);
            if self.queue_invitations(tx, &inv, &booker, added).await? {
                rows::mark_invited(tx, &told_ids, self.clock.unix()).await.map_err(internal)?;
                told = true;
            }
        }
        Ok(told)
    }

    /// Series `id` as the invited know it (read through the transaction that is changing it).
    async fn confirmed_series(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        id: i64,
    ) -> Result<ConfirmedSeries, AppError> {
        let members = rows::of_series(&mut **tx, id).await.map_err(internal)?;
        let confirmed: Vec<BookingRow> =
            members.iter().filter(|m| m.status == BookingStatus::Confirmed).cloned().collect();
        let s = rows::series(&mut **tx, id).await.map_err(internal)?;
        let facts = SeriesFacts {
            id,
            rule: s.rrule,
            tz: s.timezone.parse().unwrap_or(Tz::UTC),
            first_start: s.first_start,
            duration: s.duration,
            held: confirmed.iter().map(|m| m.starts_at).collect(),
        };
        Ok(ConfirmedSeries { members, confirmed, facts })
    }

    /// Tells the invited people that a booking (or one occurrence of a series) is cancelled.
    pub(crate) async fn queue_cancellation(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        b: &BookingRow,
        room: &RoomRow,
    ) -> Result<bool, AppError> {
        // Only what the invited have: confirmed, or sent to them before it went back to waiting for approval.
        if !self.mail.enabled() || (b.status != BookingStatus::Confirmed && b.invited_at.is_none()) {
            return Ok(false);
        }
        let invitees = mailrows::invitees(&mut **tx, b).await.map_err(internal)?;
        let Some(user_id) = b.created_by else { return Ok(false) };
        if invitees.is_empty() {
            return Ok(false);
        }
        let booker = self.booker(user_id, room.institution_id).await?;
        let institution = db::institutions::by_id(&mut **tx, room.institution_id).await.map_err(internal)?.name;
        let host = self.host();
        let (uid, recurrence_id, tz) = match b.series_id {
            Some(id) => {
                let s = rows::series(&mut **tx, id).await.map_err(internal)?;
                (format!("series-{id}@{host}"), Some(b.starts_at), s.timezone.parse().unwrap_or(booker.tz))
            }
            None => (format!("booking-{}@{host}", b.id), None, booker.tz),
        };
        let event = IcsEvent {
            uid,
            title: b.title.clone(),
            location: room.name.clone(),
            start: b.starts_at,
            end: b.ends_at,
            status: "cancelled".into(),
            updated: self.clock.unix(),
            organizer: Some((booker.name.clone(), booker.email.clone())),
            attendees: invitees.clone(),
            recurrence_id,
            sequence: sequence(self.clock.unix()),
            ..IcsEvent::default()
        };
        let ics = ics::calendar_with_method(&b.title, tz, &[event], Some("CANCEL"));
        let facts = self.facts(room, &institution, b, &booker, 1);
        for to in &invitees {
            let lang = self.reader_lang(to, room.institution_id).await.map_err(internal)?;
            let letter = compose::cancellation(lang, &facts);
            self.mail
                .queue(&mut **tx, &mail(to, letter, Some((ics.clone(), "CANCEL")), "cancellation"))
                .await
                .map_err(internal)?;
        }
        Ok(true)
    }

    /// Tells the invited that bookings changed: one booking, one occurrence alone (`recurrence_id`: its original
    /// start), or a series as it is now. Returns whether anything was queued.
    pub(crate) async fn queue_update(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        inv: &Invitation<'_>,
        b: &BookingRow,
        invitees: &[String],
        recurrence_id: Option<i64>,
    ) -> Result<bool, AppError> {
        if invitees.is_empty() || !self.mail.enabled() || b.status != BookingStatus::Confirmed {
            return Ok(false);
        }
        let Some(user_id) = b.created_by else { return Ok(false) };
        let booker = self.booker(user_id, inv.room.institution_id).await?;
        let facts = self.facts(inv.room, &inv.institution, b, &booker, inv.occurrences);
        let ics = self.request_ics(inv, &booker, invitees, sequence(self.clock.unix()), recurrence_id);
        for to in invitees {
            let lang = self.reader_lang(to, inv.room.institution_id).await.map_err(internal)?;
            let letter = compose::update(lang, &facts);
            self.mail
                .queue(&mut **tx, &mail(to, letter, Some((ics.clone(), "REQUEST")), "update"))
                .await
                .map_err(internal)?;
        }
        Ok(true)
    }

    /// Queues the reminders of bookings that start within the reminder window; each booking is reminded once,
    /// even with several workers. Returns how many bookings were reminded.
    pub async fn remind_due(&self) -> Result<u32, DbError> {
        let minutes = self.mail.reminder_minutes;
        if !self.mail.enabled() || minutes == 0 {
            return Ok(0);
        }
        let now = self.clock.unix();
        let mut done = 0;
        for b in mailrows::to_remind(self.db.pool(), now, now + i64::from(minutes) * 60).await? {
            let Ok(room) = rows::room(self.db.pool(), b.room_id).await else { continue };
            let Some(user_id) = b.created_by else { continue };
            let (Ok(booker), Ok(inst)) = (
                self.booker(user_id, room.institution_id).await,
                db::institutions::by_id(self.db.pool(), room.institution_id).await,
            ) else {
                continue;
            };
            let mut tx = self.db.begin().await?;
            if !mailrows::take_reminder(&mut *tx, b.id, now).await? {
                continue;
            }
            // Read after taking the reminder, in the same transaction: the list is the one the reminder goes to.
            let invitees = mailrows::invitees(&mut *tx, &b).await?;
            let left = u32::try_from(((b.starts_at - now) + 59) / 60).unwrap_or(minutes).min(minutes);
            let facts = self.facts(&room, &inst.name, &b, &booker, 1);
            // The booking's calendar file goes with it (as published: it changes nothing already accepted).
            let file = match self.events(std::slice::from_ref(&b), &self.host()).await {
                Ok(events) => {
                    Some((ics::calendar_with_method(&b.title, booker.tz, &events, Some("PUBLISH")), "PUBLISH"))
                }
                Err(_) => None,
            };
            let letter = compose::reminder(booker.lang, &facts, left, false);
            self.mail.queue(&mut *tx, &mail(&booker.email, letter, file.clone(), "reminder")).await?;
            // The invited read their own language (the organizer's times), and a word about their guest link.
            for to in &invitees {
                let lang = self.reader_lang(to, room.institution_id).await?;
                let letter = compose::reminder(lang, &facts, left, room.guest_policy != GuestPolicy::None);
                self.mail.queue(&mut *tx, &mail(to, letter, file.clone(), "reminder")).await?;
            }
            tx.commit().await?;
            done += 1;
        }
        if done > 0 {
            self.mail.wake();
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitees_are_checked_and_deduplicated() {
        let got = parse_invitees("Anna@Example.org, bob@example.org;\nanna@example.org  carla@uni.example").unwrap();
        assert_eq!(got, vec!["anna@example.org", "bob@example.org", "carla@uni.example"]);
        assert_eq!(parse_invitees("  ").unwrap(), Vec::<String>::new());
        let err = parse_invitees("anna@example.org, not-an-address").unwrap_err();
        assert_eq!(err.field(), Some("invitees"));
        let many: Vec<String> = (0..51).map(|i| format!("p{i}@example.org")).collect();
        assert!(matches!(
            parse_invitees(&many.join(",")),
            Err(AppError::Invalid { problem: Problem::TooMany { max: 50 }, .. })
        ));
    }

    #[test]
    fn times_read_in_the_zone_with_its_name() {
        let rome = chrono_tz::Europe::Rome;
        let start = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap().timestamp();
        assert_eq!(when(rome, start, start + 3600), "2026-11-23 10:00–11:00 (Europe/Rome)");
        assert_eq!(
            when(rome, start + 13 * 3600, start + 15 * 3600),
            "2026-11-23 23:00 – 2026-11-24 01:00 (Europe/Rome)"
        );
    }
}
