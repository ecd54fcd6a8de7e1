//! Signing in through a SAML IdP (SP-initiated, Web Browser SSO profile).
//!
//! `begin` keeps the flow on the server — the AuthnRequest's ID (the only `InResponseTo` accepted), a random
//! RelayState (a key, never a URL), where to go afterwards — found again by the hash of a short-lived flow cookie,
//! and sends the browser to the IdP with a signed AuthnRequest (HTTP-Redirect). `consume` is the assertion
//! consumer service: the IdP's POST arrives cross-site, without Convene's cookies, so it finds the flow by its
//! RelayState, has samael verify the response (signature by the IdP's metadata key only, rsa-sha256 or stronger,
//! destination, recipient, InResponseTo, issuer, time window) and checks what samael leaves to its caller (an
//! audience required, IssueInstant not in the future, a Response signature when the assertion is encrypted, the
//! assertion used once on any instance, scopes), then records the person on the flow. The browser is sent on to
//! `finish`, a same-site GET that carries the flow cookie: only the browser that began the flow gets its session.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use samael::crypto::{AllowedSignatureAlgorithm, CertificateDer};
use samael::metadata::EntityDescriptor;
use samael::schema::Assertion;
use samael::service_provider::{ServiceProvider, ServiceProviderBuilder};
use sha2::{Digest, Sha256};

use super::super::oidc::{Person, SignInError, flow_id, random_token};
use super::person::{self, PersonError, Said};
use super::sp::{acs_url, entity_id, random_id, slo_url};
use super::{SpCredentials, answer};
use crate::db::{self, Db};

/// How long a browser has between leaving for the IdP and coming back.
pub const FLOW_SECONDS: i64 = 600;
/// How far the IdP's clock may be from ours.
const SKEW_SECONDS: i64 = 120;

fn invalid(what: impl Into<String>) -> SignInError {
    SignInError::Invalid(what.into())
}

impl From<PersonError> for SignInError {
    fn from(e: PersonError) -> Self {
        match e {
            PersonError::NoIdentifier | PersonError::TooLong => SignInError::NoIdentifier,
            PersonError::OutOfScope(what) => SignInError::OutOfScope(what),
        }
    }
}

/// samael's service provider for one IdP.
fn service_provider(
    creds: &SpCredentials,
    origin: &str,
    idp: &db::saml::IdpRow,
) -> Result<ServiceProvider, SignInError> {
    let key = openssl::pkey::PKey::private_key_from_pem(creds.key_pem.as_bytes())
        .map_err(|e| invalid(format!("the service provider's key: {e}")))?;
    let cert = openssl::x509::X509::from_pem(creds.cert_pem.as_bytes())
        .and_then(|c| c.to_der())
        .map_err(|e| invalid(format!("the service provider's certificate: {e}")))?;
    let metadata: EntityDescriptor =
        idp.metadata_xml.parse().map_err(|e| invalid(format!("the IdP's stored metadata: {e}")))?;
    ServiceProviderBuilder::default()
        .entity_id(entity_id(origin))
        .key(key)
        .certificate(CertificateDer::from(cert))
        .acs_url(acs_url(origin))
        .slo_url(slo_url(origin))
        .idp_metadata(metadata)
        .allowed_signature_algorithms(vec![
            AllowedSignatureAlgorithm::RsaSha256,
            AllowedSignatureAlgorithm::RsaSha384,
            AllowedSignatureAlgorithm::RsaSha512,
            AllowedSignatureAlgorithm::EcdsaSha256,
            AllowedSignatureAlgorithm::EcdsaSha384,
            AllowedSignatureAlgorithm::EcdsaSha512,
        ])
        .max_clock_skew(Duration::seconds(SKEW_SECONDS))
        .build()
        .map_err(|e| invalid(format!("the service provider: {e}")))
}

async fn usable_idp(db: &Db, id: i64, now: i64) -> Result<db::saml::IdpRow, SignInError> {
    let idp = match db::saml::by_id(db.pool(), id).await {
        Ok(p) if p.enabled == 1 => p,
        Ok(_) | Err(db::DbError::NotFound) => return Err(SignInError::UnknownProvider),
        Err(e) => return Err(e.into()),
    };
    if idp.valid_until.is_some_and(|until| until <= now) {
        return Err(SignInError::Unreachable("the IdP's metadata expired; an operator must renew it".into()));
    }
    Ok(idp)
}

fn relay_state() -> String {
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// Starts a sign-in at IdP `idp_id`: stores the flow and returns the IdP's address (a signed AuthnRequest) and the
/// flow cookie's value.
pub async fn begin(
    db: &Db,
    now: i64,
    creds: &SpCredentials,
    origin: &str,
    idp_id: i64,
    next: &str,
    test_by: Option<i64>,
) -> Result<(String, String), SignInError> {
    let idp = usable_idp(db, idp_id, now).await?;
    let sp = service_provider(creds, origin, &idp)?;
    let mut request =
        sp.make_authentication_request(&idp.sso_url).map_err(|e| invalid(format!("the AuthnRequest: {e}")))?;
    // samael's own ids are 32 random bits: too few to bind an answer to this flow.
    request.id = random_id();
    let relay = relay_state();
    let key = openssl::pkey::PKey::private_key_from_pem(creds.key_pem.as_bytes())
        .map_err(|e| invalid(format!("the service provider's key: {e}")))?;
    let url = request
        .signed_redirect(&relay, &key)
        .map_err(|e| invalid(format!("signing the AuthnRequest: {e}")))?
        .ok_or_else(|| invalid("the AuthnRequest has no destination"))?;
    let cookie = random_token();
    let flow = db::saml::NewFlow {
        id: &flow_id(&cookie),
        idp_id: idp.id,
        relay_state: &relay,
        request_id: &request.id,
        next,
        test_by,
    };
    db::saml::insert_flow(db.pool(), &flow, now, now + FLOW_SECONDS).await?;
    Ok((url.to_string(), cookie))
}

/// The checks samael leaves to its caller, on the assertion it verified. Returns until when the assertion could be
/// accepted (how long its id must be remembered).
fn check_assertion(
    a: &Assertion,
    idp: &db::saml::IdpRow,
    origin: &str,
    now: DateTime<Utc>,
) -> Result<i64, SignInError> {
    let skew = Duration::seconds(SKEW_SECONDS);
    if a.issuer.value.as_deref() != Some(idp.entity_id.as_str()) {
        return Err(invalid("the assertion's issuer is not the IdP asked"));
    }
    if a.issue_instant > now + skew {
        return Err(invalid("the assertion was issued in the future"));
    }
    let conditions = a.conditions.as_ref().ok_or_else(|| invalid("the assertion has no conditions"))?;
    // samael checks an AudienceRestriction only when there is one; Convene requires one, and every one must name it
    // (the specification: all restrictions hold).
    let me = entity_id(origin);
    let restrictions = conditions.audience_restrictions.as_deref().unwrap_or_default();
    if restrictions.is_empty() || !restrictions.iter().all(|r| r.audience.contains(&me)) {
        return Err(invalid("the assertion is not restricted to Convene as its audience"));
    }
    let mut until = a.issue_instant + Duration::seconds(90);
    if let Some(t) = conditions.not_on_or_after {
        until = until.max(t);
    }
    for c in a.subject.as_ref().and_then(|s| s.subject_confirmations.as_ref()).into_iter().flatten() {
        if let Some(t) = c.subject_confirmation_data.as_ref().and_then(|d| d.not_on_or_after) {
            until = until.max(t);
        }
    }
    Ok((until + skew).timestamp())
}

fn said(a: &Assertion) -> Said<'_> {
    let attributes = a
        .attribute_statements
        .iter()
        .flatten()
        .flat_map(|s| s.attributes.iter())
        .filter_map(|attr| {
            let name = attr.name.as_deref()?;
            Some((name, attr.values.iter().filter_map(|v| v.value.as_deref()).collect()))
        })
        .collect();
    let name_id = a.subject.as_ref().and_then(|s| s.name_id.as_ref()).map(|n| (n.value.as_str(), n.format.as_deref()));
    Said { attributes, name_id }
}

/// The assertion consumer service: verifies the IdP's answer to the flow named by `relay_state` and records who
/// the person is on that flow. Nothing is recorded for an answer that does not verify.
pub async fn consume(
    db: &Db,
    now: DateTime<Utc>,
    creds: &SpCredentials,
    origin: &str,
    saml_response: &str,
    relay_state: &str,
) -> Result<(), SignInError> {
    if relay_state.is_empty() || relay_state.len() > 80 {
        // Unsolicited (IdP-initiated) answers are not taken: nothing binds them to a browser that asked.
        return Err(SignInError::Expired);
    }
    let flow =
        db::saml::pending_by_relay_state(db.pool(), relay_state, now.timestamp()).await?.ok_or(SignInError::Expired)?;
    let idp = usable_idp(db, flow.idp_id, now.timestamp()).await?;
    let shape = answer::decode(saml_response).map_err(|e| invalid(e.to_string()))?;
    if shape.encrypted && !shape.response_signed {
        // samael does not verify a signature inside an encrypted assertion: the Response around it must be signed.
        return Err(invalid("an encrypted assertion in an unsigned Response"));
    }
    let sp = service_provider(creds, origin, &idp)?;
    let request_id = flow.request_id.clone();
    let xml = shape.xml;
    // samael's errors are not Send, and its work is CPU and C: done on a blocking thread, errors made text there.
    let verified = tokio::task::spawn_blocking(move || {
        sp.parse_xml_response(&xml, Some(&[request_id.as_str()])).map_err(|e| match e {
            samael::service_provider::Error::ResponseBadStatusCode { code } => SignInError::Refused(code),
            other => SignInError::Invalid(other.to_string()),
        })
    })
    .await
    .map_err(|e| invalid(format!("verifying the answer: {e}")))??;
    let remember_until = check_assertion(&verified, &idp, origin, now)?;
    let scopes: Vec<String> = idp.scopes.split_whitespace().map(str::to_owned).collect();
    let person: Person = person::person(&idp.entity_id, &scopes, &said(&verified))?;
    // Used once, on any instance: the id is remembered until the assertion would be refused as expired anyway.
    let replay_key = hex::encode(Sha256::digest(format!("{}\n{}", idp.entity_id, verified.id).as_bytes()));
    if !db::saml::use_assertion(db.pool(), &replay_key, remember_until).await? {
        return Err(invalid("the assertion was used before (replay)"));
    }
    let sign_out = sign_out_of(&verified, idp.id);
    let json = serde_json::to_string(&FlowAnswer { person, sign_out }).map_err(|e| invalid(e.to_string()))?;
    if json.len() > 65536 {
        return Err(invalid("the IdP said too much about the person"));
    }
    if !db::saml::answer(db.pool(), &flow.id, &json, now.timestamp()).await? {
        return Err(SignInError::Expired);
    }
    Ok(())
}

/// What a verified answer brought, as kept on the flow until the browser comes for it.
#[derive(serde::Serialize, serde::Deserialize)]
struct FlowAnswer {
    person: Person,
    sign_out: Option<super::logout::SamlSignOut>,
}

/// What single logout will need of this sign-in: the NameID and the SessionIndex (none without a NameID).
fn sign_out_of(a: &Assertion, idp_id: i64) -> Option<super::logout::SamlSignOut> {
    let name_id = a.subject.as_ref()?.name_id.as_ref().filter(|n| !n.value.is_empty() && n.value.len() <= 1024)?;
    let session_index = a.authn_statements.iter().flatten().find_map(|s| s.session_index.clone());
    Some(super::logout::SamlSignOut {
        idp_id,
        name_id: name_id.value.clone(),
        format: name_id.format.clone(),
        name_qualifier: None,
        sp_name_qualifier: None,
        session_index: session_index.filter(|i| i.len() <= 256),
    })
}

/// What a verified answer brought, for the browser that began the flow.
pub struct Answered {
    pub idp: db::saml::IdpRow,
    pub next: String,
    pub person: Person,
    /// For single logout later.
    pub sign_out: Option<super::logout::SamlSignOut>,
    /// The admin this was a "test sign-in" for.
    pub test_by: Option<i64>,
}

/// The IdP, where to go, and the person, for the browser whose flow cookie is `cookie` — once.
pub async fn finish(db: &Db, now: i64, cookie: Option<&str>) -> Result<Answered, SignInError> {
    let cookie = cookie.ok_or(SignInError::Expired)?;
    let flow = db::saml::take_answered(db.pool(), &flow_id(cookie), now).await?.ok_or(SignInError::Expired)?;
    let idp = usable_idp(db, flow.idp_id, now).await?;
    let answer: FlowAnswer = serde_json::from_str(&flow.person).map_err(|e| invalid(e.to_string()))?;
    Ok(Answered { idp, next: flow.next, person: answer.person, sign_out: answer.sign_out, test_by: flow.test_by })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_long_and_start_with_a_letter() {
        let (a, b) = (random_id(), random_id());
        assert_ne!(a, b);
        assert!(a.starts_with('_') && a.len() == 65);
        assert_eq!(relay_state().len(), 43, "under the binding's 80 bytes");
    }
}
