//! Institutions and memberships.

use sqlx::{Any, Executor, FromRow};

use super::DbResult;

#[derive(Clone, Debug, FromRow)]
pub struct InstitutionRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub region: String,
    pub latitude: f64,
    pub longitude: f64,
    pub default_language: String,
    pub brand_color: String,
    pub logo_url: Option<String>,
    pub member_count: i64,
    pub help_url: String,
    pub privacy_url: String,
    pub contact_url: String,
    /// The digest of the uploaded logo, if any.
    pub logo_digest: Option<String>,
}

#[derive(Clone, Debug)]
pub struct NewInstitution<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub timezone: &'a str,
    pub region: &'a str,
    pub latitude: f64,
    pub longitude: f64,
    pub default_language: &'a str,
    pub brand_color: &'a str,
    pub logo_url: Option<&'a str>,
}

const SELECT: &str = "SELECT i.id, i.slug, i.name, i.timezone, i.region, i.latitude, i.longitude, \
     i.default_language, i.brand_color, i.logo_url, \
     (SELECT COUNT(*) FROM memberships m WHERE m.institution_id = i.id) AS member_count, \
     i.help_url, i.privacy_url, i.contact_url, \
     (SELECT l.digest FROM institution_logos l WHERE l.institution_id = i.id) AS logo_digest \
     FROM institutions i";

/// Whether the institution's members may sign in with a password (else only through its identity providers).
pub async fn password_sign_in<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<bool> {
    let (on,): (i64,) =
        sqlx::query_as("SELECT password_sign_in FROM institutions WHERE id = $1").bind(id).fetch_one(ex).await?;
    Ok(on != 0)
}

pub async fn set_password_sign_in<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    on: bool,
    now: i64,
) -> DbResult<()> {
    sqlx::query("UPDATE institutions SET password_sign_in = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(i64::from(on))
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

/// Whether the institution has an identity provider (OpenID Connect or SAML) switched on.
pub async fn has_enabled_provider<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<bool> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM identity_providers WHERE institution_id = $1 AND enabled = 1) \
         + (SELECT COUNT(*) FROM saml_idps WHERE institution_id = $1 AND enabled = 1)",
    )
    .bind(id)
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}

/// Whether a person's password may sign them in: not when every institution they belong to (one at least) lets its
/// members in only through its identity providers. Operators are not asked.
pub async fn password_allowed_for<'c>(ex: impl Executor<'c, Database = Any>, user_id: i64) -> DbResult<bool> {
    let (members, password): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(CASE WHEN i.password_sign_in = 1 THEN 1 END) FROM memberships m \
         JOIN institutions i ON i.id = m.institution_id WHERE m.user_id = $1",
    )
    .bind(user_id)
    .fetch_one(ex)
    .await?;
    Ok(members == 0 || password > 0)
}

/// Sets the help, privacy and contact links (empty: none).
pub async fn set_links<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    [help, privacy, contact]: [&str; 3],
    now: i64,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE institutions SET help_url = $2, privacy_url = $3, contact_url = $4, updated_at = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(help)
    .bind(privacy)
    .bind(contact)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Keeps `body` (base64 of a checked image of type `content_type`) as the institution's logo.
pub async fn set_logo<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    content_type: &str,
    body: &str,
    digest: &str,
    now: i64,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO institution_logos (institution_id, content_type, body, digest, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (institution_id) DO UPDATE SET content_type = $2, body = $3, \
         digest = $4, updated_at = $5",
    )
    .bind(id)
    .bind(content_type)
    .bind(body)
    .bind(digest)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn remove_logo<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM institution_logos WHERE institution_id = $1").bind(id).execute(ex).await?;
    Ok(())
}

/// The institution's logo: (base64 body, digest).
pub async fn logo<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<Option<(String, String)>> {
    Ok(sqlx::query_as("SELECT body, digest FROM institution_logos WHERE institution_id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await?)
}

/// Where pages find an institution's logo (the digest makes a new one a new address).
pub fn logo_address(id: i64, digest: &str) -> String {
    format!("/institution-logo/{id}?v={digest}")
}

pub async fn list<'c>(ex: impl Executor<'c, Database = Any>) -> DbResult<Vec<InstitutionRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} ORDER BY i.name")).fetch_all(ex).await?)
}

pub async fn by_slug<'c>(ex: impl Executor<'c, Database = Any>, slug: &str) -> DbResult<InstitutionRow> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE i.slug = $1")).bind(slug).fetch_one(ex).await?)
}

pub async fn by_id<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<InstitutionRow> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE i.id = $1")).bind(id).fetch_one(ex).await?)
}

pub async fn insert<'c>(ex: impl Executor<'c, Database = Any>, i: &NewInstitution<'_>, now: i64) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO institutions (slug, name, timezone, region, latitude, longitude, default_language, brand_color, \
         logo_url, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(i.slug)
    .bind(i.name)
    .bind(i.timezone)
    .bind(i.region)
    .bind(i.latitude)
    .bind(i.longitude)
    .bind(i.default_language)
    .bind(i.brand_color)
    .bind(i.logo_url)
    .bind(now)
    .fetch_one(ex)
    .await?;
    Ok(id)
}

pub async fn update<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    i: &NewInstitution<'_>,
    now: i64,
) -> DbResult<()> {
    let done = sqlx::query(
        "UPDATE institutions SET slug = $2, name = $3, timezone = $4, region = $5, latitude = $6, longitude = $7, \
         default_language = $8, brand_color = $9, logo_url = $10, updated_at = $11 WHERE id = $1",
    )
    .bind(id)
    .bind(i.slug)
    .bind(i.name)
    .bind(i.timezone)
    .bind(i.region)
    .bind(i.latitude)
    .bind(i.longitude)
    .bind(i.default_language)
    .bind(i.brand_color)
    .bind(i.logo_url)
    .bind(now)
    .execute(ex)
    .await?;
    if done.rows_affected() == 0 {
        return Err(super::DbError::NotFound);
    }
    Ok(())
}

#[derive(Clone, Debug, FromRow)]
pub struct MemberRow {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
}

/// The institution's home organization domains, in order.
pub async fn domains<'c>(ex: impl Executor<'c, Database = Any>, institution_id: i64) -> DbResult<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT domain FROM institution_domains WHERE institution_id = $1 ORDER BY domain")
            .bind(institution_id)
            .fetch_all(ex)
            .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Replaces the institution's home organization domains, inside the caller's transaction. A domain another
/// institution has is a conflict (the primary key says so, whatever runs at the same moment).
pub async fn set_domains(tx: &mut sqlx::Transaction<'_, Any>, institution_id: i64, domains: &[String]) -> DbResult<()> {
    sqlx::query("DELETE FROM institution_domains WHERE institution_id = $1")
        .bind(institution_id)
        .execute(&mut **tx)
        .await?;
    for d in domains {
        sqlx::query("INSERT INTO institution_domains (domain, institution_id) VALUES ($1, $2)")
            .bind(d)
            .bind(institution_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The institution whose home organization `domain` is (lower-case), if any.
pub async fn by_domain<'c>(ex: impl Executor<'c, Database = Any>, domain: &str) -> DbResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT institution_id FROM institution_domains WHERE domain = $1")
        .bind(domain)
        .fetch_optional(ex)
        .await?;
    Ok(row.map(|r| r.0))
}

pub async fn members<'c>(ex: impl Executor<'c, Database = Any>, institution_id: i64) -> DbResult<Vec<MemberRow>> {
    Ok(sqlx::query_as(
        "SELECT u.id AS user_id, u.email, u.display_name, m.role FROM memberships m \
         JOIN users u ON u.id = m.user_id WHERE m.institution_id = $1 ORDER BY u.display_name, u.email",
    )
    .bind(institution_id)
    .fetch_all(ex)
    .await?)
}

pub async fn role_of<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
    user_id: i64,
) -> DbResult<Option<String>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT role FROM memberships WHERE institution_id = $1 AND user_id = $2")
            .bind(institution_id)
            .bind(user_id)
            .fetch_optional(ex)
            .await?;
    Ok(row.map(|r| r.0))
}

pub async fn admin_count<'c>(ex: impl Executor<'c, Database = Any>, institution_id: i64) -> DbResult<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE institution_id = $1 AND role = 'admin'")
        .bind(institution_id)
        .fetch_one(ex)
        .await?;
    Ok(n)
}

pub async fn add_member<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
    user_id: i64,
    role: &str,
    now: i64,
) -> DbResult<()> {
    sqlx::query("INSERT INTO memberships (user_id, institution_id, role, created_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(institution_id)
        .bind(role)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn set_role<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
    user_id: i64,
    role: &str,
) -> DbResult<()> {
    // Set by hand: no longer what a sign-in rule gave (the next sign-in through a provider applies the rules again).
    let done = sqlx::query(
        "UPDATE memberships SET role = $3, granted_by = NULL, may_book = NULL, may_record = NULL, \
             may_personal_room = NULL WHERE institution_id = $1 AND user_id = $2",
    )
    .bind(institution_id)
    .bind(user_id)
    .bind(role)
    .execute(ex)
    .await?;
    if done.rows_affected() == 0 {
        return Err(super::DbError::NotFound);
    }
    Ok(())
}

pub async fn remove_member<'c>(
    ex: impl Executor<'c, Database = Any>,
    institution_id: i64,
    user_id: i64,
) -> DbResult<()> {
    let done = sqlx::query("DELETE FROM memberships WHERE institution_id = $1 AND user_id = $2")
        .bind(institution_id)
        .bind(user_id)
        .execute(ex)
        .await?;
    if done.rows_affected() == 0 {
        return Err(super::DbError::NotFound);
    }
    Ok(())
}
