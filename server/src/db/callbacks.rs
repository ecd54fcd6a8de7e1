//! Callback tokens: one per placement of a meeting, naming whom to tell when its server calls back.

use sqlx::{Any, Executor, FromRow};

use super::DbResult;

#[derive(Clone, Debug, FromRow)]
pub struct CallbackRow {
    pub institution_id: i64,
    pub external_id: String,
    pub server_id: Option<i64>,
    pub end_url: Option<String>,
    pub recording_url: Option<String>,
}

pub async fn callback<'c>(ex: impl Executor<'c, Database = Any>, token_hash: &str) -> DbResult<Option<CallbackRow>> {
    Ok(sqlx::query_as(
        "SELECT institution_id, external_id, server_id, end_url, recording_url FROM api_callbacks WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(ex)
    .await?)
}

pub async fn add_callback<'c>(
    ex: impl Executor<'c, Database = Any>,
    token_hash: &str,
    c: &CallbackRow,
    now: i64,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO api_callbacks (token_hash, institution_id, external_id, server_id, end_url, recording_url, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token_hash)
    .bind(c.institution_id)
    .bind(&c.external_id)
    .bind(c.server_id)
    .bind(c.end_url.as_deref())
    .bind(c.recording_url.as_deref())
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Forgets one callback (its meeting was never made).
pub async fn forget_callback<'c>(ex: impl Executor<'c, Database = Any>, token_hash: &str) -> DbResult<()> {
    sqlx::query("DELETE FROM api_callbacks WHERE token_hash = $1").bind(token_hash).execute(ex).await?;
    Ok(())
}

/// Forgets callbacks older than `before` (recordings are processed within hours; a month is plenty).
pub async fn forget_callbacks<'c>(ex: impl Executor<'c, Database = Any>, before: i64) -> DbResult<u64> {
    Ok(sqlx::query("DELETE FROM api_callbacks WHERE created_at < $1").bind(before).execute(ex).await?.rows_affected())
}
