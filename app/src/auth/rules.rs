//! `/institutions/:slug/sign-in`: how an institution's people sign in (its identity providers, its own sign-in
//! link) and the rules that give them their role, edited by its admins.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::components::{ActionOutcome, Empty, ErrorBox, Field, Loading};
use crate::error::AppError;
use crate::i18n::{Lang, T};
use crate::session::use_lang;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderInfo {
    pub name: String,
    pub issuer: String,
    pub default_role: String,
    /// Where its sign-in starts (`/login/oidc/3`, `/login/saml/5`); `?test=1` makes it a test sign-in.
    pub start: String,
}

/// What an identity provider sent for a test account, and what Convene would make of it: shown to the admin who
/// ran the test, on the institution's sign-in page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInTestView {
    pub provider: String,
    pub at: i64,
    /// The identifier Convene keeps the person under (`oidc:<issuer>` or `saml:<entity>`, and the subject).
    pub identifier: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
    /// Every attribute or claim received, by name, with its values.
    pub claims: Vec<(String, Vec<String>)>,
    /// The role the rules give ("none": not admitted), and the claim and value that decided it (none: the default).
    pub role: String,
    pub because: Option<(String, String)>,
    /// Whether this identity already has a Convene account.
    pub has_account: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleView {
    pub id: i64,
    pub claim: String,
    pub pattern: String,
    pub role: String,
    #[serde(default)]
    pub rights: crate::session::Rights,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInRulesView {
    pub slug: String,
    pub institution: String,
    pub providers: Vec<ProviderInfo>,
    pub rules: Vec<RuleView>,
    /// The institution's own sign-in address (for a button on its site).
    pub link: String,
    /// Whether its members may also sign in with a password.
    pub password_sign_in: bool,
    /// The viewer's last test sign-in here, if any (a day at most).
    pub last_test: Option<SignInTestView>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleForm {
    pub claim: String,
    pub pattern: String,
    pub role: String,
    /// Rights beyond the role: "" (as the role allows), "yes" or "no".
    #[serde(default)]
    pub book: String,
    #[serde(default)]
    pub record: String,
    #[serde(default)]
    pub personal_room: String,
}

#[cfg(feature = "ssr")]
pub mod port {
    use super::*;
    use crate::session::CurrentUser;

    #[async_trait::async_trait]
    pub trait SignInRulesPort: Send + Sync + 'static {
        async fn view(&self, actor: &CurrentUser, slug: &str) -> Result<SignInRulesView, AppError>;
        async fn add(&self, actor: &CurrentUser, slug: &str, rule: RuleForm) -> Result<(), AppError>;
        async fn remove(&self, actor: &CurrentUser, slug: &str, id: i64) -> Result<(), AppError>;
        /// `methods`: "password" (passwords and providers) or "providers" (only the institution's providers).
        async fn set_methods(&self, actor: &CurrentUser, slug: &str, methods: &str) -> Result<(), AppError>;
    }
}

#[server(endpoint = "/sign_in_rules")]
pub async fn sign_in_rules(slug: String) -> Result<SignInRulesView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::SignInRulesPort>()?.view(&actor, &slug).await)
}

#[server(endpoint = "/add_sign_in_rule")]
pub async fn add_sign_in_rule(slug: String, rule: RuleForm) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::SignInRulesPort>()?.add(&actor, &slug, rule).await)
}

#[server(endpoint = "/remove_sign_in_rule")]
pub async fn remove_sign_in_rule(slug: String, id: i64) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::SignInRulesPort>()?.remove(&actor, &slug, id).await)
}

#[server(endpoint = "/set_sign_in_methods")]
pub async fn set_sign_in_methods(slug: String, methods: String) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::SignInRulesPort>()?.set_methods(&actor, &slug, &methods).await)
}

/// A role as the rules give it ("none": not admitted).
pub fn grant_label(role: &str) -> T {
    match role {
        "admin" => T::RoleAdmin,
        "member" => T::RoleMember,
        "guest" => T::RoleGuest,
        _ => T::RoleNotAdmitted,
    }
}

/// Claims most providers send, offered as suggestions.
const CLAIMS: &[&str] = &[
    "eduperson_scoped_affiliation",
    "eduperson_entitlement",
    "eduperson_principal_name",
    "schac_home_organization",
    "email",
];

fn rule_line(lang: Lang, r: &RuleView) -> String {
    let line = T::RuleLine.with(
        lang,
        &[
            ("claim", r.claim.as_str().into()),
            ("pattern", r.pattern.as_str().into()),
            ("role", grant_label(&r.role).in_lang(lang).into()),
        ],
    );
    match rights_text(lang, &r.rights) {
        Some(rights) if r.role != "none" => format!("{line} ({rights})"),
        _ => line,
    }
}

/// What a rule's rights add to or take from the role ("may record · may not book rooms"), if anything.
pub fn rights_text(lang: Lang, r: &crate::session::Rights) -> Option<String> {
    let parts: Vec<&str> = [
        (r.book, T::RightBook, T::RightNoBook),
        (r.record, T::RightRecord, T::RightNoRecord),
        (r.personal_room, T::RightPersonalRoom, T::RightNoPersonalRoom),
    ]
    .into_iter()
    .filter_map(|(v, yes, no)| v.map(|v| if v { yes } else { no }.in_lang(lang)))
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// One right's choice in the rule form: as the role allows, yes, or no.
#[component]
fn RightChoice(id: &'static str, name: &'static str, label: T) -> impl IntoView {
    let lang = use_lang();
    let kept = crate::flash::kept(name, "");
    view! {
        <div class="field">
            <label for=id>{label.in_lang(lang)}</label>
            <select id=id name=name>
                {[("", T::RightAsRole), ("yes", T::Yes), ("no", T::No)].into_iter().map(|(v, t)| view! {
                    <option value=v selected=kept == v>{t.in_lang(lang)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn SignInRulesPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let slug = move || params.get().get("slug").unwrap_or_default();
    let add = ServerAction::<AddSignInRule>::new();
    let remove = ServerAction::<RemoveSignInRule>::new();
    let methods = ServerAction::<SetSignInMethods>::new();
    let data = Resource::new(move || (slug(), methods.version().get()), |(slug, _)| sign_in_rules(slug));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <h1>{T::SignInRules.in_lang(lang)}</h1><ErrorBox error=e/> }.into_any(),
                    Ok(v) => {
                        let slug_for_rules = v.slug.clone();
                        let slug_for_methods = v.slug.clone();
                        let rules = v.rules.clone();
                        view! {
                        <h1>{T::SignInTitle.with(lang, &[("name", v.institution.as_str().into())])}</h1>
                        <p class="muted">{T::SignInLead.in_lang(lang)}</p>
                        <section class="card" aria-labelledby="idps">
                            <h2 id="idps">{T::SignInProviders.in_lang(lang)}</h2>
                            {if v.providers.is_empty() {
                                view! { <Empty text=T::SignInNoProvider/> }.into_any()
                            } else {
                                view! {
                                    <ul class="plain" id="idp-list">
                                        {v.providers.iter().map(|p| view! {
                                            <li>
                                                <strong>{p.name.clone()}</strong>" · "<code>{p.issuer.clone()}</code>" · "
                                                {T::SignInDefault.with(lang, &[("role", grant_label(&p.default_role).in_lang(lang).into())])}" "
                                                <a href=format!("{}?test=1", p.start)>{T::SignInTest.in_lang(lang)}</a>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                    <p class="small">{T::SignInLinkLead.in_lang(lang)}" "<code id="sign-in-link">{v.link.clone()}</code></p>
                                    <p class="small muted">{T::SignInTestLead.in_lang(lang)}</p>
                                }.into_any()
                            }}
                        </section>
                        {v.last_test.clone().map(|t| view! { <TestResult lang=lang test=t/> })}
                        <section class="card" aria-labelledby="methods">
                            <h2 id="methods">{T::SignInMethods.in_lang(lang)}</h2>
                            <ActionForm action=methods attr:class="form" attr:id="methods-form">
                                <input type="hidden" name="slug" value=slug_for_methods/>
                                <fieldset class="scope stack">
                                    <legend>{T::SignInMethodsLead.in_lang(lang)}</legend>
                                    <label><input type="radio" name="methods" value="password"
                                        checked=v.password_sign_in/>" "{T::SignInMethodsBoth.in_lang(lang)}</label>
                                    <label><input type="radio" name="methods" value="providers"
                                        checked=!v.password_sign_in/>" "{T::SignInMethodsProviders.in_lang(lang)}</label>
                                </fieldset>
                                <p class="small muted">{T::SignInMethodsHint.in_lang(lang)}</p>
                                <ActionOutcome action=methods ok=T::Saved/>
                                <button type="submit">{T::Save.in_lang(lang)}</button>
                            </ActionForm>
                        </section>
                        <section class="card" aria-labelledby="rules">
                            <h2 id="rules">{T::SignInRules.in_lang(lang)}</h2>
                            <ActionOutcome action=remove ok=T::Removed/>
                            {if v.rules.is_empty() {
                                view! { <Empty text=T::SignInNoRules/> }.into_any()
                            } else {
                                view! {
                                    <ol id="rule-list">
                                        {rules.into_iter().map(|r| {
                                            let slug = slug_for_rules.clone();
                                            view! {
                                            <li>
                                                {rule_line(lang, &r)}" "
                                                <details class="confirm">
                                                    <summary>{T::Remove.in_lang(lang)}</summary>
                                                    <ActionForm action=remove attr:class="inline">
                                                        <input type="hidden" name="slug" value=slug/>
                                                        <input type="hidden" name="id" value=r.id/>
                                                        <span>{T::RuleRemoveConfirm.in_lang(lang)}</span>
                                                        <button type="submit" class="danger">{T::Remove.in_lang(lang)}</button>
                                                    </ActionForm>
                                                </details>
                                            </li>
                                        }}).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                            <h3>{T::RuleAdd.in_lang(lang)}</h3>
                            <ActionForm action=add attr:class="form" attr:id="rule-form">
                                <input type="hidden" name="slug" value=v.slug.clone()/>
                                <div class="grid-2">
                                    <Field id="rule-claim" name="rule[claim]" label=T::FieldClaim required=true maxlength=200usize list="claims"/>
                                    <datalist id="claims">
                                        {CLAIMS.iter().map(|c| view! { <option value=*c></option> }).collect_view()}
                                    </datalist>
                                    <Field id="rule-pattern" name="rule[pattern]" label=T::FieldPattern required=true maxlength=300usize placeholder="staff@*"/>
                                    <div class="field">
                                        <label for="rule-role">{T::FieldRole.in_lang(lang)}</label>
                                        <select id="rule-role" name="rule[role]">
                                            {["member", "admin", "guest", "none"].into_iter().map(|r| view! {
                                                <option value=r selected=crate::flash::kept("rule[role]", "member") == r>{grant_label(r).in_lang(lang)}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                </div>
                                <fieldset class="scope">
                                    <legend>{T::RightsLegend.in_lang(lang)}</legend>
                                    <div class="grid-3">
                                        <RightChoice id="rule-book" name="rule[book]" label=T::FieldMayBook/>
                                        <RightChoice id="rule-record" name="rule[record]" label=T::FieldMayRecord/>
                                        <RightChoice id="rule-personal" name="rule[personal_room]" label=T::FieldMayPersonalRoom/>
                                    </div>
                                </fieldset>
                                <ActionOutcome action=add ok=T::Saved/>
                                <button type="submit" class="primary">{T::RuleAdd.in_lang(lang)}</button>
                            </ActionForm>
                        </section>
                    }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The last test sign-in: what the provider sent (as text, whatever it contains) and the role it would give.
#[component]
fn TestResult(lang: Lang, test: SignInTestView) -> impl IntoView {
    let role = grant_label(&test.role).in_lang(lang);
    let outcome = match &test.because {
        Some((claim, value)) => T::SignInTestByRule
            .with(lang, &[("role", role.into()), ("claim", claim.as_str().into()), ("value", value.as_str().into())]),
        None => T::SignInTestByDefault.with(lang, &[("role", role.into())]),
    };
    let dash = || "—".to_owned();
    view! {
        <section class="card" aria-labelledby="last-test-title" id="last-test">
            <h2 id="last-test-title">{T::SignInTestTitle.with(lang, &[("provider", test.provider.as_str().into())])}</h2>
            <p id="test-outcome"><strong>{outcome}</strong></p>
            <p class="small muted">{if test.has_account { T::SignInTestKnown } else { T::SignInTestNew }.in_lang(lang)}</p>
            <dl class="pairs">
                <dt>{T::SignInTestIdentifier.in_lang(lang)}</dt><dd><code>{test.identifier}</code></dd>
                <dt>{T::FieldEmail.in_lang(lang)}</dt><dd>{test.email.unwrap_or_else(dash)}</dd>
                <dt>{T::FieldDisplayName.in_lang(lang)}</dt><dd>{test.display_name.unwrap_or_else(dash)}</dd>
            </dl>
            <div class="table-wrap"><table id="test-claims">
                <caption>{T::SignInTestClaims.in_lang(lang)}</caption>
                <thead><tr><th scope="col">{T::FieldClaim.in_lang(lang)}</th><th scope="col">{T::SignInTestValues.in_lang(lang)}</th></tr></thead>
                <tbody>
                    {test.claims.into_iter().map(|(name, values)| view! {
                        <tr><td><code>{name}</code></td><td>{values.join(" · ")}</td></tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}
