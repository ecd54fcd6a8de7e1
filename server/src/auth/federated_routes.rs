//! `/login/oidc/{provider}`: leave for an institution's OpenID Connect provider; `/auth/oidc/callback`: come back
//! from it signed in (a new session id), or to the sign-in page with what went wrong said in the person's language
//! and the request's id. Both are plain GETs a browser makes by following links and redirects.

use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use app::validate;

use super::middleware::cookie;
use super::oidc::{CallbackQuery, FLOW_SECONDS, SignInError};
use super::session_store::{AUTH_AT, OIDC_SIGN_OUT, SAML_SIGN_OUT, SEEN, USER_ID};
use crate::state::AppState;

/// The flow cookie: only sent back to the callback, gone after it. `Lax`: the provider's redirect back is a
/// top-level navigation, which carries it; the session cookie is not touched.
const FLOW_COOKIE: &str = "convene_flow";
const CALLBACK: &str = "/auth/oidc/callback";

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    /// Present: a "test sign-in" by the signed-in admin of the provider's institution.
    test: Option<String>,
}

/// Why a test sign-in cannot start.
enum NotTester {
    /// Nobody is signed in: to the sign-in page first.
    SignInFirst,
    /// Not an admin of the provider's institution (nor an operator).
    Forbidden,
}

impl NotTester {
    fn page(&self, headers: &HeaderMap) -> Response {
        match self {
            NotTester::SignInFirst => Redirect::to("/login").into_response(),
            NotTester::Forbidden => {
                crate::http::errors::error_page(axum::http::StatusCode::FORBIDDEN, &request_id(headers))
            }
        }
    }
}

/// For `?test=…`: the signed-in person, if they may test this institution's providers (its admins, operators).
fn tester(view: &app::session::SessionView, wanted: bool, institution: Option<i64>) -> Result<Option<i64>, NotTester> {
    if !wanted {
        return Ok(None);
    }
    let user = view.user.as_ref().ok_or(NotTester::SignInFirst)?;
    match institution {
        Some(inst) if user.can_admin(inst) => Ok(Some(user.id)),
        // An unknown provider: the sign-in's own start says so.
        None => Ok(Some(user.id)),
        Some(_) => {
            tracing::warn!(user_id = user.id, "test sign-in refused: not an admin of the provider's institution");
            Err(NotTester::Forbidden)
        }
    }
}

/// After a test sign-in: what the provider sent is kept for the admin (never logged), and they go back to the
/// institution's sign-in page to read it. Nobody is signed in or out.
async fn end_test(
    state: &AppState,
    view: &app::session::SessionView,
    admin: i64,
    source: &super::federated::Source<'_>,
    person: &super::oidc::Person,
    headers: &HeaderMap,
) -> Response {
    // The browser that finishes must be the admin's who began it.
    if view.user.as_ref().map(|u| u.id) != Some(admin) {
        return refused(&SignInError::Expired, headers, "/");
    }
    if let Err(e) = super::federated::record_test(&state.db, state.clock.unix(), admin, source, person).await {
        tracing::warn!(error = %e, "could not keep a test sign-in");
        return refused(&e, headers, "/");
    }
    tracing::info!(user_id = admin, institution_id = source.institution_id, "test sign-in done");
    match crate::db::institutions::by_id(state.db.pool(), source.institution_id).await {
        Ok(inst) => Redirect::to(&format!("/institutions/{}/sign-in#last-test", inst.slug)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "could not read the institution");
            crate::http::errors::internal_page()
        }
    }
}

fn flow_cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let v = format!("{FLOW_COOKIE}={value}; Path={CALLBACK}; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static("convene_flow=; Max-Age=0"))
}

fn redirect_uri(state: &AppState) -> String {
    format!("{}{CALLBACK}", state.config.public_origin())
}

fn request_id(headers: &HeaderMap) -> String {
    headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().chars().take(64).collect()
}

/// Back to the sign-in page with the reason (a code the page says in the person's language) and the request id.
fn refused(err: &SignInError, headers: &HeaderMap, next: &str) -> Response {
    let mut url = url::Url::parse("http://x/login").expect("static url");
    url.query_pairs_mut().append_pair("error", err.code()).append_pair("rid", &request_id(headers));
    if next != "/" {
        url.query_pairs_mut().append_pair("next", next);
    }
    Redirect::to(&format!("{}?{}", url.path(), url.query().unwrap_or(""))).into_response()
}

pub async fn oidc_begin(
    State(state): State<AppState>,
    super::client_ip::ClientIp(ip): super::client_ip::ClientIp,
    Path(provider): Path<i64>,
    Query(q): Query<NextQuery>,
    Extension(view): Extension<app::session::SessionView>,
    headers: HeaderMap,
) -> Response {
    let next = validate::safe_next(q.next.as_deref());
    // Each start stores a flow and may call the provider: counted against the address, as password attempts are.
    if !state.limiter.allow_address(ip) {
        tracing::warn!(%ip, "federated sign-in starts over the rate limit");
        return rate_limited();
    }
    let institution = match q.test {
        Some(_) => crate::db::providers::by_id(state.db.pool(), provider).await.ok().map(|p| p.institution_id),
        None => None,
    };
    let test_by = match tester(&view, q.test.is_some(), institution) {
        Ok(t) => t,
        Err(not) => return not.page(&headers),
    };
    match state.oidc.begin(&state.db, state.clock.unix(), provider, &redirect_uri(&state), &next, test_by).await {
        Ok((url, flow)) => {
            let mut res = Redirect::to(&url).into_response();
            res.headers_mut().append(header::SET_COOKIE, flow_cookie(&state, &flow, FLOW_SECONDS));
            remember_choice(&state, &mut res, &app::auth::ProviderKind::Oidc.key(provider));
            res
        }
        Err(e) => {
            tracing::warn!(provider, error = %e, "federated sign-in could not start");
            refused(&e, &headers, &next)
        }
    }
}

/// `/login/{institution}`: an institution's own sign-in link (for a button on its site). With one provider, straight
/// there; otherwise the sign-in page showing that institution's choices.
pub async fn institution_login(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<NextQuery>,
) -> Response {
    let next = validate::safe_next(q.next.as_deref());
    let slug: String = slug.chars().take(validate::SLUG_MAX).collect();
    let choices = match super::providers::choices(&state.db, state.clock.unix()).await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "could not read the identity providers");
            return crate::http::errors::internal_page();
        }
    };
    let theirs: Vec<_> = choices.iter().filter(|c| c.slug == slug).collect();
    let mut url = url::Url::parse("http://x/login").expect("static url");
    // An institution with no provider of its own whose people come through a federation-wide proxy: there.
    let proxy = if theirs.is_empty() { proxy_for(&state, &slug).await } else { None };
    match theirs.as_slice() {
        _ if proxy.is_some() => {
            url.set_path(&app::auth::ProviderKind::Oidc.start_path(proxy.unwrap_or_default()));
            url.query_pairs_mut().append_pair("next", &next);
        }
        [one] => {
            url.set_path(&one.start_path());
            url.query_pairs_mut().append_pair("next", &next);
        }
        _ => {
            // None (an unknown name, or no provider yet): the page says no institution matches.
            let q = theirs.first().map(|c| c.institution.clone()).unwrap_or(slug);
            url.query_pairs_mut().append_pair("q", &q).append_pair("next", &next);
        }
    }
    Redirect::to(&format!("{}?{}", url.path(), url.query().unwrap_or(""))).into_response()
}

/// The federation-wide proxy (an enabled OpenID Connect provider with a home organization claim) that serves the
/// institution `slug`, if it has home organization domains and there is one.
async fn proxy_for(state: &AppState, slug: &str) -> Option<i64> {
    let inst = crate::db::institutions::by_slug(state.db.pool(), slug).await.ok()?;
    if crate::db::institutions::domains(state.db.pool(), inst.id).await.ok()?.is_empty() {
        return None;
    }
    let providers = crate::db::providers::list(state.db.pool()).await.ok()?;
    providers.into_iter().find(|p| p.enabled == 1 && p.home_claim.is_some()).map(|p| p.id)
}

pub async fn oidc_callback(
    State(state): State<AppState>,
    session: Session,
    Extension(view): Extension<app::session::SessionView>,
    Query(q): Query<CallbackQuery>,
    headers: HeaderMap,
) -> Response {
    let now = state.clock.unix();
    let flow = cookie(&headers, FLOW_COOKIE);
    let finished = state.oidc.finish(&state.db, now, flow.as_deref(), &q, &redirect_uri(&state)).await;
    if let Ok(super::oidc::Finished { test_by: Some(admin), provider, person, .. }) = &finished {
        let mut res = end_test(&state, &view, *admin, &provider.into(), person, &headers).await;
        res.headers_mut().append(header::SET_COOKIE, flow_cookie(&state, "", 0));
        return res;
    }
    let outcome = async {
        let finished = finished?;
        let admitted = super::federated::admit(&state.db, now, &(&finished.provider).into(), &finished.person).await;
        Ok::<_, SignInError>((finished.provider.id, finished.next, finished.id_token, admitted))
    }
    .await;
    let mut res = match outcome {
        Ok((provider, next, id_token, Ok(admitted))) => {
            if let Err(page) = start_session(&session, admitted.user_id, now).await {
                return page;
            }
            if let Err(e) = session.insert(OIDC_SIGN_OUT, (provider, id_token)).await {
                tracing::warn!(error = %e, "could not keep the provider's sign-out hint");
            }
            tracing::info!(
                user_id = admitted.user_id,
                provider,
                created = admitted.created,
                role = admitted.decision.grant.as_str(),
                "signed in through an identity provider"
            );
            Redirect::to(&validate::safe_next(Some(&next))).into_response()
        }
        Ok((provider, next, _, Err(e))) => {
            tracing::warn!(provider, error = %e, "federated sign-in refused");
            refused(&e, &headers, &next)
        }
        Err(e) => {
            tracing::warn!(error = %e, "federated sign-in refused");
            refused(&e, &headers, "/")
        }
    };
    // The flow is used (or dead): its cookie goes.
    res.headers_mut().append(header::SET_COOKIE, flow_cookie(&state, "", 0));
    res
}

/// Convene's SAML key and certificate (made and stored at the first need, then kept in memory).
async fn sp_credentials(state: &AppState) -> Result<super::saml::SpCredentials, Response> {
    let host = state.config.http.public_url.host_str().unwrap_or("convene").to_owned();
    state
        .saml
        .get_or_try_init(|| super::saml::credentials(&state.db, state.clock.unix(), &host))
        .await
        .cloned()
        .map_err(|e| {
            tracing::error!(error = %e, "the SAML service provider's key is not at hand");
            crate::http::errors::internal_page()
        })
}

/// `/saml/metadata`: Convene's SAML service-provider metadata (the key is made at the first request if there is
/// none yet).
pub async fn saml_metadata(State(state): State<AppState>) -> Response {
    use super::saml;
    let origin = state.config.public_origin();
    let creds = match sp_credentials(&state).await {
        Ok(c) => c,
        Err(page) => return page,
    };
    let logo = format!("{origin}/favicon.svg");
    let xml = saml::metadata_xml(&saml::SpDescription {
        origin: &origin,
        cert_base64: &saml::cert_base64(&creds.cert_pem),
        names: &[("en", "Convene"), ("it", "Convene"), ("pt-BR", "Convene"), ("ru", "Convene")],
        logo_url: Some(&logo),
    });
    ([(header::CONTENT_TYPE, "application/samlmetadata+xml")], xml).into_response()
}

/// The SAML flow cookie: sent back only to `/saml/done`, the same-site step after the IdP's cross-site POST.
const SAML_FLOW_COOKIE: &str = "convene_saml";
const SAML_DONE: &str = "/saml/done";

fn saml_flow_cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let v = format!("{SAML_FLOW_COOKIE}={value}; Path={SAML_DONE}; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static("convene_saml=; Max-Age=0"))
}

fn remember_choice(state: &AppState, res: &mut Response, key: &str) {
    // The sign-in page offers this provider first next time, on this browser.
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let last =
        format!("{}={key}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}", app::auth::LAST_CHOICE_COOKIE);
    if let Ok(v) = HeaderValue::from_str(&last) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

fn rate_limited() -> Response {
    let mut url = url::Url::parse("http://x/login").expect("static url");
    url.query_pairs_mut().append_pair("error", "rate_limited");
    Redirect::to(&format!("{}?{}", url.path(), url.query().unwrap_or(""))).into_response()
}

/// `/login/saml/{idp}`: leave for a SAML IdP with a signed AuthnRequest.
pub async fn saml_begin(
    State(state): State<AppState>,
    super::client_ip::ClientIp(ip): super::client_ip::ClientIp,
    Path(idp): Path<i64>,
    Query(q): Query<NextQuery>,
    Extension(view): Extension<app::session::SessionView>,
    headers: HeaderMap,
) -> Response {
    let next = validate::safe_next(q.next.as_deref());
    if !state.limiter.allow_address(ip) {
        tracing::warn!(%ip, "federated sign-in starts over the rate limit");
        return rate_limited();
    }
    let institution = match q.test {
        Some(_) => crate::db::saml::by_id(state.db.pool(), idp).await.ok().map(|p| p.institution_id),
        None => None,
    };
    let test_by = match tester(&view, q.test.is_some(), institution) {
        Ok(t) => t,
        Err(not) => return not.page(&headers),
    };
    let creds = match sp_credentials(&state).await {
        Ok(c) => c,
        Err(page) => return page,
    };
    let origin = state.config.public_origin();
    match super::saml::login::begin(&state.db, state.clock.unix(), &creds, &origin, idp, &next, test_by).await {
        Ok((url, flow)) => {
            let mut res = Redirect::to(&url).into_response();
            res.headers_mut()
                .append(header::SET_COOKIE, saml_flow_cookie(&state, &flow, super::saml::login::FLOW_SECONDS));
            remember_choice(&state, &mut res, &app::auth::ProviderKind::Saml.key(idp));
            res
        }
        Err(e) => {
            tracing::warn!(idp, error = %e, "SAML sign-in could not start");
            refused(&e, &headers, &next)
        }
    }
}

#[derive(Deserialize)]
pub struct AcsForm {
    #[serde(rename = "SAMLResponse")]
    saml_response: Option<String>,
    #[serde(rename = "RelayState")]
    relay_state: Option<String>,
}

/// `/saml/acs` (POST, from the IdP's page, cross-site): the assertion consumer service. A verified answer is
/// recorded on its flow and the browser goes on to `/saml/done`; anything else goes back to the sign-in page
/// with what went wrong. Outside the CSRF guard (the IdP's page posts it) and without a session: nothing here
/// acts for whoever holds a cookie.
pub async fn saml_acs(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<axum::Form<AcsForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let form = match form {
        Ok(axum::Form(f)) => f,
        Err(e) => {
            tracing::warn!(error = %e, "SAML answer refused before reading it");
            return e.into_response();
        }
    };
    let (Some(response), Some(relay)) = (form.saml_response, form.relay_state) else {
        tracing::warn!("SAML answer without SAMLResponse or RelayState (unsolicited answers are not taken)");
        return refused(&SignInError::Expired, &headers, "/");
    };
    let creds = match sp_credentials(&state).await {
        Ok(c) => c,
        Err(page) => return page,
    };
    let origin = state.config.public_origin();
    match super::saml::login::consume(&state.db, state.clock.now(), &creds, &origin, &response, &relay).await {
        // 303: the browser follows with a GET, a top-level navigation that carries the Lax flow cookie.
        Ok(()) => Redirect::to(SAML_DONE).into_response(),
        Err(e) => {
            // The reason, never the answer itself (personal data, and a replayable token while it is fresh).
            tracing::warn!(error = %e, "SAML answer refused");
            refused(&e, &headers, "/")
        }
    }
}

/// `/saml/done`: the browser that began the flow (it has its cookie) is signed in with a new session id.
pub async fn saml_done(
    State(state): State<AppState>,
    session: Session,
    Extension(view): Extension<app::session::SessionView>,
    headers: HeaderMap,
) -> Response {
    let now = state.clock.unix();
    let flow = cookie(&headers, SAML_FLOW_COOKIE);
    let answered = super::saml::login::finish(&state.db, now, flow.as_deref()).await;
    if let Ok(super::saml::login::Answered { test_by: Some(admin), idp, person, .. }) = &answered {
        let mut res = end_test(&state, &view, *admin, &idp.into(), person, &headers).await;
        res.headers_mut().append(header::SET_COOKIE, saml_flow_cookie(&state, "", 0));
        return res;
    }
    let outcome = async {
        let a = answered?;
        let admitted = super::federated::admit(&state.db, now, &(&a.idp).into(), &a.person).await;
        Ok::<_, SignInError>((a.idp.id, a.next, admitted, a.sign_out))
    }
    .await;
    let mut res = match outcome {
        Ok((idp, next, Ok(admitted), sign_out)) => {
            if let Err(page) = start_session(&session, admitted.user_id, now).await {
                return page;
            }
            if let Some(s) = sign_out
                && let Err(e) = session.insert(SAML_SIGN_OUT, s).await
            {
                tracing::error!(error = %e, "could not keep what single logout needs");
            }
            tracing::info!(
                user_id = admitted.user_id,
                idp,
                created = admitted.created,
                role = admitted.decision.grant.as_str(),
                "signed in through a SAML IdP"
            );
            Redirect::to(&validate::safe_next(Some(&next))).into_response()
        }
        Ok((idp, next, Err(e), _)) => {
            tracing::warn!(idp, error = %e, "SAML sign-in refused");
            refused(&e, &headers, &next)
        }
        Err(e) => {
            tracing::warn!(error = %e, "SAML sign-in refused");
            refused(&e, &headers, "/")
        }
    };
    res.headers_mut().append(header::SET_COOKIE, saml_flow_cookie(&state, "", 0));
    res
}

/// After signing out of Convene: where the browser goes to sign out at the SAML IdP too, if it has a single logout
/// service (none: straight home).
pub async fn saml_sign_out(state: &AppState, s: &super::saml::logout::SamlSignOut) -> Option<String> {
    let creds = sp_credentials(state).await.ok()?;
    let origin = state.config.public_origin();
    match super::saml::logout::begin(&state.db, state.clock.now(), &creds, &origin, s).await {
        Ok(url) => url,
        Err(e) => {
            tracing::warn!(idp = s.idp_id, error = %e, "single logout at the IdP could not start");
            None
        }
    }
}

/// `/saml/slo`: Convene's single logout service (HTTP-Redirect). The IdP's answer to Convene's own LogoutRequest
/// (the person already signed out here) leads to the sign-in page saying whether the IdP signed them out too; the
/// IdP's own LogoutRequest ends the matching sessions and goes back answered. Nothing here reads or writes the
/// browser's session: the IdP's message alone says whom it concerns.
pub async fn saml_slo(
    State(state): State<AppState>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    headers: HeaderMap,
) -> Response {
    use super::saml::logout;
    let query = query.unwrap_or_default();
    let now = state.clock.now();
    let origin = state.config.public_origin();
    let has = |name: &str| logout::raw_params(&query).is_ok_and(|p| p.iter().any(|(n, _)| n == name));
    let notice = |code: &str| Redirect::to(&format!("/login?notice={code}")).into_response();
    if has("SAMLResponse") {
        return match logout::finish(&state.db, now, &origin, &query).await {
            Ok(true) => notice("signed_out_everywhere"),
            Ok(false) => {
                tracing::info!("the IdP did not confirm single logout");
                notice("signed_out_here")
            }
            Err(e) => {
                tracing::warn!(error = %e, "the IdP's logout answer refused");
                notice("signed_out_here")
            }
        };
    }
    if !has("SAMLRequest") {
        return notice("signed_out_here");
    }
    let creds = match sp_credentials(&state).await {
        Ok(c) => c,
        Err(page) => return page,
    };
    match logout::answer(&state.db, now, &creds, &origin, &query).await {
        Ok(a) => {
            tracing::info!(idp = a.idp_id, ended = a.ended, "signed out at the IdP's request");
            match a.redirect {
                Some(url) => Redirect::to(&url).into_response(),
                None => notice("signed_out_here"),
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "an IdP's logout request refused");
            let mut url = url::Url::parse("http://x/login").expect("static url");
            url.query_pairs_mut().append_pair("error", "logout_invalid").append_pair("rid", &request_id(&headers));
            Redirect::to(&format!("{}?{}", url.path(), url.query().unwrap_or(""))).into_response()
        }
    }
}

/// A new session id at every sign-in (fixation), as for a password.
async fn start_session(session: &Session, user_id: i64, now: i64) -> Result<(), Response> {
    let stored = async {
        session.cycle_id().await?;
        session.insert(USER_ID, user_id).await?;
        session.insert(AUTH_AT, now).await?;
        session.insert(SEEN, now).await
    }
    .await;
    stored.map_err(|e| {
        tracing::error!(error = %e, "could not store the session");
        crate::http::errors::internal_page()
    })
}
