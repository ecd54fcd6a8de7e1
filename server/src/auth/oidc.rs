//! Signing in through an institution's OpenID Connect provider (authorization code flow with PKCE).
//!
//! `begin` keeps the flow on the server (state, nonce, PKCE verifier, where to go afterwards), found again by the
//! hash of a short-lived flow cookie, and sends the browser to the provider. `finish` takes that flow once, checks
//! what `openidconnect` leaves to its caller (the `state`, the RFC 9207 `iss` parameter (required when the provider
//! advertises it), `iat`, the algorithms
//! allowed — never the provider's HMAC with our secret —, one rate-limited key refresh for an unknown `kid`,
//! userinfo's `sub` against the ID token's) and returns who the person is. The provider's HTTP client follows no
//! redirects and trusts the provider's own CA when an operator gave one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthenticationFlow, CoreClaimName, CoreClaimType, CoreClient, CoreClientAuthMethod,
    CoreGrantType, CoreIdTokenVerifier, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm, CoreResponseMode, CoreResponseType,
    CoreSubjectIdentifierType,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use sha2::{Digest, Sha256};

use super::roles::Claims;
use crate::db::{self, Db};

/// What discovery says beyond the crate's core fields: whether the provider names itself in its answers (RFC 9207),
/// and where a person signs out of it (OpenID Connect RP-Initiated Logout).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
pub struct MoreMetadata {
    #[serde(default)]
    authorization_response_iss_parameter_supported: Option<bool>,
    #[serde(default)]
    end_session_endpoint: Option<openidconnect::EndSessionUrl>,
}

impl openidconnect::AdditionalProviderMetadata for MoreMetadata {}

type CoreProviderMetadata = openidconnect::ProviderMetadata<
    MoreMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// The client as discovery makes it: authorization endpoint set, token and userinfo endpoints as the provider has them.
type Client = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

/// How long a browser has between leaving for the provider and coming back.
pub const FLOW_SECONDS: i64 = 600;
/// How far an ID token's `iat` may be in the future (clocks differ) or in the past.
const IAT_SKEW: i64 = 120;
const IAT_MAX_AGE: i64 = 600;
/// Discovery (with the provider's keys) is kept this long, and read again at most this often for an unknown key.
const METADATA_FRESH: Duration = Duration::from_secs(3600);
const KEY_REFRESH_EVERY: Duration = Duration::from_secs(60);
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a sign-in through a provider did not happen. Each says what the person can do (`code` goes to the sign-in
/// page, which says it in their language); the details go to the log, never tokens or claims.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("no such provider, or it is switched off")]
    UnknownProvider,
    #[error("the sign-in flow is missing, expired or already used")]
    Expired,
    #[error("the provider refused: {0}")]
    Refused(String),
    #[error("the provider cannot be reached: {0}")]
    Unreachable(String),
    #[error("the provider's answer cannot be trusted: {0}")]
    Invalid(String),
    #[error("the provider sent no verified e-mail address")]
    NoEmail,
    #[error("an account with this e-mail address exists and is not linked to this provider")]
    EmailTaken,
    #[error("the institution's rules do not admit this person")]
    NotAdmitted,
    #[error("the provider sent no stable identifier for the person")]
    NoIdentifier,
    #[error("the provider vouched for a value outside its own domains: {0}")]
    OutOfScope(String),
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl SignInError {
    /// The code the sign-in page knows (`/login?error=…`).
    pub fn code(&self) -> &'static str {
        match self {
            SignInError::UnknownProvider | SignInError::Expired => "federated_expired",
            SignInError::Refused(_) => "federated_refused",
            SignInError::Unreachable(_) => "federated_unreachable",
            SignInError::Invalid(_) => "federated_invalid",
            SignInError::NoEmail => "no_email",
            SignInError::EmailTaken => "email_taken",
            SignInError::NotAdmitted => "not_admitted",
            SignInError::NoIdentifier => "no_identifier",
            SignInError::OutOfScope(_) => "out_of_scope",
            SignInError::Db(_) => "federated_unreachable",
        }
    }
}

/// Who the provider says the person is.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Person {
    /// `oidc:<issuer>`: a subject means something only at its issuer.
    pub provider_key: String,
    pub subject: String,
    /// Only when the provider says it is verified.
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub claims: Claims,
}

impl std::fmt::Debug for Person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Claims and addresses are personal data: never in a log.
        f.debug_struct("Person").field("provider_key", &self.provider_key).finish_non_exhaustive()
    }
}

pub struct Finished {
    pub person: Person,
    pub provider: db::providers::ProviderRow,
    pub next: String,
    /// The admin this was a "test sign-in" for.
    pub test_by: Option<i64>,
    /// The ID token as received (for the provider's sign-out, as its hint).
    pub id_token: String,
}

struct Cached {
    at: Instant,
    metadata: CoreProviderMetadata,
    refreshed: Option<Instant>,
}

/// The providers' discovery documents and keys, per provider.
#[derive(Default, Clone)]
pub struct Oidc {
    cache: Arc<Mutex<HashMap<i64, Cached>>>,
}

/// The SHA-256 (hex) of a flow cookie's value: the database never holds the cookie itself.
pub fn flow_id(cookie: &str) -> String {
    hex(&Sha256::digest(cookie.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn random_token() -> String {
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex(&b)
}

fn http(provider: &db::providers::ProviderRow) -> Result<reqwest::Client, SignInError> {
    let mut b = reqwest::Client::builder()
        .timeout(HTTP_TIMEOUT)
        .connect_timeout(HTTP_TIMEOUT)
        // The protocol's own answers are never redirects to follow (SSRF through a provider).
        .redirect(reqwest::redirect::Policy::none());
    if let Some(pem) = &provider.ca_pem {
        for c in reqwest::Certificate::from_pem_bundle(pem.as_bytes())
            .map_err(|_| SignInError::Unreachable("the provider's CA certificate cannot be read".into()))?
        {
            b = b.add_root_certificate(c);
        }
    }
    b.build().map_err(|e| SignInError::Unreachable(format!("no HTTP client: {e}")))
}

fn transport(e: impl std::error::Error + 'static) -> SignInError {
    SignInError::Unreachable(chain(&e))
}

/// An error with its causes (a TLS problem named), for the log and the operator.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    if let Some(tls) = crate::balancer::tls::tls_problem(e) {
        return format!(
            "the provider's TLS certificate was refused ({tls}); if a private CA signed it, give that CA's certificate"
        );
    }
    let mut out = e.to_string();
    let mut cur = e.source();
    for _ in 0..8 {
        let Some(c) = cur else { break };
        out.push_str(": ");
        out.push_str(&c.to_string());
        cur = c.source();
    }
    out
}

impl Oidc {
    async fn metadata(
        &self,
        provider: &db::providers::ProviderRow,
        http: &reqwest::Client,
        force: bool,
    ) -> Result<CoreProviderMetadata, SignInError> {
        {
            let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(c) = cache.get_mut(&provider.id) {
                let recently_refreshed = c.refreshed.is_some_and(|r| r.elapsed() < KEY_REFRESH_EVERY);
                if c.at.elapsed() < METADATA_FRESH && (!force || recently_refreshed) {
                    return Ok(c.metadata.clone());
                }
                if force {
                    c.refreshed = Some(Instant::now());
                }
            }
        }
        let issuer = IssuerUrl::new(provider.issuer.clone()).map_err(|e| SignInError::Invalid(e.to_string()))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, http).await.map_err(transport)?;
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        let refreshed = force.then(Instant::now);
        cache.insert(provider.id, Cached { at: Instant::now(), metadata: metadata.clone(), refreshed });
        Ok(metadata)
    }

    fn client(
        provider: &db::providers::ProviderRow,
        metadata: CoreProviderMetadata,
        redirect: &str,
    ) -> Result<Client, SignInError> {
        let redirect = RedirectUrl::new(redirect.to_owned()).map_err(|e| SignInError::Invalid(e.to_string()))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(provider.client_id.clone()),
            Some(ClientSecret::new(provider.client_secret.clone())),
        )
        .set_redirect_uri(redirect))
    }

    /// Where to send the browser to sign out of the provider too, when it offers that (RP-Initiated Logout): its
    /// end-session address with the ID token of the sign-in as hint, our client id, and `back` to return to.
    /// `None` when it has none, or cannot be reached now (the person is signed out of Convene either way).
    pub async fn logout_url(&self, db: &Db, provider_id: i64, id_token: &str, back: &str) -> Option<String> {
        let provider = db::providers::by_id(db.pool(), provider_id).await.ok().filter(|p| p.enabled == 1)?;
        let http = http(&provider).ok()?;
        let metadata = match self.metadata(&provider, &http, false).await {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(provider = provider.id, error = %e, "provider unreachable: signed out of Convene only");
                return None;
            }
        };
        let end = metadata.additional_metadata().end_session_endpoint.clone()?;
        let mut request = openidconnect::LogoutRequest::from(end)
            .set_client_id(ClientId::new(provider.client_id.clone()))
            .set_post_logout_redirect_uri(openidconnect::PostLogoutRedirectUrl::new(back.to_owned()).ok()?);
        if let Ok(token) = id_token.parse::<openidconnect::core::CoreIdToken>() {
            request = request.set_id_token_hint(&token);
        }
        Some(request.http_get_url().to_string())
    }

    /// Reads a provider's discovery document (and keys) as a sign-in would: it must answer, over https, as the
    /// issuer it is configured with.
    pub async fn check(&self, provider: &db::providers::ProviderRow) -> Result<(), SignInError> {
        let http = http(provider)?;
        let issuer = IssuerUrl::new(provider.issuer.clone()).map_err(|e| SignInError::Invalid(e.to_string()))?;
        CoreProviderMetadata::discover_async(issuer, &http).await.map_err(|e| SignInError::Unreachable(chain(&e)))?;
        Ok(())
    }

    /// Starts a sign-in: stores the flow and returns the provider's address and the flow cookie's value.
    pub async fn begin(
        &self,
        db: &Db,
        now: i64,
        provider_id: i64,
        redirect: &str,
        next: &str,
        test_by: Option<i64>,
    ) -> Result<(String, String), SignInError> {
        let provider = match db::providers::by_id(db.pool(), provider_id).await {
            Ok(p) if p.enabled == 1 && p.kind == "oidc" => p,
            Ok(_) | Err(db::DbError::NotFound) => return Err(SignInError::UnknownProvider),
            Err(e) => return Err(e.into()),
        };
        let http = http(&provider)?;
        let metadata = self.metadata(&provider, &http, false).await?;
        let client = Self::client(&provider, metadata, redirect)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut auth =
            client.authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random);
        for scope in provider.scopes.split_whitespace().filter(|s| *s != "openid") {
            auth = auth.add_scope(Scope::new(scope.to_owned()));
        }
        let (url, state, nonce) = auth.set_pkce_challenge(challenge).url();
        let cookie = random_token();
        let flow = db::providers::NewFlow {
            id: &flow_id(&cookie),
            provider_id: provider.id,
            state: state.secret(),
            nonce: nonce.secret(),
            pkce_verifier: verifier.secret(),
            next,
            test_by,
        };
        db::providers::insert_flow(db.pool(), &flow, now, now + FLOW_SECONDS).await?;
        Ok((url.to_string(), cookie))
    }

    /// Ends a sign-in: the flow is taken (once), the answer checked, the person read.
    pub async fn finish(
        &self,
        db: &Db,
        now: i64,
        cookie: Option<&str>,
        query: &CallbackQuery,
        redirect: &str,
    ) -> Result<Finished, SignInError> {
        let cookie = cookie.ok_or(SignInError::Expired)?;
        let id = flow_id(cookie);
        let flow = db::providers::flow(db.pool(), &id, now).await?.ok_or(SignInError::Expired)?;
        // The state binds this answer to this browser's flow (compared in constant time). A wrong one leaves the
        // flow alone: a link with any state cannot end someone's sign-in in progress.
        let state = query.state.as_deref().unwrap_or("");
        if state.is_empty() || !bool::from(subtle::ConstantTimeEq::ct_eq(state.as_bytes(), flow.state.as_bytes())) {
            return Err(SignInError::Invalid("state does not match this browser's sign-in".into()));
        }
        // Taken once: of two callbacks with this flow, one gets it.
        let flow = db::providers::take_flow(db.pool(), &id, now).await?.ok_or(SignInError::Expired)?;
        let provider = db::providers::by_id(db.pool(), flow.provider_id).await?;
        if provider.enabled != 1 {
            return Err(SignInError::UnknownProvider);
        }
        if let Some(error) = &query.error {
            let what = query.error_description.as_deref().unwrap_or("");
            return Err(SignInError::Refused(format!("{} {}", clip(error), clip(what))));
        }
        let http = http(&provider)?;
        let metadata = self.metadata(&provider, &http, false).await?;
        // RFC 9207: an answer that names its issuer must name this flow's provider (mix-up attacks); a provider
        // that says it always does must not leave it out. (Each flow is bound to one provider besides.)
        let names_itself = metadata.additional_metadata().authorization_response_iss_parameter_supported == Some(true);
        match query.iss.as_deref() {
            Some(iss) if iss == provider.issuer => {}
            Some(_) => return Err(SignInError::Invalid("the answer's iss is another provider's".into())),
            None if names_itself => return Err(SignInError::Invalid("the answer's iss is missing".into())),
            None => {}
        }
        let code = query.code.as_deref().filter(|c| !c.is_empty()).ok_or(SignInError::Invalid("no code".into()))?;
        let client = Self::client(&provider, metadata, redirect)?;
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| SignInError::Invalid(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(flow.pkce_verifier.clone()))
            .request_async(&http)
            .await
            .map_err(|e| match e {
                // The provider said no (an error answer), or it could not be reached, or what it sent is no
                // token response (an ID token without a subject, say).
                openidconnect::RequestTokenError::ServerResponse(r) => {
                    SignInError::Refused(format!("token: {}", clip(&r.to_string())))
                }
                openidconnect::RequestTokenError::Request(r) => SignInError::Unreachable(chain(&r)),
                other => SignInError::Invalid(format!("token: {}", clip(&other.to_string()))),
            })?;
        let id_token = token.id_token().ok_or_else(|| SignInError::Invalid("no ID token".into()))?;
        let nonce = Nonce::new(flow.nonce.clone());
        let verified = {
            let verifier = id_token_verifier(&client, now);
            id_token.claims(&verifier, &nonce).cloned()
        };
        let claims = match verified {
            Ok(c) => c,
            Err(openidconnect::ClaimsVerificationError::SignatureVerification(_)) => {
                // Maybe a key the provider rotated in: its keys are read again (at most once a minute).
                let metadata = self.metadata(&provider, &http, true).await?;
                let client = Self::client(&provider, metadata, redirect)?;
                let verifier = id_token_verifier(&client, now);
                id_token.claims(&verifier, &nonce).cloned().map_err(|e| SignInError::Invalid(e.to_string()))?
            }
            Err(e) => return Err(SignInError::Invalid(e.to_string())),
        };
        let subject = claims.subject().as_str().to_owned();
        if subject.is_empty() || subject.len() > 255 {
            return Err(SignInError::Invalid("the subject is empty or too long".into()));
        }
        // Userinfo, when the provider has it: its `sub` must be the ID token's.
        let mut all = Claims::new();
        if let Some(endpoint) = client.user_info_url() {
            let info: serde_json::Value = http
                .get(endpoint.url().clone())
                .bearer_auth(token.access_token().secret())
                .header(reqwest::header::ACCEPT, "application/json")
                .send()
                .await
                .map_err(transport)?
                .error_for_status()
                .map_err(|e| SignInError::Refused(format!("userinfo: {e}")))?
                .json()
                .await
                .map_err(|e| SignInError::Invalid(format!("userinfo: {e}")))?;
            if info.get("sub").and_then(|s| s.as_str()) != Some(subject.as_str()) {
                return Err(SignInError::Invalid("userinfo is about someone else".into()));
            }
            add_claims(&mut all, &info);
        }
        // The ID token's own claims (its signature verified above), all of them, also those the crate's claim type
        // does not name (groups, eduPerson claims a provider puts only there), fill in what userinfo did not say.
        let mut from_token = Claims::new();
        if let Some(payload) = id_token.to_string().split('.').nth(1) {
            use base64::Engine;
            if let Ok(json) = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload.trim_end_matches('='))
                .ok()
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                .ok_or(())
            {
                add_claims(&mut from_token, &json);
            }
        }
        for (k, v) in from_token {
            all.entry(k).or_insert(v);
        }
        let verified_email = all.get("email_verified").is_some_and(|v| v.iter().any(|x| x == "true"));
        if !verified_email {
            // An address the provider has not verified means nothing, to rules either.
            all.remove("email");
        }
        let email = all
            .get("email")
            .and_then(|v| v.first())
            .map(|e| e.trim().to_lowercase())
            .and_then(|e| app::validate::email("email", &e).ok());
        let display_name = all.get("name").and_then(|v| v.first()).cloned().or_else(|| {
            let given = all.get("given_name").and_then(|v| v.first()).cloned().unwrap_or_default();
            let family = all.get("family_name").and_then(|v| v.first()).cloned().unwrap_or_default();
            let both = format!("{given} {family}").trim().to_owned();
            (!both.is_empty()).then_some(both)
        });
        let person =
            Person { provider_key: format!("oidc:{}", provider.issuer), subject, email, display_name, claims: all };
        let id_token = id_token.to_string();
        Ok(Finished { person, provider, next: flow.next, test_by: flow.test_by, id_token })
    }
}

/// The checks of an ID token: signature by the provider's keys with an asymmetric algorithm only (never HMAC with
/// the client secret, never `none`), issuer, audience, expiry, nonce, and an issue time near now.
fn id_token_verifier<'a>(client: &'a Client, now: i64) -> CoreIdTokenVerifier<'a> {
    client
        .id_token_verifier()
        .set_allowed_algs(vec![
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
            CoreJwsSigningAlgorithm::RsaSsaPssSha256,
            CoreJwsSigningAlgorithm::RsaSsaPssSha384,
            CoreJwsSigningAlgorithm::RsaSsaPssSha512,
            CoreJwsSigningAlgorithm::EcdsaP256Sha256,
            CoreJwsSigningAlgorithm::EcdsaP384Sha384,
            CoreJwsSigningAlgorithm::EdDsa,
        ])
        .set_issue_time_verifier_fn(move |iat| {
            let iat = iat.timestamp();
            if iat > now + IAT_SKEW {
                Err(format!("issued {}s in the future", iat - now))
            } else if iat < now - IAT_MAX_AGE {
                Err(format!("issued {}s ago", now - iat))
            } else {
                Ok(())
            }
        })
}

/// The string and string-list values of a JSON object's members (numbers and booleans as text).
fn add_claims(into: &mut Claims, json: &serde_json::Value) {
    let Some(obj) = json.as_object() else { return };
    for (k, v) in obj.iter().take(200) {
        let values: Vec<String> = match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Bool(b) => vec![b.to_string()],
            serde_json::Value::Number(n) => vec![n.to_string()],
            serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(str::to_owned)).take(200).collect(),
            _ => continue,
        };
        let values: Vec<String> = values.into_iter().filter(|s| s.len() <= 1000).collect();
        if !values.is_empty() && k.len() <= 200 {
            into.insert(k.clone(), values);
        }
    }
}

/// At most 200 characters of a provider's text, without control characters (it goes to the log).
fn clip(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(200).collect()
}

/// The callback's query.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub iss: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_read_as_text() {
        let mut c = Claims::new();
        add_claims(
            &mut c,
            &serde_json::json!({
                "sub": "u1", "email_verified": true, "n": 3, "list": ["a", "b", 4], "obj": {"x": 1}, "nil": null
            }),
        );
        assert_eq!(c["sub"], vec!["u1"]);
        assert_eq!(c["email_verified"], vec!["true"]);
        assert_eq!(c["n"], vec!["3"]);
        assert_eq!(c["list"], vec!["a", "b"]);
        assert!(!c.contains_key("obj") && !c.contains_key("nil"));
    }

    #[test]
    fn flow_ids_hash_the_cookie() {
        let id = flow_id("abc");
        assert_eq!(id.len(), 64);
        assert_ne!(id, "abc");
        assert_eq!(id, flow_id("abc"));
        assert_eq!(random_token().len(), 64);
        assert_ne!(random_token(), random_token());
    }

    #[test]
    fn provider_text_is_clipped_for_the_log() {
        assert_eq!(clip("a\nb\u{7}c"), "abc");
        assert_eq!(clip(&"x".repeat(500)).len(), 200);
    }
}
