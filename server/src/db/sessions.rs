//! Session records for tower-sessions: opaque JSON, an expiry, and the user they belong to (so all of a user's
//! sessions can be ended at once).

use sqlx::{Any, Executor};

use super::DbResult;

pub async fn insert_new<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: &str,
    data: &str,
    expires_at: i64,
    user_id: Option<i64>,
) -> DbResult<()> {
    sqlx::query("INSERT INTO sessions (id, data, expires_at, user_id) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(data)
        .bind(expires_at)
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Saves an existing session (none is created: one deleted meanwhile stays deleted).
pub async fn update<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: &str,
    data: &str,
    expires_at: i64,
    user_id: Option<i64>,
) -> DbResult<()> {
    sqlx::query("UPDATE sessions SET data = $2, expires_at = $3, user_id = $4 WHERE id = $1")
        .bind(id)
        .bind(data)
        .bind(expires_at)
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// The record's JSON if it exists and has not expired at `now`.
pub async fn load<'c>(ex: impl Executor<'c, Database = Any>, id: &str, now: i64) -> DbResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
        .bind(id)
        .bind(now)
        .fetch_optional(ex)
        .await?;
    Ok(row.map(|r| r.0))
}

pub async fn delete<'c>(ex: impl Executor<'c, Database = Any>, id: &str) -> DbResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id).execute(ex).await?;
    Ok(())
}

pub async fn delete_expired<'c>(ex: impl Executor<'c, Database = Any>, now: i64) -> DbResult<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(ex).await?.rows_affected())
}

/// Ends every session of a user except `keep` (after a password change, say).
pub async fn delete_for_user<'c>(
    ex: impl Executor<'c, Database = Any>,
    user_id: i64,
    keep: Option<&str>,
) -> DbResult<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(ex)
        .await?
        .rows_affected())
}
