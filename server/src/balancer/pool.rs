//! The pool registry: registering a server checks that it answers with the given secret before it is stored.

use secrecy::SecretString;

use super::bbb::checksum::Algorithm;
use super::bbb::client::{BbbClient, BbbError, Endpoint};
use super::placement::AdminState;
use super::tls;
use crate::db::{self, Db, DbError};

#[derive(Clone, Debug)]
pub struct ServerInput {
    pub name: String,
    /// The API base, e.g. `https://bbb1.example.org/bigbluebutton/api`; a bare host gets that path added.
    pub url: String,
    pub secret: String,
    pub algorithm: String,
    pub region: String,
    pub latitude: f64,
    pub longitude: f64,
    pub capacity: u32,
    pub tags: Vec<String>,
    pub institution_id: Option<i64>,
    /// PEM certificates of a private CA to trust for this server's https (operators only).
    pub ca_pem: Option<String>,
    /// Added by an operator (who may add loopback, private and internal addresses); otherwise the address must be
    /// public, also after name resolution.
    pub by_operator: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error("the server at {url} could not be reached ({detail}); check the address and that it is up")]
    Unreachable { url: String, detail: String },
    #[error("the server at {url} refused the secret (checksumError); copy it again from `bbb-conf --secret`")]
    WrongSecret { url: String },
    #[error("the address {url} does not answer like a BigBlueButton API ({detail})")]
    NotBbb { url: String, detail: String },
    #[error(
        "the server's TLS certificate is not trusted: {detail} (at {url}); if it comes from a private CA, add \
         --ca-file with that CA's certificate"
    )]
    Untrusted { url: String, detail: String },
    #[error("the address is refused: {0}; only operators may add servers on loopback, private or internal addresses")]
    NotPublic(&'static str),
    #[error("a server with this name or address is already registered")]
    Exists,
    #[error("no such server")]
    NotFound,
    #[error(transparent)]
    Db(DbError),
}

impl From<DbError> for PoolError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Conflict => PoolError::Exists,
            DbError::NotFound => PoolError::NotFound,
            other => PoolError::Db(other),
        }
    }
}

fn invalid(field: &'static str, message: &str) -> PoolError {
    PoolError::Invalid { field, message: message.to_owned() }
}

/// `https://host` → `https://host/bigbluebutton/api`; refuses anything that is not an http(s) URL.
pub fn normalize_api_url(raw: &str) -> Result<String, PoolError> {
    let url = url::Url::parse(raw.trim()).map_err(|_| invalid("url", "not an absolute http(s) address"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() || url.query().is_some() {
        return Err(invalid("url", "not an absolute http(s) address without a query"));
    }
    let mut s = url.to_string().trim_end_matches('/').to_owned();
    if !s.ends_with("/bigbluebutton/api") {
        s.push_str("/bigbluebutton/api");
    }
    Ok(s)
}

/// Refuses an address that is loopback, private, link-local or an internal name, and a name that resolves to
/// such an address (the rule front ends' callbacks follow); `allow` lists hosts let through anyway.
pub async fn check_public(api_url: &str, allow: &[String]) -> Result<(), PoolError> {
    let url = crate::outbound::check_target(api_url, allow)
        .map_err(|_| PoolError::NotPublic("the address is loopback, private, link-local or an internal name"))?;
    let host = url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']').to_owned();
    if let Some(url::Host::Domain(_)) = url.host()
        && !allow.iter().any(|a| a.eq_ignore_ascii_case(&host))
    {
        let port = url.port_or_known_default().unwrap_or(443);
        let addrs: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
            .await
            .map_err(|_| PoolError::Unreachable {
                url: api_url.to_owned(),
                detail: "the name does not resolve".into(),
            })?
            .collect();
        if addrs.is_empty() || addrs.iter().any(|a| !crate::outbound::is_public(a.ip())) {
            return Err(PoolError::NotPublic("the name resolves to a loopback, private or internal address"));
        }
    }
    Ok(())
}

/// Admits an institution's server to the shared pool (`true`) or takes it back; the network's own servers serve
/// everyone anyway and are refused.
pub async fn set_shared(db: &Db, name: &str, shared: bool, now: i64) -> Result<(), PoolError> {
    let row = db::servers::by_name(db.pool(), name).await?;
    if row.institution_id.is_none() {
        return Err(invalid("name", "this is one of the network's own servers: it serves every institution"));
    }
    db::servers::set_shared(db.pool(), row.id, shared, now).await?;
    Ok(())
}

/// Checks the server answers with the secret, then stores it (online, with the load it reported).
pub async fn register(db: &Db, client: &BbbClient, input: &ServerInput, now: i64) -> Result<i64, PoolError> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(invalid("name", "1 to 80 characters"));
    }
    let url = normalize_api_url(&input.url)?;
    let secret = input.secret.trim();
    if secret.chars().count() < 32 || secret.chars().count() > 200 {
        return Err(invalid("secret", "32 to 200 characters (BigBlueButton's secrets are 40 or more)"));
    }
    let algorithm =
        Algorithm::parse(&input.algorithm).ok_or_else(|| invalid("algorithm", "sha1, sha256, sha384 or sha512"))?;
    if !(-90.0..=90.0).contains(&input.latitude) || !(-180.0..=180.0).contains(&input.longitude) {
        return Err(invalid("coordinates", "latitude -90..90, longitude -180..180"));
    }
    if input.capacity == 0 || input.capacity > 100_000 {
        return Err(invalid("capacity", "1 to 100000 seats"));
    }
    let tags: Vec<String> = input.tags.iter().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect();
    if tags.iter().any(|t| t.contains(',') || t.len() > 40) {
        return Err(invalid("tags", "short words without commas"));
    }
    let ca_pem = match input.ca_pem.as_deref() {
        Some(_) if !input.by_operator => return Err(invalid("ca_pem", "only operators may add a private CA")),
        Some(pem) => {
            Some(tls::read_ca_pem(pem).map_err(|e| PoolError::Invalid { field: "ca_pem", message: e.to_string() })?)
        }
        None => None,
    };
    if !input.by_operator {
        check_public(&url, client.allowed_hosts()).await?;
    }
    let endpoint = Endpoint {
        api_url: url.clone(),
        secret: SecretString::from(secret.to_owned()),
        algorithm,
        ca_pem: ca_pem.as_deref().map(Into::into),
        public_only: !input.by_operator,
    };
    let meetings = match client.check(&endpoint).await {
        Ok(m) => m,
        Err(e) if e.is_checksum_error() => return Err(PoolError::WrongSecret { url }),
        Err(BbbError::Tls(detail)) => return Err(PoolError::Untrusted { url, detail }),
        Err(e @ (BbbError::Malformed(_) | BbbError::Http(_) | BbbError::Failed { .. })) => {
            return Err(PoolError::NotBbb { url, detail: e.to_string() });
        }
        Err(e) => return Err(PoolError::Unreachable { url, detail: e.to_string() }),
    };
    let participants: u32 = meetings.iter().map(|m| m.participant_count).sum();
    let row = db::servers::NewServer {
        name,
        api_url: &url,
        secret,
        algorithm: algorithm.name(),
        institution_id: input.institution_id,
        region: input.region.trim(),
        latitude: input.latitude,
        longitude: input.longitude,
        capacity: i64::from(input.capacity),
        tags: &tags.join(","),
        ca_pem: ca_pem.as_deref(),
        public_only: !input.by_operator,
        meetings: meetings.len() as i64,
        participants: i64::from(participants),
    };
    let id = db::servers::insert(db.pool(), &row, now).await?;
    tracing::info!(server_id = id, "conference server registered");
    Ok(id)
}

pub async fn set_state(db: &Db, name: &str, state: &str, now: i64) -> Result<(), PoolError> {
    let state = AdminState::parse(state).ok_or_else(|| invalid("state", "enabled, cordoned or disabled"))?;
    let row = db::servers::by_name(db.pool(), name).await?;
    db::servers::set_admin_state(db.pool(), row.id, state, now).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_urls() {
        assert_eq!(normalize_api_url("https://bbb.example.org").unwrap(), "https://bbb.example.org/bigbluebutton/api");
        assert_eq!(
            normalize_api_url("https://bbb.example.org/bigbluebutton/api/").unwrap(),
            "https://bbb.example.org/bigbluebutton/api"
        );
        assert!(normalize_api_url("ftp://bbb.example.org").is_err());
        assert!(normalize_api_url("bbb.example.org").is_err());
        assert!(normalize_api_url("https://bbb.example.org/api?x=1").is_err());
    }
}
