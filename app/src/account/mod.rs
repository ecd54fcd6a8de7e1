//! The signed-in person's own settings: name, language, time zone, password.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::{ActionOutcome, ErrorBox, Field, Loading};
use crate::error::AppError;
use crate::i18n::{Lang, T};
use crate::session::use_lang;
use crate::validate;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub email: String,
    pub display_name: String,
    pub language: Option<Lang>,
    pub timezone: Option<String>,
    pub has_password: bool,
    /// The person's institutions, their role in each, and what gave it.
    #[serde(default)]
    pub roles: Vec<RoleSource>,
    /// The time zones to pick from (IANA names).
    #[serde(default)]
    pub zones: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleSource {
    pub institution: String,
    pub role: crate::session::Role,
    /// What the institution's sign-in rules matched ("<claim> <value>", or "default <provider>"); `None`: set by
    /// an admin.
    pub granted_by: Option<String>,
    /// What the rule said beyond the role.
    #[serde(default)]
    pub rights: crate::session::Rights,
}

#[cfg(feature = "ssr")]
pub mod port {
    use super::*;
    use crate::session::CurrentUser;

    #[async_trait::async_trait]
    pub trait AccountPort: Send + Sync + 'static {
        async fn get(&self, actor: &CurrentUser) -> Result<Account, AppError>;
        async fn update(
            &self,
            actor: &CurrentUser,
            display_name: String,
            language: String,
            timezone: String,
        ) -> Result<Account, AppError>;
        async fn change_password(&self, actor: &CurrentUser, current: String, new: String) -> Result<(), AppError>;
    }
}

#[server(endpoint = "/get_account")]
pub async fn get_account() -> Result<Account, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::AccountPort>()?.get(&actor).await)
}

#[server(endpoint = "/update_account")]
pub async fn update_account(display_name: String, language: String, timezone: String) -> Result<Account, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    let account = reply(port::<dyn port::AccountPort>()?.update(&actor, display_name, language, timezone).await)?;
    // A new language shows on the next page: reload this one so the whole shell speaks it.
    leptos_axum::redirect("/account");
    Ok(account)
}

#[server(endpoint = "/change_password")]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::AccountPort>()?.change_password(&actor, current, new).await)
}

/// `/account`.
#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let update = ServerAction::<UpdateAccount>::new();
    let password = ServerAction::<ChangePassword>::new();
    let account = Resource::new(move || update.version().get(), |_| get_account());
    view! {
        <h1>{T::AccountTitle.in_lang(lang)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match account.await {
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    Ok(a) => {
                        let current = a.language.map(|l| l.code()).unwrap_or("");
                        view! {
                            <section class="card" aria-labelledby="profile">
                                <h2 id="profile">{T::AccountProfile.in_lang(lang)}</h2>
                                <p class="muted">{a.email.clone()}</p>
                                <ActionForm action=update attr:class="form" attr:id="profile-form">
                                    <Field id="a-name" name="display_name" label=T::FieldDisplayName value=a.display_name.clone()
                                        required=true maxlength=validate::NAME_MAX autocomplete="name"/>
                                    <div class="field">
                                        <label for="a-lang">{T::FieldLanguage.in_lang(lang)}</label>
                                        <select id="a-lang" name="language">
                                            <option value="" selected=current.is_empty()>{T::LanguageAuto.in_lang(lang)}</option>
                                            {Lang::ALL.iter().map(|l| view! {
                                                <option value=l.code() selected=l.code() == current>{l.native_name()}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    // A searchable list (type any part of a name) and, once the page runs, this
                                    // device's own zone one click away.
                                    <Field id="a-tz" name="timezone" label=T::FieldTimezone value=a.timezone.clone().unwrap_or_default()
                                        maxlength=validate::TIMEZONE_MAX hint=T::HintTimezoneOverride placeholder="Europe/Rome" list="tz-list" autocomplete="off"/>
                                    <datalist id="tz-list">
                                        {a.zones.iter().map(|z| view! { <option value=z.clone()></option> }).collect_view()}
                                    </datalist>
                                    <DeviceZone input="a-tz".to_owned()/>
                                    <ActionOutcome action=update ok=T::Saved/>
                                    <button type="submit" class="primary">{T::Save.in_lang(lang)}</button>
                                </ActionForm>
                            </section>
                            {(!a.roles.is_empty()).then(|| view! {
                                <section class="card" aria-labelledby="roles">
                                    <h2 id="roles">{T::HomeYourInstitutions.in_lang(lang)}</h2>
                                    <ul class="plain" id="role-sources">
                                        {a.roles.iter().map(|r| {
                                            let role = crate::auth::rules::grant_label(r.role.as_str()).in_lang(lang);
                                            let why = match r.granted_by.as_deref() {
                                                None => T::RoleByHand.in_lang(lang).to_owned(),
                                                Some(g) => match g.strip_prefix("default ") {
                                                    Some(provider) => T::RoleFromDefault.with(lang, &[("name", provider.into())]),
                                                    None => T::RoleFrom.with(lang, &[("why", g.into())]),
                                                },
                                            };
                                            let rights = crate::auth::rules::rights_text(lang, &r.rights)
                                                .map(|list| T::RoleRights.with(lang, &[("rights", list.into())]));
                                            view! { <li><strong>{r.institution.clone()}</strong>" · "{role}<br/><span class="muted small">{why}</span>
                                                {rights.map(|t| view! { <br/><span class="muted small rights">{t}</span> })}</li> }
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {a.has_password.then(|| view! {
                                <section class="card" aria-labelledby="pw">
                                    <h2 id="pw">{T::AccountPassword.in_lang(lang)}</h2>
                                    <ActionForm action=password attr:class="form" attr:id="password-form">
                                        <Field id="pw-current" name="current" label=T::FieldCurrentPassword kind="password"
                                            required=true maxlength=validate::PASSWORD_MAX autocomplete="current-password"/>
                                        <Field id="pw-new" name="new" label=T::FieldNewPassword kind="password"
                                            required=true maxlength=validate::PASSWORD_MAX autocomplete="new-password" hint=T::HintPassword/>
                                        <ActionOutcome action=password ok=T::PasswordChanged/>
                                        <button type="submit" class="primary">{T::ChangePassword.in_lang(lang)}</button>
                                    </ActionForm>
                                </section>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// "Use this device's zone: Europe/Rome" beside the time-zone field `input` (its id), once the page runs (the zone
/// is the browser's; nothing is sent until the form is saved).
#[island]
pub(crate) fn DeviceZone(input: String) -> impl IntoView {
    let lang = use_lang();
    let zone = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use web_sys::js_sys;
        let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        let found =
            js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into()).ok().and_then(|v| v.as_string());
        zone.set(found.filter(|z| !z.is_empty()));
    });
    let input = StoredValue::new(input);
    let use_it = move |_| {
        #[cfg(not(feature = "hydrate"))]
        let _ = input;
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| input.with_value(|id| d.get_element_by_id(id)))
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let (Some(input), Some(z)) = (input, zone.get_untracked()) {
                input.set_value(&z);
                let _ = input.focus();
            }
        }
    };
    view! {
        {move || zone.get().map(|z| view! {
            <p class="device-zone">
                <button type="button" class="link" id="use-device-zone" on:click=use_it>
                    {T::UseDeviceZone.with(lang, &[("zone", z.into())])}
                </button>
            </p>
        })}
    }
}
