//! `/admin/identity`: the network's identity providers, for operators — which institution signs in where, adding an
//! OpenID Connect provider or a SAML 2.0 IdP (each checked before it is stored), switching one off.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::{ActionOutcome, Empty, ErrorBox, Field, Loading, SubmitButton};
use crate::error::AppError;
use crate::i18n::T;
use crate::session::use_lang;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderRow {
    pub kind: super::ProviderKind,
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
    /// A SAML IdP's metadata expiry (UTC, as `2026-12-08 05:27`), if it has one.
    #[serde(default)]
    pub valid_until: Option<String>,
    /// A SAML IdP's metadata read from its address: the last good read (UTC).
    #[serde(default)]
    pub refreshed_at: Option<String>,
    /// Why the last read failed (the last good copy stays in use).
    #[serde(default)]
    pub refresh_error: Option<String>,
    /// A federation-wide proxy issuer: the claim that names each person's home organization.
    #[serde(default)]
    pub home_claim: Option<String>,
    /// A SAML IdP's logo as Convene serves it, if one was read and checked.
    #[serde(default)]
    pub logo: Option<String>,
    /// Why its logo could not be read last time.
    #[serde(default)]
    pub logo_error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvidersView {
    pub providers: Vec<ProviderRow>,
    /// Institutions (slug, name) a provider can be added for.
    pub institutions: Vec<(String, String)>,
    pub callback_url: String,
    /// Convene's SAML metadata, for IdPs.
    pub saml_metadata_url: String,
    #[serde(default)]
    pub federations: Vec<FederationView>,
    /// Sign-ins whose e-mail address belongs to an existing account, waiting for an operator.
    #[serde(default)]
    pub link_requests: Vec<LinkRequestView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkRequestView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub provider: String,
    pub institution: String,
    /// When (UTC).
    pub at: String,
}

/// A federation as operators see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FederationView {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub idps: i64,
    pub skipped: i64,
    pub valid_until: Option<String>,
    pub refreshed_at: Option<String>,
    pub refresh_error: Option<String>,
    /// Its address is an MDQ service (entities looked up one by one).
    #[serde(default)]
    pub mdq: bool,
}

/// Where operators upload a federation's aggregate as a file (a plain multipart form, outside server functions).
pub const FEDERATION_UPLOAD_PATH: &str = "/admin/federations/upload";

/// A federation to add: its aggregate's address, the certificate it is signed with, a private CA if needed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewFederation {
    pub name: String,
    pub url: String,
    pub signing_cert_pem: String,
    #[serde(default)]
    pub ca_pem: String,
    /// Present (a checked box): the address is an MDQ service's base, not an aggregate.
    #[serde(default)]
    pub mdq: Option<String>,
}

/// An IdP of a federation, found by a search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FederationIdpView {
    pub id: i64,
    pub name: String,
    pub entity_id: String,
    pub scopes: String,
    pub federation: String,
}

/// A SAML IdP to add: its metadata by address (with a private CA if needed) or pasted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewSamlIdp {
    pub institution: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub metadata_url: String,
    #[serde(default)]
    pub metadata_xml: String,
    #[serde(default)]
    pub ca_pem: String,
    pub default_role: String,
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
    /// Left empty for an institution's own provider; a claim's name for one federation-wide proxy issuer.
    #[serde(default)]
    pub home_claim: String,
}

#[cfg(feature = "ssr")]
pub mod port {
    use super::*;
    use crate::session::CurrentUser;

    #[async_trait::async_trait]
    pub trait ProvidersAdminPort: Send + Sync + 'static {
        async fn list(&self, actor: &CurrentUser) -> Result<ProvidersView, AppError>;
        async fn add_oidc(&self, actor: &CurrentUser, p: NewOidcProvider) -> Result<i64, AppError>;
        async fn add_saml(&self, actor: &CurrentUser, p: NewSamlIdp) -> Result<i64, AppError>;
        /// Adds a federation; returns how many IdPs its aggregate holds.
        async fn add_federation(&self, actor: &CurrentUser, f: NewFederation) -> Result<u32, AppError>;
        async fn find_federation_idps(&self, actor: &CurrentUser, q: &str) -> Result<Vec<FederationIdpView>, AppError>;
        /// Looks up one IdP at an MDQ federation by its entity id (then it can be given to an institution).
        async fn lookup_federation_idp(
            &self,
            actor: &CurrentUser,
            federation: i64,
            entity_id: &str,
        ) -> Result<FederationIdpView, AppError>;
        async fn use_federation_idp(
            &self,
            actor: &CurrentUser,
            id: i64,
            institution: &str,
            default_role: &str,
        ) -> Result<i64, AppError>;
        /// Links the waiting sign-in to the account with its address (`link`), or forgets it.
        async fn resolve_link(&self, actor: &CurrentUser, id: i64, link: bool) -> Result<(), AppError>;
        async fn set_enabled(
            &self,
            actor: &CurrentUser,
            kind: super::super::ProviderKind,
            id: i64,
            enabled: bool,
        ) -> Result<(), AppError>;
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

#[server(endpoint = "/add_saml_idp")]
pub async fn add_saml_idp(idp: NewSamlIdp) -> Result<i64, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::ProvidersAdminPort>()?.add_saml(&actor, idp).await)
}

#[server(endpoint = "/add_federation")]
pub async fn add_federation(federation: NewFederation) -> Result<u32, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::ProvidersAdminPort>()?.add_federation(&actor, federation).await)
}

#[server(endpoint = "/find_federation_idps")]
pub async fn find_federation_idps(q: String) -> Result<Vec<FederationIdpView>, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::ProvidersAdminPort>()?.find_federation_idps(&actor, &q).await)
}

#[server(endpoint = "/lookup_federation_idp")]
pub async fn lookup_federation_idp(federation: i64, entity_id: String) -> Result<FederationIdpView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::ProvidersAdminPort>()?.lookup_federation_idp(&actor, federation, &entity_id).await)
}

#[server(endpoint = "/use_federation_idp")]
pub async fn use_federation_idp(id: i64, institution: String, default_role: String) -> Result<i64, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::ProvidersAdminPort>()?.use_federation_idp(&actor, id, &institution, &default_role).await)
}

#[server(endpoint = "/resolve_link_request")]
pub async fn resolve_link_request(id: i64, link: bool) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::ProvidersAdminPort>()?.resolve_link(&actor, id, link).await)
}

#[server(endpoint = "/set_provider_enabled")]
pub async fn set_provider_enabled(kind: super::ProviderKind, id: i64, enabled: bool) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::ProvidersAdminPort>()?.set_enabled(&actor, kind, id, enabled).await)
}

#[component]
pub fn IdentityProvidersPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddOidcProvider>::new();
    let add_saml = ServerAction::<AddSamlIdp>::new();
    let add_fed = ServerAction::<AddFederation>::new();
    let use_fed = ServerAction::<UseFederationIdp>::new();
    let lookup = ServerAction::<LookupFederationIdp>::new();
    let resolve = ServerAction::<ResolveLinkRequest>::new();
    let query = leptos_router::hooks::use_query_map();
    let fq = move || query.with(|q| q.get("fq").unwrap_or_default().chars().take(100).collect::<String>());
    let found = Resource::new(fq, |q| async move {
        if q.trim().chars().count() < 2 { Ok(Vec::new()) } else { find_federation_idps(q).await }
    });
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
                        let saml_institutions = v.institutions.clone();
                        let fed_institutions = v.institutions.clone();
                        let federations = v.federations.clone();
                        let no_federation = federations.is_empty();
                        let links = v.link_requests.clone();
                        view! {
                            <ActionOutcome action=toggle ok=T::Saved/>
                            <ActionOutcome action=resolve ok=T::Saved/>
                            {(!links.is_empty()).then(|| view! {
                                <section class="card" aria-labelledby="links-title" id="link-requests">
                                    <h2 id="links-title">{T::LinkTitle.in_lang(lang)}</h2>
                                    <p class="muted small">{T::LinkLead.in_lang(lang)}</p>
                                    <ul class="plain">
                                        {links.into_iter().map(|l| view! {
                                            <li>
                                                <strong>{l.name.clone()}</strong>" <"{l.email.clone()}">"
                                                <br/><span class="small">{T::LinkVia.with(lang, &[("provider", l.provider.clone().into()), ("institution", l.institution.clone().into()), ("date", l.at.clone().into())])}</span>
                                                <br/>
                                                <ActionForm action=resolve attr:class="inline">
                                                    <input type="hidden" name="id" value=l.id/>
                                                    <input type="hidden" name="link" value="true"/>
                                                    <button type="submit">{T::LinkButton.in_lang(lang)}</button>
                                                </ActionForm>
                                                <ActionForm action=resolve attr:class="inline">
                                                    <input type="hidden" name="id" value=l.id/>
                                                    <input type="hidden" name="link" value="false"/>
                                                    <button type="submit">{T::LinkDismiss.in_lang(lang)}</button>
                                                </ActionForm>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {if v.providers.is_empty() {
                                view! { <Empty text=T::IdpEmpty/> }.into_any()
                            } else {
                                view! {
                                    <ul class="plain idp-admin" id="idp-admin-list">
                                        {v.providers.into_iter().map(|p| view! {
                                            <li class="card">
                                                {p.logo.clone().map(|src| view! {
                                                    <img class="idp-logo" src=src alt="" width="32" height="32" loading="lazy"/>" "
                                                })}
                                                <strong>{p.name.clone()}</strong>" · "{p.institution.clone()}
                                                " "<span class="badge">{match p.kind {
                                                    super::ProviderKind::Oidc => T::IdpKindOidc.in_lang(lang),
                                                    super::ProviderKind::Saml => T::IdpKindSaml.in_lang(lang),
                                                }}</span>
                                                {(!p.enabled).then(|| view! { " "<span class="badge">{T::IdpOff.in_lang(lang)}</span> })}
                                                <br/><code>{p.issuer.clone()}</code>
                                                {p.home_claim.clone().map(|c| view! { <br/><span class="small proxy">{T::IdpProxyNote.with(lang, &[("claim", c.into())])}</span> })}
                                                {p.valid_until.clone().map(|d| view! { <br/><span class="small">{T::IdpValidUntil.with(lang, &[("date", d.into())])}</span> })}
                                                {p.refreshed_at.clone().map(|d| view! { <br/><span class="small">{T::IdpRefreshedAt.with(lang, &[("date", d.into())])}</span> })}
                                                {p.refresh_error.clone().map(|e| view! { <br/><span class="small health-offline" role="note">{T::IdpRefreshFailed.in_lang(lang)}" "<code>{e}</code></span> })}
                                                {p.logo_error.clone().map(|e| view! { <br/><span class="small health-offline logo-error" role="note">{T::IdpLogoFailed.in_lang(lang)}" "<code>{e}</code></span> })}
                                                <br/><span class="small">{T::SignInDefault.with(lang, &[("role", crate::auth::rules::grant_label(&p.default_role).in_lang(lang).into())])}</span>
                                                <br/><span class="small">{T::IdpSignInAt.in_lang(lang)}" "<code>{p.sign_in_url.clone()}</code></span>
                                                <br/><a class="small" href=format!("/institutions/{}/sign-in", p.slug)>{T::NavSignInRules.in_lang(lang)}</a>
                                                <ActionForm action=toggle attr:class="inline">
                                                    <input type="hidden" name="kind" value=p.kind.as_str()/>
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
                                        <Field id="idp-home" name="provider[home_claim]" label=T::IdpHomeClaim maxlength=200usize
                                            list="home-claims" hint=T::IdpHomeClaimHint/>
                                        <datalist id="home-claims">
                                            <option value="schac_home_organization"></option>
                                            <option value="eduperson_principal_name"></option>
                                        </datalist>
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
                            <section class="card" aria-labelledby="saml-add">
                                <h2 id="saml-add">{T::IdpAddSaml.in_lang(lang)}</h2>
                                <p class="muted small">{T::IdpAddSamlLead.in_lang(lang)}" "<a id="saml-sp-metadata" href=v.saml_metadata_url.clone()>{v.saml_metadata_url.clone()}</a></p>
                                <ActionForm action=add_saml attr:class="form" attr:id="saml-form">
                                    <div class="grid-2">
                                        <div class="field">
                                            <label for="saml-inst">{T::IdpInstitution.in_lang(lang)}</label>
                                            <select id="saml-inst" name="idp[institution]" required>
                                                {saml_institutions.into_iter().map(|(slug, name)| {
                                                    let selected = crate::flash::kept("idp[institution]", "") == slug;
                                                    view! { <option value=slug selected=selected>{name}</option> }
                                                }).collect_view()}
                                            </select>
                                        </div>
                                        <Field id="saml-name" name="idp[name]" label=T::IdpName maxlength=120usize hint=T::IdpSamlNameHint/>
                                        <Field id="saml-url" name="idp[metadata_url]" label=T::IdpMetadataUrl kind="url" maxlength=2000usize placeholder="https://idp.example.org/idp/shibboleth"/>
                                        <div class="field">
                                            <label for="saml-default">{T::IdpDefaultRole.in_lang(lang)}</label>
                                            <select id="saml-default" name="idp[default_role]">
                                                {["member", "guest", "admin", "none"].into_iter().map(|r| view! {
                                                    <option value=r selected=crate::flash::kept("idp[default_role]", "member") == r>{crate::auth::rules::grant_label(r).in_lang(lang)}</option>
                                                }).collect_view()}
                                            </select>
                                        </div>
                                    </div>
                                    <div class="field">
                                        <label for="saml-xml">{T::IdpMetadataXml.in_lang(lang)}</label>
                                        <textarea id="saml-xml" name="idp[metadata_xml]" rows="3" maxlength="524288" placeholder="md:EntityDescriptor …"
                                            inner_html=crate::components::text_markup(&crate::flash::kept("idp[metadata_xml]", ""))></textarea>
                                    </div>
                                    <div class="field">
                                        <label for="saml-ca">{T::IdpCa.in_lang(lang)}</label>
                                        <textarea id="saml-ca" name="idp[ca_pem]" rows="3" maxlength="65536" placeholder="-----BEGIN CERTIFICATE-----"
                                            inner_html=crate::components::text_markup(&crate::flash::kept("idp[ca_pem]", ""))></textarea>
                                    </div>
                                    <ActionOutcome action=add_saml ok=T::IdpSamlAdded/>
                                    <SubmitButton label=T::IdpAddSamlButton.in_lang(lang).to_owned() busy_label=T::IdpReading.in_lang(lang).to_owned()/>
                                </ActionForm>
                            </section>
                            <section class="card" aria-labelledby="fed-title">
                                <h2 id="fed-title">{T::FedTitle.in_lang(lang)}</h2>
                                <p class="muted small">{T::FedLead.in_lang(lang)}</p>
                                {if no_federation {
                                    view! { <p class="muted" id="federation-none">{T::FedEmpty.in_lang(lang)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="plain" id="federation-list">
                                            {federations.into_iter().map(|f| view! {
                                                <li>
                                                    <strong>{f.name.clone()}</strong>" · "{T::FedIdps.with(lang, &[("n", f.idps.into())])}
                                                    {(f.skipped > 0).then(|| view! { " · "<span class="muted">{T::FedSkipped.with(lang, &[("n", f.skipped.into())])}</span> })}
                                                    <br/><code class="small">{f.url.clone()}</code>
                                                    {f.valid_until.clone().map(|d| view! { <br/><span class="small">{T::IdpValidUntil.with(lang, &[("date", d.into())])}</span> })}
                                                    {f.refreshed_at.clone().map(|d| view! { <br/><span class="small">{T::IdpRefreshedAt.with(lang, &[("date", d.into())])}</span> })}
                                                    {f.refresh_error.clone().map(|e| view! { <br/><span class="small health-offline" role="note">{T::IdpRefreshFailed.in_lang(lang)}" "<code>{e}</code></span> })}
                                                    {f.mdq.then(|| view! {
                                                        <br/><span class="badge">"MDQ"</span>
                                                        <ActionForm action=lookup attr:class="inline mdq-lookup">
                                                            <input type="hidden" name="federation" value=f.id/>
                                                            <label for=format!("mdq-{}", f.id)>{T::FedLookupLabel.in_lang(lang)}</label>
                                                            <input id=format!("mdq-{}", f.id) name="entity_id" type="url" required maxlength="290"
                                                                placeholder="https://idp.example.org/idp/shibboleth"/>
                                                            <button type="submit">{T::FedLookupButton.in_lang(lang)}</button>
                                                        </ActionForm>
                                                    })}
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                <ActionOutcome action=lookup ok=T::FedLookedUp/>
                                <div hidden=no_federation>
                                <h3>{T::FedFind.in_lang(lang)}</h3>
                                <form method="get" action="/admin/identity" role="search" class="inline" id="fed-search">
                                    <label for="fed-q">{T::FedFindLabel.in_lang(lang)}</label>
                                    <input id="fed-q" name="fq" type="search" value=fq() maxlength="100" autocomplete="off"/>
                                    <button type="submit">{T::LoginSearch.in_lang(lang)}</button>
                                </form>
                                <ActionOutcome action=use_fed ok=T::FedGiven/>
                                <Suspense fallback=Loading>
                                    {move || Suspend::new({
                                        let fed_institutions = fed_institutions.clone();
                                        async move {
                                        let q = fq();
                                        match found.await {
                                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                                            Ok(list) if list.is_empty() && q.trim().chars().count() >= 2 => view! {
                                                <p class="muted" id="fed-none">{T::FedNoMatch.in_lang(lang)}</p>
                                            }.into_any(),
                                            Ok(list) => view! {
                                                <ul class="plain" id="fed-results">
                                                    {list.into_iter().map(|i| {
                                                        let insts = fed_institutions.clone();
                                                        view! {
                                                            <li class="card">
                                                                <strong>{i.name.clone()}</strong>" · "<span class="muted">{i.federation.clone()}</span>
                                                                <br/><code class="small">{i.entity_id.clone()}</code>
                                                                {(!i.scopes.is_empty()).then(|| view! { <br/><span class="small">{i.scopes.clone()}</span> })}
                                                                <ActionForm action=use_fed attr:class="inline">
                                                                    <input type="hidden" name="id" value=i.id/>
                                                                    <label for=format!("fed-inst-{}", i.id)>{T::FedGive.in_lang(lang)}</label>
                                                                    <select id=format!("fed-inst-{}", i.id) name="institution">
                                                                        {insts.into_iter().map(|(slug, name)| view! { <option value=slug>{name}</option> }).collect_view()}
                                                                    </select>
                                                                    <input type="hidden" name="default_role" value="member"/>
                                                                    <button type="submit">{T::FedGiveButton.in_lang(lang)}</button>
                                                                </ActionForm>
                                                            </li>
                                                        }
                                                    }).collect_view()}
                                                </ul>
                                            }.into_any(),
                                        }
                                    }})}
                                </Suspense>
                                </div>
                                <h3>{T::FedAdd.in_lang(lang)}</h3>
                                <ActionForm action=add_fed attr:class="form" attr:id="federation-form">
                                    <div class="grid-2">
                                        <Field id="fed-name" name="federation[name]" label=T::FedName required=true maxlength=120usize/>
                                        <Field id="fed-url" name="federation[url]" label=T::FedUrl kind="url" required=true maxlength=2000usize placeholder="https://federation.example/metadata.xml"/>
                                    </div>
                                    <div class="field">
                                        <label for="fed-cert">{T::FedSigningCert.in_lang(lang)}</label>
                                        <textarea id="fed-cert" name="federation[signing_cert_pem]" rows="3" maxlength="20000" required placeholder="-----BEGIN CERTIFICATE-----"
                                            inner_html=crate::components::text_markup(&crate::flash::kept("federation[signing_cert_pem]", ""))></textarea>
                                    </div>
                                    <div class="field">
                                        <label for="fed-ca">{T::IdpCa.in_lang(lang)}</label>
                                        <textarea id="fed-ca" name="federation[ca_pem]" rows="3" maxlength="65536" placeholder="-----BEGIN CERTIFICATE-----"
                                            inner_html=crate::components::text_markup(&crate::flash::kept("federation[ca_pem]", ""))></textarea>
                                    </div>
                                    <label class="check"><input type="checkbox" name="federation[mdq]" value="on" id="fed-mdq"/>" "{T::FedMdq.in_lang(lang)}</label>
                                    <ActionOutcome action=add_fed ok=T::FedAdded/>
                                    <SubmitButton label=T::FedAddButton.in_lang(lang).to_owned() busy_label=T::FedReading.in_lang(lang).to_owned()/>
                                </ActionForm>
                                <h3 id="federation-upload">{T::FedUpload.in_lang(lang)}</h3>
                                <p class="muted small">{T::FedUploadLead.in_lang(lang)}</p>
                                <form method="post" action=FEDERATION_UPLOAD_PATH enctype="multipart/form-data" class="form" id="federation-upload-form">
                                    <Field id="fed-up-name" name="upload[name]" label=T::FedName required=true maxlength=120usize/>
                                    <div class="field">
                                        <label for="fed-up-cert">{T::FedSigningCert.in_lang(lang)}</label>
                                        <textarea id="fed-up-cert" name="upload[signing_cert_pem]" rows="3" maxlength="20000" required placeholder="-----BEGIN CERTIFICATE-----"></textarea>
                                    </div>
                                    <div class="field">
                                        <label for="fed-up-file">{T::FedUploadFile.in_lang(lang)}</label>
                                        <input id="fed-up-file" name="upload[file]" type="file" required accept=".xml,application/samlmetadata+xml,application/xml,text/xml"/>
                                    </div>
                                    {crate::flash::revealed(FEDERATION_UPLOAD_PATH).map(|n| view! {
                                        <div class="notice notice-ok" role="status">
                                            {T::FedUploaded.with(lang, &[("n", n.parse::<i64>().unwrap_or(0).into())])}
                                        </div>
                                    })}
                                    {crate::flash::refused(FEDERATION_UPLOAD_PATH).map(|e| view! { <ErrorBox error=e/> })}
                                    <SubmitButton label=T::FedUploadButton.in_lang(lang).to_owned() busy_label=T::FedReading.in_lang(lang).to_owned()/>
                                </form>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
