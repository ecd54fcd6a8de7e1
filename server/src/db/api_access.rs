//! What the BigBlueButton-compatible API needs of an institution: its secrets, its limits, its parameter policies.

use sqlx::{Any, Executor, FromRow};

use super::DbResult;

#[derive(Clone, Debug, FromRow)]
pub struct SecretRow {
    pub institution_id: i64,
    pub secret: String,
    pub algorithms: String,
    pub expires_at: Option<i64>,
}

impl SecretRow {
    pub fn live_at(&self, now: i64) -> bool {
        self.expires_at.is_none_or(|e| e > now)
    }
}

/// Every secret still valid at `now` (and those expiring later: callers check `live_at` when they use one).
pub async fn live_secrets<'c>(ex: impl Executor<'c, Database = Any>, now: i64) -> DbResult<Vec<SecretRow>> {
    Ok(sqlx::query_as(
        "SELECT institution_id, secret, algorithms, expires_at FROM api_secrets \
         WHERE expires_at IS NULL OR expires_at > $1",
    )
    .bind(now)
    .fetch_all(ex)
    .await?)
}

pub async fn add_secret<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
    secret: &str,
    label: &str,
    now: i64,
) -> DbResult<()> {
    sqlx::query("INSERT INTO api_secrets (institution_id, secret, label, created_at) VALUES ($1, $2, $3, $4)")
        .bind(institution_id)
        .bind(secret)
        .bind(label)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

/// The newest secret of an institution still valid at `now` (callbacks are re-signed with it).
pub async fn newest_secret<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
    now: i64,
) -> DbResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT secret FROM api_secrets WHERE institution_id = $1 AND (expires_at IS NULL OR expires_at > $2) \
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(institution_id)
    .bind(now)
    .fetch_optional(ex)
    .await?;
    Ok(row.map(|(s,)| s))
}

/// Limits of an institution's API use (`None`: no limit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    pub max_meetings: Option<u32>,
    pub max_participants: Option<u32>,
}

pub async fn limits<'c>(ex: impl Executor<'c, Database = Any>, institution_id: i64) -> DbResult<Limits> {
    let row: Option<(Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT api_max_meetings, api_max_participants FROM institutions WHERE id = $1")
            .bind(institution_id)
            .fetch_optional(ex)
            .await?;
    let (m, p) = row.unwrap_or((None, None));
    Ok(Limits {
        max_meetings: m.and_then(|v| u32::try_from(v).ok()),
        max_participants: p.and_then(|v| u32::try_from(v).ok()),
    })
}

pub async fn set_limits<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
    limits: Limits,
) -> DbResult<()> {
    let done = sqlx::query("UPDATE institutions SET api_max_meetings = $2, api_max_participants = $3 WHERE id = $1")
        .bind(institution_id)
        .bind(limits.max_meetings.map(i64::from))
        .bind(limits.max_participants.map(i64::from))
        .execute(ex)
        .await?;
    if done.rows_affected() == 0 {
        return Err(super::DbError::NotFound);
    }
    Ok(())
}

#[derive(Clone, Debug, FromRow)]
pub struct PolicyRow {
    pub id: i64,
    pub api_call: String,
    pub name: String,
    pub mode: String,
    pub value: String,
}

pub async fn policies<'c>(ex: impl Executor<'c, Database = Any>, institution_id: i64) -> DbResult<Vec<PolicyRow>> {
    Ok(sqlx::query_as(
        "SELECT id, api_call, name, mode, value FROM api_parameter_policies WHERE institution_id = $1 \
         ORDER BY api_call, name",
    )
    .bind(institution_id)
    .fetch_all(ex)
    .await?)
}

/// Sets (or replaces) the policy for one parameter of one call.
pub async fn put_policy<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
    p: &PolicyRow,
    now: i64,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO api_parameter_policies (institution_id, api_call, name, mode, value, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (institution_id, api_call, name) \
         DO UPDATE SET mode = excluded.mode, value = excluded.value",
    )
    .bind(institution_id)
    .bind(&p.api_call)
    .bind(&p.name)
    .bind(&p.mode)
    .bind(&p.value)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn delete_policy<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
    api_call: &str,
    name: &str,
) -> DbResult<bool> {
    let done =
        sqlx::query("DELETE FROM api_parameter_policies WHERE institution_id = $1 AND api_call = $2 AND name = $3")
            .bind(institution_id)
            .bind(api_call)
            .bind(name)
            .execute(ex)
            .await?;
    Ok(done.rows_affected() > 0)
}
