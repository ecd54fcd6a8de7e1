//! Members of an institution: its admins add people, change their role, and remove them.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::components::{ActionOutcome, Empty, ErrorBox, Field, Loading};
use crate::error::AppError;
use crate::i18n::T;
use crate::session::{Role, use_lang, use_session};
use crate::validate;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MembersView {
    pub institution_id: i64,
    pub institution_slug: String,
    pub institution_name: String,
    pub members: Vec<Member>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewMember {
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    pub role: String,
    /// Needed only when the person has no account yet (a local account is created for them).
    #[serde(default)]
    pub password: String,
}

#[cfg(feature = "ssr")]
pub mod port {
    use super::*;
    use crate::session::CurrentUser;

    #[async_trait::async_trait]
    pub trait MembersPort: Send + Sync + 'static {
        async fn list(&self, actor: &CurrentUser, slug: &str) -> Result<MembersView, AppError>;
        async fn add(&self, actor: &CurrentUser, slug: &str, member: NewMember) -> Result<Member, AppError>;
        async fn set_role(&self, actor: &CurrentUser, slug: &str, user_id: i64, role: Role) -> Result<(), AppError>;
        async fn remove(&self, actor: &CurrentUser, slug: &str, user_id: i64) -> Result<(), AppError>;
    }
}

#[server(endpoint = "/list_members")]
pub async fn list_members(slug: String) -> Result<MembersView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::MembersPort>()?.list(&actor, &slug).await)
}

#[server(endpoint = "/add_member")]
pub async fn add_member(slug: String, member: NewMember) -> Result<Member, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::MembersPort>()?.add(&actor, &slug, member).await)
}

#[server(endpoint = "/set_member_role")]
pub async fn set_member_role(slug: String, user_id: i64, role: String) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    let role = reply(Role::parse(&role).ok_or_else(|| AppError::invalid("role", crate::error::Problem::Format)))?;
    reply(port::<dyn port::MembersPort>()?.set_role(&actor, &slug, user_id, role).await)
}

#[server(endpoint = "/remove_member")]
pub async fn remove_member(slug: String, user_id: i64) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::MembersPort>()?.remove(&actor, &slug, user_id).await)
}

fn role_label(role: Role) -> T {
    match role {
        Role::Admin => T::RoleAdmin,
        Role::Member => T::RoleMember,
        Role::Guest => T::RoleGuest,
    }
}

#[component]
fn RoleSelect(id: String, name: &'static str, selected: Role) -> impl IntoView {
    let lang = use_lang();
    view! {
        <select id=id name=name>
            {Role::ALL.iter().map(|r| view! {
                <option value=r.as_str() selected=*r == selected>{role_label(*r).in_lang(lang)}</option>
            }).collect_view()}
        </select>
    }
}

/// `/institutions/:slug/members`.
#[component]
pub fn MembersPage() -> impl IntoView {
    let lang = use_lang();
    let me = use_session().user.map(|u| u.id);
    let params = use_params_map();
    let slug = move || params.get().get("slug").unwrap_or_default();
    let add = ServerAction::<AddMember>::new();
    let set_role = ServerAction::<SetMemberRole>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let view_data = Resource::new(
        move || (slug(), add.version().get(), set_role.version().get(), remove.version().get()),
        |(slug, ..)| list_members(slug),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match view_data.await {
                    Err(e) => view! { <h1>{T::NavMembers.in_lang(lang)}</h1><ErrorBox error=e/> }.into_any(),
                    Ok(data) => {
                        let slug = data.institution_slug.clone();
                        view! {
                            <h1>{T::MembersOf.with(lang, &[("name", data.institution_name.as_str().into())])}</h1>
                            <p><a href=format!("/institutions/{slug}/sign-in")>{T::NavSignInRules.in_lang(lang)}</a></p>
                            <ActionOutcome action=set_role ok=T::Saved/>
                            <ActionOutcome action=remove ok=T::Removed/>
                            {if data.members.is_empty() {
                                view! { <Empty text=T::MembersEmpty/> }.into_any()
                            } else {
                                let slug = slug.clone();
                                view! { <ul class="member-list">
                                    {data.members.into_iter().map(move |m| {
                                        let is_me = me == Some(m.user_id);
                                        let role_id = format!("role-{}", m.user_id);
                                        let slug1 = slug.clone();
                                        let slug2 = slug.clone();
                                        view! {
                                            <li class="member">
                                                <div class="who">
                                                    <strong>{m.display_name.clone()}</strong>
                                                    {is_me.then(|| view! { <span class="badge">{T::You.in_lang(lang)}</span> })}
                                                    <br/><span class="muted">{m.email.clone()}</span>
                                                </div>
                                                <ActionForm action=set_role attr:class="inline">
                                                    <input type="hidden" name="slug" value=slug1/>
                                                    <input type="hidden" name="user_id" value=m.user_id/>
                                                    <label for=role_id.clone() class="sr-only">{T::FieldRole.in_lang(lang)}</label>
                                                    <RoleSelect id=role_id name="role" selected=m.role/>
                                                    <button type="submit">{T::ChangeRole.in_lang(lang)}</button>
                                                </ActionForm>
                                                // Removing is destructive: it is asked for, then confirmed.
                                                <details class="confirm">
                                                    <summary>{T::Remove.in_lang(lang)}</summary>
                                                    <ActionForm action=remove attr:class="inline">
                                                        <input type="hidden" name="slug" value=slug2/>
                                                        <input type="hidden" name="user_id" value=m.user_id/>
                                                        <span>{T::ConfirmRemove.with(lang, &[("name", m.display_name.as_str().into())])}</span>
                                                        <button type="submit" class="danger">{T::ConfirmRemoveButton.in_lang(lang)}</button>
                                                    </ActionForm>
                                                </details>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul> }.into_any()
                            }}
                            <section class="card" aria-labelledby="add-member">
                                <h2 id="add-member">{T::MembersAdd.in_lang(lang)}</h2>
                                <ActionForm action=add attr:class="form" attr:id="add-member-form">
                                    <input type="hidden" name="slug" value=slug.clone()/>
                                    <div class="grid-2">
                                        <Field id="m-email" name="member[email]" label=T::FieldEmail kind="email" required=true
                                            maxlength=validate::EMAIL_MAX autocomplete="off"/>
                                        <Field id="m-name" name="member[display_name]" label=T::FieldDisplayName
                                            maxlength=validate::NAME_MAX hint=T::HintDisplayNameNew/>
                                        <div class="field">
                                            <label for="m-role">{T::FieldRole.in_lang(lang)}</label>
                                            <RoleSelect id="m-role".into() name="member[role]" selected=Role::Member/>
                                        </div>
                                        <Field id="m-password" name="member[password]" label=T::FieldInitialPassword kind="password"
                                            maxlength=validate::PASSWORD_MAX autocomplete="new-password" hint=T::HintInitialPassword/>
                                    </div>
                                    <ActionOutcome action=add ok=T::MemberAdded/>
                                    <button type="submit" class="primary">{T::MembersAddButton.in_lang(lang)}</button>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
