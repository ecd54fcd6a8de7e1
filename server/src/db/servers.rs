//! The conference servers of the pool: registration data, admin state, and what the poller last saw.

use sqlx::{Any, Executor, FromRow};

use super::{DbError, DbResult};
use crate::balancer::placement::{AdminState, Health};

#[derive(Clone, Debug, FromRow)]
pub struct ServerRow {
    pub id: i64,
    pub name: String,
    pub api_url: String,
    pub secret: String,
    pub algorithm: String,
    pub institution_id: Option<i64>,
    pub region: String,
    pub latitude: f64,
    pub longitude: f64,
    pub capacity: i64,
    pub tags: String,
    #[sqlx(try_from = "String")]
    pub admin_state: AdminState,
    #[sqlx(try_from = "String")]
    pub health: Health,
    pub failures: i64,
    pub successes: i64,
    pub meetings: i64,
    pub participants: i64,
    pub cpu: Option<f64>,
    pub last_poll_at: Option<i64>,
    pub last_poll_ms: Option<i64>,
    pub last_error: Option<String>,
    pub history: String,
    pub last_placement_at: Option<i64>,
    pub last_placement: Option<String>,
    /// 1: an institution's server admitted by an operator to the shared pool.
    pub shared: i64,
    /// A private CA trusted for this server's https (PEM).
    pub ca_pem: Option<String>,
    /// 1: added by an institution's admin, reached only on public addresses (every call, not only at registration).
    pub public_only: i64,
}

impl ServerRow {
    /// Whether meetings of `institution` may go to this server: the network's own and shared servers serve
    /// everyone; an institution's unshared server serves only that institution.
    pub fn may_serve(&self, institution: Option<i64>) -> bool {
        crate::balancer::placement::may_serve(self.institution_id, self.shared != 0, institution)
    }
}

const SELECT: &str = "SELECT id, name, api_url, secret, algorithm, institution_id, region, latitude, longitude, \
     capacity, tags, admin_state, health, failures, successes, meetings, participants, cpu, last_poll_at, \
     last_poll_ms, last_error, history, last_placement_at, last_placement, shared, ca_pem, public_only FROM servers";

pub async fn list<'c>(ex: impl Executor<'c, Database = Any>) -> DbResult<Vec<ServerRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} ORDER BY name")).fetch_all(ex).await?)
}

/// The servers that may serve `institution`'s meetings (and hold its recordings).
pub async fn serving<'c>(ex: impl Executor<'c, Database = Any>, institution: i64) -> DbResult<Vec<ServerRow>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE institution_id IS NULL OR shared = 1 OR institution_id = $1 ORDER BY name"
    ))
    .bind(institution)
    .fetch_all(ex)
    .await?)
}

/// Every server's API address (for the pages' `form-action`: a join without JavaScript redirects there).
pub async fn api_urls<'c>(ex: impl Executor<'c, Database = Any>) -> DbResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT api_url FROM servers").fetch_all(ex).await?;
    Ok(rows.into_iter().map(|(u,)| u).collect())
}

pub async fn by_name<'c>(ex: impl Executor<'c, Database = Any>, name: &str) -> DbResult<ServerRow> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE name = $1")).bind(name).fetch_one(ex).await?)
}

pub async fn by_id<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<ServerRow> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE id = $1")).bind(id).fetch_one(ex).await?)
}

pub struct NewServer<'a> {
    pub name: &'a str,
    pub api_url: &'a str,
    pub secret: &'a str,
    pub algorithm: &'a str,
    pub institution_id: Option<i64>,
    pub region: &'a str,
    pub latitude: f64,
    pub longitude: f64,
    pub capacity: i64,
    pub tags: &'a str,
    pub ca_pem: Option<&'a str>,
    /// Added by an institution's admin: reached only on public addresses.
    pub public_only: bool,
    /// What the registration check saw.
    pub meetings: i64,
    pub participants: i64,
}

pub async fn insert<'c>(ex: impl Executor<'c, Database = Any>, s: &NewServer<'_>, now: i64) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO servers (name, api_url, secret, algorithm, institution_id, region, latitude, longitude, capacity, \
         tags, admin_state, health, successes, meetings, participants, last_poll_at, created_at, updated_at, ca_pem, \
         public_only) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'enabled', 'online', 1, $11, $12, $13, $13, $13, $14, $15) \
         RETURNING id",
    )
    .bind(s.name)
    .bind(s.api_url)
    .bind(s.secret)
    .bind(s.algorithm)
    .bind(s.institution_id)
    .bind(s.region)
    .bind(s.latitude)
    .bind(s.longitude)
    .bind(s.capacity)
    .bind(s.tags)
    .bind(s.meetings)
    .bind(s.participants)
    .bind(now)
    .bind(s.ca_pem)
    .bind(i64::from(s.public_only))
    .fetch_one(ex)
    .await?;
    Ok(id)
}

/// Points an existing server at a new address (the demo's simulators get new ports at every start).
pub async fn set_address<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    api_url: &str,
    secret: &str,
    now: i64,
) -> DbResult<()> {
    sqlx::query("UPDATE servers SET api_url = $2, secret = $3, updated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(api_url)
        .bind(secret)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn set_admin_state<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    state: AdminState,
    now: i64,
) -> DbResult<()> {
    let done = sqlx::query("UPDATE servers SET admin_state = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(state.as_str())
        .bind(now)
        .execute(ex)
        .await?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// Admits an institution's server to the shared pool (or takes it back).
pub async fn set_shared<'c>(ex: impl Executor<'c, Database = Any>, id: i64, shared: bool, now: i64) -> DbResult<()> {
    let done = sqlx::query("UPDATE servers SET shared = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(i64::from(shared))
        .bind(now)
        .execute(ex)
        .await?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// What one poll found.
pub struct PollResult<'a> {
    pub health: &'a str,
    pub failures: i64,
    pub successes: i64,
    pub meetings: Option<i64>,
    pub participants: Option<i64>,
    pub cpu: Option<f64>,
    pub at: i64,
    pub took_ms: i64,
    pub error: Option<&'a str>,
    /// The participant history with this poll's sample (unchanged when the poll failed).
    pub history: &'a str,
}

pub async fn record_poll<'c>(ex: impl Executor<'c, Database = Any>, id: i64, p: &PollResult<'_>) -> DbResult<()> {
    sqlx::query(
        "UPDATE servers SET health = $2, failures = $3, successes = $4, meetings = COALESCE($5, meetings), \
         participants = COALESCE($6, participants), cpu = COALESCE($7, cpu), last_poll_at = $8, last_poll_ms = $9, \
         last_error = $10, history = $11 WHERE id = $1",
    )
    .bind(id)
    .bind(p.health)
    .bind(p.failures)
    .bind(p.successes)
    .bind(p.meetings)
    .bind(p.participants)
    .bind(p.cpu)
    .bind(p.at)
    .bind(p.took_ms)
    .bind(p.error)
    .bind(p.history)
    .execute(ex)
    .await?;
    Ok(())
}

/// A call to an online server failed: it is suspect (unstable) until its polls say otherwise, so that no new
/// meeting goes there and joins to its meetings check it first. The poll's failure count is left to the poller.
pub async fn mark_suspect<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<()> {
    sqlx::query("UPDATE servers SET health = 'unstable', successes = 0 WHERE id = $1 AND health = 'online'")
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Remembers why the balancer last chose this server (shown on the dashboard).
pub async fn record_placement<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    reason: &str,
    at: i64,
) -> DbResult<()> {
    let reason: String = reason.chars().take(500).collect();
    sqlx::query("UPDATE servers SET last_placement_at = $2, last_placement = $3 WHERE id = $1")
        .bind(id)
        .bind(at)
        .bind(reason)
        .execute(ex)
        .await?;
    Ok(())
}

/// The participant history with one more sample, keeping the newest `keep`.
pub fn push_history(history: &str, participants: i64, keep: usize) -> String {
    let mut samples: Vec<&str> = history.split(',').filter(|s| !s.is_empty()).collect();
    let latest = participants.to_string();
    samples.push(&latest);
    let skip = samples.len().saturating_sub(keep);
    samples[skip..].join(",")
}

#[cfg(test)]
mod tests {
    #[test]
    fn history_keeps_the_newest() {
        assert_eq!(super::push_history("", 3, 3), "3");
        assert_eq!(super::push_history("1,2,3", 4, 3), "2,3,4");
        assert_eq!(super::push_history("1,2", 0, 3), "1,2,0");
    }
}
