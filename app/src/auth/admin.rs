//! `/admin/identity`: the network's identity providers, for operators — which institution signs in where, adding an
//! OpenID Connect provider (checked before it is stored), switching one off.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::{ActionOutcome, Empty, ErrorBox, Field, Loading, SubmitButton};
use crate::error::AppError;
use crate::i18n::T;
use crate::session::use_lang;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderRow {
    pub id: i64,
    pub institution: String,
    pub slug: String,
    pub name: String,
    pub issuer: String,
    pub default_role: String,
    pub enabled: bool,
    /// Where people of the institution start signing in with it.
    pub sign_in_url: String,
    /// Where the provider must send people back (registered there).
    pub callback_url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvidersView {
    pub providers: Vec<ProviderRow>,
    /// Institutions (slug, name) a provider can be added for.
    pub institutions: Vec<(String, String)>,
    pub callback_url: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewOidcProvider {
    pub institution: String,
    pub issuer: String,
    pub name: String,
    pub client_id: String,
    pub client_secret: String,
    #[serde(default)]
    pub ca_pem: String,
    #[serde(default)]
    pub scopes: String,
    pub default_role: String,
}

#[cfg(feature = "ssr")]
pub mod port {
    use super::*;
    use crate::session::CurrentUser;

    #[async_trait::async_trait]
    pub trait ProvidersAdminPort: Send + Sync + 'static {
        async fn list(&self, actor: &CurrentUser) -> Result<ProvidersView, AppError>;
        async fn add_oidc(&self, actor: &CurrentUser, p: NewOidcProvider) -> Result<i64, AppError>;
        async fn set_enabled(&self, actor: &CurrentUser, id: i64, enabled: bool) -> Result<(), AppError>;
    }
}

#[server(endpoint = "/identity_providers")]
pub async fn identity_providers() -> Result<ProvidersView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::ProvidersAdminPort>()?.list(&actor).await)
}

#[server(endpoint = "/add_oidc_provider")]
pub async fn add_oidc_provider(provider: NewOidcProvider) -> Result<i64, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::ProvidersAdminPort>()?.add_oidc(&actor, provider).await)
}

#[server(endpoint = "/set_provider_enabled")]
pub async fn set_provider_enabled(id: i64, enabled: bool) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::ProvidersAdminPort>()?.set_enabled(&actor, id, enabled).await)
}

#[component]
pub fn IdentityProvidersPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddOidcProvider>::new();
    let toggle = ServerAction::<SetProviderEnabled>::new();
    let data = Resource::new(|| (), |_| identity_providers());
    view! {
        <h1>{T::IdpTitle.in_lang(lang)}</h1>
        <p class="muted">{T::IdpLead.in_lang(lang)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    Ok(v) => {
                        let institutions = v.institutions.clone();
                        view! {
                            <ActionOutcome action=toggle ok=T::Saved/>
                            {if v.providers.is_empty() {
                                view! { <Empty text=T::IdpEmpty/> }.into_any()
                            } else {
                                view! {
                                    <ul class="plain idp-admin" id="idp-admin-list">
                                        {v.providers.into_iter().map(|p| view! {
                                            <li class="card">
                                                <strong>{p.name.clone()}</strong>" · "{p.institution.clone()}
                                                {(!p.enabled).then(|| view! { " "<span class="badge">{T::IdpOff.in_lang(lang)}</span> })}
                                                <br/><code>{p.issuer.clone()}</code>
                                                <br/><span class="small">{T::SignInDefault.with(lang, &[("role", crate::auth::rules::grant_label(&p.default_role).in_lang(lang).into())])}</span>
                                                <br/><span class="small">{T::IdpSignInAt.in_lang(lang)}" "<code>{p.sign_in_url.clone()}</code></span>
                                                <br/><a class="small" href=format!("/institutions/{}/sign-in", p.slug)>{T::NavSignInRules.in_lang(lang)}</a>
                                                <ActionForm action=toggle attr:class="inline">
                                                    <input type="hidden" name="id" value=p.id/>
                                                    <input type="hidden" name="enabled" value=if p.enabled { "false" } else { "true" }/>
                                                    <button type="submit">{if p.enabled { T::IdpSwitchOff.in_lang(lang) } else { T::IdpSwitchOn.in_lang(lang) }}</button>
                                                </ActionForm>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <section class="card" aria-labelledby="idp-add">
                                <h2 id="idp-add">{T::IdpAdd.in_lang(lang)}</h2>
                                <p class="muted small">{T::IdpAddLead.in_lang(lang)}" "<code id="idp-callback">{v.callback_url.clone()}</code></p>
                                <ActionForm action=add attr:class="form" attr:id="idp-form">
                                    <div class="grid-2">
                                        <div class="field">
                                            <label for="idp-inst">{T::IdpInstitution.in_lang(lang)}</label>
                                            <select id="idp-inst" name="provider[institution]" required>
                                                {institutions.into_iter().map(|(slug, name)| {
                                                    let selected = crate::flash::kept("provider[institution]", "") == slug;
                                                    view! { <option value=slug selected=selected>{name}</option> }
                                                }).collect_view()}
                                            </select>
                                        </div>
                                        <Field id="idp-name" name="provider[name]" label=T::IdpName required=true maxlength=120usize/>
                                        <Field id="idp-issuer" name="provider[issuer]" label=T::IdpIssuer kind="url" required=true maxlength=290usize placeholder="https://login.example.org"/>
                                        <Field id="idp-client" name="provider[client_id]" label=T::IdpClientId required=true maxlength=300usize autocomplete="off"/>
                                        <Field id="idp-secret" name="provider[client_secret]" label=T::IdpClientSecret kind="password" required=true maxlength=500usize autocomplete="off"/>
                                        <Field id="idp-scopes" name="provider[scopes]" label=T::IdpScopes value="openid email profile" maxlength=500usize/>
                                        <div class="field">
                                            <label for="idp-default">{T::IdpDefaultRole.in_lang(lang)}</label>
                                            <select id="idp-default" name="provider[default_role]">
                                                {["member", "guest", "admin", "none"].into_iter().map(|r| view! {
                                                    <option value=r selected=crate::flash::kept("provider[default_role]", "member") == r>{crate::auth::rules::grant_label(r).in_lang(lang)}</option>
                                                }).collect_view()}
                                            </select>
                                        </div>
                                    </div>
                                    <div class="field">
                                        <label for="idp-ca">{T::IdpCa.in_lang(lang)}</label>
                                        <textarea id="idp-ca" name="provider[ca_pem]" rows="3" maxlength="65536" placeholder="-----BEGIN CERTIFICATE-----"
                                            inner_html=crate::components::text_markup(&crate::flash::kept("provider[ca_pem]", ""))></textarea>
                                    </div>
                                    <ActionOutcome action=add ok=T::IdpAdded/>
                                    <SubmitButton label=T::IdpAddButton.in_lang(lang).to_owned() busy_label=T::IdpChecking.in_lang(lang).to_owned()/>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
