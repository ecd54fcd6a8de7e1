//! People: local accounts (argon2id hash) and the identities that link them to identity providers.

use sqlx::{Any, Executor, FromRow};

use super::DbResult;

#[derive(Clone, Debug, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    /// 0 or 1 (see the migrations: flags are integers on both engines).
    pub is_operator: i64,
    pub language: Option<String>,
    pub timezone: Option<String>,
    pub disabled: i64,
}

impl UserRow {
    pub fn operator(&self) -> bool {
        self.is_operator != 0
    }

    pub fn is_disabled(&self) -> bool {
        self.disabled != 0
    }
}

#[derive(Clone, Debug, FromRow)]
pub struct MembershipRow {
    pub institution_id: i64,
    pub slug: String,
    pub name: String,
    pub role: String,
    pub default_language: String,
    pub may_book: Option<i64>,
    pub may_record: Option<i64>,
    pub may_personal_room: Option<i64>,
    pub help_url: String,
    pub privacy_url: String,
    pub contact_url: String,
}

impl MembershipRow {
    /// The institution's footer links.
    pub fn links(&self) -> app::session::LinkSet {
        app::session::LinkSet::from_addresses(&self.help_url, &self.privacy_url, &self.contact_url)
    }

    pub fn rights(&self) -> app::session::Rights {
        use app::session::Rights;
        Rights {
            book: Rights::from_db(self.may_book),
            record: Rights::from_db(self.may_record),
            personal_room: Rights::from_db(self.may_personal_room),
        }
    }
}

const SELECT: &str =
    "SELECT id, email, display_name, password_hash, is_operator, language, timezone, disabled FROM users";

pub async fn by_id<'c>(ex: impl Executor<'c, Database = Any>, id: i64) -> DbResult<UserRow> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE id = $1")).bind(id).fetch_one(ex).await?)
}

pub async fn by_email<'c>(ex: impl Executor<'c, Database = Any>, email: &str) -> DbResult<Option<UserRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE email = $1")).bind(email).fetch_optional(ex).await?)
}

pub async fn memberships<'c>(ex: impl Executor<'c, Database = Any>, user_id: i64) -> DbResult<Vec<MembershipRow>> {
    Ok(sqlx::query_as(
        "SELECT i.id AS institution_id, i.slug, i.name, m.role, i.default_language, m.may_book, m.may_record, \
         m.may_personal_room, i.help_url, i.privacy_url, i.contact_url FROM memberships m \
         JOIN institutions i ON i.id = m.institution_id WHERE m.user_id = $1 ORDER BY i.name",
    )
    .bind(user_id)
    .fetch_all(ex)
    .await?)
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub is_operator: bool,
}

#[derive(Clone, Debug, FromRow)]
pub struct RoleSourceRow {
    pub name: String,
    pub role: String,
    pub granted_by: Option<String>,
    pub may_book: Option<i64>,
    pub may_record: Option<i64>,
    pub may_personal_room: Option<i64>,
}

/// The person's memberships with where each role comes from (see migration 0019).
pub async fn role_sources<'c>(ex: impl Executor<'c, Database = Any>, user_id: i64) -> DbResult<Vec<RoleSourceRow>> {
    Ok(sqlx::query_as(
        "SELECT i.name, m.role, m.granted_by, m.may_book, m.may_record, m.may_personal_room FROM memberships m \
         JOIN institutions i ON i.id = m.institution_id \
         WHERE m.user_id = $1 ORDER BY i.name",
    )
    .bind(user_id)
    .fetch_all(ex)
    .await?)
}

/// Creates the user and, for a local account, its `local` identity.
pub async fn insert(tx: &mut sqlx::Transaction<'_, Any>, u: &NewUser<'_>, now: i64) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (email, display_name, password_hash, is_operator, disabled, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(u.email)
    .bind(u.display_name)
    .bind(u.password_hash)
    .bind(i64::from(u.is_operator))
    .bind(0_i64)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    if u.password_hash.is_some() {
        sqlx::query("INSERT INTO identities (user_id, provider, subject, created_at) VALUES ($1, 'local', $2, $3)")
            .bind(id)
            .bind(u.email)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}

pub async fn update_profile<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    display_name: &str,
    language: Option<&str>,
    timezone: Option<&str>,
    now: i64,
) -> DbResult<()> {
    sqlx::query("UPDATE users SET display_name = $2, language = $3, timezone = $4, updated_at = $5 WHERE id = $1")
        .bind(id)
        .bind(display_name)
        .bind(language)
        .bind(timezone)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn set_language<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    language: &str,
    now: i64,
) -> DbResult<()> {
    sqlx::query("UPDATE users SET language = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(language)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn set_password_hash<'c>(
    ex: impl Executor<'c, Database = Any>,
    id: i64,
    hash: &str,
    now: i64,
) -> DbResult<()> {
    sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(hash)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn set_operator<'c>(ex: impl Executor<'c, Database = Any>, id: i64, on: bool, now: i64) -> DbResult<()> {
    sqlx::query("UPDATE users SET is_operator = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(i64::from(on))
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn count<'c>(ex: impl Executor<'c, Database = Any>) -> DbResult<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(ex).await?;
    Ok(n)
}
