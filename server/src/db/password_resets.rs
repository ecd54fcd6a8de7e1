//! Password reset links (migration 0034): stored by the hash of their secret, used once, until they expire.

use sqlx::{Any, Executor};

use super::DbResult;

/// Keeps a new link for `user_id`, ending the person's links not used yet (the newest e-mail is the one that works).
pub async fn insert(
    tx: &mut sqlx::Transaction<'_, Any>,
    token_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> DbResult<()> {
    sqlx::query("DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether a link would still work now (the page asks before showing its form; nothing is used).
pub async fn usable<'c>(ex: impl Executor<'c, Database = Any>, token_hash: &str, now: i64) -> DbResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(ex)
    .await?;
    Ok(row.is_some())
}

/// Uses a link: whose it is, if it still worked (then it never works again — two posts of it race for one row).
pub async fn take<'c>(ex: impl Executor<'c, Database = Any>, token_hash: &str, now: i64) -> DbResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
         RETURNING user_id",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(ex)
    .await?;
    Ok(row.map(|r| r.0))
}

/// Forgets links that can no longer be used.
pub async fn delete_expired<'c>(ex: impl Executor<'c, Database = Any>, now: i64) -> DbResult<u64> {
    let done = sqlx::query("DELETE FROM password_resets WHERE expires_at <= $1 OR used_at IS NOT NULL")
        .bind(now - 86_400)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}
