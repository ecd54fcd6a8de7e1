//! The meetings Convene placed (rooms' and the API's), their reservations while created, and their history.

use sqlx::{Any, Executor, FromRow};

use super::callbacks::CallbackRow;
use super::{Backend, Db, DbResult};

#[derive(Clone, Debug, FromRow)]
pub struct MeetingRow {
    pub id: i64,
    pub institution_id: i64,
    pub external_id: String,
    pub server_id: Option<i64>,
    pub name: String,
    pub create_time: i64,
    pub expected_size: i64,
    pub create_query: String,
    pub created_at: i64,
    /// Set for the meeting of a room (its external id is `convene:room:<id>`).
    pub room_id: Option<i64>,
    pub booking_id: Option<i64>,
    /// The passwords it was created with (kept for a recreate elsewhere).
    pub attendee_pw: Option<String>,
    pub moderator_pw: Option<String>,
    /// Set while its create is in flight (a reservation, not yet a meeting).
    pub creating_since: Option<i64>,
}

impl MeetingRow {
    /// Still being created: to callers it does not exist yet.
    pub fn pending(&self) -> bool {
        self.creating_since.is_some()
    }

    /// Its id on the conference server.
    pub fn scoped_id(&self) -> String {
        crate::meetings::scoped_id(self.institution_id, &self.external_id)
    }
}

/// The columns a [`MeetingRow`] is read from.
macro_rules! meeting_columns {
    () => {
        "id, institution_id, external_id, server_id, name, create_time, expected_size, create_query, created_at, \
         room_id, booking_id, attendee_pw, moderator_pw, creating_since"
    };
}

const SELECT: &str = concat!("SELECT ", meeting_columns!(), " FROM meetings");

pub async fn find<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
    external_id: &str,
) -> DbResult<Option<MeetingRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE institution_id = $1 AND external_id = $2"))
        .bind(institution_id)
        .bind(external_id)
        .fetch_optional(ex)
        .await?)
}

pub async fn of_institution<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
) -> DbResult<Vec<MeetingRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE institution_id = $1 AND room_id IS NULL ORDER BY id"))
        .bind(institution_id)
        .fetch_all(ex)
        .await?)
}

/// Meetings created recently enough to still hold reserved seats (only those that announced a size).
pub async fn recent<'c>(ex: impl Executor<'c, Database = Any>, since: i64) -> DbResult<Vec<MeetingRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE created_at >= $1 AND expected_size > 0"))
        .bind(since)
        .fetch_all(ex)
        .await?)
}

/// Per server, the meetings placed on it since its last poll (which the poll's counts do not hold yet): placement
/// adds them to the polled figures, so a burst between two polls spreads instead of herding onto the server that
/// looked emptiest at the last poll. Read from the table, so every instance sees what the others placed. `since`:
/// the oldest last poll among the servers (only meetings from then on are read, through an index).
pub async fn placed_since_poll<'c>(ex: impl Executor<'c, Database = Any>, since: i64) -> DbResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT m.server_id, COUNT(*) FROM meetings m JOIN servers s ON s.id = m.server_id \
         WHERE m.created_at >= $1 AND m.created_at >= COALESCE(s.last_poll_at, 0) GROUP BY m.server_id",
    )
    .bind(since)
    .fetch_all(ex)
    .await?)
}

/// A meeting to reserve (see [`reserve`]).
pub struct NewMeeting<'a> {
    pub institution_id: i64,
    pub external_id: &'a str,
    pub name: &'a str,
    pub expected_size: i64,
    pub create_query: &'a str,
    pub room_id: Option<i64>,
    pub booking_id: Option<i64>,
}

/// A create reserved against the institution's limit, or why not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reservation {
    /// The pending row's id: finish or release it.
    Reserved(i64),
    /// The institution runs (or is creating) `running` meetings and may run `max`.
    Full { running: u64, max: u32 },
    /// A meeting (or another create) with this id exists.
    Exists,
}

/// A reservation older than this is a create that never finished (the process stopped mid-call): it is dropped.
pub const RESERVATION_TTL_SECS: i64 = 120;

/// Reserves a meeting against the institution's limit `max`, so that concurrent creates cannot exceed it: on
/// SQLite in one statement (its one writer runs it whole, holding the write lock only while it runs), on
/// PostgreSQL in a transaction that locks the institution's row (`FOR UPDATE`) before counting, so creates of one
/// institution queue there, briefly (without a limit, one statement). A reservation past [`RESERVATION_TTL_SECS`] is a create that never finished
/// (the process stopped mid-call): it does not count, and a create of the same meeting takes its place.
/// Housekeeping removes the others ([`forget_stale_reservations`]).
pub async fn reserve(db: &Db, m: &NewMeeting<'_>, max: Option<u32>, now: i64) -> DbResult<Reservation> {
    let stale = now - RESERVATION_TTL_SECS;
    let inserted = match db.backend() {
        Backend::Sqlite => {
            sqlx::query_as(&format!(
                "{INSERT} SELECT $1, $2, NULL, $3, 0, $4, $5, $6, $6, $6, $7, $8 \
                 WHERE $9 < 0 OR ({COUNT_RUNNING}) < $9 {TAKE_OVER_STALE}"
            ))
            .bind(m.institution_id)
            .bind(m.external_id)
            .bind(m.name)
            .bind(m.expected_size)
            .bind(m.create_query)
            .bind(now)
            .bind(m.room_id)
            .bind(m.booking_id)
            .bind(max.map_or(-1, i64::from))
            .bind(stale)
            .fetch_optional(db.writer())
            .await?
        }
        // No limit: nothing to count, one statement.
        Backend::Postgres if max.is_none() => insert_reservation(db.pool(), m, now, stale).await?,
        Backend::Postgres => {
            let mut tx = db.begin().await?;
            sqlx::query("SELECT id FROM institutions WHERE id = $1 FOR UPDATE")
                .bind(m.institution_id)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some(max) = max {
                let (running,): (i64,) = sqlx::query_as(&COUNT_RUNNING.replace("$10", "$2"))
                    .bind(m.institution_id)
                    .bind(stale)
                    .fetch_one(&mut *tx)
                    .await?;
                if running >= i64::from(max) && !exists(&mut *tx, m.institution_id, m.external_id, stale).await? {
                    let running = u64::try_from(running).unwrap_or(0);
                    return Ok(Reservation::Full { running, max });
                }
            }
            let inserted = insert_reservation(&mut *tx, m, now, stale).await?;
            tx.commit().await?;
            inserted
        }
    };
    if let Some((id,)) = inserted {
        return Ok(Reservation::Reserved(id));
    }
    // Nothing written: the meeting exists (a repeated create is never "full"), or the limit is reached.
    match max {
        Some(max) if !exists(db.pool(), m.institution_id, m.external_id, stale).await? => {
            let count = COUNT_RUNNING.replace("$10", "$2");
            let (running,): (i64,) =
                sqlx::query_as(&count).bind(m.institution_id).bind(stale).fetch_one(db.pool()).await?;
            Ok(Reservation::Full { running: u64::try_from(running).unwrap_or(0), max })
        }
        _ => Ok(Reservation::Exists),
    }
}

/// The reservation's insert on PostgreSQL (the limit, if any, counted before it in the same transaction).
async fn insert_reservation<'c>(
    ex: impl Executor<'c, Database = Any>,
    m: &NewMeeting<'_>,
    now: i64,
    stale: i64,
) -> DbResult<Option<(i64,)>> {
    Ok(sqlx::query_as(&format!(
        "{INSERT} VALUES ($1, $2, NULL, $3, 0, $4, $5, $6, $6, $6, $7, $8) {}",
        TAKE_OVER_STALE.replace("$10", "$9")
    ))
    .bind(m.institution_id)
    .bind(m.external_id)
    .bind(m.name)
    .bind(m.expected_size)
    .bind(m.create_query)
    .bind(now)
    .bind(m.room_id)
    .bind(m.booking_id)
    .bind(stale)
    .fetch_optional(ex)
    .await?)
}

const INSERT: &str = "INSERT INTO meetings (institution_id, external_id, server_id, name, create_time, \
    expected_size, create_query, created_at, updated_at, creating_since, room_id, booking_id)";

/// The institution's (`$1`) API meetings that count against its limit: running or being created, not a
/// reservation older than `$10` (the SQLite reservation's numbering; renumbered where used on its own).
const COUNT_RUNNING: &str = "SELECT COUNT(*) FROM meetings WHERE institution_id = $1 AND room_id IS NULL \
    AND (creating_since IS NULL OR creating_since >= $10)";

/// A meeting of that id already there stays (nothing returned) unless it is a reservation that never finished
/// (older than `$10`, renumbered for PostgreSQL).
const TAKE_OVER_STALE: &str = "ON CONFLICT (institution_id, external_id) DO UPDATE SET server_id = NULL, \
    name = excluded.name, create_time = 0, expected_size = excluded.expected_size, \
    create_query = excluded.create_query, created_at = excluded.created_at, updated_at = excluded.updated_at, \
    creating_since = excluded.creating_since, room_id = excluded.room_id, booking_id = excluded.booking_id, \
    attendee_pw = NULL, moderator_pw = NULL, dial_number = NULL, voice_bridge = NULL \
    WHERE meetings.creating_since IS NOT NULL AND meetings.creating_since < $10 RETURNING id";

/// Whether the meeting exists (running, or a create of it in flight since `stale` or later).
async fn exists<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
    external_id: &str,
    stale: i64,
) -> DbResult<bool> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM meetings WHERE institution_id = $1 AND external_id = $2 \
         AND (creating_since IS NULL OR creating_since >= $3)",
    )
    .bind(institution_id)
    .bind(external_id)
    .bind(stale)
    .fetch_optional(ex)
    .await?;
    Ok(found.is_some())
}

/// Removes the reservations of creates that never finished (the process stopped mid-call).
pub async fn forget_stale_reservations<'c>(ex: impl Executor<'c, Database = Any>, now: i64) -> DbResult<u64> {
    Ok(sqlx::query("DELETE FROM meetings WHERE creating_since IS NOT NULL AND creating_since < $1")
        .bind(now - RESERVATION_TTL_SECS)
        .execute(ex)
        .await?
        .rows_affected())
}

/// What a conference server made of a reserved create.
pub struct Finished<'a> {
    pub server_id: i64,
    pub create_time: i64,
    pub attendee_pw: Option<&'a str>,
    pub moderator_pw: Option<&'a str>,
    /// The telephone dial-in it gave (number, conference pin), if any.
    pub dial_number: Option<&'a str>,
    pub voice_bridge: Option<&'a str>,
}

/// Turns a reservation into a meeting, with the callback token its server will call back with, and returns it as
/// written. `None` when the reservation is gone (ended through the API meanwhile): the token is then removed.
///
/// The token is written first, so a meeting is never known without it; a stop between the two leaves a token
/// nobody holds, forgotten with the old ones. Not one transaction: on SQLite a transaction holds the one write lock
/// across every round trip to the database's thread, and every create queues behind it. On SQLite both statements
/// go in one round trip (numbered parameters run across them); on PostgreSQL, two.
pub async fn finish(
    db: &Db,
    id: i64,
    f: &Finished<'_>,
    token_hash: &str,
    callback: &CallbackRow,
    now: i64,
) -> DbResult<Option<MeetingRow>> {
    const CALLBACK: &str = "INSERT INTO api_callbacks (token_hash, institution_id, external_id, server_id, \
        end_url, recording_url, created_at) VALUES ($9, $10, $11, $14, $12, $13, $6)";
    const FINISH: &str = concat!(
        "UPDATE meetings SET server_id = $2, create_time = $3, attendee_pw = $4, moderator_pw = $5, \
         creating_since = NULL, created_at = $6, updated_at = $6, dial_number = $7, voice_bridge = $8 \
         WHERE id = $1 AND creating_since IS NOT NULL RETURNING ",
        meeting_columns!()
    );
    let both = format!("{CALLBACK}; {FINISH}");
    let sql = match db.backend() {
        Backend::Sqlite => both.as_str(),
        Backend::Postgres => {
            super::callbacks::add_callback(db.writer(), token_hash, callback, now).await?;
            FINISH
        }
    };
    let mut q = sqlx::query_as(sql)
        .bind(id)
        .bind(f.server_id)
        .bind(f.create_time)
        .bind(clip(f.attendee_pw, 256))
        .bind(clip(f.moderator_pw, 256))
        .bind(now)
        .bind(dial(f.dial_number, 64))
        .bind(dial(f.voice_bridge, 32));
    if db.backend() == Backend::Sqlite {
        q = q
            .bind(token_hash)
            .bind(callback.institution_id)
            .bind(&callback.external_id)
            .bind(callback.end_url.as_deref())
            .bind(callback.recording_url.as_deref())
            .bind(callback.server_id);
    }
    // Every statement's rows (`fetch_optional` would stop at the first statement, which returns none).
    let meeting: Option<MeetingRow> = q.fetch_all(db.writer()).await?.pop();
    if meeting.is_none() {
        super::callbacks::forget_callback(db.writer(), token_hash).await?;
    }
    Ok(meeting)
}

/// Drops a reservation whose create failed.
pub async fn release<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM meetings WHERE id = $1 AND creating_since IS NOT NULL").bind(id).execute(ex).await?;
    Ok(())
}

/// Keeps the passwords a server chose for a meeting that had none stored (created before they were kept).
pub async fn keep_passwords<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    attendee_pw: Option<&str>,
    moderator_pw: Option<&str>,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE meetings SET attendee_pw = COALESCE(attendee_pw, $2), moderator_pw = COALESCE(moderator_pw, $3) \
         WHERE id = $1",
    )
    .bind(id)
    .bind(clip(attendee_pw, 256))
    .bind(clip(moderator_pw, 256))
    .execute(ex)
    .await?;
    Ok(())
}

fn clip(v: Option<&str>, n: usize) -> Option<String> {
    v.filter(|v| !v.is_empty() && v.chars().count() <= n).map(str::to_owned)
}

/// The meeting now lives on `server_id` — if it was still on `from` (compare and swap): false when another request
/// moved it first, whose copy then stands.
pub async fn moved<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    from: Option<i64>,
    server_id: i64,
    create_time: i64,
    now: i64,
) -> DbResult<bool> {
    let done = sqlx::query(
        "UPDATE meetings SET server_id = $2, create_time = $3, updated_at = $4 WHERE id = $1 \
         AND COALESCE(server_id, 0) = $5",
    )
    .bind(id)
    .bind(server_id)
    .bind(create_time)
    .bind(now)
    .bind(from.unwrap_or(0))
    .execute(ex)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Who noticed that a meeting ended (kept in its history row).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndedBy {
    /// The conference server's end callback.
    Callback,
    /// The poller found it gone from its server.
    Poller,
    /// Someone ended it from the room's page.
    Request,
    /// A front end's `end` call through the BigBlueButton-compatible API.
    Api,
}

impl EndedBy {
    fn as_str(self) -> &'static str {
        match self {
            EndedBy::Callback => "callback",
            EndedBy::Poller => "poller",
            EndedBy::Request => "request",
            EndedBy::Api => "api",
        }
    }
}

/// Forgets a meeting that ended, keeping its history row (when it started, when it ended, who noticed), in one
/// transaction. False when it was already gone (another path got there first: no second history row).
pub async fn forget(db: &Db, id: i64, now: i64, by: EndedBy) -> DbResult<bool> {
    let mut tx = db.begin().await?;
    let kept = sqlx::query(
        "INSERT INTO meeting_history (institution_id, room_id, booking_id, external_id, name, server_id, started_at, \
         ended_at, ended_by) SELECT institution_id, room_id, booking_id, external_id, name, server_id, created_at, \
         CASE WHEN created_at > $2 THEN created_at ELSE $2 END, $3 FROM meetings WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .bind(by.as_str())
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM meetings WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(kept.rows_affected() == 1)
}

/// (started, ended) of the meetings held for a booking, oldest first.
pub async fn held_for_booking<'c>(ex: impl Executor<'c, Database = Any>, booking_id: i64) -> DbResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as("SELECT started_at, ended_at FROM meeting_history WHERE booking_id = $1 ORDER BY started_at, id")
        .bind(booking_id)
        .fetch_all(ex)
        .await?)
}

pub async fn count_of_institution<'c>(ex: impl Executor<'c, Database = Any>, institution_id: i64) -> DbResult<u64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM meetings WHERE institution_id = $1 AND room_id IS NULL")
        .bind(institution_id)
        .fetch_one(ex)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

pub async fn of_server<'c>(ex: impl Executor<'c, Database = Any>, server_id: i64) -> DbResult<Vec<MeetingRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE server_id = $1")).bind(server_id).fetch_all(ex).await?)
}

/// The running meeting of a room, if Convene placed one (not while its create is in flight).
pub async fn of_room<'c>(ex: impl Executor<'c, Database = Any>, room_id: i64) -> DbResult<Option<MeetingRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE room_id = $1 AND creating_since IS NULL"))
        .bind(room_id)
        .fetch_optional(ex)
        .await?)
}

/// A dial-in value as kept: trimmed, at most `n` characters, none when empty.
fn dial(v: Option<&str>, n: usize) -> Option<String> {
    v.map(str::trim).filter(|v| !v.is_empty()).map(|v| v.chars().take(n).collect::<String>())
}

/// Keeps the dial-in a conference server gave for a meeting (nothing when it gave none).
pub async fn set_dial_in<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    dial_number: Option<&str>,
    voice_bridge: Option<&str>,
) -> DbResult<()> {
    sqlx::query("UPDATE meetings SET dial_number = $2, voice_bridge = $3 WHERE id = $1")
        .bind(id)
        .bind(dial(dial_number, 64))
        .bind(dial(voice_bridge, 32))
        .execute(ex)
        .await?;
    Ok(())
}

/// The dial-in (number, conference pin) of a room's running meeting.
pub async fn dial_in_of_room<'c>(
    ex: impl Executor<'c, Database = Any>,
    room_id: i64,
) -> DbResult<Option<(Option<String>, Option<String>)>> {
    Ok(sqlx::query_as("SELECT dial_number, voice_bridge FROM meetings WHERE room_id = $1 AND creating_since IS NULL")
        .bind(room_id)
        .fetch_optional(ex)
        .await?)
}
