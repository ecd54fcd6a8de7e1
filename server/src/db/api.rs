//! API secrets of institutions and the meetings Convene placed.

use sqlx::{Any, Executor, FromRow};

use super::DbResult;

#[derive(Clone, Debug, FromRow)]
pub struct SecretRow {
    pub institution_id: i64,
    pub secret: String,
    pub algorithms: String,
}

/// Every secret still valid at `now`.
pub async fn live_secrets<'c>(ex: impl Executor<'c, Database = Any>, now: i64) -> DbResult<Vec<SecretRow>> {
    Ok(sqlx::query_as(
        "SELECT institution_id, secret, algorithms FROM api_secrets WHERE expires_at IS NULL OR expires_at > $1",
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
}

const SELECT: &str = "SELECT id, institution_id, external_id, server_id, name, create_time, expected_size, \
     create_query, created_at FROM meetings";

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
    Ok(sqlx::query_as(&format!("{SELECT} WHERE institution_id = $1 ORDER BY id"))
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

pub struct NewMeeting<'a> {
    pub institution_id: i64,
    pub external_id: &'a str,
    pub server_id: i64,
    pub name: &'a str,
    pub create_time: i64,
    pub expected_size: i64,
    pub create_query: &'a str,
}

pub async fn insert<'c>(ex: impl Executor<'c, Database = Any>, m: &NewMeeting<'_>, now: i64) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO meetings (institution_id, external_id, server_id, name, create_time, expected_size, create_query, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(m.institution_id)
    .bind(m.external_id)
    .bind(m.server_id)
    .bind(m.name)
    .bind(m.create_time)
    .bind(m.expected_size)
    .bind(m.create_query)
    .bind(now)
    .fetch_one(ex)
    .await?;
    Ok(id)
}

/// The meeting now runs on another server (after a failure).
pub async fn moved<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    server_id: i64,
    create_time: i64,
    now: i64,
) -> DbResult<()> {
    sqlx::query("UPDATE meetings SET server_id = $2, create_time = $3, updated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(server_id)
        .bind(create_time)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn delete<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM meetings WHERE id = $1").bind(id).execute(ex).await?;
    Ok(())
}
