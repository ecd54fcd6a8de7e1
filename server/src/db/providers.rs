//! Identity providers of institutions, their role rules, sign-ins in progress, and the federated identities that
//! link a provider's subject to a person.

use sqlx::{Any, Executor, FromRow};

use super::DbResult;

#[derive(Clone, FromRow)]
pub struct ProviderRow {
    pub id: i64,
    pub institution_id: i64,
    pub kind: String,
    pub issuer: String,
    pub display_name: String,
    pub client_id: String,
    pub client_secret: String,
    pub ca_pem: Option<String>,
    /// Space-separated, as the provider's authorization request sends them.
    pub scopes: String,
    pub default_role: String,
    pub enabled: i64,
    /// A federation-wide proxy: the claim that names each person's home organization (their institution is the
    /// one with that domain); `None`: everyone it vouches for is of `institution_id`.
    pub home_claim: Option<String>,
}

impl std::fmt::Debug for ProviderRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderRow")
            .field("id", &self.id)
            .field("institution_id", &self.institution_id)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// A provider as the sign-in page lists it.
#[derive(Clone, Debug, FromRow)]
pub struct ChoiceRow {
    pub id: i64,
    pub display_name: String,
    pub institution: String,
    pub slug: String,
}

const SELECT: &str = "SELECT id, institution_id, kind, issuer, display_name, client_id, client_secret, ca_pem, home_claim, \
                      scopes, default_role, enabled FROM identity_providers";

pub async fn by_id<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<ProviderRow> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE id = $1")).bind(id).fetch_one(ex).await?)
}

pub async fn list<'c>(ex: impl Executor<'c, Database = Any>) -> DbResult<Vec<ProviderRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} ORDER BY id")).fetch_all(ex).await?)
}

/// The enabled providers, with their institutions, in the order the sign-in page shows them.
pub async fn choices<'c>(ex: impl Executor<'c, Database = Any>) -> DbResult<Vec<ChoiceRow>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.display_name, i.name AS institution, i.slug FROM identity_providers p \
         JOIN institutions i ON i.id = p.institution_id WHERE p.enabled = 1 ORDER BY i.name, p.display_name, p.id",
    )
    .fetch_all(ex)
    .await?)
}

pub struct NewProvider<'a> {
    pub institution_id: i64,
    pub issuer: &'a str,
    pub display_name: &'a str,
    pub client_id: &'a str,
    pub client_secret: &'a str,
    pub ca_pem: Option<&'a str>,
    pub scopes: &'a str,
    pub default_role: &'a str,
    pub home_claim: Option<&'a str>,
}

pub async fn insert_oidc<'c>(ex: impl Executor<'c, Database = Any>, p: &NewProvider<'_>, now: i64) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO identity_providers (institution_id, kind, issuer, display_name, client_id, client_secret, \
         ca_pem, scopes, default_role, enabled, created_at, home_claim) \
         VALUES ($1, 'oidc', $2, $3, $4, $5, $6, $7, $8, 1, $9, $10) RETURNING id",
    )
    .bind(p.institution_id)
    .bind(p.issuer)
    .bind(p.display_name)
    .bind(p.client_id)
    .bind(p.client_secret)
    .bind(p.ca_pem)
    .bind(p.scopes)
    .bind(p.default_role)
    .bind(now)
    .bind(p.home_claim)
    .fetch_one(ex)
    .await?;
    Ok(id)
}

/// Switches a provider on or off; false when there is no such provider.
pub async fn set_enabled<'c>(ex: impl Executor<'c, Database = Any>, id: i64, enabled: bool) -> DbResult<bool> {
    let done = sqlx::query("UPDATE identity_providers SET enabled = $2 WHERE id = $1")
        .bind(id)
        .bind(i64::from(enabled))
        .execute(ex)
        .await?;
    Ok(done.rows_affected() > 0)
}

#[derive(Clone, Debug, FromRow)]
pub struct RuleRow {
    pub claim: String,
    pub pattern: String,
    pub role: String,
    pub may_book: Option<i64>,
    pub may_record: Option<i64>,
    pub may_personal_room: Option<i64>,
}

impl RuleRow {
    pub fn rights(&self) -> app::session::Rights {
        use app::session::Rights;
        Rights {
            book: Rights::from_db(self.may_book),
            record: Rights::from_db(self.may_record),
            personal_room: Rights::from_db(self.may_personal_room),
        }
    }
}

pub async fn rules<'c>(ex: impl Executor<'c, Database = Any>, institution_id: i64) -> DbResult<Vec<RuleRow>> {
    Ok(sqlx::query_as(
        "SELECT claim, pattern, role, may_book, may_record, may_personal_room FROM role_rules \
         WHERE institution_id = $1 ORDER BY position",
    )
    .bind(institution_id)
    .fetch_all(ex)
    .await?)
}

#[derive(Clone, Debug, FromRow)]
pub struct RuleIdRow {
    pub id: i64,
    #[sqlx(flatten)]
    pub rule: RuleRow,
}

/// The rules with their ids, in order (for the page that edits them).
pub async fn rule_rows<'c>(ex: impl Executor<'c, Database = Any>, institution_id: i64) -> DbResult<Vec<RuleIdRow>> {
    Ok(sqlx::query_as(
        "SELECT id, claim, pattern, role, may_book, may_record, may_personal_room FROM role_rules \
         WHERE institution_id = $1 ORDER BY position",
    )
    .bind(institution_id)
    .fetch_all(ex)
    .await?)
}

/// Removes one of the institution's rules; false when it has no such rule.
pub async fn remove_rule<'c>(ex: impl Executor<'c, Database = Any>, institution_id: i64, id: i64) -> DbResult<bool> {
    let done = sqlx::query("DELETE FROM role_rules WHERE id = $1 AND institution_id = $2")
        .bind(id)
        .bind(institution_id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Adds a rule after the institution's others, inside the caller's transaction (the position is read and written
/// in it: two rules added at once cannot take one place; the unique constraint says so if they try).
pub async fn add_rule(
    tx: &mut sqlx::Transaction<'_, Any>,
    institution_id: i64,
    claim: &str,
    pattern: &str,
    role: &str,
    rights: app::session::Rights,
    now: i64,
) -> DbResult<()> {
    use app::session::Rights;
    let (next,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(position), 0) + 1 FROM role_rules WHERE institution_id = $1")
            .bind(institution_id)
            .fetch_one(&mut **tx)
            .await?;
    sqlx::query(
        "INSERT INTO role_rules (institution_id, position, claim, pattern, role, created_at, may_book, may_record, \
         may_personal_room) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(institution_id)
    .bind(next)
    .bind(claim)
    .bind(pattern)
    .bind(role)
    .bind(now)
    .bind(Rights::to_db(rights.book))
    .bind(Rights::to_db(rights.record))
    .bind(Rights::to_db(rights.personal_room))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A sign-in in progress (see the migration). Its secrets never print.
#[derive(Clone, FromRow)]
pub struct FlowRow {
    pub provider_id: i64,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub next: String,
    /// The admin this flow is a "test sign-in" for.
    pub test_by: Option<i64>,
}

impl std::fmt::Debug for FlowRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlowRow").field("provider_id", &self.provider_id).finish_non_exhaustive()
    }
}

pub struct NewFlow<'a> {
    /// The SHA-256 (hex) of the flow cookie's value.
    pub id: &'a str,
    pub provider_id: i64,
    pub state: &'a str,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
    pub next: &'a str,
    pub test_by: Option<i64>,
}

pub async fn insert_flow<'c>(
    ex: impl Executor<'c, Database = Any>,
    f: &NewFlow<'_>,
    now: i64,
    expires_at: i64,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO login_flows (id, provider_id, state, nonce, pkce_verifier, next, created_at, expires_at, \
         test_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(f.id)
    .bind(f.provider_id)
    .bind(f.state)
    .bind(f.nonce)
    .bind(f.pkce_verifier)
    .bind(f.next)
    .bind(now)
    .bind(expires_at)
    .bind(f.test_by)
    .execute(ex)
    .await?;
    Ok(())
}

/// The flow, if it is there and not expired (left in place).
pub async fn flow<'c>(ex: impl Executor<'c, Database = Any>, id: &str, now: i64) -> DbResult<Option<FlowRow>> {
    Ok(sqlx::query_as(
        "SELECT provider_id, state, nonce, pkce_verifier, next, test_by FROM login_flows \
         WHERE id = $1 AND expires_at > $2",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(ex)
    .await?)
}

/// Takes the flow: it is deleted in the same statement, so two callbacks with one flow get it once.
pub async fn take_flow<'c>(ex: impl Executor<'c, Database = Any>, id: &str, now: i64) -> DbResult<Option<FlowRow>> {
    Ok(sqlx::query_as(
        "DELETE FROM login_flows WHERE id = $1 AND expires_at > $2 \
         RETURNING provider_id, state, nonce, pkce_verifier, next, test_by",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(ex)
    .await?)
}

/// Forgets sign-ins nobody finished.
pub async fn delete_expired_flows<'c>(ex: impl Executor<'c, Database = Any>, now: i64) -> DbResult<u64> {
    Ok(sqlx::query("DELETE FROM login_flows WHERE expires_at <= $1").bind(now).execute(ex).await?.rows_affected())
}

/// The person a provider's subject belongs to (`provider` names the provider, e.g. `oidc:<issuer>`).
pub async fn identity_user<'c>(
    ex: impl Executor<'c, Database = Any>,
    provider: &str,
    subject: &str,
) -> DbResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT user_id FROM identities WHERE provider = $1 AND subject = $2")
        .bind(provider)
        .bind(subject)
        .fetch_optional(ex)
        .await?;
    Ok(row.map(|r| r.0))
}

pub async fn link_identity<'c>(
    ex: impl Executor<'c, Database = Any>,
    user_id: i64,
    provider: &str,
    subject: &str,
    now: i64,
) -> DbResult<()> {
    sqlx::query("INSERT INTO identities (user_id, provider, subject, created_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(provider)
        .bind(subject)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}
