//! The mail outbox, booking invitees and sent reminders. Messages are queued in the caller's transaction and
//! claimed by the worker one by one, so two processes never send the same message twice.

use sqlx::{Any, Executor, FromRow};

use super::DbResult;
use super::bookings::{BOOKING_COLUMNS, BookingRow};

/// A message to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// The iCalendar attachment and its METHOD.
    pub ics: Option<(String, &'static str)>,
    /// What it is about (`invitation`, `reminder`, `decision`, `cancellation`, `test`): for logs and figures.
    pub kind: &'static str,
}

pub async fn enqueue<'c>(ex: impl Executor<'c, Database = Any>, m: &NewMail, now: i64) -> DbResult<i64> {
    let (ics, method) = match &m.ics {
        Some((text, method)) => (Some(text.as_str()), Some(*method)),
        None => (None, None),
    };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO mail_outbox (recipient, subject, body, ics, ics_method, kind, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(&m.recipient)
    .bind(&m.subject)
    .bind(&m.body)
    .bind(ics)
    .bind(method)
    .bind(m.kind)
    .bind(now)
    .fetch_one(ex)
    .await?;
    Ok(id)
}

#[derive(Clone, Debug, FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub ics: Option<String>,
    pub ics_method: Option<String>,
    pub kind: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
}

/// Messages due now, oldest first.
pub async fn due<'c>(ex: impl Executor<'c, Database = Any>, now: i64, limit: i64) -> DbResult<Vec<OutboxRow>> {
    Ok(sqlx::query_as(
        "SELECT id, recipient, subject, body, ics, ics_method, kind, attempts, next_attempt_at FROM mail_outbox \
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(ex)
    .await?)
}

/// Takes a due message for `lease` seconds; false when another worker took it first.
pub async fn claim<'c>(ex: impl Executor<'c, Database = Any>, row: &OutboxRow, until: i64) -> DbResult<bool> {
    let done = sqlx::query(
        "UPDATE mail_outbox SET next_attempt_at = $3 WHERE id = $1 AND next_attempt_at = $2 \
         AND sent_at IS NULL AND failed_at IS NULL",
    )
    .bind(row.id)
    .bind(row.next_attempt_at)
    .bind(until)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sent: what it said is no longer kept.
pub async fn mark_sent<'c>(ex: impl Executor<'c, Database = Any>, id: i64, now: i64) -> DbResult<()> {
    sqlx::query(
        "UPDATE mail_outbox SET sent_at = $2, attempts = attempts + 1, body = '', ics = NULL, last_error = NULL \
         WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Kept instead of sent (`mail.keep`: demos and trials): marked done, what it said kept for the operators' page.
pub async fn mark_kept<'c>(ex: impl Executor<'c, Database = Any>, id: i64, now: i64) -> DbResult<()> {
    sqlx::query("UPDATE mail_outbox SET sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

/// One message as the operators' page lists it.
#[derive(Clone, Debug, FromRow)]
pub struct OutboxEntry {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub kind: String,
    pub attempts: i64,
    pub created_at: i64,
    pub next_attempt_at: i64,
    pub sent_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
}

/// The latest messages, newest first.
pub async fn recent<'c>(ex: impl Executor<'c, Database = Any>, limit: i64) -> DbResult<Vec<OutboxEntry>> {
    Ok(sqlx::query_as(
        "SELECT id, recipient, subject, body, kind, attempts, created_at, next_attempt_at, sent_at, failed_at, \
         last_error FROM mail_outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(ex)
    .await?)
}

/// A failed attempt: tried again at `retry_at`, or given up (`retry_at` None).
pub async fn mark_failed<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    error: &str,
    now: i64,
    retry_at: Option<i64>,
) -> DbResult<()> {
    let error: String = error.chars().take(500).collect();
    match retry_at {
        Some(at) => {
            sqlx::query(
                "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1",
            )
            .bind(id)
            .bind(at)
            .bind(error)
            .execute(ex)
            .await?
        }
        None => {
            sqlx::query(
                "UPDATE mail_outbox SET attempts = attempts + 1, failed_at = $2, last_error = $3, body = '', \
                 ics = NULL WHERE id = $1",
            )
            .bind(id)
            .bind(now)
            .bind(error)
            .execute(ex)
            .await?
        }
    };
    Ok(())
}

/// (waiting, given up) messages: for the operators' figures.
pub async fn counts<'c>(ex: impl Executor<'c, Database = Any>) -> DbResult<(i64, i64)> {
    let (waiting, failed): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) FROM mail_outbox",
    )
    .fetch_one(ex)
    .await?;
    Ok((waiting, failed))
}

/// Forgets sent and given-up messages older than `before`.
pub async fn forget_old<'c>(ex: impl Executor<'c, Database = Any>, before: i64) -> DbResult<u64> {
    let done = sqlx::query(
        "DELETE FROM mail_outbox WHERE (sent_at IS NOT NULL AND sent_at < $1) OR (failed_at IS NOT NULL AND failed_at < $1)",
    )
    .bind(before)
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

pub async fn add_invitee<'c>(
    ex: impl Executor<'c, Database = Any>,
    booking_id: Option<i64>,
    series_id: Option<i64>,
    email: &str,
) -> DbResult<()> {
    sqlx::query("INSERT INTO booking_invitees (booking_id, series_id, email) VALUES ($1, $2, $3)")
        .bind(booking_id)
        .bind(series_id)
        .bind(email)
        .execute(ex)
        .await?;
    Ok(())
}

/// Takes one address off a booking's invitation (its own, or its series').
pub async fn remove_invitee<'c>(ex: impl Executor<'c, Database = Any>, b: &BookingRow, email: &str) -> DbResult<u64> {
    let done = sqlx::query(
        "DELETE FROM booking_invitees WHERE email = $3 AND (booking_id = $1 OR (series_id IS NOT NULL AND series_id = $2))",
    )
    .bind(b.id)
    .bind(b.series_id.unwrap_or(0))
    .bind(email)
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

/// Who a booking invites: its own invitees, or its series'.
pub async fn invitees<'c>(ex: impl Executor<'c, Database = Any>, b: &BookingRow) -> DbResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT email FROM booking_invitees WHERE booking_id = $1 OR (series_id IS NOT NULL AND series_id = $2) \
         ORDER BY id",
    )
    .bind(b.id)
    .bind(b.series_id.unwrap_or(0))
    .fetch_all(ex)
    .await?;
    Ok(rows.into_iter().map(|(e,)| e).collect())
}

/// Confirmed bookings starting in `(from, to]` whose reminder has not gone out.
pub async fn to_remind<'c>(ex: impl Executor<'c, Database = Any>, from: i64, to: i64) -> DbResult<Vec<BookingRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {BOOKING_COLUMNS} FROM bookings WHERE status = $3 AND starts_at > $1 AND starts_at <= $2 \
         AND NOT EXISTS (SELECT 1 FROM booking_reminders r WHERE r.booking_id = bookings.id) \
         ORDER BY starts_at LIMIT 200"
    ))
    .bind(from)
    .bind(to)
    .bind(super::status::BookingStatus::Confirmed.as_str())
    .fetch_all(ex)
    .await?)
}

/// Takes the reminder of a booking; false if it was already taken.
pub async fn take_reminder<'c>(ex: impl Executor<'c, Database = Any>, booking_id: i64, now: i64) -> DbResult<bool> {
    let done =
        sqlx::query("INSERT INTO booking_reminders (booking_id, sent_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(booking_id)
            .bind(now)
            .execute(ex)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// The invited of one series invited to another too (a series split in two).
pub async fn copy_series_invitees<'c>(ex: impl Executor<'c, Database = Any>, from: i64, to: i64) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO booking_invitees (series_id, email) SELECT $2, email FROM booking_invitees WHERE series_id = $1",
    )
    .bind(from)
    .bind(to)
    .execute(ex)
    .await?;
    Ok(())
}
