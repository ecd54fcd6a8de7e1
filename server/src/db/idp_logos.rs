//! IdPs' logos as Convene read them (migration 0033): the image, or why the last read failed.

use sqlx::{Any, Executor, FromRow};

use super::DbResult;

/// An enabled IdP whose logo is to be looked at: never looked at, its metadata changed since, or due to be read
/// again.
#[derive(Clone, Debug, FromRow)]
pub struct DueRow {
    pub idp_id: i64,
    pub metadata_xml: String,
    /// The private CA its metadata was read with, else its federation's (a logo is usually on the same host).
    pub ca_pem: Option<String>,
    /// What the logo was last read from (none: never looked at).
    pub source: Option<String>,
    pub next_try_at: Option<i64>,
    /// 1 when an image is kept.
    pub has_image: i64,
}

/// Those of [`DueRow`], at most `limit`, the longest waiting first.
pub async fn due<'c>(ex: impl Executor<'c, Database = Any>, now: i64, limit: i64) -> DbResult<Vec<DueRow>> {
    Ok(sqlx::query_as(
        "SELECT p.id AS idp_id, p.metadata_xml, COALESCE(p.ca_pem, f.ca_pem) AS ca_pem, l.source, l.next_try_at, \
         CAST(CASE WHEN l.body IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_image \
         FROM saml_idps p \
         LEFT JOIN saml_federations f ON f.id = p.federation_id \
         LEFT JOIN idp_logos l ON l.idp_id = p.id \
         WHERE p.enabled = 1 AND (l.idp_id IS NULL OR p.updated_at >= l.checked_at OR l.next_try_at <= $1) \
         ORDER BY COALESCE(l.checked_at, 0), p.id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(ex)
    .await?)
}

/// A checked image read from `source`.
pub struct Image<'a> {
    pub source: &'a str,
    pub content_type: &'static str,
    /// Base64.
    pub body: &'a str,
    pub digest: &'a str,
}

/// Keeps `image` as the IdP's logo, to be read again at `next_try_at`.
pub async fn store_image<'c>(
    ex: impl Executor<'c, Database = Any>,
    idp_id: i64,
    image: &Image<'_>,
    now: i64,
    next_try_at: i64,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO idp_logos (idp_id, source, content_type, body, digest, error, checked_at, next_try_at) \
         VALUES ($1, $2, $3, $4, $5, NULL, $6, $7) \
         ON CONFLICT (idp_id) DO UPDATE SET source = excluded.source, content_type = excluded.content_type, \
         body = excluded.body, digest = excluded.digest, error = NULL, checked_at = excluded.checked_at, \
         next_try_at = excluded.next_try_at",
    )
    .bind(idp_id)
    .bind(image.source)
    .bind(image.content_type)
    .bind(image.body)
    .bind(image.digest)
    .bind(now)
    .bind(next_try_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// Records a failed read of `source`: an image read from the same source before stays in use; one from another
/// source is dropped (it is not what the metadata says any more).
pub async fn store_failure<'c>(
    ex: impl Executor<'c, Database = Any>,
    idp_id: i64,
    source: &str,
    error: &str,
    now: i64,
    next_try_at: i64,
) -> DbResult<()> {
    let error: String = error.chars().filter(|c| !c.is_control()).take(500).collect();
    sqlx::query(
        "INSERT INTO idp_logos (idp_id, source, content_type, body, digest, error, checked_at, next_try_at) \
         VALUES ($1, $2, NULL, NULL, NULL, $3, $4, $5) \
         ON CONFLICT (idp_id) DO UPDATE SET error = excluded.error, checked_at = excluded.checked_at, \
         next_try_at = excluded.next_try_at, \
         content_type = CASE WHEN idp_logos.source = excluded.source THEN idp_logos.content_type ELSE NULL END, \
         body = CASE WHEN idp_logos.source = excluded.source THEN idp_logos.body ELSE NULL END, \
         digest = CASE WHEN idp_logos.source = excluded.source THEN idp_logos.digest ELSE NULL END, \
         source = excluded.source",
    )
    .bind(idp_id)
    .bind(source)
    .bind(error)
    .bind(now)
    .bind(next_try_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// The metadata was looked at and says the same as before: nothing to read until `next_try_at`.
pub async fn unchanged<'c>(ex: impl Executor<'c, Database = Any>, idp_id: i64, now: i64) -> DbResult<()> {
    sqlx::query("UPDATE idp_logos SET checked_at = $2 WHERE idp_id = $1").bind(idp_id).bind(now).execute(ex).await?;
    Ok(())
}

/// The IdP's metadata names no logo (any more).
pub async fn forget<'c>(ex: impl Executor<'c, Database = Any>, idp_id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM idp_logos WHERE idp_id = $1").bind(idp_id).execute(ex).await?;
    Ok(())
}

/// A kept image, as served.
#[derive(Clone, Debug, FromRow)]
pub struct Served {
    pub content_type: String,
    pub body: String,
    pub digest: String,
}

/// The image of an enabled IdP's logo, if one is kept.
pub async fn image<'c>(ex: impl Executor<'c, Database = Any>, idp_id: i64) -> DbResult<Option<Served>> {
    Ok(sqlx::query_as(
        "SELECT l.content_type, l.body, l.digest FROM idp_logos l JOIN saml_idps p ON p.id = l.idp_id \
         WHERE l.idp_id = $1 AND p.enabled = 1 AND l.body IS NOT NULL",
    )
    .bind(idp_id)
    .fetch_optional(ex)
    .await?)
}

/// What operators see of each IdP's logo: (IdP, the kept image's digest, why the last read failed).
pub async fn states<'c>(ex: impl Executor<'c, Database = Any>) -> DbResult<Vec<(i64, Option<String>, Option<String>)>> {
    Ok(sqlx::query_as("SELECT idp_id, digest, error FROM idp_logos ORDER BY idp_id").fetch_all(ex).await?)
}

/// Where the sign-in page takes an IdP's logo from (its digest in the address: a new image is a new address).
pub fn address(idp_id: i64, digest: &str) -> String {
    format!("/idp-logo/{idp_id}?v={digest}")
}
