//! Rooms and their bookings: the typed contract between the pages and the engine, and the pages.

pub mod calendar;
pub mod drag;
pub mod pages;

use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoomView {
    pub id: i64,
    pub institution_id: i64,
    pub institution: String,
    /// The institution's name, colour and logo, for the page's header.
    #[serde(default)]
    pub brand: crate::institutions::Brand,
    pub name: String,
    pub description: String,
    pub capacity: i64,
    pub visibility: String,
    pub personal: bool,
    pub record_allowed: bool,
    pub guest_policy: String,
    pub has_access_code: bool,
    pub mute_on_start: bool,
    pub welcome: String,
    /// The viewer owns or co-owns it, or administers its institution.
    pub can_manage: bool,
    /// The viewer may book it.
    pub can_book: bool,
}

/// The room form (text as typed; the engine validates).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RoomForm {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub capacity: String,
    #[serde(default)]
    pub visibility: String,
    #[serde(default)]
    pub guest_policy: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    pub record_allowed: Option<String>,
    #[serde(default)]
    pub mute_on_start: Option<String>,
    #[serde(default)]
    pub access_code: String,
    #[serde(default)]
    pub welcome: String,
    /// A checkbox: a personal on-demand room (no booking needed, one per person).
    #[serde(default)]
    pub personal: Option<String>,
    /// Editing: a checkbox that removes the access code (an empty code field keeps the current one).
    #[serde(default)]
    pub clear_access_code: Option<String>,
}

/// Who manages a room besides its owner and the institution's admins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoOwnerView {
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

/// What the room's settings page shows its managers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoomAdminView {
    pub co_owners: Vec<CoOwnerView>,
    /// The owner or an institution admin (they manage co-owners and may delete the room).
    pub can_administer: bool,
    /// Upcoming bookings that deleting the room would cancel.
    pub upcoming_bookings: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingView {
    pub id: i64,
    pub room_id: i64,
    pub title: String,
    pub description: String,
    /// Unix seconds.
    pub starts_at: i64,
    pub ends_at: i64,
    /// Local wall time in the viewer's time zone, for display ("Mon 23 Nov, 10:00–11:00").
    pub local_day: String,
    pub local_start: String,
    pub local_end: String,
    pub expected: i64,
    /// confirmed | pending | cancelled | rejected
    pub status: String,
    pub in_series: bool,
    /// The viewer made it or manages the room (may move, resize, cancel).
    pub can_change: bool,
}

/// A booking in "my bookings", with its room.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyBooking {
    pub booking: BookingView,
    pub room_name: String,
}

/// The viewer's own bookings in all rooms, as a day, week or month calendar in their time zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCalendarView {
    pub timezone: String,
    /// day | week | month
    pub mode: String,
    pub from: String,
    pub prev: String,
    pub next: String,
    pub days: Vec<DayView>,
    pub bookings: Vec<MyBooking>,
    /// When the page was read (Unix seconds) and today's date in the viewer's zone: the "now" line and today.
    #[serde(default)]
    pub now: i64,
    #[serde(default)]
    pub today: String,
}

/// One booking on its own page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingPageView {
    pub room_id: i64,
    pub room_name: String,
    /// The viewer's time zone, in which the booking's local times are given.
    pub timezone: String,
    pub booking: BookingView,
    /// When its meeting was held (a meeting per start), in the viewer's zone.
    #[serde(default)]
    pub held: Vec<HeldMeeting>,
    /// Who was invited (the booking's, or its series'), for those who may change it.
    #[serde(default)]
    pub invitees: Vec<String>,
    /// Whether this server sends e-mail (else inviting more is not offered).
    #[serde(default)]
    pub mail_enabled: bool,
}

/// A meeting of a booking that ran and ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeldMeeting {
    /// `YYYY-MM-DD`, `HH:MM` and `HH:MM` in the viewer's zone.
    pub local_day: String,
    pub local_start: String,
    pub local_end: String,
    pub minutes: i64,
}

/// One day column of a calendar view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayView {
    /// `YYYY-MM-DD` in the viewer's zone.
    pub date: String,
    /// Unix seconds of local midnight and of the next one (23 or 25 hours apart on clock-change days).
    pub starts_at: i64,
    pub ends_at: i64,
    /// The zone's offset from UTC at local midnight (seconds), and the clock change within the day, if any:
    /// (instant, offset from then on). With them the page tells the wall time of any moment of the day.
    #[serde(default)]
    pub offset: i32,
    #[serde(default)]
    pub change: Option<(i64, i32)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarView {
    pub room: RoomView,
    /// The viewer's time zone (user setting, else the institution's).
    pub timezone: String,
    /// day | week | month
    pub mode: String,
    /// The first day shown, and the anchors of the previous and next pages (`YYYY-MM-DD`).
    pub from: String,
    pub prev: String,
    pub next: String,
    pub days: Vec<DayView>,
    pub bookings: Vec<BookingView>,
    pub meeting: MeetingState,
    /// The server sends e-mail (invitations can be sent from the booking form).
    pub mail_enabled: bool,
    /// When the page was read (Unix seconds) and today's date in the viewer's zone: the "now" line and today.
    #[serde(default)]
    pub now: i64,
    #[serde(default)]
    pub today: String,
}

/// The room's meeting as the viewer may act on it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetingState {
    pub running: bool,
    /// The viewer may start it now (a booking of theirs, or of a room they manage, is in its start window).
    pub can_start: bool,
    /// The viewer may end it (they manage the room).
    pub can_end: bool,
    /// The viewer may extend the booking it runs for (they made it or manage the room).
    pub can_extend: bool,
    /// The viewer may join it with their account (members; others only in a room listed for the network that
    /// has no access code — else through a guest link).
    #[serde(default)]
    pub can_join: bool,
    /// Telephone dial-in of the running meeting, when its server provides one (shown to those who may join).
    #[serde(default)]
    pub dial_number: Option<String>,
    #[serde(default)]
    pub voice_bridge: Option<String>,
}

/// The booking form. Times are local to the viewer's time zone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BookingForm {
    pub room_id: i64,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// `YYYY-MM-DD`
    pub date: String,
    /// `HH:MM`
    pub start: String,
    /// `HH:MM`; when given it wins over `duration`.
    #[serde(default)]
    pub end: String,
    /// Minutes, as the form's duration list offers them; used when no end is given.
    #[serde(default)]
    pub duration: String,
    /// The end's date when it is not `date` (a booking across midnight, at most a day long).
    #[serde(default)]
    pub end_date: String,
    #[serde(default)]
    pub expected: String,
    /// none | daily | weekly | monthly_date | monthly_weekday | yearly
    #[serde(default)]
    pub repeat: String,
    #[serde(default)]
    pub interval: String,
    /// Weekly: the weekday boxes ticked in the form…
    #[serde(default)]
    pub on_days: WeekdayChecks,
    /// …and/or comma-separated weekday codes (mo,tu,…), as older forms and scripts send them.
    #[serde(default)]
    pub weekdays: String,
    /// Either an end date (`YYYY-MM-DD`) or a count.
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub count: String,
    /// Dates to leave out, comma-separated `YYYY-MM-DD` (as scripts send them)…
    #[serde(default)]
    pub except: String,
    /// …and/or one date per picker of the form (`booking[except_on][0]`, …; empty pickers are ignored).
    #[serde(default)]
    pub except_on: Vec<String>,
    /// What to do with occurrences that collide: `ask` (book nothing and list them) or `skip` (book the rest).
    #[serde(default)]
    pub on_conflict: String,
    /// E-mail addresses to invite (commas, spaces or new lines between them); they get the `.ics` and a guest link.
    #[serde(default)]
    pub invitees: String,
}

/// The invitees form of a booking's page: addresses to add (as in the booking form) and invited people to take off
/// (a ticked box each).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InviteesChange {
    pub booking_id: i64,
    /// The room of the page the form is on: must be the booking's.
    pub room_id: i64,
    #[serde(default)]
    pub add: String,
    #[serde(default)]
    pub remove: Vec<String>,
}

/// How many were invited and taken off, and whether mail went out now (not while the booking waits for approval).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InviteesOutcome {
    pub added: u32,
    pub removed: u32,
    pub mailed: bool,
}

/// The durations the booking form offers, in minutes.
pub const DURATIONS: [u32; 16] = [15, 30, 45, 60, 75, 90, 105, 120, 150, 180, 210, 240, 300, 360, 480, 600];

/// The iCalendar codes of the weekdays, Monday first.
pub const WEEKDAY_CODES: [&str; 7] = ["mo", "tu", "we", "th", "fr", "sa", "su"];

/// The weekday boxes of a weekly repeat: a box ticked sends its field (any value); an unticked one sends nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeekdayChecks {
    #[serde(default)]
    pub mo: Option<String>,
    #[serde(default)]
    pub tu: Option<String>,
    #[serde(default)]
    pub we: Option<String>,
    #[serde(default)]
    pub th: Option<String>,
    #[serde(default)]
    pub fr: Option<String>,
    #[serde(default)]
    pub sa: Option<String>,
    #[serde(default)]
    pub su: Option<String>,
}

impl WeekdayChecks {
    /// The codes of the ticked days, Monday first.
    pub fn codes(&self) -> Vec<&'static str> {
        let ticked = [&self.mo, &self.tu, &self.we, &self.th, &self.fr, &self.sa, &self.su];
        WEEKDAY_CODES.iter().zip(ticked).filter(|(_, t)| t.is_some()).map(|(c, _)| *c).collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Collision {
    pub local_day: String,
    pub local_start: String,
    pub local_end: String,
    pub with_title: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BookingOutcome {
    /// Ids of the bookings made (empty when nothing was booked).
    pub created: Vec<i64>,
    /// Occurrences that collide with existing bookings: skipped (`skip`) or the reason nothing was booked (`ask`).
    pub collisions: Vec<Collision>,
    /// Waiting for an institution admin's approval.
    pub pending: bool,
    /// Seats the pool would be short of at the busiest booked moment (warning policy), if any.
    pub capacity_short_by: Option<u32>,
    /// People the invitation was sent to (0 while the booking waits for approval: they are invited then).
    #[serde(default)]
    pub invited: usize,
}

/// A change to a booking, or to it and the rest of its series. Fields left out stay as they are; times are local
/// to the viewer's zone. For `following` and `all` the date stays: the times of day and the details change on
/// every occurrence concerned.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BookingEdit {
    pub id: i64,
    /// `this` (default) | `following` (this occurrence and the later ones) | `all` (every upcoming occurrence)
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub expected: Option<String>,
    /// `YYYY-MM-DD`, `HH:MM`, `HH:MM`: all three or none.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    /// The room of the page the change comes from: a booking of another room is not found.
    #[serde(default)]
    pub room_id: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EditOutcome {
    /// Bookings changed (0 when collisions stopped the change).
    pub changed: usize,
    /// Occurrences whose new time is taken: nothing was changed.
    pub collisions: Vec<Collision>,
    /// The new times wait for an institution admin's approval again.
    pub pending: bool,
    /// The pool would be this many seats short at the busiest moment (the institution warns rather than refuses).
    pub capacity_short_by: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuestLinkView {
    pub id: i64,
    pub label: String,
    /// `YYYY-MM-DD HH:MM` in the viewer's time zone.
    pub expires_local: String,
    pub revoked: bool,
    pub expired: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GuestLinkForm {
    pub room_id: i64,
    #[serde(default)]
    pub label: String,
    /// Days the link stays valid (1 to 90).
    #[serde(default)]
    pub days: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatedGuestLink {
    /// The link to hand out: shown once, never stored.
    pub url: String,
    pub link: GuestLinkView,
}

/// What a guest link's page shows before joining.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuestRoomView {
    pub room_name: String,
    pub institution: String,
    /// The host institution's name, colour and logo.
    #[serde(default)]
    pub brand: crate::institutions::Brand,
    pub needs_code: bool,
    pub running: bool,
    /// The room lets guests in only after a moderator admits them.
    pub moderated: bool,
    /// When the meeting is expected (the room's current or next booking within two weeks), in the institution's
    /// zone: (`YYYY-MM-DD`, `HH:MM`, zone name).
    #[serde(default)]
    pub expected: Option<(String, String, String)>,
}

/// A booking waiting for an institution admin's decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingView {
    pub booking: BookingView,
    pub room_name: String,
    pub booked_by: String,
}

/// An institution's booking rules as the form shows and sends them (numbers as text; empty = no limit).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyForm {
    /// Lowest role allowed: `admin` | `member` (| `guest` for booking; `none` for personal rooms).
    pub create_rooms_role: String,
    pub book_role: String,
    pub record_role: String,
    pub personal_room_role: String,
    #[serde(default)]
    pub max_hours_per_week: String,
    #[serde(default)]
    pub max_days_ahead: String,
    #[serde(default)]
    pub min_notice_minutes: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    pub approval_required: Option<String>,
    /// `warn` | `refuse`
    pub capacity_policy: String,
    #[serde(default)]
    pub start_early_minutes: String,
    #[serde(default)]
    pub grace_minutes: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyView {
    pub institution: String,
    pub slug: String,
    pub policy: PolicyForm,
}

#[cfg(feature = "ssr")]
pub mod port {
    use super::*;
    use crate::session::CurrentUser;

    #[async_trait::async_trait]
    pub trait RoomsPort: Send + Sync + 'static {
        async fn rooms(&self, actor: &CurrentUser) -> Result<Vec<RoomView>, AppError>;
        async fn create_room(&self, actor: &CurrentUser, form: RoomForm) -> Result<RoomView, AppError>;
        /// What kinds of room `create_room` would accept from the actor (nothing, unless an engine says more).
        async fn creation_rights(&self, actor: &CurrentUser) -> Result<CreateRights, AppError> {
            let _ = actor;
            Ok(CreateRights::default())
        }
        async fn calendar(
            &self,
            actor: &CurrentUser,
            room_id: i64,
            mode: String,
            from: Option<String>,
        ) -> Result<CalendarView, AppError>;
        async fn book(&self, actor: &CurrentUser, form: BookingForm) -> Result<BookingOutcome, AppError>;
        /// Moves or resizes one booking; times in unix seconds.
        async fn move_booking(
            &self,
            actor: &CurrentUser,
            id: i64,
            starts_at: i64,
            ends_at: i64,
        ) -> Result<BookingView, AppError>;
        /// Cancels a booking; `room_id` (the room of the page it comes from), when given, must be the booking's.
        async fn cancel_booking(&self, actor: &CurrentUser, id: i64, room_id: Option<i64>) -> Result<(), AppError>;
        async fn update_room(&self, actor: &CurrentUser, room_id: i64, form: RoomForm) -> Result<RoomView, AppError>;
        async fn room_admin(&self, actor: &CurrentUser, room_id: i64) -> Result<RoomAdminView, AppError>;
        /// Adds a co-owner by e-mail: a member of the room's institution.
        async fn add_co_owner(&self, actor: &CurrentUser, room_id: i64, email: String) -> Result<(), AppError>;
        async fn remove_co_owner(&self, actor: &CurrentUser, room_id: i64, user_id: i64) -> Result<(), AppError>;
        /// Deletes a room whose meeting is not running; its upcoming bookings are cancelled (the invited told).
        async fn delete_room(&self, actor: &CurrentUser, room_id: i64) -> Result<(), AppError>;
        /// The actor's own bookings (those holding a slot) in the days of a day, week or month page.
        async fn my_calendar(
            &self,
            actor: &CurrentUser,
            mode: String,
            from: Option<String>,
        ) -> Result<MyCalendarView, AppError>;
        /// One booking, for someone who may see its room.
        /// A booking's page; `room_id` (the room in the page's path), when given, must be the booking's.
        async fn booking_page(
            &self,
            actor: &CurrentUser,
            id: i64,
            room_id: Option<i64>,
        ) -> Result<BookingPageView, AppError>;
        /// Changes a booking, or it and the following / all upcoming occurrences of its series, all or nothing.
        async fn edit_booking(&self, actor: &CurrentUser, edit: BookingEdit) -> Result<EditOutcome, AppError>;
        /// Invites more people to a booking (or its series) and/or takes invitations back: the newly invited get
        /// the invitation, those taken off a cancellation (once the booking is confirmed).
        async fn change_invitees(
            &self,
            actor: &CurrentUser,
            change: InviteesChange,
        ) -> Result<InviteesOutcome, AppError>;
        /// Moves or resizes one booking to a local date and times (the form and keyboard way).
        async fn reschedule(
            &self,
            actor: &CurrentUser,
            id: i64,
            date: String,
            start: String,
            end: String,
        ) -> Result<BookingView, AppError>;
        /// Starts the room's meeting if needed and allowed; the join URL for this one click.
        async fn join(&self, actor: &CurrentUser, room_id: i64) -> Result<String, AppError>;
        async fn end_meeting(&self, actor: &CurrentUser, room_id: i64) -> Result<(), AppError>;
        /// Extends the booking of the running meeting by 15, 30 or 60 minutes, if the room stays free.
        async fn extend_meeting(
            &self,
            actor: &CurrentUser,
            room_id: i64,
            minutes: u32,
        ) -> Result<BookingView, AppError>;
        async fn guest_links(&self, actor: &CurrentUser, room_id: i64) -> Result<Vec<GuestLinkView>, AppError>;
        async fn create_guest_link(
            &self,
            actor: &CurrentUser,
            form: GuestLinkForm,
        ) -> Result<CreatedGuestLink, AppError>;
        async fn revoke_guest_link(&self, actor: &CurrentUser, id: i64) -> Result<(), AppError>;
        /// A new private calendar feed URL (a room's, or the actor's own bookings' when `room_id` is None); the
        /// previous one of the same kind stops working.
        async fn calendar_feed(&self, actor: &CurrentUser, room_id: Option<i64>) -> Result<String, AppError>;
        async fn stop_calendar_feed(&self, actor: &CurrentUser, room_id: Option<i64>) -> Result<(), AppError>;
        async fn booking_policy(&self, actor: &CurrentUser, slug: &str) -> Result<PolicyView, AppError>;
        async fn set_booking_policy(&self, actor: &CurrentUser, slug: &str, form: PolicyForm) -> Result<(), AppError>;
        /// Bookings waiting for approval in the institutions the actor administers.
        async fn pending(&self, actor: &CurrentUser) -> Result<Vec<PendingView>, AppError>;
        /// Approves, or rejects with a reason, a pending booking.
        async fn decide(&self, actor: &CurrentUser, id: i64, approve: bool, reason: String) -> Result<(), AppError>;
        /// For anyone holding the link (no account): what the link opens, or not found.
        async fn guest_room(&self, token: &str) -> Result<GuestRoomView, AppError>;
        async fn guest_join(&self, token: &str, name: &str, access_code: &str) -> Result<String, AppError>;
        /// What the home page says is next for the viewer.
        async fn home(&self, actor: &CurrentUser) -> Result<HomeView, AppError>;
    }
}

/// One of the viewer's next bookings on the home page, with what can be done about its meeting now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeBooking {
    pub booking: BookingView,
    pub room_name: String,
    /// The room's meeting runs now: Join.
    pub running: bool,
    /// The viewer may start it now (its room's start-early window is open): Start.
    pub can_start: bool,
    /// When the meeting can be started, in the viewer's zone (`09:45`), while it cannot yet.
    pub opens_at: Option<String>,
}

/// The home page of someone signed in: their next bookings, rooms whose meeting runs, their rooms, and how many
/// bookings wait for their decision.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HomeView {
    pub timezone: String,
    /// The next ones within a week (and one running now), soonest first.
    pub upcoming: Vec<HomeBooking>,
    /// Rooms the viewer manages (owns, co-owns or administers), a few; `more`: there are others.
    pub rooms: Vec<(i64, String, bool)>,
    pub more_rooms: bool,
    /// Bookings waiting for the decision of an institution the viewer administers.
    pub pending: usize,
}

#[leptos::server(endpoint = "/home_overview")]
pub async fn home_overview() -> Result<HomeView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.home(&actor).await)
}

#[leptos::server(endpoint = "/list_rooms")]
pub async fn list_rooms() -> Result<Vec<RoomView>, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.rooms(&actor).await)
}

/// What kinds of room the viewer may create (the institutions' rules), so the form shows only to those who may.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateRights {
    pub room: bool,
    pub personal: bool,
}

#[leptos::server(endpoint = "/room_creation_rights")]
pub async fn room_creation_rights() -> Result<CreateRights, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.creation_rights(&actor).await)
}

#[leptos::server(endpoint = "/create_room")]
pub async fn create_room(room: RoomForm) -> Result<RoomView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.create_room(&actor, room).await)
}

#[leptos::server(endpoint = "/room_calendar")]
pub async fn room_calendar(room_id: i64, mode: String, from: Option<String>) -> Result<CalendarView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.calendar(&actor, room_id, mode, from).await)
}

#[leptos::server(endpoint = "/book")]
pub async fn book(booking: BookingForm) -> Result<BookingOutcome, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    let outcome = reply(port::<dyn port::RoomsPort>()?.book(&actor, booking).await)?;
    match outcome.created.first() {
        Some(first) => crate::ctx::back_with("booked", &first.to_string()),
        None => crate::ctx::back_with("collisions", &outcome.collisions.len().to_string()),
    }
    Ok(outcome)
}

#[leptos::server(endpoint = "/move_booking")]
pub async fn move_booking(id: i64, starts_at: i64, ends_at: i64) -> Result<BookingView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.move_booking(&actor, id, starts_at, ends_at).await)
}

#[leptos::server(endpoint = "/my_calendar")]
pub async fn my_calendar(mode: String, from: Option<String>) -> Result<MyCalendarView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.my_calendar(&actor, mode, from).await)
}

#[leptos::server(endpoint = "/get_booking")]
pub async fn get_booking(id: i64, room_id: Option<i64>) -> Result<BookingPageView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.booking_page(&actor, id, room_id).await)
}

#[leptos::server(endpoint = "/update_room")]
pub async fn update_room(room_id: i64, room: RoomForm) -> Result<RoomView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.update_room(&actor, room_id, room).await)
}

#[leptos::server(endpoint = "/room_admin")]
pub async fn room_admin(room_id: i64) -> Result<RoomAdminView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.room_admin(&actor, room_id).await)
}

#[leptos::server(endpoint = "/add_co_owner")]
pub async fn add_co_owner(room_id: i64, email: String) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.add_co_owner(&actor, room_id, email).await)
}

#[leptos::server(endpoint = "/remove_co_owner")]
pub async fn remove_co_owner(room_id: i64, user_id: i64) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.remove_co_owner(&actor, room_id, user_id).await)
}

/// Deletes the room; the browser goes back to the list.
#[leptos::server(endpoint = "/delete_room")]
pub async fn delete_room(room_id: i64) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.delete_room(&actor, room_id).await)?;
    leptos_axum::redirect("/rooms");
    Ok(())
}

#[leptos::server(endpoint = "/edit_booking")]
pub async fn edit_booking(edit: BookingEdit) -> Result<EditOutcome, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    let outcome = reply(port::<dyn port::RoomsPort>()?.edit_booking(&actor, edit).await)?;
    if outcome.collisions.is_empty() {
        crate::ctx::reveal(&outcome.changed.to_string());
        crate::ctx::back_with("done", "saved");
    } else {
        crate::ctx::back_with("collisions", &outcome.collisions.len().to_string());
    }
    Ok(outcome)
}

#[leptos::server(endpoint = "/change_invitees")]
pub async fn change_invitees(change: InviteesChange) -> Result<InviteesOutcome, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    let outcome = reply(port::<dyn port::RoomsPort>()?.change_invitees(&actor, change).await)?;
    crate::ctx::reveal(&format!("{} {}", outcome.added, outcome.removed));
    crate::ctx::back_with("done", "invitees");
    Ok(outcome)
}

#[leptos::server(endpoint = "/cancel_booking")]
pub async fn cancel_booking(id: i64, room_id: Option<i64>) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.cancel_booking(&actor, id, room_id).await)?;
    crate::ctx::back_with("done", "cancelled");
    Ok(())
}

/// Joins (starting it when allowed) the room's meeting: the browser is sent to the conference server.
#[leptos::server(endpoint = "/join_room")]
pub async fn join_room(room_id: i64) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    let url = reply(port::<dyn port::RoomsPort>()?.join(&actor, room_id).await)?;
    leptos_axum::redirect(&url);
    Ok(())
}

#[leptos::server(endpoint = "/end_room_meeting")]
pub async fn end_room_meeting(room_id: i64) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.end_meeting(&actor, room_id).await)
}

#[leptos::server(endpoint = "/list_guest_links")]
pub async fn list_guest_links(room_id: i64) -> Result<Vec<GuestLinkView>, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.guest_links(&actor, room_id).await)
}

#[leptos::server(endpoint = "/create_guest_link")]
pub async fn create_guest_link(link: GuestLinkForm) -> Result<CreatedGuestLink, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    let created = reply(port::<dyn port::RoomsPort>()?.create_guest_link(&actor, link).await)?;
    crate::ctx::reveal(&created.url);
    Ok(created)
}

#[leptos::server(endpoint = "/revoke_guest_link")]
pub async fn revoke_guest_link(id: i64) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.revoke_guest_link(&actor, id).await)
}

/// Public: the room a guest link opens.
#[leptos::server(endpoint = "/guest_room")]
pub async fn guest_room(token: String) -> Result<GuestRoomView, AppError> {
    use crate::ctx::{port, reply};
    reply(port::<dyn port::RoomsPort>()?.guest_room(&token).await)
}

/// Public: a guest joins with a name (and the access code when the room has one).
#[leptos::server(endpoint = "/guest_join")]
pub async fn guest_join(token: String, name: String, access_code: Option<String>) -> Result<(), AppError> {
    use crate::ctx::{port, reply};
    let code = access_code.unwrap_or_default();
    let url = reply(port::<dyn port::RoomsPort>()?.guest_join(&token, &name, &code).await)?;
    leptos_axum::redirect(&url);
    Ok(())
}

#[leptos::server(endpoint = "/calendar_feed")]
pub async fn calendar_feed(room_id: Option<i64>) -> Result<String, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    let url = reply(port::<dyn port::RoomsPort>()?.calendar_feed(&actor, room_id).await)?;
    crate::ctx::reveal(&url);
    Ok(url)
}

#[leptos::server(endpoint = "/stop_calendar_feed")]
pub async fn stop_calendar_feed(room_id: Option<i64>) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.stop_calendar_feed(&actor, room_id).await)
}

#[leptos::server(endpoint = "/reschedule_booking")]
pub async fn reschedule_booking(id: i64, date: String, start: String, end: String) -> Result<BookingView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.reschedule(&actor, id, date, start, end).await)
}

#[leptos::server(endpoint = "/pending_bookings")]
pub async fn pending_bookings() -> Result<Vec<PendingView>, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.pending(&actor).await)
}

/// `decision`: `approve` or `reject` (a reason is then required).
#[leptos::server(endpoint = "/decide_booking")]
pub async fn decide_booking(id: i64, decision: String, reason: Option<String>) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return reply(Err(AppError::invalid("decision", crate::error::Problem::Format))),
    };
    reply(port::<dyn port::RoomsPort>()?.decide(&actor, id, approve, reason.unwrap_or_default()).await)
}

#[leptos::server(endpoint = "/get_booking_policy")]
pub async fn get_booking_policy(slug: String) -> Result<PolicyView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.booking_policy(&actor, &slug).await)
}

#[leptos::server(endpoint = "/set_booking_policy")]
pub async fn set_booking_policy(slug: String, policy: PolicyForm) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.set_booking_policy(&actor, &slug, policy).await)
}

#[leptos::server(endpoint = "/extend_meeting")]
pub async fn extend_meeting(room_id: i64, minutes: u32) -> Result<BookingView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::RoomsPort>()?.extend_meeting(&actor, room_id, minutes).await)
}
