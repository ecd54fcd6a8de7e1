//! SAML identity providers, SAML sign-ins in progress, and the assertions already used (see migration 0021).

use sqlx::{Any, Executor, FromRow};

use super::DbResult;

#[derive(Clone, Debug, FromRow)]
pub struct IdpRow {
    pub id: i64,
    pub institution_id: i64,
    pub entity_id: String,
    pub display_name: String,
    pub sso_url: String,
    /// Space-separated `shibmd:Scope` values.
    pub scopes: String,
    pub metadata_xml: String,
    pub metadata_url: Option<String>,
    pub valid_until: Option<i64>,
    pub default_role: String,
    pub enabled: i64,
    pub ca_pem: Option<String>,
    pub refreshed_at: Option<i64>,
    pub next_refresh_at: Option<i64>,
    pub refresh_error: Option<String>,
    /// Its own names, one "lang<TAB>name" per line.
    pub names: String,
    /// 1: an operator named it; 0: its metadata does.
    pub own_name: i64,
}

const SELECT: &str = "SELECT id, institution_id, entity_id, display_name, sso_url, scopes, metadata_xml, metadata_url, \
                      valid_until, default_role, enabled, ca_pem, refreshed_at, next_refresh_at, refresh_error, \
                      names, own_name FROM saml_idps";

pub async fn by_id<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<IdpRow> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE id = $1")).bind(id).fetch_one(ex).await?)
}

pub async fn list<'c>(ex: impl Executor<'c, Database = Any>) -> DbResult<Vec<IdpRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} ORDER BY id")).fetch_all(ex).await?)
}

pub struct NewIdp<'a> {
    pub institution_id: i64,
    pub entity_id: &'a str,
    pub display_name: &'a str,
    pub sso_url: &'a str,
    pub scopes: &'a str,
    pub metadata_xml: &'a str,
    pub metadata_url: Option<&'a str>,
    pub valid_until: Option<i64>,
    pub default_role: &'a str,
    pub ca_pem: Option<&'a str>,
    /// When to read the metadata from its address again (none: given as a document, not refreshed).
    pub next_refresh_at: Option<i64>,
    /// Taken from this federation's aggregate (its metadata then follows the aggregate).
    pub federation_id: Option<i64>,
    /// Its own names ("lang<TAB>name" lines), and whether the operator's `display_name` overrides them.
    pub names: &'a str,
    pub own_name: bool,
    /// Its `mdui:Keywords`, one per line.
    pub keywords: &'a str,
}

pub async fn insert<'c>(ex: impl Executor<'c, Database = Any>, p: &NewIdp<'_>, now: i64) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO saml_idps (institution_id, entity_id, display_name, sso_url, scopes, metadata_xml, metadata_url, \
         valid_until, default_role, enabled, created_at, updated_at, ca_pem, refreshed_at, next_refresh_at, federation_id, \
         names, own_name, keywords) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10, $11, $10, $12, $13, $14, $15, $16) RETURNING id",
    )
    .bind(p.institution_id)
    .bind(p.entity_id)
    .bind(p.display_name)
    .bind(p.sso_url)
    .bind(p.scopes)
    .bind(p.metadata_xml)
    .bind(p.metadata_url)
    .bind(p.valid_until)
    .bind(p.default_role)
    .bind(now)
    .bind(p.ca_pem)
    .bind(p.next_refresh_at)
    .bind(p.federation_id)
    .bind(p.names)
    .bind(i64::from(p.own_name))
    .bind(p.keywords)
    .fetch_one(ex)
    .await?;
    Ok(id)
}

/// The IdPs whose metadata is due to be read again from its address.
pub async fn due_for_refresh<'c>(ex: impl Executor<'c, Database = Any>, now: i64) -> DbResult<Vec<IdpRow>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE metadata_url IS NOT NULL AND next_refresh_at IS NOT NULL AND next_refresh_at <= $1 ORDER BY id"
    ))
    .bind(now)
    .fetch_all(ex)
    .await?)
}

/// What a good read of an IdP's metadata changes.
pub struct Refreshed<'a> {
    pub sso_url: &'a str,
    pub scopes: &'a str,
    pub metadata_xml: &'a str,
    pub valid_until: Option<i64>,
    pub next_refresh_at: i64,
    pub names: &'a str,
    pub keywords: &'a str,
}

/// Stores a good read (the IdP's entity id unchanged; false when the IdP is gone).
pub async fn refreshed<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    r: &Refreshed<'_>,
    now: i64,
) -> DbResult<bool> {
    let done = sqlx::query(
        "UPDATE saml_idps SET sso_url = $2, scopes = $3, metadata_xml = $4, valid_until = $5, next_refresh_at = $6, \
         refreshed_at = $7, updated_at = $7, refresh_error = NULL, names = $8, keywords = $9 WHERE id = $1",
    )
    .bind(id)
    .bind(r.sso_url)
    .bind(r.scopes)
    .bind(r.metadata_xml)
    .bind(r.valid_until)
    .bind(r.next_refresh_at)
    .bind(now)
    .bind(r.names)
    .bind(r.keywords)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a failed read: the last good copy stays, the reason is shown to operators, another try at `retry_at`.
pub async fn refresh_failed<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    error: &str,
    retry_at: i64,
) -> DbResult<()> {
    let error: String = error.chars().filter(|c| !c.is_control()).take(1000).collect();
    sqlx::query("UPDATE saml_idps SET refresh_error = $2, next_refresh_at = $3 WHERE id = $1")
        .bind(id)
        .bind(error)
        .bind(retry_at)
        .execute(ex)
        .await?;
    Ok(())
}

/// Switches an IdP on or off; false when there is no such IdP.
pub async fn set_enabled<'c>(ex: impl Executor<'c, Database = Any>, id: i64, enabled: bool) -> DbResult<bool> {
    let done = sqlx::query("UPDATE saml_idps SET enabled = $2 WHERE id = $1")
        .bind(id)
        .bind(i64::from(enabled))
        .execute(ex)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub struct NewFlow<'a> {
    /// The SHA-256 (hex) of the flow cookie's value.
    pub id: &'a str,
    pub idp_id: i64,
    pub relay_state: &'a str,
    pub request_id: &'a str,
    pub next: &'a str,
    /// The admin this flow is a "test sign-in" for.
    pub test_by: Option<i64>,
}

pub async fn insert_flow<'c>(
    ex: impl Executor<'c, Database = Any>,
    f: &NewFlow<'_>,
    now: i64,
    expires_at: i64,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO saml_flows (id, idp_id, relay_state, request_id, next, created_at, expires_at, test_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(f.id)
    .bind(f.idp_id)
    .bind(f.relay_state)
    .bind(f.request_id)
    .bind(f.next)
    .bind(now)
    .bind(expires_at)
    .bind(f.test_by)
    .execute(ex)
    .await?;
    Ok(())
}

/// A flow waiting for its IdP's answer, found by the RelayState the answer came with.
#[derive(Clone, Debug, FromRow)]
pub struct PendingFlow {
    pub id: String,
    pub idp_id: i64,
    pub request_id: String,
    pub next: String,
}

pub async fn pending_by_relay_state<'c>(
    ex: impl Executor<'c, Database = Any>,
    relay_state: &str,
    now: i64,
) -> DbResult<Option<PendingFlow>> {
    Ok(sqlx::query_as(
        "SELECT id, idp_id, request_id, next FROM saml_flows \
         WHERE relay_state = $1 AND expires_at > $2 AND person IS NULL",
    )
    .bind(relay_state)
    .bind(now)
    .fetch_optional(ex)
    .await?)
}

/// Records the verified answer on its flow, once: false when the flow was answered (or ended) meanwhile.
pub async fn answer<'c>(ex: impl Executor<'c, Database = Any>, id: &str, person: &str, now: i64) -> DbResult<bool> {
    let done = sqlx::query("UPDATE saml_flows SET person = $2 WHERE id = $1 AND person IS NULL AND expires_at > $3")
        .bind(id)
        .bind(person)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Clone, FromRow)]
pub struct AnsweredFlow {
    pub idp_id: i64,
    pub next: String,
    pub person: String,
    pub test_by: Option<i64>,
}

impl std::fmt::Debug for AnsweredFlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // What the IdP said about the person is personal data: never in a log.
        f.debug_struct("AnsweredFlow").field("idp_id", &self.idp_id).finish_non_exhaustive()
    }
}

/// Takes the answered flow of this browser (by its cookie's hash): deleted in the same statement, so it signs in
/// once. A flow still waiting for its answer is left alone.
pub async fn take_answered<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: &str,
    now: i64,
) -> DbResult<Option<AnsweredFlow>> {
    Ok(sqlx::query_as(
        "DELETE FROM saml_flows WHERE id = $1 AND expires_at > $2 AND person IS NOT NULL \
         RETURNING idp_id, next, person, test_by",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(ex)
    .await?)
}

/// Marks an assertion used: false when it was used already (by any instance).
pub async fn use_assertion<'c>(ex: impl Executor<'c, Database = Any>, id: &str, expires_at: i64) -> DbResult<bool> {
    let done = sqlx::query("INSERT INTO saml_assertions (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING")
        .bind(id)
        .bind(expires_at)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Remembers Convene's LogoutRequest `id` to IdP `idp_id` until `expires_at`.
pub async fn remember_logout<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: &str,
    idp_id: i64,
    expires_at: i64,
) -> DbResult<()> {
    sqlx::query("INSERT INTO saml_logouts (id, idp_id, expires_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(idp_id)
        .bind(expires_at)
        .execute(ex)
        .await?;
    Ok(())
}

/// The IdP a pending LogoutRequest went to, once: taken, it is forgotten.
pub async fn take_logout<'c>(ex: impl Executor<'c, Database = Any>, id: &str, now: i64) -> DbResult<Option<i64>> {
    let row: Option<(i64,)> =
        sqlx::query_as("DELETE FROM saml_logouts WHERE id = $1 AND expires_at > $2 RETURNING idp_id")
            .bind(id)
            .bind(now)
            .fetch_optional(ex)
            .await?;
    Ok(row.map(|r| r.0))
}

/// An IdP by its entity id.
pub async fn by_entity<'c>(ex: impl Executor<'c, Database = Any>, entity_id: &str) -> DbResult<Option<IdpRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE entity_id = $1")).bind(entity_id).fetch_optional(ex).await?)
}

/// Forgets sign-ins nobody finished and assertions that could not be accepted any more anyway.
pub async fn delete_expired<'c>(ex: impl Executor<'c, Database = Any> + Copy, now: i64) -> DbResult<u64> {
    let flows = sqlx::query("DELETE FROM saml_flows WHERE expires_at <= $1").bind(now).execute(ex).await?;
    let used = sqlx::query("DELETE FROM saml_assertions WHERE expires_at <= $1").bind(now).execute(ex).await?;
    let logouts = sqlx::query("DELETE FROM saml_logouts WHERE expires_at <= $1").bind(now).execute(ex).await?;
    Ok(flows.rows_affected() + used.rows_affected() + logouts.rows_affected())
}

/// An IdP as the sign-in page lists it.
#[derive(Clone, Debug, FromRow)]
pub struct ChoiceRow {
    pub id: i64,
    pub display_name: String,
    pub institution: String,
    pub slug: String,
    pub names: String,
    pub own_name: i64,
    pub keywords: String,
    /// The digest of its logo, if Convene keeps one (see `idp_logos`).
    pub logo_digest: Option<String>,
}

/// The enabled IdPs whose metadata has not expired, with their institutions (as the sign-in page lists them).
pub async fn choices<'c>(ex: impl Executor<'c, Database = Any>, now: i64) -> DbResult<Vec<ChoiceRow>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.display_name, i.name AS institution, i.slug, p.names, p.own_name, p.keywords, \
         l.digest AS logo_digest FROM saml_idps p \
         JOIN institutions i ON i.id = p.institution_id \
         LEFT JOIN idp_logos l ON l.idp_id = p.id \
         WHERE p.enabled = 1 AND (p.valid_until IS NULL OR p.valid_until > $1) ORDER BY i.name, p.display_name, p.id",
    )
    .bind(now)
    .fetch_all(ex)
    .await?)
}

/// "lang<TAB>name" lines as pairs (what `names` columns hold).
pub fn names_from_lines(lines: &str) -> Vec<(String, String)> {
    lines.lines().filter_map(|l| l.split_once('\t')).map(|(l, n)| (l.to_owned(), n.to_owned())).collect()
}

/// Pairs as "lang<TAB>name" lines.
pub fn names_to_lines(names: &[(String, String)]) -> String {
    let clean = |s: &str| s.chars().filter(|c| !c.is_control()).collect::<String>();
    names.iter().map(|(l, n)| format!("{}\t{}", clean(l), clean(n))).collect::<Vec<_>>().join("\n")
}
