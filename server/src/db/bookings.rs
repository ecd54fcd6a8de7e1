//! Rooms, bookings and the institutions' booking policies. The no-double-booking rule lives in the schema (an
//! exclusion constraint on PostgreSQL, triggers on SQLite); a refused write comes back as `DbError::Overlap`.

use sqlx::{Any, Executor, FromRow};

use super::DbResult;
pub use super::status::{BookingStatus, CapacityPolicy, GuestPolicy, HOLDING, Visibility};
/// The longest a booking lasts: queries for a window look this far back for bookings that began before it.
use crate::rooms::rules::MAX_DURATION_SECS;

#[derive(Clone, Debug, FromRow)]
pub struct RoomRow {
    pub id: i64,
    pub institution_id: i64,
    pub name: String,
    pub description: String,
    pub capacity: i64,
    pub owner_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub visibility: Visibility,
    pub personal: i64,
    pub record_allowed: i64,
    #[sqlx(try_from = "String")]
    pub guest_policy: GuestPolicy,
    pub access_code: Option<String>,
    pub mute_on_start: i64,
    pub welcome: String,
}

const ROOM: &str = "SELECT id, institution_id, name, description, capacity, owner_id, visibility, personal, \
     record_allowed, guest_policy, access_code, mute_on_start, welcome FROM rooms";

pub struct NewRoom<'a> {
    pub institution_id: i64,
    pub name: &'a str,
    pub description: &'a str,
    pub capacity: i64,
    pub owner_id: Option<i64>,
    pub visibility: &'a str,
    pub personal: bool,
    pub record_allowed: bool,
    pub guest_policy: &'a str,
    pub access_code: Option<&'a str>,
    pub mute_on_start: bool,
    pub welcome: &'a str,
}

pub async fn insert_room<'c>(ex: impl Executor<'c, Database = Any>, r: &NewRoom<'_>, now: i64) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO rooms (institution_id, name, description, capacity, owner_id, visibility, personal, \
         record_allowed, guest_policy, access_code, mute_on_start, welcome, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(r.institution_id)
    .bind(r.name)
    .bind(r.description)
    .bind(r.capacity)
    .bind(r.owner_id)
    .bind(r.visibility)
    .bind(i64::from(r.personal))
    .bind(i64::from(r.record_allowed))
    .bind(r.guest_policy)
    .bind(r.access_code)
    .bind(i64::from(r.mute_on_start))
    .bind(r.welcome)
    .bind(now)
    .fetch_one(ex)
    .await?;
    Ok(id)
}

pub async fn room<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<RoomRow> {
    Ok(sqlx::query_as(&format!("{ROOM} WHERE id = $1")).bind(id).fetch_one(ex).await?)
}

pub async fn rooms_of_institution<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
) -> DbResult<Vec<RoomRow>> {
    Ok(sqlx::query_as(&format!("{ROOM} WHERE institution_id = $1 ORDER BY personal, name, id"))
        .bind(institution_id)
        .fetch_all(ex)
        .await?)
}

/// Rooms listed for the whole network (never personal ones).
pub async fn public_rooms<'c>(ex: impl Executor<'c, Database = Any>) -> DbResult<Vec<RoomRow>> {
    Ok(sqlx::query_as(&format!("{ROOM} WHERE visibility = 'public' AND personal = 0 ORDER BY name, id"))
        .fetch_all(ex)
        .await?)
}

pub async fn co_owners<'c>(ex: impl Executor<'c, Database = Any>, room_id: i64) -> DbResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT user_id FROM room_owners WHERE room_id = $1 ORDER BY user_id")
        .bind(room_id)
        .fetch_all(ex)
        .await?;
    Ok(rows.into_iter().map(|(u,)| u).collect())
}

pub async fn add_co_owner<'c>(ex: impl Executor<'c, Database = Any>, room_id: i64, user_id: i64) -> DbResult<()> {
    sqlx::query("INSERT INTO room_owners (room_id, user_id) VALUES ($1, $2)")
        .bind(room_id)
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(())
}

#[derive(Clone, Debug, FromRow)]
pub struct BookingRow {
    pub id: i64,
    pub room_id: i64,
    pub series_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub expected: i64,
    #[sqlx(try_from = "String")]
    pub status: BookingStatus,
    pub status_reason: Option<String>,
    pub created_by: Option<i64>,
    /// When its invited were last sent it (None: they never had it in their calendars).
    pub invited_at: Option<i64>,
}

macro_rules! booking_columns {
    () => {
        "id, room_id, series_id, title, description, starts_at, ends_at, expected, status, status_reason, \
         created_by, invited_at"
    };
}

/// The columns of a `BookingRow`, for queries elsewhere.
pub const BOOKING_COLUMNS: &str = booking_columns!();
const BOOKING: &str = concat!("SELECT ", booking_columns!(), " FROM bookings");

pub struct NewBooking<'a> {
    pub room_id: i64,
    pub series_id: Option<i64>,
    pub title: &'a str,
    pub description: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub expected: i64,
    pub status: BookingStatus,
    pub created_by: i64,
}

pub async fn insert_booking<'c>(ex: impl Executor<'c, Database = Any>, b: &NewBooking<'_>, now: i64) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO bookings (room_id, series_id, title, description, starts_at, ends_at, expected, status, \
         created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(b.room_id)
    .bind(b.series_id)
    .bind(b.title)
    .bind(b.description)
    .bind(b.starts_at)
    .bind(b.ends_at)
    .bind(b.expected)
    .bind(b.status.as_str())
    .bind(b.created_by)
    .bind(now)
    .fetch_one(ex)
    .await?;
    Ok(id)
}

pub struct NewSeries<'a> {
    pub room_id: i64,
    pub rrule: &'a str,
    pub timezone: &'a str,
    pub first_start: i64,
    pub duration: i64,
    pub created_by: i64,
}

pub async fn insert_series<'c>(ex: impl Executor<'c, Database = Any>, s: &NewSeries<'_>, now: i64) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO booking_series (room_id, rrule, timezone, first_start, duration, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(s.room_id)
    .bind(s.rrule)
    .bind(s.timezone)
    .bind(s.first_start)
    .bind(s.duration)
    .bind(s.created_by)
    .bind(now)
    .fetch_one(ex)
    .await?;
    Ok(id)
}

pub async fn booking<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<BookingRow> {
    Ok(sqlx::query_as(&format!("{BOOKING} WHERE id = $1")).bind(id).fetch_one(ex).await?)
}

/// Bookings of a room that hold a slot and meet `[from, to)`, in time order.
pub async fn holding_between<'c>(
    ex: impl Executor<'c, Database = Any>,
    room_id: i64,
    from: i64,
    to: i64,
) -> DbResult<Vec<BookingRow>> {
    Ok(sqlx::query_as(&format!(
        "{BOOKING} WHERE room_id = $1 AND status IN {HOLDING} AND starts_at > $2 - $4 AND starts_at < $3 \
         AND ends_at > $2 ORDER BY starts_at"
    ))
    .bind(room_id)
    .bind(from)
    .bind(to)
    .bind(MAX_DURATION_SECS)
    .fetch_all(ex)
    .await?)
}

/// Seconds a person holds in bookings that start in `[from, to)` (their weekly quota), leaving one booking out.
pub async fn held_seconds<'c>(
    ex: impl Executor<'c, Database = Any>,
    user_id: i64,
    from: i64,
    to: i64,
    except: Option<i64>,
) -> DbResult<i64> {
    let (n,): (Option<i64>,) = sqlx::query_as(&format!(
        "SELECT CAST(SUM(ends_at - starts_at) AS BIGINT) FROM bookings WHERE created_by = $1 AND status IN {HOLDING} \
         AND starts_at >= $2 AND starts_at < $3 AND id <> $4"
    ))
    .bind(user_id)
    .bind(from)
    .bind(to)
    .bind(except.unwrap_or(0))
    .fetch_one(ex)
    .await?;
    Ok(n.unwrap_or(0))
}

/// Moves or resizes a booking (the schema refuses an overlap).
pub async fn set_times<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    starts_at: i64,
    ends_at: i64,
    now: i64,
) -> DbResult<()> {
    sqlx::query("UPDATE bookings SET starts_at = $2, ends_at = $3, updated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(starts_at)
        .bind(ends_at)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn set_status<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    status: BookingStatus,
    reason: Option<&str>,
    now: i64,
) -> DbResult<()> {
    sqlx::query("UPDATE bookings SET status = $2, status_reason = $3, updated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(status.as_str())
        .bind(reason)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

#[derive(Clone, Debug, FromRow)]
pub struct PolicyRow {
    pub create_rooms_role: String,
    pub book_role: String,
    pub record_role: String,
    pub personal_room_role: String,
    pub max_hours_per_week: Option<i64>,
    pub max_days_ahead: Option<i64>,
    pub min_notice_minutes: i64,
    pub approval_required: i64,
    #[sqlx(try_from = "String")]
    pub capacity_policy: CapacityPolicy,
    pub start_early_minutes: i64,
    pub grace_minutes: i64,
}

impl Default for PolicyRow {
    fn default() -> Self {
        PolicyRow {
            create_rooms_role: "admin".into(),
            book_role: "member".into(),
            record_role: "member".into(),
            personal_room_role: "member".into(),
            max_hours_per_week: None,
            max_days_ahead: None,
            min_notice_minutes: 0,
            approval_required: 0,
            capacity_policy: CapacityPolicy::Warn,
            start_early_minutes: 15,
            grace_minutes: 15,
        }
    }
}

/// The institution's booking policy (the defaults when it never set one).
pub async fn policy<'c>(ex: impl Executor<'c, Database = Any>, institution_id: i64) -> DbResult<PolicyRow> {
    let row: Option<PolicyRow> = sqlx::query_as(
        "SELECT create_rooms_role, book_role, record_role, personal_room_role, max_hours_per_week, max_days_ahead, \
         min_notice_minutes, approval_required, capacity_policy, start_early_minutes, grace_minutes \
         FROM booking_policies WHERE institution_id = $1",
    )
    .bind(institution_id)
    .fetch_optional(ex)
    .await?;
    Ok(row.unwrap_or_default())
}

pub async fn put_policy<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
    p: &PolicyRow,
    now: i64,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO booking_policies (institution_id, create_rooms_role, book_role, record_role, \
         personal_room_role, max_hours_per_week, max_days_ahead, min_notice_minutes, approval_required, \
         capacity_policy, start_early_minutes, grace_minutes, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (institution_id) DO UPDATE SET create_rooms_role = excluded.create_rooms_role, \
         book_role = excluded.book_role, record_role = excluded.record_role, \
         personal_room_role = excluded.personal_room_role, max_hours_per_week = excluded.max_hours_per_week, \
         max_days_ahead = excluded.max_days_ahead, min_notice_minutes = excluded.min_notice_minutes, \
         approval_required = excluded.approval_required, capacity_policy = excluded.capacity_policy, \
         start_early_minutes = excluded.start_early_minutes, grace_minutes = excluded.grace_minutes, \
         updated_at = excluded.updated_at",
    )
    .bind(institution_id)
    .bind(&p.create_rooms_role)
    .bind(&p.book_role)
    .bind(&p.record_role)
    .bind(&p.personal_room_role)
    .bind(p.max_hours_per_week)
    .bind(p.max_days_ahead)
    .bind(p.min_notice_minutes)
    .bind(p.approval_required)
    .bind(p.capacity_policy.as_str())
    .bind(p.start_early_minutes)
    .bind(p.grace_minutes)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// (id, start, end, expected seats) of every booking in any room that holds a slot meeting `[from, to)`: the seats the
/// pool must hold then.
pub async fn seats_between<'c>(
    ex: impl Executor<'c, Database = Any>,
    from: i64,
    to: i64,
) -> DbResult<Vec<(i64, i64, i64, i64)>> {
    Ok(sqlx::query_as(&format!(
        "SELECT id, starts_at, ends_at, expected FROM bookings WHERE status IN {HOLDING} AND expected > 0 \
         AND starts_at > $1 - $3 AND starts_at < $2 AND ends_at > $1"
    ))
    .bind(from)
    .bind(to)
    .bind(MAX_DURATION_SECS)
    .fetch_all(ex)
    .await?)
}

#[derive(Clone, Debug, FromRow)]
pub struct GuestLinkRow {
    pub id: i64,
    pub room_id: i64,
    pub label: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    /// Who made it (its rights are theirs: a maker removed from the institution ends it).
    pub created_by: Option<i64>,
    /// Sent with an invitation to this booking or series: it lives only while that is held.
    pub booking_id: Option<i64>,
    pub series_id: Option<i64>,
}

const GUEST_LINK: &str = "SELECT id, room_id, label, created_at, expires_at, revoked_at, created_by, booking_id, \
                          series_id FROM guest_links";

/// A new guest link: its room, the hash of its token, who makes it, until when, and the booking or series it was
/// sent for (none for a link made on the room page).
pub struct NewGuestLink<'a> {
    pub room_id: i64,
    pub token_hash: &'a str,
    pub label: &'a str,
    pub created_by: i64,
    pub expires_at: i64,
    pub booking_id: Option<i64>,
    pub series_id: Option<i64>,
    /// The invited person the link was sent to, when it came with an invitation.
    pub invitee: Option<&'a str>,
}

pub async fn insert_guest_link<'c>(
    ex: impl Executor<'c, Database = Any>,
    link: &NewGuestLink<'_>,
    now: i64,
) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO guest_links (room_id, token_hash, label, created_by, created_at, expires_at, booking_id, \
         series_id, invitee) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(link.room_id)
    .bind(link.token_hash)
    .bind(link.label)
    .bind(link.created_by)
    .bind(now)
    .bind(link.expires_at)
    .bind(link.booking_id)
    .bind(link.series_id)
    .bind(link.invitee)
    .fetch_one(ex)
    .await?;
    Ok(id)
}

/// Whether the booking, or some occurrence of the series, is still held (confirmed or waiting for approval).
pub async fn still_held<'c>(
    ex: impl Executor<'c, Database = Any>,
    booking_id: Option<i64>,
    series_id: Option<i64>,
) -> DbResult<bool> {
    let (n,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM bookings WHERE status IN {HOLDING} AND (id = $1 OR series_id = $2)"
    ))
    .bind(booking_id.unwrap_or(0))
    .bind(series_id.unwrap_or(0))
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}

pub async fn guest_links<'c>(ex: impl Executor<'c, Database = Any>, room_id: i64) -> DbResult<Vec<GuestLinkRow>> {
    Ok(sqlx::query_as(&format!("{GUEST_LINK} WHERE room_id = $1 ORDER BY created_at DESC, id DESC"))
        .bind(room_id)
        .fetch_all(ex)
        .await?)
}

pub async fn guest_link<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<GuestLinkRow> {
    Ok(sqlx::query_as(&format!("{GUEST_LINK} WHERE id = $1")).bind(id).fetch_one(ex).await?)
}

/// The link with this token hash, if it is neither revoked nor expired at `now`.
pub async fn live_guest_link<'c>(
    ex: impl Executor<'c, Database = Any>,
    token_hash: &str,
    now: i64,
) -> DbResult<Option<GuestLinkRow>> {
    Ok(sqlx::query_as(&format!("{GUEST_LINK} WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2"))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(ex)
        .await?)
}

/// Stops the guest links an invitation to booking `b` (or its series) gave `invitee`.
pub async fn revoke_invitee_links<'c>(
    ex: impl Executor<'c, Database = Any>,
    b: &BookingRow,
    invitee: &str,
    now: i64,
) -> DbResult<u64> {
    let done = sqlx::query(
        "UPDATE guest_links SET revoked_at = $4 WHERE invitee = $3 AND revoked_at IS NULL \
         AND (booking_id = $1 OR (series_id IS NOT NULL AND series_id = $2))",
    )
    .bind(b.id)
    .bind(b.series_id.unwrap_or(0))
    .bind(invitee)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

pub async fn revoke_guest_link<'c>(ex: impl Executor<'c, Database = Any>, id: i64, now: i64) -> DbResult<()> {
    sqlx::query("UPDATE guest_links SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

#[derive(Clone, Debug, FromRow)]
pub struct SeriesRow {
    pub id: i64,
    pub room_id: i64,
    pub rrule: String,
    pub timezone: String,
    pub first_start: i64,
    pub duration: i64,
}

pub async fn series<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<SeriesRow> {
    Ok(sqlx::query_as("SELECT id, room_id, rrule, timezone, first_start, duration FROM booking_series WHERE id = $1")
        .bind(id)
        .fetch_one(ex)
        .await?)
}

/// Bookings of a room meeting `[from, to)` whatever their status (calendar feeds show cancellations too).
pub async fn of_room_between<'c>(
    ex: impl Executor<'c, Database = Any>,
    room_id: i64,
    from: i64,
    to: i64,
) -> DbResult<Vec<BookingRow>> {
    Ok(sqlx::query_as(&format!(
        "{BOOKING} WHERE room_id = $1 AND starts_at > $2 - $4 AND starts_at < $3 AND ends_at > $2 \
         ORDER BY starts_at"
    ))
    .bind(room_id)
    .bind(from)
    .bind(to)
    .bind(MAX_DURATION_SECS)
    .fetch_all(ex)
    .await?)
}

/// Bookings a person made meeting `[from, to)`.
pub async fn of_user_between<'c>(
    ex: impl Executor<'c, Database = Any>,
    user_id: i64,
    from: i64,
    to: i64,
) -> DbResult<Vec<BookingRow>> {
    Ok(sqlx::query_as(&format!(
        "{BOOKING} WHERE created_by = $1 AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at"
    ))
    .bind(user_id)
    .bind(from)
    .bind(to)
    .fetch_all(ex)
    .await?)
}

/// All bookings of a series.
pub async fn of_series<'c>(ex: impl Executor<'c, Database = Any>, series_id: i64) -> DbResult<Vec<BookingRow>> {
    Ok(sqlx::query_as(&format!("{BOOKING} WHERE series_id = $1 ORDER BY starts_at"))
        .bind(series_id)
        .fetch_all(ex)
        .await?)
}

#[derive(Clone, Debug, FromRow)]
pub struct FeedRow {
    pub id: i64,
    pub user_id: Option<i64>,
    pub room_id: Option<i64>,
    pub created_by: Option<i64>,
}

pub async fn insert_feed<'c>(
    ex: impl Executor<'c, Database = Any>,
    token_hash: &str,
    user_id: Option<i64>,
    room_id: Option<i64>,
    created_by: i64,
    now: i64,
) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO calendar_feeds (token_hash, user_id, room_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(room_id)
    .bind(created_by)
    .bind(now)
    .fetch_one(ex)
    .await?;
    Ok(id)
}

pub async fn live_feed<'c>(ex: impl Executor<'c, Database = Any>, token_hash: &str) -> DbResult<Option<FeedRow>> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, room_id, created_by FROM calendar_feeds WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(ex)
    .await?)
}

/// Revokes the feeds a person made: of one room, or (None) the feed of their own bookings.
pub async fn revoke_feeds<'c>(
    ex: impl Executor<'c, Database = Any>,
    created_by: i64,
    room_id: Option<i64>,
    now: i64,
) -> DbResult<u64> {
    let done = match room_id {
        Some(room) => {
            sqlx::query(
                "UPDATE calendar_feeds SET revoked_at = $3 WHERE created_by = $1 AND room_id = $2 \
                 AND revoked_at IS NULL",
            )
            .bind(created_by)
            .bind(room)
            .bind(now)
            .execute(ex)
            .await?
        }
        None => {
            sqlx::query(
                "UPDATE calendar_feeds SET revoked_at = $2 WHERE created_by = $1 AND room_id IS NULL \
                 AND revoked_at IS NULL",
            )
            .bind(created_by)
            .bind(now)
            .execute(ex)
            .await?
        }
    };
    Ok(done.rows_affected())
}

/// Pending bookings in an institution's rooms: (booking, room name, who booked).
pub async fn pending_of_institution<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
) -> DbResult<Vec<(BookingRow, String, String)>> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        booking: BookingRow,
        room_name: String,
        booked_by: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT b.id, b.room_id, b.series_id, b.title, b.description, b.starts_at, b.ends_at, b.expected, b.status, \
         b.status_reason, b.created_by, b.invited_at, r.name AS room_name, u.display_name AS booked_by \
         FROM bookings b JOIN rooms r ON r.id = b.room_id LEFT JOIN users u ON u.id = b.created_by \
         WHERE r.institution_id = $1 AND b.status = $2 ORDER BY b.starts_at",
    )
    .bind(institution_id)
    .bind(BookingStatus::Pending.as_str())
    .fetch_all(ex)
    .await?;
    Ok(rows.into_iter().map(|r| (r.booking, r.room_name, r.booked_by.unwrap_or_default())).collect())
}

/// A booking's new times, status, series and details in one write (the schema refuses an overlap).
pub struct BookingChange<'a> {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: BookingStatus,
    pub series_id: Option<i64>,
    pub title: &'a str,
    pub description: &'a str,
    pub expected: i64,
}

pub async fn change<'c>(ex: impl Executor<'c, Database = Any>, c: &BookingChange<'_>, now: i64) -> DbResult<()> {
    sqlx::query(
        "UPDATE bookings SET starts_at = $2, ends_at = $3, status = $4, series_id = $5, title = $6, description = $7, \
         expected = $8, updated_at = $9 WHERE id = $1",
    )
    .bind(c.id)
    .bind(c.starts_at)
    .bind(c.ends_at)
    .bind(c.status.as_str())
    .bind(c.series_id)
    .bind(c.title)
    .bind(c.description)
    .bind(c.expected)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Notes that the invited of these bookings were sent them (an invitation or an update).
pub async fn mark_invited(tx: &mut sqlx::Transaction<'static, Any>, ids: &[i64], now: i64) -> DbResult<()> {
    for id in ids {
        sqlx::query("UPDATE bookings SET invited_at = $2 WHERE id = $1").bind(id).bind(now).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Takes a booking for a change in a transaction, if it still has the status it was read with (and locks its row
/// on PostgreSQL until the end of the transaction). False when it was cancelled, approved or rejected meanwhile.
pub async fn hold_status<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    status: BookingStatus,
    now: i64,
) -> DbResult<bool> {
    let done = sqlx::query("UPDATE bookings SET updated_at = $3 WHERE id = $1 AND status = $2")
        .bind(id)
        .bind(status.as_str())
        .bind(now)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Lets go of a booking's slot for the rest of a transaction (a series being moved as a whole: each occurrence
/// then takes its new slot back, checked against everything else).
pub async fn release<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<()> {
    sqlx::query("UPDATE bookings SET status = $2 WHERE id = $1")
        .bind(id)
        .bind(BookingStatus::Cancelled.as_str())
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn update_series<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    rrule: &str,
    first_start: i64,
    duration: i64,
) -> DbResult<()> {
    sqlx::query("UPDATE booking_series SET rrule = $2, first_start = $3, duration = $4 WHERE id = $1")
        .bind(id)
        .bind(rrule)
        .bind(first_start)
        .bind(duration)
        .execute(ex)
        .await?;
    Ok(())
}

/// Moves the occurrences of a series from `from` on (any status) to another series.
pub async fn move_series_tail<'c>(
    ex: impl Executor<'c, Database = Any>,
    old: i64,
    new: i64,
    from: i64,
) -> DbResult<u64> {
    let done = sqlx::query("UPDATE bookings SET series_id = $2 WHERE series_id = $1 AND starts_at >= $3")
        .bind(old)
        .bind(new)
        .bind(from)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}

/// Does the series have occurrences (any status) before `at`?
pub async fn series_has_before<'c>(ex: impl Executor<'c, Database = Any>, series_id: i64, at: i64) -> DbResult<bool> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bookings WHERE series_id = $1 AND starts_at < $2")
        .bind(series_id)
        .bind(at)
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

pub struct RoomUpdate<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub capacity: i64,
    pub visibility: &'a str,
    pub record_allowed: bool,
    pub guest_policy: &'a str,
    pub access_code: Option<&'a str>,
    pub mute_on_start: bool,
    pub welcome: &'a str,
}

pub async fn update_room<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    r: &RoomUpdate<'_>,
    now: i64,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE rooms SET name = $2, description = $3, capacity = $4, visibility = $5, record_allowed = $6, \
         guest_policy = $7, access_code = $8, mute_on_start = $9, welcome = $10, updated_at = $11 WHERE id = $1",
    )
    .bind(id)
    .bind(r.name)
    .bind(r.description)
    .bind(r.capacity)
    .bind(r.visibility)
    .bind(i64::from(r.record_allowed))
    .bind(r.guest_policy)
    .bind(r.access_code)
    .bind(i64::from(r.mute_on_start))
    .bind(r.welcome)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Removes a room with its bookings, series, links and feeds (the schema cascades).
pub async fn delete_room<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM rooms WHERE id = $1").bind(id).execute(ex).await?;
    Ok(())
}

pub async fn remove_co_owner<'c>(ex: impl Executor<'c, Database = Any>, room_id: i64, user_id: i64) -> DbResult<u64> {
    let done = sqlx::query("DELETE FROM room_owners WHERE room_id = $1 AND user_id = $2")
        .bind(room_id)
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}

/// Co-owners with their names and addresses.
pub async fn co_owner_people<'c>(
    ex: impl Executor<'c, Database = Any>,
    room_id: i64,
) -> DbResult<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.display_name, u.email FROM room_owners o JOIN users u ON u.id = o.user_id \
         WHERE o.room_id = $1 ORDER BY u.display_name, u.id",
    )
    .bind(room_id)
    .fetch_all(ex)
    .await?)
}

/// Upcoming bookings of a room that hold a slot (what deleting it would cancel).
pub async fn upcoming_of_room<'c>(
    ex: impl Executor<'c, Database = Any>,
    room_id: i64,
    now: i64,
) -> DbResult<Vec<BookingRow>> {
    Ok(sqlx::query_as(&format!(
        "{BOOKING} WHERE room_id = $1 AND status IN {HOLDING} AND ends_at > $2 ORDER BY starts_at"
    ))
    .bind(room_id)
    .bind(now)
    .fetch_all(ex)
    .await?)
}
