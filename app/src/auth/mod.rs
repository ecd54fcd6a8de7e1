//! Signing in and out. The forms post to the server's `/auth/*` routes, so they work without JavaScript; the
//! session is created there (new id at every sign-in).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::T;
use crate::session::{use_lang, use_session};

/// Why the last sign-in attempt failed, as put in the URL by the server (`/login?error=…`).
fn login_error(code: &str) -> Option<T> {
    match code {
        "invalid" => Some(T::LoginInvalid),
        "rate_limited" => Some(T::ErrRateLimited),
        "expired" => Some(T::LoginExpired),
        "required" => Some(T::LoginRequired),
        _ => None,
    }
}

/// `/login`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let error = move || query.get().get("error").and_then(|c| login_error(&c));
    let next = move || crate::validate::safe_next(query.get().get("next").as_deref());
    let email = move || query.get().get("email").unwrap_or_default();
    let signed_in = use_session().user.is_some();
    view! {
        <section class="card narrow" aria-labelledby="login-title">
            <h1 id="login-title">{T::LoginTitle.in_lang(lang)}</h1>
            {signed_in.then(|| view! { <p class="notice">{T::LoginAlready.in_lang(lang)}</p> })}
            {move || error().map(|t| view! { <div class="notice notice-error" role="alert" id="login-error">{t.in_lang(lang)}</div> })}
            <form method="post" action="/auth/login" class="form" id="login-form">
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="login-email">{T::FieldEmail.in_lang(lang)}</label>
                    <input id="login-email" name="email" type="email" required autocomplete="username"
                        maxlength=crate::validate::EMAIL_MAX value=email/>
                </div>
                <div class="field">
                    <label for="login-password">{T::FieldPassword.in_lang(lang)}</label>
                    <PasswordField/>
                </div>
                <button type="submit" class="primary wide">{T::LoginButton.in_lang(lang)}</button>
            </form>
            <p class="muted small">{T::LoginFederatedSoon.in_lang(lang)}</p>
        </section>
    }
}

/// The password input and its show/hide toggle: an island, the one part of the sign-in page that needs the
/// browser (the toggle does nothing before the page's script runs; the form works without it).
#[island]
fn PasswordField() -> impl IntoView {
    let lang = use_lang();
    let (show_pw, set_show_pw) = signal(false);
    view! {
        <div class="with-button">
            <input id="login-password" name="password" required autocomplete="current-password"
                maxlength=crate::validate::PASSWORD_MAX
                type=move || if show_pw.get() { "text" } else { "password" }/>
            <button type="button" class="ghost" id="toggle-password"
                aria-pressed=move || show_pw.get().to_string()
                on:click=move |_| set_show_pw.update(|v| *v = !*v)>
                {move || if show_pw.get() { T::HidePassword.in_lang(lang) } else { T::ShowPassword.in_lang(lang) }}
            </button>
        </div>
    }
}

/// The sign-out button in the header: a real form, so it works before hydration too.
#[component]
pub fn LogoutButton() -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="post" action="/auth/logout" class="inline" id="logout-form">
            <button type="submit" class="ghost">{T::Logout.in_lang(lang)}</button>
        </form>
    }
}
