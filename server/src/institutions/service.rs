//! Operators create and edit institutions; institution admins (and operators) manage members. Every method checks
//! the actor's rights first; people outside an institution learn nothing about it (404).

use std::str::FromStr;

use async_trait::async_trait;

use app::error::{AppError, ConflictKind, Problem};
use app::i18n::Lang;
use app::institutions::port::InstitutionsPort;
use app::institutions::{Institution, InstitutionData, InstitutionInput, InstitutionLinks};
use app::members::port::MembersPort;
use app::members::{Member, MembersView, NewMember};
use app::session::{CurrentUser, Role};
use app::validate;

use crate::auth::password;
use crate::clock::SharedClock;
use crate::db::institutions::{InstitutionRow, NewInstitution};
use crate::db::{self, Db, DbError};
use crate::internal;

pub struct InstitutionsService {
    pub db: Db,
    pub clock: SharedClock,
}

fn to_view(r: InstitutionRow) -> Institution {
    let logo = r.logo_digest.as_deref().map(|d| db::institutions::logo_address(r.id, d));
    Institution {
        id: r.id,
        slug: r.slug,
        name: r.name,
        timezone: r.timezone,
        region: r.region,
        latitude: r.latitude,
        longitude: r.longitude,
        default_language: Lang::from_code(&r.default_language).unwrap_or_default(),
        brand_color: r.brand_color,
        logo_url: r.logo_url,
        member_count: r.member_count,
        home_domains: Vec::new(),
        links: app::institutions::InstitutionLinks {
            help_url: r.help_url,
            privacy_url: r.privacy_url,
            contact_url: r.contact_url,
        },
        logo,
    }
}

fn checked(input: &InstitutionInput) -> Result<InstitutionData, AppError> {
    let mut data = input.validate()?;
    let tz = chrono_tz::Tz::from_str(&data.timezone).map_err(|_| AppError::invalid("timezone", Problem::Format))?;
    data.timezone = tz.name().to_owned();
    Ok(data)
}

fn new_row(d: &InstitutionData) -> NewInstitution<'_> {
    NewInstitution {
        slug: &d.slug,
        name: &d.name,
        timezone: &d.timezone,
        region: &d.region,
        latitude: d.latitude,
        longitude: d.longitude,
        default_language: d.default_language.code(),
        brand_color: &d.brand_color,
        logo_url: d.logo_url.as_deref(),
    }
}

fn domain_taken(e: DbError) -> AppError {
    match e {
        DbError::Conflict => AppError::invalid("home_domains", Problem::Taken),
        other => internal(other),
    }
}

fn slug_taken(e: DbError) -> AppError {
    match e {
        DbError::Conflict => AppError::invalid("slug", Problem::Taken),
        other => internal(other),
    }
}

impl InstitutionsService {
    /// The institution behind `slug`, if the actor may see it at all (operators and its members).
    async fn visible(&self, actor: &CurrentUser, slug: &str) -> Result<InstitutionRow, AppError> {
        if slug.len() > validate::SLUG_MAX {
            return Err(AppError::NotFound);
        }
        let row = match db::institutions::by_slug(self.db.pool(), slug).await {
            Ok(r) => r,
            Err(DbError::NotFound) => return Err(AppError::NotFound),
            Err(e) => return Err(internal(e)),
        };
        if actor.is_operator || actor.role_in(row.id).is_some() { Ok(row) } else { Err(AppError::NotFound) }
    }

    async fn with_domains(&self, mut i: Institution) -> Result<Institution, AppError> {
        i.home_domains = db::institutions::domains(self.db.pool(), i.id).await.map_err(internal)?;
        Ok(i)
    }

    /// The institution behind `slug`, if the actor administers it.
    async fn administered(&self, actor: &CurrentUser, slug: &str) -> Result<InstitutionRow, AppError> {
        let row = self.visible(actor, slug).await?;
        if actor.can_admin(row.id) { Ok(row) } else { Err(AppError::Forbidden) }
    }
}

#[async_trait]
impl InstitutionsPort for InstitutionsService {
    async fn list(&self, actor: &CurrentUser) -> Result<Vec<Institution>, AppError> {
        if !actor.is_operator {
            return Err(AppError::Forbidden);
        }
        let rows = db::institutions::list(self.db.pool()).await.map_err(internal)?;
        Ok(rows.into_iter().map(to_view).collect())
    }

    async fn get(&self, actor: &CurrentUser, slug: &str) -> Result<Institution, AppError> {
        let row = self.visible(actor, slug).await?;
        self.with_domains(to_view(row)).await
    }

    async fn create(&self, actor: &CurrentUser, input: InstitutionInput) -> Result<Institution, AppError> {
        if !actor.is_operator {
            return Err(AppError::Forbidden);
        }
        let data = checked(&input)?;
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(internal)?;
        let id = db::institutions::insert(&mut *tx, &new_row(&data), now).await.map_err(slug_taken)?;
        db::institutions::set_domains(&mut tx, id, &data.home_domains).await.map_err(domain_taken)?;
        db::audit::record(&mut *tx, now, Some(actor.id), Some(id), "institution.create", &data.slug)
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        tracing::info!(institution_id = id, "institution created");
        let row = db::institutions::by_id(self.db.pool(), id).await.map_err(internal)?;
        self.with_domains(to_view(row)).await
    }

    async fn set_links(&self, actor: &CurrentUser, slug: &str, links: InstitutionLinks) -> Result<(), AppError> {
        let row = self.administered(actor, slug).await?;
        let [help, privacy, contact] = links.validate()?;
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(internal)?;
        let values =
            [help.as_deref().unwrap_or(""), privacy.as_deref().unwrap_or(""), contact.as_deref().unwrap_or("")];
        db::institutions::set_links(&mut *tx, row.id, values, now).await.map_err(internal)?;
        db::audit::record(&mut *tx, now, Some(actor.id), Some(row.id), "institution.links", &row.slug)
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn update(&self, actor: &CurrentUser, id: i64, input: InstitutionInput) -> Result<Institution, AppError> {
        if !actor.is_operator {
            return Err(AppError::Forbidden);
        }
        let data = checked(&input)?;
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(internal)?;
        match db::institutions::update(&mut *tx, id, &new_row(&data), now).await {
            Ok(()) => {}
            Err(DbError::NotFound) => return Err(AppError::NotFound),
            Err(e) => return Err(slug_taken(e)),
        }
        db::institutions::set_domains(&mut tx, id, &data.home_domains).await.map_err(domain_taken)?;
        db::audit::record(&mut *tx, now, Some(actor.id), Some(id), "institution.update", &data.slug)
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        let row = db::institutions::by_id(self.db.pool(), id).await.map_err(internal)?;
        self.with_domains(to_view(row)).await
    }
}

#[async_trait]
impl MembersPort for InstitutionsService {
    async fn list(&self, actor: &CurrentUser, slug: &str) -> Result<MembersView, AppError> {
        let inst = self.administered(actor, slug).await?;
        let rows = db::institutions::members(self.db.pool(), inst.id).await.map_err(internal)?;
        Ok(MembersView {
            institution_id: inst.id,
            institution_slug: inst.slug,
            institution_name: inst.name,
            members: rows
                .into_iter()
                .map(|r| Member {
                    user_id: r.user_id,
                    email: r.email,
                    display_name: r.display_name,
                    role: Role::parse(&r.role).unwrap_or(Role::Guest),
                })
                .collect(),
        })
    }

    async fn add(&self, actor: &CurrentUser, slug: &str, member: NewMember) -> Result<Member, AppError> {
        let inst = self.administered(actor, slug).await?;
        let email = validate::email("email", &member.email)?;
        let role = Role::parse(member.role.trim()).ok_or_else(|| AppError::invalid("role", Problem::Format))?;
        let now = self.clock.unix();
        let existing = db::users::by_email(self.db.pool(), &email).await.map_err(internal)?;
        // A new local account needs a name and a password; hash it before the transaction opens.
        let new_account = match &existing {
            Some(_) => None,
            None => {
                let name = validate::text("display_name", &member.display_name, 1, validate::NAME_MAX)?;
                let pw = validate::new_password("password", &member.password)?;
                Some((name, password::hash(pw).await.map_err(internal)?))
            }
        };
        let mut tx = self.db.begin().await.map_err(internal)?;
        let (user_id, display_name) = match (&existing, &new_account) {
            (Some(u), _) => (u.id, u.display_name.clone()),
            (None, Some((name, hash))) => {
                let new = db::users::NewUser {
                    email: &email,
                    display_name: name,
                    password_hash: Some(hash),
                    is_operator: false,
                };
                let id = db::users::insert(&mut tx, &new, now).await.map_err(|e| match e {
                    DbError::Conflict => AppError::invalid("email", Problem::Taken),
                    other => internal(other),
                })?;
                (id, name.clone())
            }
            (None, None) => return Err(internal("no account to add")),
        };
        match db::institutions::add_member(&mut *tx, inst.id, user_id, role.as_str(), now).await {
            Ok(()) => {}
            Err(DbError::Conflict) => return Err(AppError::Conflict(ConflictKind::AlreadyMember)),
            Err(e) => return Err(internal(e)),
        }
        db::audit::record(&mut *tx, now, Some(actor.id), Some(inst.id), "member.add", &email)
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(Member { user_id, email, display_name, role })
    }

    async fn set_role(&self, actor: &CurrentUser, slug: &str, user_id: i64, role: Role) -> Result<(), AppError> {
        let inst = self.administered(actor, slug).await?;
        let mut tx = self.db.begin().await.map_err(internal)?;
        let current = db::institutions::role_of(&mut *tx, inst.id, user_id).await.map_err(internal)?;
        let Some(current) = current else {
            return Err(AppError::NotFound);
        };
        if current == "admin"
            && role != Role::Admin
            && db::institutions::admin_count(&mut *tx, inst.id).await.map_err(internal)? <= 1
        {
            return Err(AppError::Conflict(ConflictKind::LastAdmin));
        }
        db::institutions::set_role(&mut *tx, inst.id, user_id, role.as_str()).await.map_err(internal)?;
        db::audit::record(&mut *tx, self.clock.unix(), Some(actor.id), Some(inst.id), "member.role", role.as_str())
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn remove(&self, actor: &CurrentUser, slug: &str, user_id: i64) -> Result<(), AppError> {
        let inst = self.administered(actor, slug).await?;
        let mut tx = self.db.begin().await.map_err(internal)?;
        let current = db::institutions::role_of(&mut *tx, inst.id, user_id).await.map_err(internal)?;
        let Some(current) = current else {
            return Err(AppError::NotFound);
        };
        if current == "admin" && db::institutions::admin_count(&mut *tx, inst.id).await.map_err(internal)? <= 1 {
            return Err(AppError::Conflict(ConflictKind::LastAdmin));
        }
        db::institutions::remove_member(&mut *tx, inst.id, user_id).await.map_err(internal)?;
        db::audit::record(
            &mut *tx,
            self.clock.unix(),
            Some(actor.id),
            Some(inst.id),
            "member.remove",
            &user_id.to_string(),
        )
        .await
        .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(())
    }
}
