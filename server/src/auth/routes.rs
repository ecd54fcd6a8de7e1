//! Plain HTML form endpoints: sign in, sign out, choose a language. They answer with redirects, so they work
//! without JavaScript; CSRF is checked by the router's origin guard before they run.

use axum::extract::{Extension, Form, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use app::i18n::{Lang, T};
use app::validate;

use super::client_ip::ClientIp;
use super::middleware::LANG_COOKIE;
use super::password;
use super::session_store::{AUTH_AT, OIDC_SIGN_OUT, SAML_SIGN_OUT, SEEN, USER_ID};
use crate::db;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

fn back_to_login(error: &str, email: &str, next: &str) -> Response {
    let mut url = url::Url::parse("http://x/login").expect("static url");
    url.query_pairs_mut().append_pair("error", error);
    if !email.is_empty() && email.len() <= validate::EMAIL_MAX {
        url.query_pairs_mut().append_pair("email", email);
    }
    if next != "/" {
        url.query_pairs_mut().append_pair("next", next);
    }
    let target = format!("{}?{}", url.path(), url.query().unwrap_or(""));
    Redirect::to(&target).into_response()
}

pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = validate::safe_next(form.next.as_deref());
    let email = form.email.trim().to_lowercase();
    if email.is_empty()
        || email.chars().count() > validate::EMAIL_MAX
        || form.password.is_empty()
        || form.password.chars().count() > validate::PASSWORD_MAX
    {
        return back_to_login("invalid", "", &next);
    }
    if !state.limiter.allow(ip, &email) {
        tracing::warn!(%ip, "sign-in attempt over the rate limit");
        let _ = db::audit::record(state.db.pool(), state.clock.unix(), None, None, "login.rate_limited", &email).await;
        return back_to_login("rate_limited", &email, &next);
    }
    let user = match db::users::by_email(state.db.pool(), &email).await {
        Ok(u) => u,
        Err(e) => {
            tracing::error!(error = %e, "sign-in lookup failed");
            return crate::http::errors::internal_page();
        }
    };
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let ok = password::verify(form.password, stored).await;
    let user = match user {
        Some(u) if ok && !u.is_disabled() => u,
        _ => {
            tracing::info!(%ip, "sign-in refused");
            let _ = db::audit::record(state.db.pool(), state.clock.unix(), None, None, "login.failed", &email).await;
            // Many failures against one account from many addresses: slow every further failure down.
            if state.limiter.failed(&email) {
                tokio::time::sleep(crate::auth::rate_limit::BACKOFF).await;
            }
            return back_to_login("invalid", &email, &next);
        }
    };
    // Institutions may let their people in only through their own identity providers (operators are not asked).
    if !user.operator() {
        match db::institutions::password_allowed_for(state.db.pool(), user.id).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::info!(user_id = user.id, "password sign-in refused: the institution signs its people in");
                let _ = db::audit::record(
                    state.db.pool(),
                    state.clock.unix(),
                    Some(user.id),
                    None,
                    "login.password_off",
                    "",
                )
                .await;
                return back_to_login("use_institution", &email, &next);
            }
            Err(e) => {
                tracing::error!(error = %e, "sign-in lookup failed");
                return crate::http::errors::internal_page();
            }
        }
    }
    // A new session id at every sign-in: an id planted before it (fixation) is worthless afterwards.
    let stored = async {
        session.cycle_id().await?;
        session.insert(USER_ID, user.id).await?;
        session.insert(AUTH_AT, state.clock.unix()).await?;
        session.insert(SEEN, state.clock.unix()).await
    }
    .await;
    if let Err(e) = stored {
        tracing::error!(error = %e, "could not store the session");
        return crate::http::errors::internal_page();
    }
    state.limiter.succeeded(ip, &email);
    tracing::info!(user_id = user.id, "signed in");
    let _ = db::audit::record(state.db.pool(), state.clock.unix(), Some(user.id), None, "login", "local").await;
    Redirect::to(&next).into_response()
}

/// Signs out of Convene; after a sign-in through an OpenID Connect provider that offers it, the browser goes on to
/// sign out there too (RP-Initiated Logout) and comes back to the front page; after a SAML sign-in, to the IdP's
/// single logout service with a signed LogoutRequest, and back to the sign-in page saying how it went.
pub async fn logout(
    State(state): State<AppState>,
    Extension(view): Extension<app::session::SessionView>,
    session: Session,
) -> Response {
    if let Ok(Some(uid)) = session.get::<i64>(USER_ID).await {
        let _ = db::audit::record(state.db.pool(), state.clock.unix(), Some(uid), None, "logout", "").await;
    }
    let provider = session.get::<(i64, String)>(OIDC_SIGN_OUT).await.ok().flatten();
    let saml = session.get::<super::saml::logout::SamlSignOut>(SAML_SIGN_OUT).await.ok().flatten();
    if let Err(e) = session.flush().await {
        tracing::error!(error = %e, "could not end the session");
    }
    if let Some(s) = saml
        && let Some(url) = super::federated_routes::saml_sign_out(&state, &s).await
    {
        // A page, not a redirect: the form's CSP `form-action` does not name the IdPs of a whole federation.
        let lang = view.lang;
        return crate::http::errors::continue_page(
            lang,
            T::LogoutAtIdpTitle.in_lang(lang),
            T::LogoutAtIdpText.in_lang(lang),
            T::LogoutAtIdpContinue.in_lang(lang),
            &url,
        );
    }
    if let Some((provider, id_token)) = provider {
        let back = format!("{}/", state.config.public_origin());
        if let Some(url) = state.oidc.logout_url(&state.db, provider, &id_token, &back).await {
            return Redirect::to(&url).into_response();
        }
    }
    Redirect::to("/").into_response()
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
    next: Option<String>,
}

pub async fn language(State(state): State<AppState>, session: Session, Form(form): Form<LanguageForm>) -> Response {
    let next = validate::safe_next(form.next.as_deref());
    let Some(lang) = Lang::from_code(&form.lang) else {
        return (axum::http::StatusCode::UNPROCESSABLE_ENTITY, "Unknown language: choose en, it, pt-BR or ru.")
            .into_response();
    };
    if let Ok(Some(uid)) = session.get::<i64>(USER_ID).await
        && let Err(e) = db::users::set_language(state.db.pool(), uid, lang.code(), state.clock.unix()).await
    {
        tracing::error!(error = %e, "could not save the language choice");
    }
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}", lang.code());
    let mut res = Redirect::to(&next).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}
