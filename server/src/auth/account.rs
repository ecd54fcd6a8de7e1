//! The account port: a person's own profile and password.

use std::str::FromStr;

use async_trait::async_trait;

use app::account::Account;
use app::account::port::AccountPort;
use app::error::{AppError, Problem};
use app::i18n::Lang;
use app::session::CurrentUser;
use app::validate;

use super::password;
use crate::db::{self, Db};
use crate::{clock::SharedClock, internal};

pub struct AccountService {
    pub db: Db,
    pub clock: SharedClock,
}

/// Empty, or a time zone of the tz database.
pub fn optional_timezone(field: &str, value: &str) -> Result<Option<String>, AppError> {
    let v = validate::text(field, value, 0, validate::TIMEZONE_MAX)?;
    if v.is_empty() {
        return Ok(None);
    }
    chrono_tz::Tz::from_str(&v)
        .map(|tz| Some(tz.name().to_owned()))
        .map_err(|_| AppError::invalid(field, Problem::Format))
}

#[async_trait]
impl AccountPort for AccountService {
    async fn get(&self, actor: &CurrentUser) -> Result<Account, AppError> {
        let u = db::users::by_id(self.db.pool(), actor.id).await.map_err(internal)?;
        let roles = db::users::role_sources(self.db.pool(), actor.id)
            .await
            .map_err(internal)?
            .into_iter()
            .filter_map(|r| {
                use app::session::Rights;
                let rights = Rights {
                    book: Rights::from_db(r.may_book),
                    record: Rights::from_db(r.may_record),
                    personal_room: Rights::from_db(r.may_personal_room),
                };
                app::session::Role::parse(&r.role).map(|role| app::account::RoleSource {
                    institution: r.name,
                    role,
                    granted_by: r.granted_by,
                    rights,
                })
            })
            .collect();
        Ok(Account {
            email: u.email,
            display_name: u.display_name,
            language: u.language.as_deref().and_then(Lang::from_code),
            timezone: u.timezone,
            has_password: u.password_hash.is_some(),
            roles,
            zones: app::validate::zone_names(),
        })
    }

    async fn update(
        &self,
        actor: &CurrentUser,
        display_name: String,
        language: String,
        timezone: String,
    ) -> Result<Account, AppError> {
        let name = validate::text("display_name", &display_name, 1, validate::NAME_MAX)?;
        let language = match language.trim() {
            "" => None,
            code => Some(Lang::from_code(code).ok_or_else(|| AppError::invalid("language", Problem::Format))?),
        };
        let timezone = optional_timezone("timezone", &timezone)?;
        let now = self.clock.unix();
        db::users::update_profile(self.db.pool(), actor.id, &name, language.map(Lang::code), timezone.as_deref(), now)
            .await
            .map_err(internal)?;
        db::audit::record(self.db.pool(), now, Some(actor.id), None, "account.update", "").await.map_err(internal)?;
        self.get(actor).await
    }

    async fn change_password(&self, actor: &CurrentUser, current: String, new: String) -> Result<(), AppError> {
        if current.chars().count() > validate::PASSWORD_MAX {
            return Err(AppError::invalid("current", Problem::TooLong { max: validate::PASSWORD_MAX as u32 }));
        }
        let new = validate::new_password("new", &new)?;
        let user = db::users::by_id(self.db.pool(), actor.id).await.map_err(internal)?;
        if user.password_hash.is_none() || !password::verify(current, user.password_hash).await {
            return Err(AppError::invalid("current", Problem::Format));
        }
        let hash = password::hash(new).await.map_err(internal)?;
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(internal)?;
        db::users::set_password_hash(&mut *tx, actor.id, &hash, now).await.map_err(internal)?;
        // Every other session of this person ends; this one stays.
        let keep = current_session_id();
        db::sessions::delete_for_user(&mut *tx, actor.id, keep.as_deref()).await.map_err(internal)?;
        db::audit::record(&mut *tx, now, Some(actor.id), None, "account.password", "").await.map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(())
    }
}

/// The id of the session making the current server-function call.
fn current_session_id() -> Option<String> {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    parts.extensions.get::<tower_sessions::Session>()?.id().map(|id| id.to_string())
}

/// A local account to create from the command line or the demo data.
pub struct LocalUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password: &'a str,
    pub is_operator: bool,
    /// Institution slug and role.
    pub membership: Option<(&'a str, app::session::Role)>,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("{0}")]
    Invalid(String),
    #[error("a user with this e-mail already exists")]
    Exists,
    #[error("no institution with the slug {0:?}")]
    NoInstitution(String),
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error(transparent)]
    Password(#[from] super::password::PasswordError),
}

/// Creates a local account (validated like the web forms), optionally with a membership. Returns its id.
pub async fn create_local_user(db: &Db, now: i64, u: &LocalUser<'_>) -> Result<i64, CreateUserError> {
    let invalid = |e: AppError| CreateUserError::Invalid(e.message(Lang::En));
    let email = validate::email("email", u.email).map_err(invalid)?;
    let name = validate::text("display_name", u.display_name, 1, validate::NAME_MAX).map_err(invalid)?;
    let pw = validate::new_password("password", u.password).map_err(invalid)?;
    let institution = match u.membership {
        Some((slug, role)) => match db::institutions::by_slug(db.pool(), slug).await {
            Ok(i) => Some((i.id, role)),
            Err(db::DbError::NotFound) => {
                return Err(CreateUserError::NoInstitution(slug.to_owned()));
            }
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let hash = password::hash(pw).await?;
    let mut tx = db.begin().await?;
    let new = db::users::NewUser {
        email: &email,
        display_name: &name,
        password_hash: Some(&hash),
        is_operator: u.is_operator,
    };
    let id = match db::users::insert(&mut tx, &new, now).await {
        Ok(id) => id,
        Err(db::DbError::Conflict) => return Err(CreateUserError::Exists),
        Err(e) => return Err(e.into()),
    };
    if let Some((inst, role)) = institution {
        db::institutions::add_member(&mut *tx, inst, id, role.as_str(), now).await?;
    }
    db::audit::record(&mut *tx, now, None, institution.map(|i| i.0), "user.create", &email).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(id)
}
