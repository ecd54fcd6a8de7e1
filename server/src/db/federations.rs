//! SAML federations and the IdPs of their last good aggregate (see migration 0023).

use sqlx::{Any, Executor, FromRow};

use super::DbResult;

#[derive(Clone, Debug, FromRow)]
pub struct FederationRow {
    pub id: i64,
    pub name: String,
    pub metadata_url: String,
    pub signing_cert_pem: String,
    pub ca_pem: Option<String>,
    pub valid_until: Option<i64>,
    pub refreshed_at: Option<i64>,
    pub next_refresh_at: Option<i64>,
    pub refresh_error: Option<String>,
    pub idps: i64,
    pub skipped: i64,
    /// 1: `metadata_url` is an MDQ service's base address (entities looked up one by one).
    pub mdq: i64,
}

const SELECT: &str = "SELECT id, name, metadata_url, signing_cert_pem, ca_pem, valid_until, refreshed_at, \
                      next_refresh_at, refresh_error, idps, skipped, mdq FROM saml_federations";

pub async fn list<'c>(ex: impl Executor<'c, Database = Any>) -> DbResult<Vec<FederationRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} ORDER BY name")).fetch_all(ex).await?)
}

pub async fn by_id<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<FederationRow> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE id = $1")).bind(id).fetch_one(ex).await?)
}

pub async fn due_for_refresh<'c>(ex: impl Executor<'c, Database = Any>, now: i64) -> DbResult<Vec<FederationRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE next_refresh_at IS NOT NULL AND next_refresh_at <= $1 ORDER BY id"))
        .bind(now)
        .fetch_all(ex)
        .await?)
}

pub struct NewFederation<'a> {
    pub name: &'a str,
    pub metadata_url: &'a str,
    pub signing_cert_pem: &'a str,
    pub ca_pem: Option<&'a str>,
    pub mdq: bool,
    /// For an MDQ federation (an aggregate's is set when it is read).
    pub next_refresh_at: Option<i64>,
}

pub async fn insert(tx: &mut sqlx::Transaction<'_, Any>, f: &NewFederation<'_>, now: i64) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO saml_federations (name, metadata_url, signing_cert_pem, ca_pem, created_at, mdq, next_refresh_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(f.name)
    .bind(f.metadata_url)
    .bind(f.signing_cert_pem)
    .bind(f.ca_pem)
    .bind(now)
    .bind(i64::from(f.mdq))
    .bind(f.next_refresh_at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// One IdP of an aggregate, as stored.
pub struct NewFederationIdp<'a> {
    pub entity_id: &'a str,
    pub display_name: &'a str,
    pub names: &'a str,
    pub logo: Option<&'a str>,
    pub scopes: &'a str,
    pub sso_url: &'a str,
    pub metadata_xml: &'a str,
    /// Its `mdui:Keywords`, one per line.
    pub keywords: &'a str,
}

/// Replaces a federation's IdPs with those of a good aggregate, and what it says of itself, in the caller's
/// transaction.
pub async fn replace_idps(
    tx: &mut sqlx::Transaction<'_, Any>,
    federation_id: i64,
    idps: &[NewFederationIdp<'_>],
    skipped: i64,
    valid_until: Option<i64>,
    next_refresh_at: Option<i64>,
    now: i64,
) -> DbResult<()> {
    sqlx::query("DELETE FROM federation_idps WHERE federation_id = $1").bind(federation_id).execute(&mut **tx).await?;
    for p in idps {
        sqlx::query(
            "INSERT INTO federation_idps (federation_id, entity_id, display_name, names, logo, scopes, sso_url, \
             metadata_xml, keywords) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (federation_id, entity_id) DO NOTHING",
        )
        .bind(federation_id)
        .bind(p.entity_id)
        .bind(p.display_name)
        .bind(p.names)
        .bind(p.logo)
        .bind(p.scopes)
        .bind(p.sso_url)
        .bind(p.metadata_xml)
        .bind(p.keywords)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "UPDATE saml_federations SET idps = $2, skipped = $3, valid_until = $4, next_refresh_at = $5, refreshed_at = $6, \
         refresh_error = NULL WHERE id = $1",
    )
    .bind(federation_id)
    .bind(i64::try_from(idps.len()).unwrap_or(i64::MAX))
    .bind(skipped)
    .bind(valid_until)
    .bind(next_refresh_at)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    // The institutions' IdPs taken from it follow it (an IdP no longer in it keeps its last copy until it expires).
    sqlx::query(
        "UPDATE saml_idps SET metadata_xml = f.metadata_xml, scopes = f.scopes, sso_url = f.sso_url, valid_until = $2, \
         updated_at = $3, names = f.names, keywords = f.keywords \
         FROM federation_idps f WHERE saml_idps.federation_id = $1 AND f.federation_id = $1 \
         AND f.entity_id = saml_idps.entity_id",
    )
    .bind(federation_id)
    .bind(valid_until)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn refresh_failed<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    error: &str,
    retry_at: i64,
) -> DbResult<()> {
    let error: String = error.chars().filter(|c| !c.is_control()).take(1000).collect();
    sqlx::query("UPDATE saml_federations SET refresh_error = $2, next_refresh_at = $3 WHERE id = $1")
        .bind(id)
        .bind(error)
        .bind(retry_at)
        .execute(ex)
        .await?;
    Ok(())
}

#[derive(Clone, Debug, FromRow)]
pub struct FederationIdpRow {
    pub id: i64,
    pub federation_id: i64,
    pub entity_id: String,
    pub display_name: String,
    pub names: String,
    pub logo: Option<String>,
    pub scopes: String,
    pub sso_url: String,
    pub metadata_xml: String,
    /// An MDQ answer's own validity (an aggregate's IdPs have the aggregate's).
    pub valid_until: Option<i64>,
    pub keywords: String,
}

const IDP_SELECT: &str = "SELECT id, federation_id, entity_id, display_name, names, logo, scopes, sso_url, metadata_xml, \
                          valid_until, keywords FROM federation_idps";

/// Stores (or replaces) one entity of an MDQ federation, as its signed answer said, in the caller's transaction;
/// an institution's IdP taken from it follows, and the federation counts its entities again. Returns its id.
pub async fn upsert_idp(
    tx: &mut sqlx::Transaction<'_, Any>,
    federation_id: i64,
    p: &NewFederationIdp<'_>,
    valid_until: Option<i64>,
    now: i64,
) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO federation_idps (federation_id, entity_id, display_name, names, logo, scopes, sso_url, \
         metadata_xml, valid_until, keywords) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (federation_id, entity_id) DO UPDATE SET display_name = excluded.display_name, \
         names = excluded.names, logo = excluded.logo, scopes = excluded.scopes, sso_url = excluded.sso_url, \
         metadata_xml = excluded.metadata_xml, valid_until = excluded.valid_until, keywords = excluded.keywords \
         RETURNING id",
    )
    .bind(federation_id)
    .bind(p.entity_id)
    .bind(p.display_name)
    .bind(p.names)
    .bind(p.logo)
    .bind(p.scopes)
    .bind(p.sso_url)
    .bind(p.metadata_xml)
    .bind(valid_until)
    .bind(p.keywords)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE saml_idps SET metadata_xml = $3, scopes = $4, sso_url = $5, valid_until = $6, names = $7, \
         updated_at = $8, keywords = $9 WHERE federation_id = $1 AND entity_id = $2",
    )
    .bind(federation_id)
    .bind(p.entity_id)
    .bind(p.metadata_xml)
    .bind(p.scopes)
    .bind(p.sso_url)
    .bind(valid_until)
    .bind(p.names)
    .bind(now)
    .bind(p.keywords)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE saml_federations SET idps = (SELECT COUNT(*) FROM federation_idps WHERE federation_id = $1), \
         refreshed_at = $2 WHERE id = $1",
    )
    .bind(federation_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// The entity ids an MDQ federation has answered for so far.
pub async fn entity_ids<'c>(ex: impl Executor<'c, Database = Any>, federation_id: i64) -> DbResult<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT entity_id FROM federation_idps WHERE federation_id = $1 ORDER BY id")
            .bind(federation_id)
            .fetch_all(ex)
            .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// After an MDQ federation's entities were read again: when next, and the last failure (if any).
pub async fn mdq_refreshed<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    next_refresh_at: i64,
    error: Option<&str>,
) -> DbResult<()> {
    let error: Option<String> = error.map(|e| e.chars().filter(|c| !c.is_control()).take(1000).collect());
    sqlx::query("UPDATE saml_federations SET next_refresh_at = $2, refresh_error = $3 WHERE id = $1")
        .bind(id)
        .bind(next_refresh_at)
        .bind(error)
        .execute(ex)
        .await?;
    Ok(())
}

/// A federation's IdPs whose name, entity id or scopes contain `q` (ignoring ASCII case), at most `limit`.
pub async fn search<'c>(ex: impl Executor<'c, Database = Any>, q: &str, limit: i64) -> DbResult<Vec<FederationIdpRow>> {
    let like = format!("%{}%", q.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    Ok(sqlx::query_as(&format!(
        "{IDP_SELECT} WHERE LOWER(names) LIKE $1 ESCAPE '\\' OR LOWER(entity_id) LIKE $1 ESCAPE '\\' \
         OR LOWER(scopes) LIKE $1 ESCAPE '\\' OR keywords LIKE $1 ESCAPE '\\' ORDER BY display_name, id LIMIT $2"
    ))
    .bind(like)
    .bind(limit)
    .fetch_all(ex)
    .await?)
}

pub async fn idp_by_id<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<FederationIdpRow> {
    Ok(sqlx::query_as(&format!("{IDP_SELECT} WHERE id = $1")).bind(id).fetch_one(ex).await?)
}

/// The IdP with this entity id in any federation (the first federation's, by id).
pub async fn idp_by_entity<'c>(ex: impl Executor<'c, Database = Any>, entity_id: &str) -> DbResult<FederationIdpRow> {
    Ok(sqlx::query_as(&format!("{IDP_SELECT} WHERE entity_id = $1 ORDER BY federation_id LIMIT 1"))
        .bind(entity_id)
        .fetch_one(ex)
        .await?)
}
