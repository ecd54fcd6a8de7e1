//! Operators add an institution's identity provider (checked before it is stored: its discovery document must
//! answer over https with the issuer it claims) and the institution's role rules.

use super::metadata::invalid;
pub use super::metadata::{ProviderError, fetch_metadata};
use super::oidc::{Oidc, SignInError};
use super::roles::Grant;
use crate::db::{self, Db};

pub struct OidcInput {
    pub institution: String,
    pub issuer: String,
    pub display_name: String,
    pub client_id: String,
    pub client_secret: String,
    pub ca_pem: Option<String>,
    pub scopes: String,
    pub default_role: String,
    /// For one federation-wide proxy issuer: the claim that names each person's home organization.
    pub home_claim: Option<String>,
}

/// A claim's name as a provider spells it: letters, digits and `_ - . :` (URIs and `urn:oid:` names included).
fn is_claim_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 200 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-.:/".contains(&b))
}

/// Checks and stores an OpenID Connect provider; returns its id (its sign-in address is `/login/oidc/<id>`).
pub async fn add_oidc(db: &Db, oidc: &Oidc, now: i64, input: OidcInput) -> Result<i64, ProviderError> {
    // As the provider names itself (some end in `/`): discovery and ID tokens compare it exactly.
    let issuer = input.issuer.trim().to_owned();
    let url = url::Url::parse(&issuer).map_err(|_| invalid("issuer", "the issuer must be an address (https://…)"))?;
    if url.scheme() != "https" || url.host().is_none() || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("issuer", "the issuer must be an https:// address without query or fragment"));
    }
    if issuer.len() > 290 {
        return Err(invalid("issuer", "the issuer is longer than 290 characters"));
    }
    let name = input.display_name.trim();
    if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
        return Err(invalid("name", "the display name must have 1 to 120 characters"));
    }
    let client_id = input.client_id.trim();
    if client_id.is_empty() || client_id.len() > 300 || client_id.chars().any(char::is_control) {
        return Err(invalid("client_id", "the client id must have 1 to 300 characters"));
    }
    if input.client_secret.len() < 8 || input.client_secret.len() > 500 {
        return Err(invalid("client_secret", "the client secret must have 8 to 500 characters"));
    }
    let scopes: Vec<&str> = input.scopes.split_whitespace().collect();
    if !scopes.contains(&"openid")
        || scopes.iter().any(|s| s.len() > 100 || !s.bytes().all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\'))
    {
        return Err(invalid("scopes", "the scopes must include openid and be plain words"));
    }
    let scopes = scopes.join(" ");
    let home_claim = input.home_claim.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
    if home_claim.as_deref().is_some_and(|c| !is_claim_name(c)) {
        return Err(invalid(
            "home_claim",
            "the home organization claim must be a claim's name (letters, digits, _ - . :)",
        ));
    }
    if Grant::parse(&input.default_role).is_none() {
        return Err(invalid("default_role", "the default role must be admin, member, guest or none"));
    }
    let ca_pem = match input.ca_pem.as_deref() {
        Some(pem) => {
            Some(crate::balancer::tls::read_ca_pem(pem).map_err(|e| invalid("ca_pem", format!("the CA file: {e}")))?)
        }
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
        home_claim: home_claim.clone(),
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
        home_claim: home_claim.as_deref(),
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

/// Where a SAML IdP's metadata comes from.
pub enum MetadataSource {
    /// The document itself (an operator's file).
    Xml(String),
    /// An https address it is read from (now, and again when it is refreshed), with a private CA if it needs one.
    Url { url: String, ca_pem: Option<String> },
}

pub struct SamlInput {
    pub institution: String,
    pub metadata: MetadataSource,
    /// The name on the sign-in page; empty: the IdP's own display name (English, else any).
    pub display_name: String,
    pub default_role: String,
}

/// Reads the metadata of the IdPs that are due again from their addresses: a good copy (the same entity) replaces the
/// stored one; a failed read keeps the last good copy, records why (operators see it) and tries again later.
/// Returns how many were refreshed and how many failed.
pub async fn refresh_saml_metadata(db: &Db, now: i64) -> Result<(usize, usize), db::DbError> {
    let (mut good, mut failed) = (0, 0);
    for idp in db::saml::due_for_refresh(db.pool(), now).await? {
        let Some(url) = idp.metadata_url.as_deref() else { continue };
        let read = async {
            let xml = fetch_metadata(url, idp.ca_pem.as_deref(), super::saml::idp::MAX_BYTES).await?;
            let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
            let m = super::saml::idp::parse(&xml, at)
                .map_err(|error| ProviderError::Metadata { field: "metadata_url", error })?;
            if m.entity_id != idp.entity_id {
                return Err(invalid(
                    "metadata_url",
                    format!("the address now describes another entity ({})", m.entity_id),
                ));
            }
            xml.parse::<samael::metadata::EntityDescriptor>().map_err(|e| ProviderError::Metadata {
                field: "metadata_url",
                error: super::saml::idp::MetadataError::Xml(format!("the SAML library cannot read it ({e})")),
            })?;
            Ok::<_, ProviderError>((xml, m))
        }
        .await;
        match read {
            Ok((xml, m)) => {
                let valid_until = m.valid_until.map(|t| t.timestamp());
                let r = db::saml::Refreshed {
                    sso_url: &m.sso_redirect,
                    scopes: &m.scopes.join(" "),
                    metadata_xml: &xml,
                    valid_until,
                    next_refresh_at: super::saml::idp::next_refresh(now, m.cache_seconds, valid_until),
                    names: &db::saml::names_to_lines(&m.names),
                    keywords: &super::saml::idp::keywords_to_lines(&m.keywords),
                };
                db::saml::refreshed(db.pool(), idp.id, &r, now).await?;
                good += 1;
            }
            Err(e) => {
                tracing::warn!(idp = idp.id, entity_id = %idp.entity_id, error = %e, "SAML metadata not refreshed");
                db::saml::refresh_failed(db.pool(), idp.id, &e.to_string(), now + 30 * 60).await?;
                failed += 1;
            }
        }
    }
    Ok((good, failed))
}

/// Checks and stores a SAML IdP for an institution; returns its id (its sign-in address is `/login/saml/<id>`).
/// Refused: metadata without a signing certificate (nothing could be verified), without an https single sign-on
/// address for HTTP-Redirect, expired, or with a DOCTYPE; an IdP already added.
pub async fn add_saml(db: &Db, now: i64, input: SamlInput) -> Result<i64, ProviderError> {
    if Grant::parse(&input.default_role).is_none() {
        return Err(invalid("default_role", "the default role must be admin, member, guest or none"));
    }
    let institution = match db::institutions::by_slug(db.pool(), &input.institution).await {
        Ok(i) => i,
        Err(db::DbError::NotFound) => return Err(ProviderError::NoInstitution(input.institution)),
        Err(e) => return Err(e.into()),
    };
    let (xml, url, ca_pem, field) = match input.metadata {
        MetadataSource::Xml(xml) => (xml, None, None, "metadata_xml"),
        MetadataSource::Url { url, ca_pem } => {
            let ca_pem = match ca_pem.as_deref() {
                Some(pem) => Some(
                    crate::balancer::tls::read_ca_pem(pem)
                        .map_err(|e| invalid("ca_pem", format!("the CA file: {e}")))?,
                ),
                None => None,
            };
            (
                fetch_metadata(&url, ca_pem.as_deref(), super::saml::idp::MAX_BYTES).await?,
                Some(url),
                ca_pem,
                "metadata_url",
            )
        }
    };
    let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    let metadata = super::saml::idp::parse(&xml, at).map_err(|error| ProviderError::Metadata { field, error })?;
    // samael reads the same document when people sign in: it must read it now.
    xml.parse::<samael::metadata::EntityDescriptor>().map_err(|e| ProviderError::Metadata {
        field,
        error: super::saml::idp::MetadataError::Xml(format!("the SAML library cannot read it ({e})")),
    })?;
    let own_name = !input.display_name.trim().is_empty();
    let name = match input.display_name.trim() {
        "" => metadata.name_in("en").unwrap_or(&metadata.entity_id).chars().take(120).collect::<String>(),
        given => given.to_owned(),
    };
    if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
        return Err(invalid("name", "the display name must have 1 to 120 characters"));
    }
    let scopes = metadata.scopes.join(" ");
    let valid_until = metadata.valid_until.map(|t| t.timestamp());
    let next_refresh_at =
        url.as_ref().map(|_| super::saml::idp::next_refresh(now, metadata.cache_seconds, valid_until));
    let new = db::saml::NewIdp {
        institution_id: institution.id,
        entity_id: &metadata.entity_id,
        display_name: &name,
        sso_url: &metadata.sso_redirect,
        scopes: &scopes,
        metadata_xml: &xml,
        metadata_url: url.as_deref(),
        valid_until,
        default_role: &input.default_role,
        ca_pem: ca_pem.as_deref(),
        next_refresh_at,
        federation_id: None,
        names: &db::saml::names_to_lines(&metadata.names),
        own_name,
        keywords: &super::saml::idp::keywords_to_lines(&metadata.keywords),
    };
    let mut tx = db.begin().await?;
    let id = match db::saml::insert(&mut *tx, &new, now).await {
        Ok(id) => id,
        Err(db::DbError::Conflict) => return Err(ProviderError::Exists),
        Err(e) => return Err(e.into()),
    };
    db::audit::record(&mut *tx, now, None, Some(institution.id), "idp.add", &metadata.entity_id).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(id)
}

/// Adds a rule after the institution's others: people whose `claim` has a value matching `pattern` get `role`
/// (with the role's rights).
pub async fn add_rule(
    db: &Db,
    now: i64,
    institution: &str,
    claim: &str,
    pattern: &str,
    role: &str,
) -> Result<(), ProviderError> {
    add_rule_with_rights(db, now, institution, claim, pattern, role, app::session::Rights::default()).await
}

/// Adds a rule that also says what its people may do beyond the role.
pub async fn add_rule_with_rights(
    db: &Db,
    now: i64,
    institution: &str,
    claim: &str,
    pattern: &str,
    role: &str,
    rights: app::session::Rights,
) -> Result<(), ProviderError> {
    let claim = claim.trim();
    let pattern = pattern.trim();
    if claim.is_empty() || claim.len() > 200 || claim.chars().any(char::is_control) {
        return Err(invalid("claim", "the claim must have 1 to 200 characters"));
    }
    if pattern.is_empty() || pattern.len() > 300 || pattern.chars().any(char::is_control) {
        return Err(invalid("pattern", "the pattern must have 1 to 300 characters"));
    }
    if Grant::parse(role).is_none() {
        return Err(invalid("role", "the role must be admin, member, guest or none"));
    }
    let inst = match db::institutions::by_slug(db.pool(), institution).await {
        Ok(i) => i,
        Err(db::DbError::NotFound) => return Err(ProviderError::NoInstitution(institution.to_owned())),
        Err(e) => return Err(e.into()),
    };
    let mut tx = db.begin().await?;
    db::providers::add_rule(&mut tx, inst.id, claim, pattern, role, rights, now).await?;
    db::audit::record(&mut *tx, now, None, Some(inst.id), "idp.rule", &format!("{claim}={pattern} → {role}")).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(())
}

/// The sign-in page's list of providers.
pub struct SignInChoices {
    pub db: Db,
    pub clock: crate::clock::SharedClock,
}

/// Every provider people can sign in through now (OpenID Connect and SAML), by institution and name.
pub async fn choices(db: &Db, now: i64) -> Result<Vec<app::auth::SignInChoice>, db::DbError> {
    use app::auth::{ProviderKind, SignInChoice};
    let oidc = db::providers::choices(db.pool()).await?;
    let saml = db::saml::choices(db.pool(), now).await?;
    let mut all: Vec<SignInChoice> = oidc
        .into_iter()
        .map(|r| SignInChoice {
            kind: ProviderKind::Oidc,
            id: r.id,
            name: r.display_name,
            institution: r.institution,
            slug: r.slug,
            names: Vec::new(),
            keywords: Vec::new(),
            logo: None,
        })
        .chain(saml.into_iter().map(|r| SignInChoice {
            kind: ProviderKind::Saml,
            id: r.id,
            // An operator's name for it is shown in every language; otherwise its own, in the page's.
            names: if r.own_name == 1 { Vec::new() } else { db::saml::names_from_lines(&r.names) },
            keywords: r.keywords.lines().map(str::to_owned).collect(),
            logo: r.logo_digest.as_deref().map(|d| db::idp_logos::address(r.id, d)),
            name: r.display_name,
            institution: r.institution,
            slug: r.slug,
        }))
        .collect();
    all.sort_by(|a, b| (&a.institution, &a.name, a.id).cmp(&(&b.institution, &b.name, b.id)));
    Ok(all)
}

#[async_trait::async_trait]
impl app::auth::port::SignInPort for SignInChoices {
    async fn choices(&self) -> Result<Vec<app::auth::SignInChoice>, app::error::AppError> {
        choices(&self.db, self.clock.unix()).await.map_err(|e| {
            tracing::error!(error = %e, "could not read the identity providers");
            app::error::AppError::Internal { request_id: String::new() }
        })
    }

    async fn reset_link_usable(&self, token: &str) -> Result<bool, app::error::AppError> {
        if !crate::tokens::looks_like_token(token) {
            return Ok(false);
        }
        db::password_resets::usable(self.db.pool(), &crate::tokens::token_hash(token), self.clock.unix())
            .await
            .map_err(internal)
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
        let mut providers: Vec<ProviderInfo> = db::providers::list(self.db.pool())
            .await
            .map_err(internal)?
            .into_iter()
            .filter(|p| p.institution_id == inst.id && p.enabled == 1)
            .map(|p| ProviderInfo {
                start: app::auth::ProviderKind::Oidc.start_path(p.id),
                name: p.display_name,
                issuer: p.issuer,
                default_role: p.default_role,
            })
            .collect();
        providers.extend(
            db::saml::list(self.db.pool())
                .await
                .map_err(internal)?
                .into_iter()
                .filter(|p| p.institution_id == inst.id && p.enabled == 1)
                .map(|p| ProviderInfo {
                    start: app::auth::ProviderKind::Saml.start_path(p.id),
                    name: p.display_name,
                    issuer: p.entity_id,
                    default_role: p.default_role,
                }),
        );
        let password_sign_in = db::institutions::password_sign_in(self.db.pool(), inst.id).await.map_err(internal)?;
        let last_test = db::sign_in_tests::get(self.db.pool(), actor.id, inst.id, self.clock.unix())
            .await
            .map_err(internal)?
            .and_then(|json| serde_json::from_str(&json).ok());
        let rules = db::providers::rule_rows(self.db.pool(), inst.id)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|r| RuleView {
                id: r.id,
                rights: r.rule.rights(),
                claim: r.rule.claim,
                pattern: r.rule.pattern,
                role: r.rule.role,
            })
            .collect();
        Ok(SignInRulesView {
            link: format!("{}/login/{}", self.public_origin, inst.slug),
            slug: inst.slug,
            institution: inst.name,
            providers,
            rules,
            password_sign_in,
            last_test,
        })
    }

    async fn set_methods(
        &self,
        actor: &app::session::CurrentUser,
        slug: &str,
        methods: &str,
    ) -> Result<(), app::error::AppError> {
        use app::error::{AppError, Problem};
        let inst = self.administered(actor, slug).await?;
        let password = match methods {
            "password" => true,
            "providers" => false,
            _ => return Err(AppError::invalid("methods", Problem::Format)),
        };
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(internal)?;
        // Checked in the write: members must keep a way in.
        if !password && !db::institutions::has_enabled_provider(&mut *tx, inst.id).await.map_err(internal)? {
            return Err(AppError::invalid("methods", Problem::NoSignInProvider));
        }
        db::institutions::set_password_sign_in(&mut *tx, inst.id, password, now).await.map_err(internal)?;
        db::audit::record(&mut *tx, now, Some(actor.id), Some(inst.id), "idp.methods", methods)
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(())
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
        let choice = |field: &'static str, v: &str| {
            app::session::Rights::parse_choice(v).ok_or_else(|| AppError::invalid(field, Problem::Format))
        };
        let rights = app::session::Rights {
            book: choice("book", &rule.book)?,
            record: choice("record", &rule.record)?,
            personal_room: choice("personal_room", &rule.personal_room)?,
        };
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(internal)?;
        match db::providers::add_rule(&mut tx, inst.id, claim, pattern, &rule.role, rights, now).await {
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

fn utc(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0).map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default()
}

/// A refused provider as the operator's form shows it: the field, and what is wrong in their language where
/// Convene can say it (the details go to the log).
pub(crate) fn refused_input(e: &ProviderError) -> app::error::AppError {
    use super::saml::idp::MetadataError as M;
    use app::error::{AppError, ConflictKind, MetadataIssue, Problem};
    match e {
        ProviderError::Invalid { field, message } => {
            tracing::info!(problem = %message, "identity provider refused");
            AppError::invalid(field, Problem::Format)
        }
        ProviderError::Metadata { field, error } => {
            tracing::info!(problem = %error, "SAML IdP metadata refused");
            let issue = match error {
                M::NoSigningKey => MetadataIssue::NoSigningKey,
                M::NoSso => MetadataIssue::NoSso,
                M::Expired(_) => MetadataIssue::Expired,
                M::Doctype => MetadataIssue::Doctype,
                M::NotAnIdp => MetadataIssue::NotAnIdp,
                M::TooLarge => MetadataIssue::TooLarge,
                M::Xml(_) | M::NotAnEntity | M::NoEntityId | M::EntityIdTooLong | M::BadCertificate => {
                    MetadataIssue::Unreadable
                }
                M::Unsigned => MetadataIssue::Unsigned,
                M::BadSignature => MetadataIssue::BadSignature,
                M::BadSigningCert => MetadataIssue::BadSigningCert,
                M::NotAnAggregate => MetadataIssue::NotAnAggregate,
            };
            AppError::invalid(field, Problem::Metadata { issue })
        }
        ProviderError::NoInstitution(_) => AppError::invalid("institution", Problem::Format),
        ProviderError::Exists => AppError::invalid("issuer", Problem::Taken),
        ProviderError::Unreachable(m) => {
            tracing::info!(problem = %m, "identity provider did not answer as itself");
            AppError::Conflict(if m.contains("TLS certificate") {
                ConflictKind::ProviderCertificate
            } else {
                ConflictKind::ProviderUnreachable
            })
        }
        ProviderError::Db(e) => internal(e),
    }
}

/// The operators' page of identity providers.
pub struct ProvidersAdmin {
    pub db: Db,
    pub clock: crate::clock::SharedClock,
    pub oidc: Oidc,
    pub public_origin: String,
    /// The pages' `form-action` list, which names the providers (signing out goes on to them).
    pub form_targets: std::sync::Arc<crate::http::form_targets::FormTargets>,
    /// Hosts the public-address rule lets through (`pool.callback_allow_hosts`), for reading IdPs' logos.
    pub allow_hosts: std::sync::Arc<Vec<String>>,
}

impl ProvidersAdmin {
    /// Reads a newly added IdP's logo now rather than at the next pass of the metadata worker (in the background:
    /// the operator's answer does not wait for a third party's server).
    fn read_logos_soon(&self) {
        let (db, now, allow) = (self.db.clone(), self.clock.unix(), self.allow_hosts.clone());
        tokio::spawn(async move {
            if let Err(e) = super::idp_logos::refresh_logos(&db, now, allow).await {
                tracing::warn!(error = %e, "could not read which IdP logos are due");
            }
        });
    }
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
                    kind: app::auth::ProviderKind::Oidc,
                    valid_until: None,
                    refreshed_at: None,
                    refresh_error: None,
                    id: p.id,
                    sign_in_url: format!("{}/login/oidc/{}", self.public_origin, p.id),
                    callback_url: callback_url.clone(),
                    institution,
                    slug,
                    name: p.display_name,
                    issuer: p.issuer,
                    default_role: p.default_role,
                    enabled: p.enabled == 1,
                    home_claim: p.home_claim,
                    logo: None,
                    logo_error: None,
                }
            })
            .collect::<Vec<_>>();
        let acs = super::saml::acs_url(&self.public_origin);
        let mut providers = providers;
        let logos = db::idp_logos::states(self.db.pool()).await.map_err(internal)?;
        providers.extend(db::saml::list(self.db.pool()).await.map_err(internal)?.into_iter().map(|p| {
            let (slug, institution) = name_of(p.institution_id).unwrap_or_default();
            let logo = logos.iter().find(|(id, ..)| *id == p.id);
            ProviderRow {
                logo: logo.and_then(|(_, d, _)| d.as_deref()).map(|d| db::idp_logos::address(p.id, d)),
                logo_error: logo.and_then(|(_, _, e)| e.clone()),
                kind: app::auth::ProviderKind::Saml,
                id: p.id,
                sign_in_url: format!("{}/login/saml/{}", self.public_origin, p.id),
                callback_url: acs.clone(),
                institution,
                slug,
                name: p.display_name,
                issuer: p.entity_id,
                default_role: p.default_role,
                enabled: p.enabled == 1,
                valid_until: p.valid_until.map(utc),
                refreshed_at: p.metadata_url.as_ref().and(p.refreshed_at).map(utc),
                refresh_error: p.refresh_error,
                home_claim: None,
            }
        }));
        let federations = db::federations::list(self.db.pool())
            .await
            .map_err(internal)?
            .into_iter()
            .map(|f| app::auth::admin::FederationView {
                id: f.id,
                name: f.name,
                url: f.metadata_url,
                idps: f.idps,
                skipped: f.skipped,
                valid_until: f.valid_until.map(utc),
                refreshed_at: f.refreshed_at.map(utc),
                refresh_error: f.refresh_error,
                mdq: f.mdq != 0,
            })
            .collect();
        let link_requests = db::link_requests::list(self.db.pool())
            .await
            .map_err(internal)?
            .into_iter()
            .map(|l| app::auth::admin::LinkRequestView {
                id: l.id,
                name: if l.display_name.is_empty() { l.email.clone() } else { l.display_name },
                email: l.email,
                provider: l.provider_name,
                institution: name_of(l.institution_id).map(|(_, n)| n).unwrap_or_default(),
                at: utc(l.created_at),
            })
            .collect();
        Ok(ProvidersView {
            providers,
            federations,
            link_requests,
            institutions: institutions.into_iter().map(|i| (i.slug, i.name)).collect(),
            saml_metadata_url: super::saml::entity_id(&self.public_origin),
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
            home_claim: Some(p.home_claim).filter(|c| !c.trim().is_empty()),
        };
        match add_oidc(&self.db, &self.oidc, self.clock.unix(), input).await {
            Ok(id) => {
                self.form_targets.forget();
                Ok(id)
            }
            Err(e @ (ProviderError::Invalid { .. } | ProviderError::Metadata { .. })) => Err(refused_input(&e)),
            Err(ProviderError::Exists) => Err(AppError::invalid("issuer", Problem::Taken)),
            Err(e) => Err(refused_input(&e)),
        }
    }

    async fn add_saml(
        &self,
        actor: &app::session::CurrentUser,
        p: app::auth::admin::NewSamlIdp,
    ) -> Result<i64, app::error::AppError> {
        use app::error::{AppError, Problem};
        if !actor.is_operator {
            return Err(AppError::Forbidden);
        }
        let metadata = match (p.metadata_url.trim(), p.metadata_xml.trim()) {
            ("", "") => return Err(AppError::invalid("metadata_url", Problem::Required)),
            (url, "") => {
                MetadataSource::Url { url: url.to_owned(), ca_pem: Some(p.ca_pem).filter(|c| !c.trim().is_empty()) }
            }
            ("", xml) => MetadataSource::Xml(xml.to_owned()),
            // Both: which one was meant is not guessed.
            (_, _) => return Err(AppError::invalid("metadata_xml", Problem::Format)),
        };
        let input =
            SamlInput { institution: p.institution, metadata, display_name: p.name, default_role: p.default_role };
        match add_saml(&self.db, self.clock.unix(), input).await {
            Ok(id) => {
                self.read_logos_soon();
                Ok(id)
            }
            Err(ProviderError::Exists) => Err(AppError::invalid("metadata_url", Problem::Taken)),
            Err(e) => Err(refused_input(&e)),
        }
    }

    async fn add_federation(
        &self,
        actor: &app::session::CurrentUser,
        f: app::auth::admin::NewFederation,
    ) -> Result<u32, app::error::AppError> {
        use app::error::{AppError, Problem};
        if !actor.is_operator {
            return Err(AppError::Forbidden);
        }
        let input = super::federations::FederationInput {
            name: f.name,
            url: f.url,
            signing_cert_pem: f.signing_cert_pem,
            ca_pem: Some(f.ca_pem).filter(|c| !c.trim().is_empty()),
            mdq: f.mdq.is_some(),
        };
        match super::federations::add_federation(&self.db, self.clock.unix(), input).await {
            Ok((_, read)) => Ok(u32::try_from(read.idps).unwrap_or(u32::MAX)),
            Err(ProviderError::Exists) => Err(AppError::invalid("name", Problem::Taken)),
            Err(e) => Err(refused_input(&e)),
        }
    }

    async fn find_federation_idps(
        &self,
        actor: &app::session::CurrentUser,
        q: &str,
    ) -> Result<Vec<app::auth::admin::FederationIdpView>, app::error::AppError> {
        if !actor.is_operator {
            return Err(app::error::AppError::Forbidden);
        }
        let q: String = q.trim().chars().filter(|c| !c.is_control()).take(100).collect();
        if q.chars().count() < 2 {
            return Ok(Vec::new());
        }
        let feds = db::federations::list(self.db.pool()).await.map_err(internal)?;
        Ok(db::federations::search(self.db.pool(), &q, 20)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|i| app::auth::admin::FederationIdpView {
                id: i.id,
                federation: feds.iter().find(|f| f.id == i.federation_id).map(|f| f.name.clone()).unwrap_or_default(),
                name: i.display_name,
                entity_id: i.entity_id,
                scopes: i.scopes,
            })
            .collect())
    }

    async fn lookup_federation_idp(
        &self,
        actor: &app::session::CurrentUser,
        federation: i64,
        entity_id: &str,
    ) -> Result<app::auth::admin::FederationIdpView, app::error::AppError> {
        use app::error::AppError;
        if !actor.is_operator {
            return Err(AppError::Forbidden);
        }
        let now = self.clock.unix();
        match super::federations::lookup(&self.db, now, federation, entity_id).await {
            Ok((id, _)) => {
                let i = db::federations::idp_by_id(self.db.pool(), id).await.map_err(internal)?;
                let fed = db::federations::by_id(self.db.pool(), federation).await.map_err(internal)?;
                tracing::info!(federation, "an IdP looked up at an MDQ service");
                Ok(app::auth::admin::FederationIdpView {
                    id,
                    name: i.display_name,
                    entity_id: i.entity_id,
                    scopes: i.scopes,
                    federation: fed.name,
                })
            }
            Err(ProviderError::Invalid { field: "federation", .. }) => Err(AppError::NotFound),
            Err(e) => Err(refused_input(&e)),
        }
    }

    async fn use_federation_idp(
        &self,
        actor: &app::session::CurrentUser,
        id: i64,
        institution: &str,
        default_role: &str,
    ) -> Result<i64, app::error::AppError> {
        use app::error::{AppError, Problem};
        if !actor.is_operator {
            return Err(AppError::Forbidden);
        }
        match super::federations::adopt(&self.db, self.clock.unix(), id, institution, default_role).await {
            Ok(id) => {
                self.read_logos_soon();
                Ok(id)
            }
            Err(ProviderError::Exists) => Err(AppError::invalid("entity", Problem::Taken)),
            Err(ProviderError::Invalid { field: "entity", .. }) => Err(AppError::NotFound),
            Err(e) => Err(refused_input(&e)),
        }
    }

    async fn resolve_link(
        &self,
        actor: &app::session::CurrentUser,
        id: i64,
        link: bool,
    ) -> Result<(), app::error::AppError> {
        use app::error::AppError;
        if !actor.is_operator {
            return Err(AppError::Forbidden);
        }
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(internal)?;
        let request = db::link_requests::by_id(&mut *tx, id).await.map_err(internal)?.ok_or(AppError::NotFound)?;
        if link {
            // The account that has the address now; none (changed or removed meanwhile): nothing to link to.
            let user =
                db::users::by_email(&mut *tx, &request.email).await.map_err(internal)?.ok_or(AppError::NotFound)?;
            // Linked already (to this or another account): the request is done either way.
            let linked = db::providers::identity_user(&mut *tx, &request.provider, &request.subject).await;
            if linked.map_err(internal)?.is_none() {
                db::providers::link_identity(&mut *tx, user.id, &request.provider, &request.subject, now)
                    .await
                    .map_err(internal)?;
            }
            let what = format!("{} → user {}", request.provider, user.id);
            db::audit::record(&mut *tx, now, Some(actor.id), Some(request.institution_id), "identity.link", &what)
                .await
                .map_err(internal)?;
        }
        db::link_requests::remove(&mut *tx, id).await.map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn set_enabled(
        &self,
        actor: &app::session::CurrentUser,
        kind: app::auth::ProviderKind,
        id: i64,
        enabled: bool,
    ) -> Result<(), app::error::AppError> {
        if !actor.is_operator {
            return Err(app::error::AppError::Forbidden);
        }
        let now = self.clock.unix();
        let mut tx = self.db.begin().await.map_err(internal)?;
        let found = match kind {
            app::auth::ProviderKind::Oidc => db::providers::set_enabled(&mut *tx, id, enabled).await,
            app::auth::ProviderKind::Saml => db::saml::set_enabled(&mut *tx, id, enabled).await,
        };
        if !found.map_err(internal)? {
            return Err(app::error::AppError::NotFound);
        }
        let what = if enabled { "idp.enable" } else { "idp.disable" };
        db::audit::record(&mut *tx, now, Some(actor.id), None, what, &id.to_string()).await.map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        self.form_targets.forget();
        Ok(())
    }
}
