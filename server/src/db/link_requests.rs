//! Sign-ins waiting for an operator to link them to an existing account (see migration 0024).

use sqlx::{Any, Executor, FromRow};

use super::DbResult;

#[derive(Clone, FromRow)]
pub struct LinkRequestRow {
    pub id: i64,
    pub provider: String,
    pub subject: String,
    pub email: String,
    pub display_name: String,
    pub provider_name: String,
    pub institution_id: i64,
    pub created_at: i64,
}

impl std::fmt::Debug for LinkRequestRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // An address and a name: personal data, not for logs.
        f.debug_struct("LinkRequestRow").field("id", &self.id).field("provider", &self.provider).finish_non_exhaustive()
    }
}

pub struct NewLinkRequest<'a> {
    pub provider: &'a str,
    pub subject: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub provider_name: &'a str,
    pub institution_id: i64,
}

/// Records (or renews) the request of one provider identity.
pub async fn record<'c>(ex: impl Executor<'c, Database = Any>, r: &NewLinkRequest<'_>, now: i64) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO link_requests (provider, subject, email, display_name, provider_name, institution_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (provider, subject) DO UPDATE SET email = excluded.email, \
         display_name = excluded.display_name, provider_name = excluded.provider_name, created_at = excluded.created_at",
    )
    .bind(r.provider)
    .bind(r.subject)
    .bind(r.email)
    .bind(r.display_name)
    .bind(r.provider_name)
    .bind(r.institution_id)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

const SELECT: &str = "SELECT id, provider, subject, email, display_name, provider_name, institution_id, created_at \
                      FROM link_requests";

pub async fn list<'c>(ex: impl Executor<'c, Database = Any>) -> DbResult<Vec<LinkRequestRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} ORDER BY created_at DESC, id DESC LIMIT 200")).fetch_all(ex).await?)
}

pub async fn by_id<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<Option<LinkRequestRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE id = $1")).bind(id).fetch_optional(ex).await?)
}

/// Removes a request; false when it was not there (resolved meanwhile).
pub async fn remove<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<bool> {
    Ok(sqlx::query("DELETE FROM link_requests WHERE id = $1").bind(id).execute(ex).await?.rows_affected() == 1)
}

pub async fn forget_before<'c>(ex: impl Executor<'c, Database = Any>, before: i64) -> DbResult<u64> {
    Ok(sqlx::query("DELETE FROM link_requests WHERE created_at < $1").bind(before).execute(ex).await?.rows_affected())
}
