//! Password reset by e-mail for local accounts: `POST /auth/forgot` asks for a link, `POST /auth/reset` uses it.
//! Plain form endpoints answering with redirects (they work without JavaScript; the router's origin guard checks
//! CSRF before they run).
//!
//! - **No account enumeration**: the answer to a request is the same whether or not the address has an account
//!   that may have a link, and it comes before anything is looked up (the lookup, the link and the e-mail happen
//!   after the answer), so its timing says nothing either.
//! - **The link**: 192 random bits, stored only as a hash, good for [`VALID_MINUTES`], once; asking again ends the
//!   earlier links; using it sets the password and ends every session of the account (whoever else held one).
//! - **Rate limited** per client address and per account asked for (in memory, per instance).
//! - Only accounts that sign in with a password here get a link: not federated-only accounts, not disabled ones,
//!   not people whose institution lets them in only through its identity provider.

use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use app::i18n::Lang;
use app::validate;

use super::client_ip::ClientIp;
use super::password;
use crate::db;
use crate::state::AppState;
use crate::tokens::{looks_like_token, new_token, token_hash};

/// How long a link works.
pub const VALID_MINUTES: i64 = 30;

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

fn to_forgot(outcome: &str) -> Response {
    Redirect::to(&format!("/login/forgot?{outcome}")).into_response()
}

/// `POST /auth/forgot`: asks for a link; the answer is "sent" whatever the address.
pub async fn forgot(State(state): State<AppState>, ClientIp(ip): ClientIp, Form(form): Form<ForgotForm>) -> Response {
    let email = form.email.trim().to_lowercase();
    if email.is_empty() || email.chars().count() > validate::EMAIL_MAX || !email.contains('@') {
        return to_forgot("error=invalid");
    }
    if !state.mail.enabled() {
        return to_forgot("error=mail_off");
    }
    if !state.reset_limiter.allow_address(ip) || !state.reset_limiter.allow_account(&email) {
        tracing::warn!(%ip, "password reset request over the rate limit");
        return to_forgot("error=rate_limited");
    }
    // After the answer: nothing about the account shows in what the asker sees, nor in how long it took.
    tokio::spawn(async move {
        if let Err(e) = send_link(&state, &email).await {
            tracing::error!(error = %e, "could not prepare a password reset link");
        }
    });
    to_forgot("sent=1")
}

/// Makes a link and queues its e-mail, if the address has an account that signs in with a password here.
async fn send_link(state: &AppState, email: &str) -> Result<(), db::DbError> {
    let now = state.clock.unix();
    let Some(user) = db::users::by_email(state.db.pool(), email).await? else { return Ok(()) };
    if user.is_disabled() || user.password_hash.is_none() {
        tracing::info!(user_id = user.id, "password reset asked for an account without a password here");
        return Ok(());
    }
    if !user.operator() && !db::institutions::password_allowed_for(state.db.pool(), user.id).await? {
        tracing::info!(user_id = user.id, "password reset asked where the institution signs its people in");
        return Ok(());
    }
    let token = new_token();
    let url = format!("{}/login/reset/{token}", state.config.public_origin());
    let lang = user.language.as_deref().and_then(Lang::from_code).unwrap_or_default();
    let letter = crate::mail::compose::password_reset(lang, &user.display_name, &url, VALID_MINUTES);
    let mut tx = state.db.begin().await?;
    db::password_resets::insert(&mut tx, &token_hash(&token), user.id, now, now + VALID_MINUTES * 60).await?;
    let mail = db::mail::NewMail {
        recipient: user.email.clone(),
        subject: letter.subject,
        body: letter.body,
        ics: None,
        kind: "password_reset",
    };
    state.mail.queue(&mut *tx, &mail).await?;
    db::audit::record(&mut *tx, now, Some(user.id), None, "account.reset_asked", "").await?;
    tx.commit().await.map_err(db::DbError::from)?;
    state.mail.wake();
    tracing::info!(user_id = user.id, "password reset link sent");
    Ok(())
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /auth/reset`: sets a new password with a link's secret, ends every session of the account, and leads to
/// the sign-in page.
pub async fn reset(State(state): State<AppState>, ClientIp(ip): ClientIp, Form(form): Form<ResetForm>) -> Response {
    if !looks_like_token(&form.token) {
        return to_forgot("error=gone");
    }
    let back = |error: &str| Redirect::to(&format!("/login/reset/{}?error={error}", form.token)).into_response();
    if !state.reset_limiter.allow_use(ip) {
        tracing::warn!(%ip, "password reset over the rate limit");
        return back("rate_limited");
    }
    let new = match validate::new_password("password", &form.password) {
        Ok(p) => p,
        Err(app::error::AppError::Invalid { problem: app::error::Problem::TooShort { .. }, .. }) => {
            return back("too_short");
        }
        Err(_) => return back("too_long"),
    };
    if form.confirm != form.password {
        return back("mismatch");
    }
    let hash = match password::hash(new).await {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(error = %e, "could not hash a new password");
            return crate::http::errors::internal_page();
        }
    };
    let now = state.clock.unix();
    let done = async {
        let mut tx = state.db.begin().await?;
        let Some(user_id) = db::password_resets::take(&mut *tx, &token_hash(&form.token), now).await? else {
            return Ok(None);
        };
        db::users::set_password_hash(&mut *tx, user_id, &hash, now).await?;
        db::sessions::delete_for_user(&mut *tx, user_id, None).await?;
        db::audit::record(&mut *tx, now, Some(user_id), None, "account.password_reset", "").await?;
        tx.commit().await.map_err(db::DbError::from)?;
        Ok::<_, db::DbError>(Some(user_id))
    }
    .await;
    match done {
        Ok(Some(user_id)) => {
            tracing::info!(user_id, "password set through a reset link; every session of the account ended");
            Redirect::to("/login?notice=password_reset").into_response()
        }
        Ok(None) => to_forgot("error=gone"),
        Err(e) => {
            tracing::error!(error = %e, "could not reset a password");
            crate::http::errors::internal_page()
        }
    }
}
