//! Session records for tower-sessions: opaque JSON, an expiry, and the user they belong to (so all of a user's
//! sessions can be ended at once).

use sqlx::{Any, Executor};

use super::DbResult;

/// What a session is found by besides its id: its user, and the SAML sign-in it came from (for single logout).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keys {
    pub user_id: Option<i64>,
    /// The IdP and NameID, hashed.
    pub saml_subject: Option<String>,
    pub saml_session: Option<String>,
}

pub async fn insert_new<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: &str,
    data: &str,
    expires_at: i64,
    keys: &Keys,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO sessions (id, data, expires_at, user_id, saml_subject, saml_session) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(data)
    .bind(expires_at)
    .bind(keys.user_id)
    .bind(keys.saml_subject.as_deref())
    .bind(keys.saml_session.as_deref())
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
    keys: &Keys,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE sessions SET data = $2, expires_at = $3, user_id = $4, saml_subject = $5, saml_session = $6 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(data)
    .bind(expires_at)
    .bind(keys.user_id)
    .bind(keys.saml_subject.as_deref())
    .bind(keys.saml_session.as_deref())
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

/// Ends the sessions signed in through a SAML IdP with this subject (see `Keys`); only those of the given
/// SessionIndexes when there are any. Returns how many ended.
pub async fn delete_for_saml<'c>(
    ex: impl Executor<'c, Database = Any> + Copy,
    subject: &str,
    session_indexes: &[String],
) -> DbResult<u64> {
    if session_indexes.is_empty() {
        return Ok(sqlx::query("DELETE FROM sessions WHERE saml_subject = $1")
            .bind(subject)
            .execute(ex)
            .await?
            .rows_affected());
    }
    let mut ended = 0;
    for index in session_indexes {
        ended += sqlx::query("DELETE FROM sessions WHERE saml_subject = $1 AND saml_session = $2")
            .bind(subject)
            .bind(index)
            .execute(ex)
            .await?
            .rows_affected();
    }
    Ok(ended)
}
