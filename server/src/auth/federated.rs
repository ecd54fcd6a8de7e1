//! A person a provider vouched for becomes (or is found as) a Convene account, and their role in the provider's
//! institution comes from the institution's rules, applied again at every sign-in. The same for every kind of
//! provider.

use app::session::{Rights, Role};

use super::oidc::{Person, SignInError};
use super::roles::{self, Decision, Grant, Rule};
use crate::db::{self, Db};

/// What a sign-in did: the account, and the rule behind the role (for the person to see).
#[derive(Debug)]
pub struct Admitted {
    pub user_id: i64,
    pub created: bool,
    pub decision: Decision,
}

/// The provider a person came through, as admission needs it (an OpenID Connect provider or a SAML IdP).
pub struct Source<'a> {
    pub institution_id: i64,
    /// What a person matching no rule becomes (`none`: not admitted).
    pub default_role: &'a str,
    pub display_name: &'a str,
    /// A federation-wide proxy: the claim naming each person's home organization. The person belongs to the
    /// institution with that domain; someone whose home is no member institution is at most a guest of
    /// `institution_id`.
    pub home_claim: Option<&'a str>,
}

impl<'a> From<&'a db::providers::ProviderRow> for Source<'a> {
    fn from(p: &'a db::providers::ProviderRow) -> Self {
        Source {
            institution_id: p.institution_id,
            default_role: &p.default_role,
            display_name: &p.display_name,
            home_claim: p.home_claim.as_deref(),
        }
    }
}

impl<'a> From<&'a db::saml::IdpRow> for Source<'a> {
    fn from(p: &'a db::saml::IdpRow) -> Self {
        Source {
            institution_id: p.institution_id,
            default_role: &p.default_role,
            display_name: &p.display_name,
            home_claim: None,
        }
    }
}

/// Where a person belongs: the institution whose rules decide, and whether they came from outside every member
/// institution (then a guest at most).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Home {
    institution_id: i64,
    outsider: bool,
}

/// The home organization a claim names: its value, or the scope of a scoped value (`alice@uni-a.example`),
/// lower-cased. The first value that gives one counts.
pub fn home_domain(claims: &roles::Claims, claim: &str) -> Option<String> {
    claims.get(claim)?.iter().find_map(|v| {
        let d = v.rsplit_once('@').map_or(v.as_str(), |(_, scope)| scope).trim().to_ascii_lowercase();
        (!d.is_empty() && d.len() <= 253).then_some(d)
    })
}

async fn home(db: &Db, provider: &Source<'_>, person: &Person) -> Result<Home, SignInError> {
    let Some(claim) = provider.home_claim else {
        return Ok(Home { institution_id: provider.institution_id, outsider: false });
    };
    let found = match home_domain(&person.claims, claim) {
        Some(domain) => db::institutions::by_domain(db.pool(), &domain).await?,
        None => None,
    };
    Ok(match found {
        Some(institution_id) => Home { institution_id, outsider: false },
        None => Home { institution_id: provider.institution_id, outsider: true },
    })
}

/// The account of `person` (created at their first sign-in), with the role the rules give in the provider's
/// institution. Nobody is created who would be admitted nowhere; an e-mail address that already belongs to another
/// account is never taken over (an operator links the two).
pub async fn admit(db: &Db, now: i64, provider: &Source<'_>, person: &Person) -> Result<Admitted, SignInError> {
    let admitted = admit_in(db, now, provider, person).await;
    if let (Err(SignInError::EmailTaken), Some(email)) = (&admitted, person.email.as_deref()) {
        // Not let into the account that has the address: the attempt waits for an operator to link it.
        let request = db::link_requests::NewLinkRequest {
            provider: &person.provider_key,
            subject: &person.subject,
            email,
            display_name: &person.display_name.as_deref().and_then(clean_name).unwrap_or_default(),
            provider_name: &clip(provider.display_name),
            institution_id: provider.institution_id,
        };
        if let Err(e) = db::link_requests::record(db.pool(), &request, now).await {
            tracing::warn!(error = %e, "could not record the sign-in waiting to be linked");
        }
    }
    admitted
}

/// What the rules of the person's institution (else the provider's default) make of `person`, and in which
/// institution.
async fn decide(db: &Db, provider: &Source<'_>, person: &Person) -> Result<(Home, Decision), SignInError> {
    let home = home(db, provider, person).await?;
    let rules: Vec<Rule> = db::providers::rules(db.pool(), home.institution_id)
        .await?
        .into_iter()
        .filter_map(|r| {
            let rights = r.rights();
            Grant::parse(&r.role).map(|grant| Rule { claim: r.claim, pattern: r.pattern, grant, rights })
        })
        .collect();
    let default = Grant::parse(provider.default_role).unwrap_or(Grant::None);
    let decision = roles::decide(&person.claims, &rules, default);
    let decision = if home.outsider { roles::guest_at_most(decision) } else { decision };
    Ok((home, decision))
}

async fn admit_in(db: &Db, now: i64, provider: &Source<'_>, person: &Person) -> Result<Admitted, SignInError> {
    let (home, decision) = decide(db, provider, person).await?;
    let institution_id = home.institution_id;

    let mut tx = db.begin().await?;
    let existing = db::providers::identity_user(&mut *tx, &person.provider_key, &person.subject).await?;
    let (user_id, created) = match existing {
        Some(id) => {
            let user = db::users::by_id(&mut *tx, id).await?;
            if user.is_disabled() {
                return Err(SignInError::NotAdmitted);
            }
            if let Some(name) = person.display_name.as_deref().and_then(clean_name) {
                sqlx::query("UPDATE users SET display_name = $2, updated_at = $3 WHERE id = $1 AND display_name <> $2")
                    .bind(id)
                    .bind(&name)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(db::DbError::from)?;
            }
            (id, false)
        }
        None => {
            if decision.grant == Grant::None {
                return Err(SignInError::NotAdmitted);
            }
            let email = person.email.as_deref().ok_or(SignInError::NoEmail)?;
            if db::users::by_email(&mut *tx, email).await?.is_some() {
                return Err(SignInError::EmailTaken);
            }
            let name = person.display_name.as_deref().and_then(clean_name).unwrap_or_else(|| email.to_owned());
            let new = db::users::NewUser { email, display_name: &name, password_hash: None, is_operator: false };
            let id = match db::users::insert(&mut tx, &new, now).await {
                Ok(id) => id,
                // Created at this instant by the same person's other sign-in, or the address was taken meanwhile.
                Err(db::DbError::Conflict) => return Err(SignInError::EmailTaken),
                Err(e) => return Err(e.into()),
            };
            match db::providers::link_identity(&mut *tx, id, &person.provider_key, &person.subject, now).await {
                Ok(()) => {}
                Err(db::DbError::Conflict) => return Err(SignInError::Expired),
                Err(e) => return Err(e.into()),
            }
            (id, true)
        }
    };
    let source = match &decision.because {
        Some((claim, value)) => format!("{} {}", clip(claim), clip(value)),
        None => format!("default {}", clip(provider.display_name)),
    };
    if home.outsider {
        tracing::info!(institution_id, "signed in from outside the member institutions: a guest at most");
    }
    match decision.grant {
        Grant::Role(role) => {
            let m = Granted { institution_id, user_id, role, rights: decision.rights };
            set_membership(&mut tx, &m, &source, now).await?
        }
        Grant::None => {
            // No longer admitted by the rules: the membership this institution gave goes.
            sqlx::query("DELETE FROM memberships WHERE institution_id = $1 AND user_id = $2")
                .bind(institution_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .map_err(db::DbError::from)?;
            let user = db::users::by_id(&mut *tx, user_id).await?;
            let others = db::users::memberships(&mut *tx, user_id).await?;
            if others.is_empty() && !user.operator() {
                tx.commit().await.map_err(db::DbError::from)?;
                return Err(SignInError::NotAdmitted);
            }
        }
    }
    let why = match &decision.because {
        Some((claim, value)) => format!("{} {claim}={}", decision.grant.as_str(), clip(value)),
        None => format!("{} (default)", decision.grant.as_str()),
    };
    db::audit::record(&mut *tx, now, Some(user_id), Some(institution_id), "login.federated", &why).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(Admitted { user_id, created, decision })
}

/// A "test sign-in" by `admin`: what the provider sent for `person` and the role the institution's rules would
/// give, kept for that admin to read on the institution's sign-in page. Nothing else changes: no account, no
/// membership, no session. The claims are shown as received (the page writes them as text) and never logged.
pub async fn record_test(
    db: &Db,
    now: i64,
    admin: i64,
    provider: &Source<'_>,
    person: &Person,
) -> Result<(), SignInError> {
    let (_, decision) = decide(db, provider, person).await?;
    let has_account = db::providers::identity_user(db.pool(), &person.provider_key, &person.subject).await?.is_some();
    let view = app::auth::rules::SignInTestView {
        provider: clip(provider.display_name),
        at: now,
        identifier: format!("{} · {}", person.provider_key, person.subject),
        email: person.email.clone(),
        display_name: person.display_name.as_deref().and_then(clean_name),
        claims: person.claims.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        role: decision.grant.as_str().to_owned(),
        because: decision.because,
        has_account,
    };
    let json = serde_json::to_string(&view).map_err(|e| SignInError::Invalid(e.to_string()))?;
    // A provider that sends megabytes of attributes: the test keeps what fits and says so by its size.
    let json = if json.len() > 250_000 {
        let mut small = view.clone();
        small.claims.truncate(50);
        for (_, values) in &mut small.claims {
            values.truncate(20);
            for v in values.iter_mut() {
                *v = v.chars().take(500).collect();
            }
        }
        serde_json::to_string(&small).map_err(|e| SignInError::Invalid(e.to_string()))?
    } else {
        json
    };
    db::sign_in_tests::put(db.pool(), admin, provider.institution_id, &json, now).await?;
    Ok(())
}

/// A membership as the rules give it.
struct Granted {
    institution_id: i64,
    user_id: i64,
    role: Role,
    rights: Rights,
}

async fn set_membership(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    m: &Granted,
    source: &str,
    now: i64,
) -> Result<(), db::DbError> {
    sqlx::query(
        "INSERT INTO memberships (user_id, institution_id, role, created_at, granted_by, may_book, may_record, \
         may_personal_room) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (user_id, institution_id) DO UPDATE SET role = excluded.role, granted_by = excluded.granted_by, \
         may_book = excluded.may_book, may_record = excluded.may_record, may_personal_room = excluded.may_personal_room",
    )
    .bind(m.user_id)
    .bind(m.institution_id)
    .bind(m.role.as_str())
    .bind(now)
    .bind(source)
    .bind(Rights::to_db(m.rights.book))
    .bind(Rights::to_db(m.rights.record))
    .bind(Rights::to_db(m.rights.personal_room))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A display name as a provider sent it, made fit to show: no control characters, at most the form's length.
fn clean_name(name: &str) -> Option<String> {
    let n: String = name.chars().filter(|c| !c.is_control()).take(app::validate::NAME_MAX).collect();
    let n = n.trim().to_owned();
    (!n.is_empty()).then_some(n)
}

fn clip(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name(" Ada\u{0}\n Lovelace "), Some("Ada Lovelace".into()));
        assert_eq!(clean_name("\n\t"), None);
        assert!(clean_name(&"x".repeat(1000)).unwrap().chars().count() <= app::validate::NAME_MAX);
    }
}
