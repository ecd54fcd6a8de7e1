//! The audit log: who did what, when, to which institution. Never secrets.

use sqlx::{Any, Executor, FromRow};

use super::DbResult;

#[derive(Clone, Debug, FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub institution_id: Option<i64>,
    pub action: String,
    pub subject: String,
}

pub async fn record<'c>(
    ex: impl Executor<'c, Database = Any>,
    at: i64,
    actor_user_id: Option<i64>,
    institution_id: Option<i64>,
    action: &str,
    subject: &str,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_user_id, institution_id, action, subject) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(at)
    .bind(actor_user_id)
    .bind(institution_id)
    .bind(action)
    .bind(subject)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn recent<'c>(ex: impl Executor<'c, Database = Any>, limit: i64) -> DbResult<Vec<AuditRow>> {
    Ok(sqlx::query_as(
        "SELECT id, at, actor_user_id, institution_id, action, subject FROM audit_log ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(ex)
    .await?)
}
