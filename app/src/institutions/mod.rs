//! Institutions of the network: operators create and edit them.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::components::{ActionOutcome, Empty, ErrorBox, Field, Loading};
use crate::error::AppError;
use crate::i18n::{Lang, T};
use crate::session::{use_lang, use_session};
use crate::validate;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Institution {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub region: String,
    pub latitude: f64,
    pub longitude: f64,
    pub default_language: Lang,
    pub brand_color: String,
    pub logo_url: Option<String>,
    pub member_count: i64,
    /// The home organization domains a federation-wide sign-in maps to this institution.
    #[serde(default)]
    pub home_domains: Vec<String>,
    /// Its help, privacy notice and contact, shown in its members' footers.
    #[serde(default)]
    pub links: InstitutionLinks,
    /// Where its uploaded logo is served, if it has one.
    #[serde(default)]
    pub logo: Option<String>,
}

/// How an institution shows itself on its rooms' and guests' pages: name, colour (`#rrggbb`, checked when
/// stored) and logo address.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Brand {
    pub name: String,
    pub color: String,
    pub logo: Option<String>,
}

/// The institution's name beside its logo, with its colour as an accent (never behind text, so contrast holds
/// whatever colour is chosen).
#[component]
pub fn BrandBar(brand: Brand) -> impl IntoView {
    let lang = use_lang();
    // Checked again where it goes into a style: only `#` and hex digits.
    let color = Some(brand.color.clone())
        .filter(|c| c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit()))
        .unwrap_or_else(|| "#2457a6".to_owned());
    view! {
        <div class="brand-bar" style=format!("--brand:{color}") id="brand-bar">
            {brand.logo.clone().map(|src| view! {
                <img src=src alt=T::LogoOf.with(lang, &[("name", brand.name.as_str().into())]) class="brand-logo" width="40" height="40"/>
            })}
            <span class="brand-name">{brand.name.clone()}</span>
        </div>
    }
}

/// The key the logo upload's outcome is kept under for the institution's page (a flash).
pub const LOGO_UPLOAD_FLASH: &str = "/institutions/logo";

/// An institution's help, privacy notice and contact addresses (each `https://…`, the contact also `mailto:…`;
/// empty: none), set by its admins.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InstitutionLinks {
    #[serde(default)]
    pub help_url: String,
    #[serde(default)]
    pub privacy_url: String,
    #[serde(default)]
    pub contact_url: String,
}

impl InstitutionLinks {
    /// Each checked (`None`: empty).
    pub fn validate(&self) -> Result<[Option<String>; 3], AppError> {
        Ok([
            validate::link("help_url", &self.help_url)?,
            validate::link("privacy_url", &self.privacy_url)?,
            validate::link("contact_url", &self.contact_url)?,
        ])
    }
}

/// The form as typed: every field is text, validated by [`InstitutionInput::validate`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InstitutionInput {
    pub name: String,
    pub slug: String,
    pub timezone: String,
    pub region: String,
    pub latitude: String,
    pub longitude: String,
    pub default_language: String,
    pub brand_color: String,
    #[serde(default)]
    pub logo_url: String,
    #[serde(default)]
    pub home_domains: String,
}

/// A validated institution, ready to store (the time zone is checked by the server against the tz database).
#[derive(Clone, Debug, PartialEq)]
pub struct InstitutionData {
    pub name: String,
    pub slug: String,
    pub timezone: String,
    pub region: String,
    pub latitude: f64,
    pub longitude: f64,
    pub default_language: Lang,
    pub brand_color: String,
    pub logo_url: Option<String>,
    pub home_domains: Vec<String>,
}

/// How many home organization domains an institution may have.
pub const HOME_DOMAINS_MAX: usize = 20;

impl InstitutionInput {
    pub fn validate(&self) -> Result<InstitutionData, AppError> {
        Ok(InstitutionData {
            name: validate::text("name", &self.name, 2, validate::NAME_MAX)?,
            slug: validate::slug("slug", &self.slug)?,
            timezone: validate::text("timezone", &self.timezone, 1, validate::TIMEZONE_MAX)?,
            region: validate::text("region", &self.region, 0, validate::REGION_MAX)?,
            latitude: validate::number("latitude", &self.latitude, -90.0, 90.0)?,
            longitude: validate::number("longitude", &self.longitude, -180.0, 180.0)?,
            default_language: Lang::from_code(self.default_language.trim())
                .ok_or_else(|| AppError::invalid("default_language", crate::error::Problem::Format))?,
            brand_color: validate::color("brand_color", &self.brand_color)?,
            logo_url: validate::optional_url("logo_url", &self.logo_url)?,
            home_domains: validate::domains("home_domains", &self.home_domains, HOME_DOMAINS_MAX)?,
        })
    }
}

impl From<&Institution> for InstitutionInput {
    fn from(i: &Institution) -> Self {
        InstitutionInput {
            name: i.name.clone(),
            slug: i.slug.clone(),
            timezone: i.timezone.clone(),
            region: i.region.clone(),
            latitude: i.latitude.to_string(),
            longitude: i.longitude.to_string(),
            default_language: i.default_language.code().to_owned(),
            brand_color: i.brand_color.clone(),
            logo_url: i.logo_url.clone().unwrap_or_default(),
            home_domains: i.home_domains.join(" "),
        }
    }
}

#[cfg(feature = "ssr")]
pub mod port {
    use super::*;
    use crate::session::CurrentUser;

    /// What the engine offers this feature. Every method checks that `actor` may do it.
    #[async_trait::async_trait]
    pub trait InstitutionsPort: Send + Sync + 'static {
        async fn list(&self, actor: &CurrentUser) -> Result<Vec<Institution>, AppError>;
        async fn get(&self, actor: &CurrentUser, slug: &str) -> Result<Institution, AppError>;
        async fn create(&self, actor: &CurrentUser, input: InstitutionInput) -> Result<Institution, AppError>;
        /// Sets the institution's help, privacy and contact links (its admins and operators).
        async fn set_links(&self, actor: &CurrentUser, slug: &str, links: InstitutionLinks) -> Result<(), AppError>;
        async fn update(&self, actor: &CurrentUser, id: i64, input: InstitutionInput) -> Result<Institution, AppError>;
    }
}

#[server(endpoint = "/list_institutions")]
pub async fn list_institutions() -> Result<Vec<Institution>, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::InstitutionsPort>()?.list(&actor).await)
}

#[server(endpoint = "/get_institution")]
pub async fn get_institution(slug: String) -> Result<Institution, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::InstitutionsPort>()?.get(&actor, &slug).await)
}

#[server(endpoint = "/create_institution")]
pub async fn create_institution(input: InstitutionInput) -> Result<Institution, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::InstitutionsPort>()?.create(&actor, input).await)
}

#[server(endpoint = "/update_institution_links")]
pub async fn update_institution_links(slug: String, links: InstitutionLinks) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::InstitutionsPort>()?.set_links(&actor, &slug, links).await)
}

#[server(endpoint = "/update_institution")]
pub async fn update_institution(id: i64, input: InstitutionInput) -> Result<Institution, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    let updated = reply(port::<dyn port::InstitutionsPort>()?.update(&actor, id, input).await)?;
    // The slug may have changed: go to the page's new address (also right for forms posted without JavaScript).
    leptos_axum::redirect(&format!("/admin/institutions/{}", updated.slug));
    Ok(updated)
}

/// The fields of the create and edit forms.
#[component]
fn InstitutionFields(value: InstitutionInput) -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    let zones = validate::zone_names();
    #[cfg(not(feature = "ssr"))]
    let zones: Vec<String> = Vec::new();
    let current_lang = crate::flash::kept("input[default_language]", value.default_language.clone());
    view! {
        <div class="grid-2">
            <Field id="inst-name" name="input[name]" label=T::FieldName value=value.name required=true maxlength=validate::NAME_MAX/>
            <Field id="inst-slug" name="input[slug]" label=T::FieldSlug value=value.slug required=true
                maxlength=validate::SLUG_MAX hint=T::HintSlug/>
            <div>
                <Field id="inst-timezone" name="input[timezone]" label=T::FieldTimezone value=value.timezone required=true
                    maxlength=validate::TIMEZONE_MAX list="tz-list" placeholder="Europe/Rome" autocomplete="off"/>
                // Rendered on the server only (these forms are not islands): every IANA place, searchable.
                <datalist id="tz-list">
                    {zones.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
                </datalist>
                <crate::account::DeviceZone input="inst-timezone".to_owned()/>
            </div>
            <div class="field">
                <label for="inst-lang">{T::FieldDefaultLanguage.in_lang(lang)}</label>
                <select id="inst-lang" name="input[default_language]">
                    {Lang::ALL.iter().map(|l| {
                        let selected = l.code() == current_lang;
                        view! { <option value=l.code() selected=selected>{l.native_name()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Field id="inst-region" name="input[region]" label=T::FieldRegion value=value.region maxlength=validate::REGION_MAX
                hint=T::HintRegion/>
            <Field id="inst-color" name="input[brand_color]" label=T::FieldBrandColor value=value.brand_color kind="color"/>
            <Field id="inst-lat" name="input[latitude]" label=T::FieldLatitude value=value.latitude required=true
                maxlength=32usize placeholder="41.9028"/>
            <Field id="inst-lon" name="input[longitude]" label=T::FieldLongitude value=value.longitude required=true
                maxlength=32usize placeholder="12.4964"/>
            // The logo is uploaded by the institution's admins on this page (below), not read from an address.
            <Field id="inst-domains" name="input[home_domains]" label=T::FieldHomeDomains value=value.home_domains
                maxlength=2000usize placeholder="uniroma1.it" hint=T::HintHomeDomains/>
        </div>
    }
}

/// `/admin/institutions`: every institution of the network, and a form for a new one. Operators only.
#[component]
pub fn InstitutionsPage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateInstitution>::new();
    let is_operator = use_session().user.is_some_and(|u| u.is_operator);
    let list = Resource::new(move || create.version().get(), |_| list_institutions());
    let blank = InstitutionInput {
        brand_color: "#2457a6".into(),
        default_language: lang.code().into(),
        timezone: "Europe/Rome".into(),
        ..Default::default()
    };
    view! {
        <h1>{T::InstitutionsTitle.in_lang(lang)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <Empty text=T::InstitutionsEmpty/> }.into_any(),
                    Ok(items) => view! {
                        <div class="table-wrap">
                        <table>
                            <caption class="sr-only">{T::InstitutionsTitle.in_lang(lang)}</caption>
                            <thead><tr>
                                <th scope="col">{T::FieldName.in_lang(lang)}</th>
                                <th scope="col">{T::FieldSlug.in_lang(lang)}</th>
                                <th scope="col">{T::FieldTimezone.in_lang(lang)}</th>
                                <th scope="col">{T::FieldRegion.in_lang(lang)}</th>
                                <th scope="col">{T::MembersCount.in_lang(lang)}</th>
                                <th scope="col"><span class="sr-only">{T::Actions.in_lang(lang)}</span></th>
                            </tr></thead>
                            <tbody>
                                {items.into_iter().map(|i| {
                                    let edit = format!("/admin/institutions/{}", i.slug);
                                    let members = format!("/institutions/{}/members", i.slug);
                                    view! {
                                        <tr>
                                            <td><span class="swatch" style=format!("background:{}", i.brand_color)></span>{i.name.clone()}</td>
                                            <td><code>{i.slug.clone()}</code></td>
                                            <td>{i.timezone.clone()}</td>
                                            <td>{i.region.clone()}</td>
                                            <td>{i.member_count}</td>
                                            <td class="actions">
                                                <A href=edit>{T::Edit.in_lang(lang)}</A>
                                                <A href=members>{T::NavMembers.in_lang(lang)}</A>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
        // Only operators add institutions (the server checks too).
        {is_operator.then(|| view! {
        <section class="card" aria-labelledby="new-inst">
            <h2 id="new-inst">{T::InstitutionsNew.in_lang(lang)}</h2>
            <ActionForm action=create attr:class="form" attr:id="create-institution">
                <InstitutionFields value=blank.clone()/>
                <ActionOutcome action=create ok=T::Created/>
                <button type="submit" class="primary" disabled=move || create.pending().get()>{T::Create.in_lang(lang)}</button>
            </ActionForm>
        </section>
        })}
    }
}

/// `/admin/institutions/:slug`: edit one institution.
#[component]
pub fn InstitutionEditPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let update = ServerAction::<UpdateInstitution>::new();
    let update_links = ServerAction::<UpdateInstitutionLinks>::new();
    let user = StoredValue::new(use_session().user);
    let is_operator = user.with_value(|u| u.as_ref().is_some_and(|u| u.is_operator));
    let item = Resource::new(
        move || (params.get().get("slug").unwrap_or_default(), update.version().get(), update_links.version().get()),
        |(slug, ..)| get_institution(slug),
    );
    view! {
        <p class="crumbs"><A href="/admin/institutions">{T::InstitutionsTitle.in_lang(lang)}</A></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match item.await {
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    Ok(inst) => {
                        let input = InstitutionInput::from(&inst);
                        let admin = user.with_value(|u| u.as_ref().is_some_and(|u| u.can_admin(inst.id)));
                        let links = admin.then(|| view! {
                            <LogoBox inst=inst.clone()/>
                            <LinksBox inst=inst.clone() action=update_links/>
                        });
                        if !is_operator {
                            // Members and admins read their institution; only operators change it.
                            return view! {
                                <h1>{inst.name.clone()}</h1>
                                <dl class="card pairs" id="institution-facts">
                                    <dt>{T::FieldSlug.in_lang(lang)}</dt><dd>{inst.slug.clone()}</dd>
                                    <dt>{T::FieldTimezone.in_lang(lang)}</dt><dd>{inst.timezone.clone()}</dd>
                                    <dt>{T::FieldRegion.in_lang(lang)}</dt><dd>{inst.region.clone()}</dd>
                                </dl>
                                <p class="muted small">{T::InstitutionOperatorsChange.in_lang(lang)}</p>
                                {links}
                            }.into_any();
                        }
                        view! {
                            <h1>{inst.name.clone()}</h1>
                            <ActionForm action=update attr:class="form card" attr:id="edit-institution">
                                <input type="hidden" name="id" value=inst.id/>
                                <InstitutionFields value=input/>
                                <ActionOutcome action=update ok=T::Saved/>
                                <button type="submit" class="primary">{T::Save.in_lang(lang)}</button>
                            </ActionForm>
                            {links}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The institution's help, privacy notice and contact links, for its admins (and operators) to set: shown in the
/// footer of every page its members see.
#[component]
fn LinksBox(inst: Institution, action: ServerAction<UpdateInstitutionLinks>) -> impl IntoView {
    let lang = use_lang();
    let l = inst.links;
    view! {
        <section class="card" aria-labelledby="links-title">
            <h2 id="links-title">{T::LinksTitle.in_lang(lang)}</h2>
            <p class="muted">{T::LinksLead.in_lang(lang)}</p>
            <ActionForm action=action attr:class="form" attr:id="institution-links">
                <input type="hidden" name="slug" value=inst.slug/>
                <Field id="link-help" name="links[help_url]" label=T::FieldHelpUrl value=l.help_url maxlength=validate::URL_MAX
                    placeholder="https://…"/>
                <Field id="link-privacy" name="links[privacy_url]" label=T::FieldPrivacyUrl value=l.privacy_url
                    maxlength=validate::URL_MAX placeholder="https://…"/>
                <Field id="link-contact" name="links[contact_url]" label=T::FieldContactUrl value=l.contact_url
                    maxlength=validate::URL_MAX placeholder="mailto:helpdesk@example.org" hint=T::HintContactUrl/>
                <ActionOutcome action=action ok=T::Saved/>
                <button type="submit" class="primary">{T::Save.in_lang(lang)}</button>
            </ActionForm>
        </section>
    }
}

/// The institution's logo, for its admins (and operators) to upload or remove: shown on its rooms' and guests'
/// pages. A plain multipart form (no script needed); the page comes back saying what happened.
#[component]
fn LogoBox(inst: Institution) -> impl IntoView {
    let lang = use_lang();
    let action = format!("/institutions/{}/logo", inst.slug);
    let has = inst.logo.is_some();
    view! {
        <section class="card" aria-labelledby="logo-title" id="logo">
            <h2 id="logo-title">{T::LogoTitle.in_lang(lang)}</h2>
            <p class="muted">{T::LogoLead.in_lang(lang)}</p>
            {inst.logo.clone().map(|src| view! {
                <p><img class="institution-logo-preview" src=src alt=T::LogoOf.with(lang, &[("name", inst.name.as_str().into())]) id="logo-current"/></p>
            })}
            {crate::flash::use_flash().filter(|f| f.ok && f.path == LOGO_UPLOAD_FLASH).map(|_| view! {
                <div class="notice notice-ok" role="status" id="logo-saved">{T::Saved.in_lang(lang)}</div>
            })}
            {crate::flash::refused(LOGO_UPLOAD_FLASH).map(|e| view! { <ErrorBox error=e/> })}
            <form method="post" action=action.clone() enctype="multipart/form-data" class="form" id="logo-form">
                <div class="field">
                    <label for="logo-file">{T::LogoFile.in_lang(lang)}</label>
                    <input id="logo-file" name="logo[file]" type="file" required accept="image/png,image/jpeg,image/gif,image/webp" aria-describedby="logo-file-hint"/>
                    <small id="logo-file-hint">{T::LogoHint.in_lang(lang)}</small>
                </div>
                <button type="submit" class="primary">{T::LogoUpload.in_lang(lang)}</button>
            </form>
            {has.then(|| view! {
                <details class="confirm">
                    <summary>{T::LogoRemove.in_lang(lang)}</summary>
                    <form method="post" action=action enctype="multipart/form-data" class="inline" id="logo-remove-form">
                        <input type="hidden" name="logo[remove]" value="1"/>
                        <button type="submit" class="danger">{T::LogoRemove.in_lang(lang)}</button>
                    </form>
                </details>
            })}
        </section>
    }
}
