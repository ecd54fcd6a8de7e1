//! Operators add an institution's identity provider (checked before it is stored: its discovery document must
//! answer over https with the issuer it claims) and the institution's role rules.

use super::oidc::{Oidc, SignInError};
use super::roles::Grant;
use crate::db::{self, Db};

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("{0}")]
    Invalid(String),
    #[error("no institution with the slug {0:?}")]
    NoInstitution(String),
    #[error("this provider (issuer and client id) is already added")]
    Exists,
    #[error("the provider's discovery document could not be read: {0}")]
    Unreachable(String),
    #[error(transparent)]
    Db(#[from] db::DbError),
}

pub struct OidcInput {
    pub institution: String,
    pub issuer: String,
    pub display_name: String,
    pub client_id: String,
    pub client_secret: String,
    pub ca_pem: Option<String>,
    pub scopes: String,
    pub default_role: String,
}

fn invalid(what: impl Into<String>) -> ProviderError {
    ProviderError::Invalid(what.into())
}

/// Checks and stores an OpenID Connect provider; returns its id (its sign-in address is `/login/oidc/<id>`).
pub async fn add_oidc(db: &Db, oidc: &Oidc, now: i64, input: OidcInput) -> Result<i64, ProviderError> {
    // As the provider names itself (some end in `/`): discovery and ID tokens compare it exactly.
    let issuer = input.issuer.trim().to_owned();
    let url = url::Url::parse(&issuer).map_err(|_| invalid("the issuer must be an address (https://…)"))?;
    if url.scheme() != "https" || url.host().is_none() || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("the issuer must be an https:// address without query or fragment"));
    }
    if issuer.len() > 290 {
        return Err(invalid("the issuer is longer than 290 characters"));
    }
    let name = input.display_name.trim();
    if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
        return Err(invalid("the display name must have 1 to 120 characters"));
    }
    let client_id = input.client_id.trim();
    if client_id.is_empty() || client_id.len() > 300 || client_id.chars().any(char::is_control) {
        return Err(invalid("the client id must have 1 to 300 characters"));
    }
    if input.client_secret.len() < 8 || input.client_secret.len() > 500 {
        return Err(invalid("the client secret must have 8 to 500 characters"));
    }
    let scopes: Vec<&str> = input.scopes.split_whitespace().collect();
    if !scopes.contains(&"openid")
        || scopes.iter().any(|s| s.len() > 100 || !s.bytes().all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\'))
    {
        return Err(invalid("the scopes must include openid and be plain words"));
    }
    let scopes = scopes.join(" ");
    if Grant::parse(&input.default_role).is_none() {
        return Err(invalid("the default role must be admin, member, guest or none"));
    }
    let ca_pem = match input.ca_pem.as_deref() {
        Some(pem) => Some(crate::balancer::tls::read_ca_pem(pem).map_err(|e| invalid(format!("the CA file: {e}")))?),
        None => None,
    };
    let institution = match db::institutions::by_slug(db.pool(), &input.institution).await {
        Ok(i) => i,
        Err(db::DbError::NotFound) => return Err(ProviderError::NoInstitution(input.institution)),
        Err(e) => return Err(e.into()),
    };
    // Asked before it is stored: a provider that does not answer as itself would fail every sign-in.
    let candidate = db::providers::ProviderRow {
        id: 0,
        institution_id: institution.id,
        kind: "oidc".into(),
        issuer: issuer.clone(),
        display_name: name.to_owned(),
        client_id: client_id.to_owned(),
        client_secret: input.client_secret.clone(),
        ca_pem: ca_pem.clone(),
        scopes: scopes.clone(),
        default_role: input.default_role.clone(),
        enabled: 1,
    };
    oidc.check(&candidate).await.map_err(|e| match e {
        SignInError::Unreachable(m) | SignInError::Invalid(m) => ProviderError::Unreachable(m),
        other => ProviderError::Unreachable(other.to_string()),
    })?;
    let new = db::providers::NewProvider {
        institution_id: institution.id,
        issuer: &issuer,
        display_name: name,
        client_id,
        client_secret: &input.client_secret,
        ca_pem: ca_pem.as_deref(),
        scopes: &scopes,
        default_role: &input.default_role,
    };
    let mut tx = db.begin().await?;
    let id = match db::providers::insert_oidc(&mut *tx, &new, now).await {
        Ok(id) => id,
        Err(db::DbError::Conflict) => return Err(ProviderError::Exists),
        Err(e) => return Err(e.into()),
    };
    db::audit::record(&mut *tx, now, None, Some(institution.id), "idp.add", &issuer).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(id)
}

/// Adds a rule after the institution's others: people whose `claim` has a value matching `pattern` get `role`.
pub async fn add_rule(
    db: &Db,
    now: i64,
    institution: &str,
    claim: &str,
    pattern: &str,
    role: &str,
) -> Result<(), ProviderError> {
    let claim = claim.trim();
    let pattern = pattern.trim();
    if claim.is_empty() || claim.len() > 200 || claim.chars().any(char::is_control) {
        return Err(invalid("the claim must have 1 to 200 characters"));
    }
    if pattern.is_empty() || pattern.len() > 300 || pattern.chars().any(char::is_control) {
        return Err(invalid("the pattern must have 1 to 300 characters"));
    }
    if Grant::parse(role).is_none() {
        return Err(invalid("the role must be admin, member, guest or none"));
    }
    let inst = match db::institutions::by_slug(db.pool(), institution).await {
        Ok(i) => i,
        Err(db::DbError::NotFound) => return Err(ProviderError::NoInstitution(institution.to_owned())),
        Err(e) => return Err(e.into()),
    };
    let mut tx = db.begin().await?;
    db::providers::add_rule(&mut tx, inst.id, claim, pattern, role, now).await?;
    db::audit::record(&mut *tx, now, None, Some(inst.id), "idp.rule", &format!("{claim}={pattern} → {role}")).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(())
}

/// The sign-in page's list of providers.
pub struct SignInChoices {
    pub db: Db,
}

#[async_trait::async_trait]
impl app::auth::port::SignInPort for SignInChoices {
    async fn choices(&self) -> Result<Vec<app::auth::SignInChoice>, app::error::AppError> {
        let rows = db::providers::choices(self.db.pool()).await.map_err(|e| {
            tracing::error!(error = %e, "could not read the identity providers");
            app::error::AppError::Internal { request_id: String::new() }
        })?;
        Ok(rows
            .into_iter()
            .map(|r| app::auth::SignInChoice {
                id: r.id,
                name: r.display_name,
                institution: r.institution,
                slug: r.slug,
            })
            .collect())
    }
}

/// An institution's sign-in page: its providers and rules, for its admins (and operators).
pub struct SignInAdmin {
    pub db: Db,
    pub clock: crate::clock::SharedClock,
    pub public_origin: String,
}

fn internal(e: impl std::fmt::Display) -> app::error::AppError {
    tracing::error!(error = %e, "sign-in rules");
    app::error::AppError::Internal { request_id: String::new() }
}

impl SignInAdmin {
    /// The institution behind `slug` if the actor administers it; not found for those who are not its members.
    async fn administered(
        &self,
        actor: &app::session::CurrentUser,
        slug: &str,
    ) -> Result<db::institutions::InstitutionRow, app::error::AppError> {
        use app::error::AppError;
        if slug.len() > app::validate::SLUG_MAX {
            return Err(AppError::NotFound);
        }
        let row = match db::institutions::by_slug(self.db.pool(), slug).await {
            Ok(r) => r,
            Err(db::DbError::NotFound) => return Err(AppError::NotFound),
            Err(e) => return Err(internal(e)),
        };
        if !(actor.is_operator || actor.role_in(row.id).is_some()) {
            return Err(AppError::NotFound);
        }
        if actor.can_admin(row.id) { Ok(row) } else { Err(AppError::Forbidden) }
    }
}

#[async_trait::async_trait]
impl app::auth::rules::port::SignInRulesPort for SignInAdmin {
    async fn view(
        &self,
        actor: &app::session::CurrentUser,
        slug: &str,
    ) -> Result<app::auth::rules::SignInRulesView, app::error::AppError> {
        use app::auth::rules::{ProviderInfo, RuleView, SignInRulesView};
        let inst = self.administered(actor, slug).await?;
        let providers = db::providers::list(self.db.pool())
            .await
            .map_err(internal)?
            .into_iter()
            .filter(|p| p.institution_id == inst.id && p.enabled == 1)
            .map(|p| ProviderInfo { name: p.display_name, issuer: p.issuer, default_role: p.default_role })
            .collect();
        let rules = db::providers::rule_rows(self.db.pool(), inst.id)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|r| RuleView { id: r.id, claim: r.claim, pattern: r.pattern, role: r.role })
            .collect();
        Ok(SignInRulesView {
            link: format!("{}/login/{}", self.public_origin, inst.slug),
            slug: inst.slug,
            institution: inst.name,
            providers,
            rules,
        })
    }

    async fn add(
        &self,
        actor: &app::session::CurrentUser,
        slug: &str,
        rule: app::auth::rules::RuleForm,
    ) -> Result<(), app::error::AppError> {
        use app::error::{AppError, Problem};
        let inst = self.administered(actor, slug).await?;
        let claim = rule.claim.trim();
        let pattern = rule.pattern.trim();
        if claim.is_empty() {
            return Err(AppError::invalid("claim", Problem::Required));
        }
        if claim.chars().count() > 200 || claim.chars().any(char::is_control) {
            return Err(AppError::invalid("claim", Problem::TooLong { max: 200 }));
        }
        if pattern.is_empty() {
            return Err(AppError::invalid("pattern", Problem::Required));
        }
        if pattern.chars().count() > 300 || pattern.chars().any(char::is_control) {
            return Err(AppError::invalid("pattern", Problem::TooLong { max: 300 }));
        }
        if Grant::parse(&rule.role).is_none() {
            return Err(AppError::invalid("role", Problem::Format));
        }
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(internal)?;
        match db::providers::add_rule(&mut tx, inst.id, claim, pattern, &rule.role, now).await {
            Ok(()) => {}
            // Another rule took that place at the same moment: nothing was changed, try again.
            Err(db::DbError::Conflict) => {
                return Err(AppError::Conflict(app::error::ConflictKind::Busy));
            }
            Err(e) => return Err(internal(e)),
        }
        db::audit::record(&mut *tx, now, Some(actor.id), Some(inst.id), "idp.rule", &format!("{claim}={pattern}"))
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn remove(&self, actor: &app::session::CurrentUser, slug: &str, id: i64) -> Result<(), app::error::AppError> {
        let inst = self.administered(actor, slug).await?;
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(internal)?;
        if !db::providers::remove_rule(&mut *tx, inst.id, id).await.map_err(internal)? {
            return Err(app::error::AppError::NotFound);
        }
        db::audit::record(&mut *tx, now, Some(actor.id), Some(inst.id), "idp.rule.remove", &id.to_string())
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(())
    }
}

/// The operators' page of identity providers.
pub struct ProvidersAdmin {
    pub db: Db,
    pub clock: crate::clock::SharedClock,
    pub oidc: Oidc,
    pub public_origin: String,
}

#[async_trait::async_trait]
impl app::auth::admin::port::ProvidersAdminPort for ProvidersAdmin {
    async fn list(
        &self,
        actor: &app::session::CurrentUser,
    ) -> Result<app::auth::admin::ProvidersView, app::error::AppError> {
        use app::auth::admin::{ProviderRow, ProvidersView};
        if !actor.is_operator {
            return Err(app::error::AppError::Forbidden);
        }
        let institutions = db::institutions::list(self.db.pool()).await.map_err(internal)?;
        let name_of = |id: i64| institutions.iter().find(|i| i.id == id).map(|i| (i.slug.clone(), i.name.clone()));
        let callback_url = format!("{}/auth/oidc/callback", self.public_origin);
        let providers = db::providers::list(self.db.pool())
            .await
            .map_err(internal)?
            .into_iter()
            .map(|p| {
                let (slug, institution) = name_of(p.institution_id).unwrap_or_default();
                ProviderRow {
                    id: p.id,
                    sign_in_url: format!("{}/login/oidc/{}", self.public_origin, p.id),
                    callback_url: callback_url.clone(),
                    institution,
                    slug,
                    name: p.display_name,
                    issuer: p.issuer,
                    default_role: p.default_role,
                    enabled: p.enabled == 1,
                }
            })
            .collect();
        Ok(ProvidersView {
            providers,
            institutions: institutions.into_iter().map(|i| (i.slug, i.name)).collect(),
            callback_url,
        })
    }

    async fn add_oidc(
        &self,
        actor: &app::session::CurrentUser,
        p: app::auth::admin::NewOidcProvider,
    ) -> Result<i64, app::error::AppError> {
        use app::error::{AppError, Problem};
        if !actor.is_operator {
            return Err(AppError::Forbidden);
        }
        let scopes = if p.scopes.trim().is_empty() { "openid email profile".to_owned() } else { p.scopes.clone() };
        let input = OidcInput {
            institution: p.institution,
            issuer: p.issuer,
            display_name: p.name,
            client_id: p.client_id,
            client_secret: p.client_secret,
            ca_pem: Some(p.ca_pem).filter(|c| !c.trim().is_empty()),
            scopes,
            default_role: p.default_role,
        };
        match add_oidc(&self.db, &self.oidc, self.clock.unix(), input).await {
            Ok(id) => Ok(id),
            Err(ProviderError::Invalid(m)) => {
                // Which field, from the message (each names its own); the message goes to the log.
                tracing::info!(problem = %m, "identity provider refused");
                let field = if m.contains("issuer") {
                    "issuer"
                } else if m.contains("display name") {
                    "name"
                } else if m.contains("client id") {
                    "client_id"
                } else if m.contains("client secret") {
                    "client_secret"
                } else if m.contains("scopes") {
                    "scopes"
                } else if m.contains("CA") {
                    "ca_pem"
                } else {
                    "default_role"
                };
                Err(AppError::invalid(field, Problem::Format))
            }
            Err(ProviderError::NoInstitution(_)) => Err(AppError::invalid("institution", Problem::Format)),
            Err(ProviderError::Exists) => Err(AppError::invalid("issuer", Problem::Taken)),
            Err(ProviderError::Unreachable(m)) => {
                tracing::info!(problem = %m, "identity provider did not answer as itself");
                Err(AppError::Conflict(if m.contains("TLS certificate") {
                    app::error::ConflictKind::ProviderCertificate
                } else {
                    app::error::ConflictKind::ProviderUnreachable
                }))
            }
            Err(ProviderError::Db(e)) => Err(internal(e)),
        }
    }

    async fn set_enabled(
        &self,
        actor: &app::session::CurrentUser,
        id: i64,
        enabled: bool,
    ) -> Result<(), app::error::AppError> {
        if !actor.is_operator {
            return Err(app::error::AppError::Forbidden);
        }
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(internal)?;
        if !db::providers::set_enabled(&mut *tx, id, enabled).await.map_err(internal)? {
            return Err(app::error::AppError::NotFound);
        }
        let what = if enabled { "idp.enable" } else { "idp.disable" };
        db::audit::record(&mut *tx, now, Some(actor.id), None, what, &id.to_string()).await.map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(())
    }
}
