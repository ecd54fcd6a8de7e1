//! Password reset for local accounts: `/login/forgot` asks for a link by e-mail, `/login/reset/:token` chooses the
//! new password with it. Both are plain forms to the server's `/auth/forgot` and `/auth/reset`, which answer with
//! redirects carrying an outcome code (`?sent=1`, `?error=…`): they work before and without hydration.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::Loading;
use crate::error::AppError;
use crate::i18n::T;
use crate::session::use_lang;

/// What `/auth/forgot` and `/auth/reset` said, by the code in the address.
fn reset_error(code: &str) -> Option<T> {
    match code {
        "invalid" => Some(T::ResetInvalidEmail),
        "mail_off" => Some(T::ResetMailOff),
        "rate_limited" => Some(T::ErrRateLimited),
        "gone" => Some(T::ResetLinkGone),
        "too_short" => Some(T::ResetTooShort),
        "too_long" => Some(T::ResetTooLong),
        "mismatch" => Some(T::ResetMismatch),
        _ => None,
    }
}

/// `/login/forgot`.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let sent = move || query.get().get("sent").is_some();
    let error = move || query.get().get("error").and_then(|c| reset_error(&c));
    view! {
        <section class="card narrow" aria-labelledby="forgot-title">
            <h1 id="forgot-title">{T::ResetTitle.in_lang(lang)}</h1>
            {move || sent().then(|| view! {
                <p class="notice notice-ok" role="status" id="forgot-sent">{T::ResetSent.in_lang(lang)}</p>
            })}
            {move || error().map(|t| view! {
                <p class="notice notice-error" role="alert" id="forgot-error">{t.in_lang(lang)}</p>
            })}
            <p class="muted">{T::ResetLead.in_lang(lang)}</p>
            <form method="post" action="/auth/forgot" class="form" id="forgot-form">
                <div class="field">
                    <label for="forgot-email">{T::FieldEmail.in_lang(lang)}</label>
                    <input id="forgot-email" name="email" type="email" required autocomplete="username"
                        maxlength=crate::validate::EMAIL_MAX/>
                </div>
                <button type="submit" class="primary wide">{T::ResetSend.in_lang(lang)}</button>
            </form>
            <p class="small"><a href="/login">{T::ResetBackToSignIn.in_lang(lang)}</a></p>
        </section>
    }
}

/// Whether a password reset link still works (for the page to say so before the form, not after it).
#[server(endpoint = "/reset_link_usable")]
pub async fn reset_link_usable(token: String) -> Result<bool, AppError> {
    use crate::ctx::{port, reply};
    reply(port::<dyn super::port::SignInPort>()?.reset_link_usable(&token).await)
}

/// `/login/reset/:token`.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.get().get("token").unwrap_or_default();
    let error = move || query.get().get("error").and_then(|c| reset_error(&c));
    let usable = Resource::new(token, reset_link_usable);
    view! {
        <section class="card narrow" aria-labelledby="reset-title">
            <h1 id="reset-title">{T::ResetChooseTitle.in_lang(lang)}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    if !usable.await.unwrap_or(false) {
                        return view! {
                            <p class="notice notice-warn" role="alert" id="reset-gone">{T::ResetLinkGone.in_lang(lang)}</p>
                            <p><a class="button" href="/login/forgot">{T::ResetAskAgain.in_lang(lang)}</a></p>
                        }.into_any();
                    }
                    view! {
                        {error().map(|t| view! {
                            <p class="notice notice-error" role="alert" id="reset-error">{t.in_lang(lang)}</p>
                        })}
                        <form method="post" action="/auth/reset" class="form" id="reset-form">
                            <input type="hidden" name="token" value=token()/>
                            <div class="field">
                                <label for="reset-password">{T::ResetNewPassword.in_lang(lang)}</label>
                                <input id="reset-password" name="password" type="password" required
                                    autocomplete="new-password" minlength=crate::validate::PASSWORD_MIN
                                    maxlength=crate::validate::PASSWORD_MAX aria-describedby="reset-hint"/>
                                <small id="reset-hint">{T::ResetHint.with(lang, &[("n", (crate::validate::PASSWORD_MIN as i64).into())])}</small>
                            </div>
                            <div class="field">
                                <label for="reset-confirm">{T::ResetRepeat.in_lang(lang)}</label>
                                <input id="reset-confirm" name="confirm" type="password" required
                                    autocomplete="new-password" maxlength=crate::validate::PASSWORD_MAX/>
                            </div>
                            <button type="submit" class="primary wide">{T::ResetSave.in_lang(lang)}</button>
                        </form>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
