//! SAML federations: an operator adds one by its aggregate's address and the certificate the federation signs with;
//! Convene reads the aggregate (only if its signature verifies with that certificate, and it has not expired),
//! keeps every usable IdP in it, reads it again in the background (a failed read keeps the last good copy and is
//! shown), and an operator gives one of its IdPs to an institution: people of that institution then sign in
//! there, its metadata following the aggregate.

use super::metadata::{ProviderError, fetch_metadata, invalid};
use super::roles::Grant;
use super::saml::federation::{self, Aggregate};
use super::saml::idp::{self, MetadataError};
use crate::db::{self, Db};

pub struct FederationInput {
    pub name: String,
    /// The aggregate's https address.
    pub url: String,
    /// The certificate (PEM) the federation signs its aggregate with.
    pub signing_cert_pem: String,
    /// A private CA for the address's https, if it needs one.
    pub ca_pem: Option<String>,
    /// The address is a Metadata Query service's base (entities are looked up one by one), not an aggregate.
    pub mdq: bool,
}

/// What a read of an aggregate found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    pub idps: usize,
    pub skipped: usize,
}

async fn fetch_and_verify(
    url: &str,
    ca_pem: Option<&str>,
    signing_cert_pem: &str,
    now: i64,
) -> Result<Aggregate, ProviderError> {
    let xml = fetch_metadata(url, ca_pem, federation::MAX_BYTES).await?;
    let cert = signing_cert_pem.to_owned();
    let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    // xmlsec over megabytes: CPU work, off the async threads.
    tokio::task::spawn_blocking(move || federation::verify_and_read(&xml, &cert, at))
        .await
        .map_err(|e| ProviderError::Unreachable(e.to_string()))?
        .map_err(|error| ProviderError::Metadata { field: "metadata_url", error })
}

/// Stores a verified aggregate's IdPs; `refreshed`: it came from an address that is read again when due (a file
/// is not).
async fn store(db: &Db, federation_id: i64, a: &Aggregate, now: i64, refreshed: bool) -> Result<Read, ProviderError> {
    let names: Vec<String> = a.idps.iter().map(|(m, _)| db::saml::names_to_lines(&m.names)).collect();
    let scopes: Vec<String> = a.idps.iter().map(|(m, _)| m.scopes.join(" ")).collect();
    let keywords: Vec<String> = a.idps.iter().map(|(m, _)| idp::keywords_to_lines(&m.keywords)).collect();
    let rows: Vec<db::federations::NewFederationIdp<'_>> = a
        .idps
        .iter()
        .enumerate()
        .map(|(i, (m, xml))| db::federations::NewFederationIdp {
            entity_id: &m.entity_id,
            display_name: m.name_in("en").unwrap_or(&m.entity_id),
            names: &names[i],
            logo: m.logo.as_deref().filter(|l| l.len() <= 2000),
            scopes: &scopes[i],
            sso_url: &m.sso_redirect,
            metadata_xml: xml,
            keywords: &keywords[i],
        })
        .collect();
    let valid_until = a.valid_until.map(|t| t.timestamp());
    let next = refreshed.then(|| idp::next_refresh(now, a.cache_seconds, valid_until));
    let skipped = i64::try_from(a.skipped).unwrap_or(i64::MAX);
    let mut tx = db.begin().await?;
    db::federations::replace_idps(&mut tx, federation_id, &rows, skipped, valid_until, next, now).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(Read { idps: a.idps.len(), skipped: a.skipped })
}

/// Checks and stores a federation and the IdPs of its aggregate; returns its id and what was read.
pub async fn add_federation(db: &Db, now: i64, input: FederationInput) -> Result<(i64, Read), ProviderError> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
        return Err(invalid("name", "the name must have 1 to 120 characters"));
    }
    let url = input.url.trim();
    let parsed =
        url::Url::parse(url).map_err(|_| invalid("metadata_url", "the aggregate's address must be https://…"))?;
    if parsed.scheme() != "https" || parsed.host().is_none() || url.len() > 2000 {
        return Err(invalid("metadata_url", "the aggregate's address must be https://…"));
    }
    let cert = input.signing_cert_pem.trim();
    if cert.len() < 100 || cert.len() > 20000 || openssl::x509::X509::from_pem(cert.as_bytes()).is_err() {
        return Err(ProviderError::Metadata { field: "signing_cert_pem", error: MetadataError::BadSigningCert });
    }
    let ca_pem = match input.ca_pem.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(pem) => {
            Some(crate::balancer::tls::read_ca_pem(pem).map_err(|e| invalid("ca_pem", format!("the CA file: {e}")))?)
        }
        None => None,
    };
    if input.mdq {
        // Nothing to read yet: an MDQ service lists no entities; each is looked up when an operator asks.
        let url = url.trim_end_matches('/');
        let mut tx = db.begin().await?;
        let new = db::federations::NewFederation {
            name,
            metadata_url: url,
            signing_cert_pem: cert,
            ca_pem: ca_pem.as_deref(),
            mdq: true,
            next_refresh_at: Some(now + idp::REFRESH_DEFAULT),
        };
        let id = match db::federations::insert(&mut tx, &new, now).await {
            Ok(id) => id,
            Err(db::DbError::Conflict) => return Err(ProviderError::Exists),
            Err(e) => return Err(e.into()),
        };
        db::audit::record(&mut *tx, now, None, None, "federation.add", name).await?;
        tx.commit().await.map_err(db::DbError::from)?;
        return Ok((id, Read { idps: 0, skipped: 0 }));
    }
    // Read and verified before anything is stored.
    let aggregate = fetch_and_verify(url, ca_pem.as_deref(), cert, now).await?;
    let mut tx = db.begin().await?;
    let new = db::federations::NewFederation {
        name,
        metadata_url: url,
        signing_cert_pem: cert,
        ca_pem: ca_pem.as_deref(),
        mdq: false,
        next_refresh_at: None,
    };
    let id = match db::federations::insert(&mut tx, &new, now).await {
        Ok(id) => id,
        Err(db::DbError::Conflict) => return Err(ProviderError::Exists),
        Err(e) => return Err(e.into()),
    };
    db::audit::record(&mut *tx, now, None, None, "federation.add", name).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    let read = store(db, id, &aggregate, now, true).await?;
    Ok((id, read))
}

/// Adds a federation from its aggregate as a file (for a federation that hands it out, or an offline copy), or
/// replaces the IdPs of the one by that name with the file's: verified like a downloaded aggregate, never read
/// again by itself (load a newer file the same way). Returns its id and what was read.
pub async fn load_federation_file(
    db: &Db,
    now: i64,
    name: &str,
    file_name: &str,
    xml: &str,
    signing_cert_pem: &str,
) -> Result<(i64, Read), ProviderError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
        return Err(invalid("name", "the name must have 1 to 120 characters"));
    }
    let cert = signing_cert_pem.trim();
    if cert.len() < 100 || cert.len() > 20000 || openssl::x509::X509::from_pem(cert.as_bytes()).is_err() {
        return Err(ProviderError::Metadata { field: "signing_cert_pem", error: MetadataError::BadSigningCert });
    }
    let (xml_owned, cert_owned) = (xml.to_owned(), cert.to_owned());
    let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    let aggregate = tokio::task::spawn_blocking(move || federation::verify_and_read(&xml_owned, &cert_owned, at))
        .await
        .map_err(|e| ProviderError::Unreachable(e.to_string()))?
        .map_err(|error| ProviderError::Metadata { field: "metadata_xml", error })?;
    let existing = db::federations::list(db.pool()).await?.into_iter().find(|f| f.name == name);
    let id = match existing {
        Some(f) if f.mdq == 0 && f.metadata_url.starts_with("file:") => f.id,
        Some(_) => return Err(ProviderError::Exists),
        None => {
            let label: String =
                file_name.chars().filter(|c| !c.is_control() && *c != '/').take(200).collect::<String>();
            let url = format!("file:///{label}");
            let mut tx = db.begin().await?;
            let new = db::federations::NewFederation {
                name,
                metadata_url: &url,
                signing_cert_pem: cert,
                ca_pem: None,
                mdq: false,
                next_refresh_at: None,
            };
            let id = db::federations::insert(&mut tx, &new, now).await?;
            db::audit::record(&mut *tx, now, None, None, "federation.add", name).await?;
            tx.commit().await.map_err(db::DbError::from)?;
            id
        }
    };
    let read = store(db, id, &aggregate, now, false).await?;
    Ok((id, read))
}

/// Where an MDQ service answers for `entity_id`: `<base>/entities/<the id, percent-encoded>`.
pub fn mdq_url(base: &str, entity_id: &str) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(entity_id.as_bytes()).collect();
    format!("{}/entities/{}", base.trim_end_matches('/'), encoded.replace('+', "%20"))
}

/// Looks up one IdP at an MDQ federation: its signed answer is verified with the federation's certificate, must be
/// about that entity and a usable IdP, and is kept (replacing an earlier answer; an institution's IdP taken from it
/// follows). Returns its id among the federation's IdPs and when the answer says to ask again.
pub async fn lookup(db: &Db, now: i64, federation_id: i64, entity_id: &str) -> Result<(i64, i64), ProviderError> {
    let entity = entity_id.trim();
    if entity.is_empty() || entity.len() > 290 || entity.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(invalid("entity_id", "an entity id has 1 to 290 characters and no spaces"));
    }
    let fed = match db::federations::by_id(db.pool(), federation_id).await {
        Ok(f) => f,
        Err(db::DbError::NotFound) => return Err(invalid("federation", "no such federation")),
        Err(e) => return Err(e.into()),
    };
    if fed.mdq == 0 {
        return Err(invalid("federation", "this federation publishes an aggregate: search its IdPs instead"));
    }
    let xml = fetch_metadata(&mdq_url(&fed.metadata_url, entity), fed.ca_pem.as_deref(), idp::MAX_BYTES).await?;
    let cert = fed.signing_cert_pem.clone();
    let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    let m = tokio::task::spawn_blocking(move || federation::verify_entity(&xml, &cert, at).map(|m| (m, xml)))
        .await
        .map_err(|e| ProviderError::Unreachable(e.to_string()))?
        .map_err(|error| ProviderError::Metadata { field: "entity_id", error })?;
    let (m, xml) = m;
    if m.entity_id != entity {
        return Err(invalid("entity_id", "the service answered for another entity"));
    }
    let names = db::saml::names_to_lines(&m.names);
    let scopes = m.scopes.join(" ");
    let keywords = idp::keywords_to_lines(&m.keywords);
    let row = db::federations::NewFederationIdp {
        entity_id: &m.entity_id,
        display_name: m.name_in("en").unwrap_or(&m.entity_id),
        names: &names,
        logo: m.logo.as_deref().filter(|l| l.len() <= 2000),
        scopes: &scopes,
        sso_url: &m.sso_redirect,
        metadata_xml: &xml,
        keywords: &keywords,
    };
    let valid_until = m.valid_until.map(|t| t.timestamp());
    let mut tx = db.begin().await?;
    let id = db::federations::upsert_idp(&mut tx, fed.id, &row, valid_until, now).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok((id, idp::next_refresh(now, m.cache_seconds, valid_until)))
}

/// Reads again the entities an MDQ federation has answered for; the federation's next read is the soonest any of
/// them asks for, and the last failure is shown (the last good answers stay in use).
async fn refresh_mdq(db: &Db, now: i64, f: &db::federations::FederationRow) -> Result<bool, db::DbError> {
    let mut next = now + idp::REFRESH_MAX;
    let mut error = None;
    for entity in db::federations::entity_ids(db.pool(), f.id).await? {
        match lookup(db, now, f.id, &entity).await {
            Ok((_, at)) => next = next.min(at),
            Err(e) => {
                tracing::warn!(federation = f.id, error = %e, "an MDQ entity not refreshed");
                error = Some(format!("{entity}: {e}"));
                next = next.min(now + 30 * 60);
            }
        }
    }
    db::federations::mdq_refreshed(db.pool(), f.id, next, error.as_deref()).await?;
    Ok(error.is_none())
}

/// Reads the aggregates that are due again. Returns how many were read and how many failed.
pub async fn refresh_federations(db: &Db, now: i64) -> Result<(usize, usize), db::DbError> {
    let (mut good, mut failed) = (0, 0);
    for f in db::federations::due_for_refresh(db.pool(), now).await? {
        if f.mdq != 0 {
            if refresh_mdq(db, now, &f).await? {
                good += 1;
            } else {
                failed += 1;
            }
            continue;
        }
        let outcome = async {
            let a = fetch_and_verify(&f.metadata_url, f.ca_pem.as_deref(), &f.signing_cert_pem, now).await?;
            store(db, f.id, &a, now, true).await
        }
        .await;
        match outcome {
            Ok(read) => {
                tracing::info!(federation = f.id, idps = read.idps, skipped = read.skipped, "federation metadata read");
                good += 1;
            }
            Err(e) => {
                tracing::warn!(federation = f.id, error = %e, "federation metadata not refreshed");
                db::federations::refresh_failed(db.pool(), f.id, &e.to_string(), now + 30 * 60).await?;
                failed += 1;
            }
        }
    }
    Ok((good, failed))
}

/// Gives an IdP of a federation to an institution: its people sign in there. Returns the institution's IdP id
/// (`/login/saml/<id>`).
pub async fn adopt(
    db: &Db,
    now: i64,
    federation_idp: i64,
    institution: &str,
    default_role: &str,
) -> Result<i64, ProviderError> {
    if Grant::parse(default_role).is_none() {
        return Err(invalid("default_role", "the default role must be admin, member, guest or none"));
    }
    let inst = match db::institutions::by_slug(db.pool(), institution).await {
        Ok(i) => i,
        Err(db::DbError::NotFound) => return Err(ProviderError::NoInstitution(institution.to_owned())),
        Err(e) => return Err(e.into()),
    };
    let entry = match db::federations::idp_by_id(db.pool(), federation_idp).await {
        Ok(e) => e,
        Err(db::DbError::NotFound) => return Err(invalid("entity", "no such IdP in the federations")),
        Err(e) => return Err(e.into()),
    };
    let fed = db::federations::by_id(db.pool(), entry.federation_id).await?;
    // An MDQ answer has its own validity; an aggregate's IdPs, the aggregate's.
    let valid_until = entry.valid_until.or(fed.valid_until);
    if valid_until.is_some_and(|t| t <= now) {
        return Err(ProviderError::Metadata {
            field: "entity",
            error: MetadataError::Expired(valid_until.unwrap_or_default().to_string()),
        });
    }
    let new = db::saml::NewIdp {
        institution_id: inst.id,
        entity_id: &entry.entity_id,
        display_name: &entry.display_name,
        sso_url: &entry.sso_url,
        scopes: &entry.scopes,
        metadata_xml: &entry.metadata_xml,
        metadata_url: None,
        valid_until,
        default_role,
        ca_pem: None,
        next_refresh_at: None,
        federation_id: Some(fed.id),
        names: &entry.names,
        own_name: false,
        keywords: &entry.keywords,
    };
    let mut tx = db.begin().await?;
    let id = match db::saml::insert(&mut *tx, &new, now).await {
        Ok(id) => id,
        Err(db::DbError::Conflict) => return Err(ProviderError::Exists),
        Err(e) => return Err(e.into()),
    };
    db::audit::record(&mut *tx, now, None, Some(inst.id), "idp.add", &entry.entity_id).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(id)
}
