//! Signing in and out. The forms post to the server's `/auth/*` routes, so they work without JavaScript; the
//! session is created there (new id at every sign-in).

pub mod admin;
pub mod reset;
pub mod rules;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::T;
use crate::session::{use_lang, use_session};

/// The protocol an identity provider speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    Oidc,
    Saml,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Oidc => "oidc",
            ProviderKind::Saml => "saml",
        }
    }

    /// A provider's key among all kinds (`oidc-3`, `saml-5`): what a browser remembers as its last choice.
    pub fn key(self, id: i64) -> String {
        format!("{}-{id}", self.as_str())
    }

    /// Where the sign-in through provider `id` of this kind starts (`/login/saml/5`).
    pub fn start_path(self, id: i64) -> String {
        format!("/login/{}/{id}", self.as_str())
    }
}

/// An identity provider the sign-in page offers: its institution's people sign in there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInChoice {
    pub kind: ProviderKind,
    pub id: i64,
    pub name: String,
    pub institution: String,
    pub slug: String,
    /// The provider's own names by language (a SAML IdP's metadata), used instead of `name` when there is one in
    /// the page's language (or English).
    #[serde(default)]
    pub names: Vec<(String, String)>,
    /// Words its metadata gives for finding it (`mdui:Keywords`), lower-case.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Where Convene serves its logo (`/idp-logo/5?v=<digest>`), if it has one that was read and checked.
    #[serde(default)]
    pub logo: Option<String>,
}

impl SignInChoice {
    /// The name to show in `lang`: the provider's own name in that language (its primary subtag), else in English,
    /// else the name Convene knows it by.
    pub fn label(&self, lang: &str) -> &str {
        crate::i18n::name_in_lang(&self.names, lang).unwrap_or(&self.name)
    }

    pub fn key(&self) -> String {
        self.kind.key(self.id)
    }

    /// Every name it goes by (institution, provider, the provider's names in each language, the institution's
    /// short name), lower-cased, for a search to look in.
    pub fn search_text(&self) -> String {
        let mut parts = vec![self.institution.to_lowercase(), self.name.to_lowercase(), self.slug.to_lowercase()];
        parts.extend(self.names.iter().map(|(_, n)| n.to_lowercase()));
        parts.extend(self.keywords.iter().map(|k| k.to_lowercase()));
        parts.join("\n")
    }

    /// Where the sign-in through it starts (`/login/saml/5`).
    pub fn start_path(&self) -> String {
        self.kind.start_path(self.id)
    }
}

/// What the sign-in page offers besides a password.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SignInOptions {
    /// Every enabled provider, by institution.
    pub all: Vec<SignInChoice>,
    /// The key of the one this browser chose last time (remembered in a cookie), if it is still there.
    pub last: Option<String>,
}

impl SignInOptions {
    /// Those whose institution or name contains `q` (ignoring case); all when `q` is blank. The last choice first.
    pub fn matching(&self, q: &str) -> Vec<SignInChoice> {
        let q = q.trim().to_lowercase();
        let mut list: Vec<SignInChoice> =
            self.all.iter().filter(|c| search_matches(&c.search_text(), &q)).cloned().collect();
        if let Some(last) = &self.last {
            list.sort_by_key(|c| c.key() != *last);
        }
        list
    }
}

/// Whether a search for `q` (already trimmed and lower-cased; blank finds everything) finds something whose names
/// are `search` (see [`SignInChoice::search_text`]).
pub fn search_matches(search: &str, q: &str) -> bool {
    q.is_empty() || search.contains(q)
}

/// Above this many providers the sign-in page offers a search.
pub const SEARCH_FROM: usize = 6;

#[cfg(feature = "ssr")]
pub mod port {
    use super::*;

    #[async_trait::async_trait]
    pub trait SignInPort: Send + Sync + 'static {
        /// The enabled identity providers, by institution.
        async fn choices(&self) -> Result<Vec<SignInChoice>, AppError>;
        /// Whether a password reset link (its secret) would still work: not used, not expired.
        async fn reset_link_usable(&self, token: &str) -> Result<bool, AppError>;
    }
}

/// The cookie in which a browser remembers the provider it chose last.
pub const LAST_CHOICE_COOKIE: &str = "convene_idp";

/// What the sign-in page offers besides a password (for anyone: the page is for people not signed in).
#[server(endpoint = "/sign_in_choices")]
pub async fn sign_in_choices() -> Result<SignInOptions, AppError> {
    use crate::ctx::{port, reply};
    let all = reply(port::<dyn port::SignInPort>()?.choices().await)?;
    let last = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(k, _)| *k == LAST_CHOICE_COOKIE)
                .map(|(_, v)| v.trim().to_owned())
        })
        .filter(|key| all.iter().any(|c| c.key() == *key));
    Ok(SignInOptions { all, last })
}

/// Why the last sign-in attempt failed, as put in the URL by the server (`/login?error=…`).
fn login_error(code: &str) -> Option<T> {
    match code {
        "invalid" => Some(T::LoginInvalid),
        "rate_limited" => Some(T::ErrRateLimited),
        "use_institution" => Some(T::LoginUseInstitution),
        "expired" => Some(T::LoginExpired),
        "required" => Some(T::LoginRequired),
        "federated_expired" => Some(T::LoginFedExpired),
        "federated_refused" => Some(T::LoginFedRefused),
        "federated_unreachable" => Some(T::LoginFedUnreachable),
        "federated_invalid" => Some(T::LoginFedInvalid),
        "no_email" => Some(T::LoginNoEmail),
        "email_taken" => Some(T::LoginEmailTaken),
        "not_admitted" => Some(T::LoginNotAdmitted),
        "no_identifier" => Some(T::LoginNoIdentifier),
        "out_of_scope" => Some(T::LoginOutOfScope),
        "logout_invalid" => Some(T::LoginLogoutInvalid),
        _ => None,
    }
}

/// How a sign-out through the institution went (`/login?notice=…`, after single logout).
fn login_notice(code: &str) -> Option<T> {
    match code {
        "signed_out_everywhere" => Some(T::LoginSignedOutEverywhere),
        "signed_out_here" => Some(T::LoginSignedOutHere),
        "password_reset" => Some(T::LoginPasswordReset),
        _ => None,
    }
}

/// `/login`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let error = move || query.get().get("error").and_then(|c| login_error(&c));
    let notice = move || query.get().get("notice").and_then(|c| login_notice(&c));
    let next = move || crate::validate::safe_next(query.get().get("next").as_deref());
    let email = move || query.get().get("email").unwrap_or_default();
    // The id of the request that failed (a federated sign-in), for the helpdesk: letters and digits only.
    let request_id = move || {
        query
            .get()
            .get("rid")
            .filter(|r| !r.is_empty() && r.len() <= 64 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
    };
    let signed_in = use_session().user.is_some();
    let choices = Resource::new(|| (), |_| sign_in_choices());
    view! {
        <section class="card narrow" aria-labelledby="login-title">
            <h1 id="login-title">{T::LoginTitle.in_lang(lang)}</h1>
            {signed_in.then(|| view! { <p class="notice">{T::LoginAlready.in_lang(lang)}</p> })}
            {move || notice().map(|t| view! { <p class="notice" role="status" id="login-notice">{t.in_lang(lang)}</p> })}
            {move || error().map(|t| view! {
                <div class="notice notice-error" role="alert" id="login-error">
                    <p>{t.in_lang(lang)}</p>
                    {request_id().map(|id| view! { <p class="small">{T::RequestIdIs.with(lang, &[("id", id.as_str().into())])}</p> })}
                </div>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let choices = choices.await.unwrap_or_default();
                    let target = next();
                    let q = query.get().get("q").unwrap_or_default().chars().take(100).collect::<String>();
                    let searchable = choices.all.len() >= SEARCH_FROM || !q.is_empty();
                    (!choices.all.is_empty()).then(|| {
                        // A search the server already ran (a submitted form, a link) narrows what the page
                        // carries: typing narrows it further; a new search widens it again.
                        let items: Vec<ChoiceItem> = choices
                            .matching(&q)
                            .iter()
                            .map(|c| ChoiceItem {
                                href: format!("{}?next={}", c.start_path(), urlencode(&target)),
                                label: c.label(lang.code()).to_owned(),
                                institution: c.institution.clone(),
                                slug: c.slug.clone(),
                                search: c.search_text(),
                                last: choices.last.as_deref() == Some(c.key().as_str()),
                                logo: c.logo.clone(),
                            })
                            .collect();
                        view! {
                        <section aria-labelledby="login-institution" class="sign-in-choices">
                            <h2 id="login-institution">{T::LoginWithInstitution.in_lang(lang)}</h2>
                            <InstitutionPicker items=items searchable=searchable q=q.clone() next=target.clone()/>
                            <h2>{T::LoginWithPassword.in_lang(lang)}</h2>
                        </section>
                    }})
                })}
            </Suspense>
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
                <p class="small"><a href="/login/forgot" id="forgot-link">{T::LoginForgot.in_lang(lang)}</a></p>
            </form>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    choices.await.unwrap_or_default().all.is_empty().then(|| view! {
                        <p class="muted small">{T::LoginFederatedSoon.in_lang(lang)}</p>
                    })
                })}
            </Suspense>
        </section>
    }
}

/// One identity provider as the picker shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceItem {
    /// Where its sign-in starts, with where to go afterwards.
    pub href: String,
    pub label: String,
    pub institution: String,
    pub slug: String,
    /// Every name it goes by, lower-cased: what a search looks in.
    pub search: String,
    /// The one this browser chose last time (shown first, marked).
    pub last: bool,
    /// Its logo, served by Convene (beside the name, which says the same: no text alternative of its own).
    #[serde(default)]
    pub logo: Option<String>,
}

/// The institutions' providers, with a search that narrows the list as one types (after hydration) and works as
/// a plain form before it (the server narrows the list by `q`).
#[island]
fn InstitutionPicker(items: Vec<ChoiceItem>, searchable: bool, q: String, next: String) -> impl IntoView {
    let lang = use_lang();
    let (query, set_query) = signal(q);
    let items = StoredValue::new(items);
    let shown = move || {
        let q = query.get().trim().to_lowercase();
        let mut list: Vec<ChoiceItem> =
            items.get_value().into_iter().filter(|c| search_matches(&c.search, &q)).collect();
        list.sort_by_key(|c| !c.last);
        list
    };
    view! {
        {searchable.then(|| view! {
            <form method="get" action="/login" role="search" class="inline" id="idp-search">
                <input type="hidden" name="next" value=next.clone()/>
                <label for="idp-q">{T::LoginFindInstitution.in_lang(lang)}</label>
                <input id="idp-q" name="q" type="search" maxlength="100" autocomplete="off"
                    aria-controls="sign-in-choices" value=query.get_untracked() prop:value=move || query.get()
                    on:input=move |ev| set_query.set(event_target_value(&ev).chars().take(100).collect())/>
                <button type="submit">{T::LoginSearch.in_lang(lang)}</button>
            </form>
        })}
        <p class="muted" id="idp-none" role="status" aria-live="polite">
            {move || shown().is_empty().then(|| T::LoginNoMatch.with(lang, &[("q", query.get().trim().into())]))}
        </p>
        <ul class="plain" id="sign-in-choices">
            <For each=shown key=|c| c.href.clone() let:c>
                <li><ChoiceLink href=c.href.clone() slug=c.slug.clone() logo=c.logo.clone()
                    label=c.label.clone() institution=c.institution.clone()
                    last=c.last.then(|| T::LoginLastChoice.in_lang(lang).to_owned())/></li>
            </For>
        </ul>
    }
}

/// One way to sign in, as a wide button: the provider's logo (if Convene keeps one; the name beside it says the
/// same, so it has no text of its own), its name and institution, and a badge if given. The sign-in page's list and
/// the home page's show it alike.
#[component]
pub fn ChoiceLink(
    href: String,
    slug: String,
    logo: Option<String>,
    label: String,
    institution: String,
    last: Option<String>,
) -> impl IntoView {
    view! {
        <a class="button wide idp-choice" href=href data-institution=slug>
            {logo.map(|src| view! {
                <img class="idp-logo" src=src alt="" width="32" height="32" loading="lazy" decoding="async"/>
            })}
            <span>
                {label}" · "<span class="muted">{institution}</span>
                {last.map(|badge| view! { " "<span class="badge">{badge}</span> })}
            </span>
        </a>
    }
}

/// A query value, percent-encoded (what `next` holds is a path of ours, but it may carry its own query).
pub(crate) fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(id: i64, name: &str, institution: &str, slug: &str) -> SignInChoice {
        let kind = if id % 2 == 0 { ProviderKind::Saml } else { ProviderKind::Oidc };
        SignInChoice {
            kind,
            id,
            name: name.into(),
            institution: institution.into(),
            slug: slug.into(),
            names: vec![],
            keywords: vec![],
            logo: None,
        }
    }

    #[test]
    fn a_provider_is_named_in_the_pages_language() {
        let mut c = choice(2, "Uni A SSO", "Uni A", "unia");
        assert_eq!(c.label("it"), "Uni A SSO", "no names of its own: Convene's");
        c.names = vec![("en".into(), "University A".into()), ("it".into(), "Università A".into())];
        assert_eq!(c.label("it"), "Università A");
        assert_eq!(c.label("pt-BR"), "University A", "English when its language is missing");
        let found = SignInOptions { all: vec![c], last: None };
        assert_eq!(found.matching("università").len(), 1, "searched in every language");
        let mut with_words = found.all[0].clone();
        with_words.keywords = vec!["sapienza".into(), "roma capitale".into()];
        let found = SignInOptions { all: vec![with_words], last: None };
        assert_eq!(found.matching("Capitale").len(), 1, "and in its keywords");
    }

    #[test]
    fn choices_are_searched_and_the_last_comes_first() {
        let c = SignInOptions {
            all: vec![
                choice(1, "Login", "Sapienza Università di Roma", "uniroma"),
                choice(2, "SSO", "Universidade de São Paulo", "usp"),
                choice(3, "IdP", "Politecnico di Milano", "polimi"),
            ],
            last: Some("oidc-3".into()),
        };
        assert_eq!(c.all[1].start_path(), "/login/saml/2");
        assert_eq!(c.matching("").iter().map(|c| c.id).collect::<Vec<_>>(), vec![3, 1, 2]);
        assert_eq!(c.matching("  università ").iter().map(|c| c.id).collect::<Vec<_>>(), vec![1]);
        assert_eq!(c.matching("SÃO").iter().map(|c| c.id).collect::<Vec<_>>(), vec![2], "any case, any script");
        assert_eq!(c.matching("são").iter().map(|c| c.id).collect::<Vec<_>>(), vec![2]);
        assert_eq!(c.matching("usp").iter().map(|c| c.id).collect::<Vec<_>>(), vec![2]);
        assert!(c.matching("nowhere").is_empty());
    }
}
