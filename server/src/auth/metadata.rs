//! What operators give to add an identity provider, and what can be wrong with it: the error of that layer (each
//! refusal names its form field), and reading a SAML IdP's metadata or a federation's aggregate from its https
//! address (no redirects, bounded size, a private CA if one is given).

use crate::db;

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// Refused input: the form field it concerns (`issuer`, `metadata_url`…) and what is wrong, said to an operator.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    /// A SAML IdP's metadata cannot be used (from the address or the document given in `field`).
    #[error("the metadata: {error}")]
    Metadata { field: &'static str, error: super::saml::idp::MetadataError },
    #[error("no institution with the slug {0:?}")]
    NoInstitution(String),
    #[error("this provider (issuer and client id, or SAML entity id) is already added")]
    Exists,
    #[error("the provider's discovery document could not be read: {0}")]
    Unreachable(String),
    #[error(transparent)]
    Db(#[from] db::DbError),
}

pub(crate) fn invalid(field: &'static str, what: impl Into<String>) -> ProviderError {
    ProviderError::Invalid { field, message: what.into() }
}

/// Reads an IdP's metadata (or a federation's aggregate) from `url`: https only, no redirects, at most `limit` bytes.
pub async fn fetch_metadata(url: &str, ca_pem: Option<&str>, limit: usize) -> Result<String, ProviderError> {
    let parsed = url::Url::parse(url)
        .map_err(|_| invalid("metadata_url", "the metadata address must be an https:// address"))?;
    if parsed.scheme() != "https" || parsed.host().is_none() || url.len() > 2000 {
        return Err(invalid("metadata_url", "the metadata address must be an https:// address"));
    }
    let mut b = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(120))
        .connect_timeout(std::time::Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none());
    if let Some(pem) = ca_pem {
        let pem = crate::balancer::tls::read_ca_pem(pem).map_err(|e| invalid("ca_pem", format!("the CA file: {e}")))?;
        for c in reqwest::Certificate::from_pem_bundle(pem.as_bytes())
            .map_err(|e| invalid("ca_pem", format!("the CA file: {e}")))?
        {
            b = b.add_root_certificate(c);
        }
    }
    let client = b.build().map_err(|e| ProviderError::Unreachable(e.to_string()))?;
    let mut res = client.get(parsed).send().await.map_err(|e| ProviderError::Unreachable(describe(&e)))?;
    if !res.status().is_success() {
        return Err(ProviderError::Unreachable(format!("the metadata address answered {}", res.status())));
    }
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| ProviderError::Unreachable(describe(&e)))? {
        body.extend_from_slice(&chunk);
        if body.len() > limit {
            return Err(ProviderError::Metadata {
                field: "metadata_url",
                error: super::saml::idp::MetadataError::TooLarge,
            });
        }
    }
    String::from_utf8(body).map_err(|_| invalid("metadata_url", "the metadata is not UTF-8 text"))
}

fn describe(e: &reqwest::Error) -> String {
    if let Some(tls) = crate::balancer::tls::tls_problem(e) {
        return format!(
            "the TLS certificate was refused ({tls}); if a private CA signed it, give that CA's certificate"
        );
    }
    crate::outbound::error_chain(e)
}
