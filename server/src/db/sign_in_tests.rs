//! The last "test sign-in" of each admin per institution: what an identity provider sent for a test account, kept
//! for that admin to read (JSON written by `auth::sign_in_test`), never in a log, forgotten after a day.

use sqlx::{Any, Executor};

use super::DbResult;

/// How long a test's result is kept.
pub const KEEP_SECS: i64 = 24 * 3600;

/// Keeps `result` as the admin's last test for the institution (replacing the one before).
pub async fn put<'c>(
    ex: impl Executor<'c, Database = Any>,
    user_id: i64,
    institution_id: i64,
    result: &str,
    now: i64,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO sign_in_tests (user_id, institution_id, result, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, institution_id) DO UPDATE SET result = excluded.result, created_at = excluded.created_at",
    )
    .bind(user_id)
    .bind(institution_id)
    .bind(result)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// The admin's last test for the institution, if younger than [`KEEP_SECS`].
pub async fn get<'c>(
    ex: impl Executor<'c, Database = Any>,
    user_id: i64,
    institution_id: i64,
    now: i64,
) -> DbResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT result FROM sign_in_tests WHERE user_id = $1 AND institution_id = $2 AND created_at > $3",
    )
    .bind(user_id)
    .bind(institution_id)
    .bind(now - KEEP_SECS)
    .fetch_optional(ex)
    .await?;
    Ok(row.map(|(r,)| r))
}

pub async fn forget_old<'c>(ex: impl Executor<'c, Database = Any>, now: i64) -> DbResult<u64> {
    Ok(sqlx::query("DELETE FROM sign_in_tests WHERE created_at <= $1")
        .bind(now - KEEP_SECS)
        .execute(ex)
        .await?
        .rows_affected())
}
