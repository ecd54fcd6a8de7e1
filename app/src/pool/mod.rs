//! The pool of conference servers: operators see and manage all of it, institution admins the servers their
//! institution contributes (and the pool's totals).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::{ActionOutcome, Empty, ErrorBox, Field, Loading, SubmitButton};
use crate::error::AppError;
use crate::i18n::T;
use crate::session::{use_lang, use_session};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerView {
    pub id: i64,
    pub name: String,
    pub api_url: String,
    pub institution: Option<String>,
    /// An institution's server admitted by an operator to the shared pool (the network's own always serve all).
    #[serde(default)]
    pub shared: bool,
    pub region: String,
    pub admin_state: String,
    pub health: String,
    pub meetings: i64,
    pub participants: i64,
    pub capacity: i64,
    pub last_poll_at: Option<i64>,
    /// How long the last poll took.
    pub last_poll_ms: Option<i64>,
    pub last_error: Option<String>,
    /// Participants at the last polls, oldest first.
    pub history: Vec<i64>,
    pub last_placement: Option<PlacementNote>,
}

/// Why the balancer last chose a server: its score against the others at that moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlacementNote {
    #[serde(default)]
    pub at: i64,
    pub score: f64,
    pub eligible: u32,
    pub excluded: u32,
    /// Effective seats in use then (participants, meetings' cost, seats reserved for filling meetings).
    pub seats: f64,
    pub distance_km: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PoolTotals {
    pub servers: i64,
    pub online: i64,
    pub meetings: i64,
    pub participants: i64,
    pub capacity: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoolView {
    pub servers: Vec<ServerView>,
    /// The whole pool, also for admins who see only their servers.
    pub totals: PoolTotals,
    /// The server's clock when this view was made (ages are shown against it, the same before and after hydration).
    pub now: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewServer {
    pub name: String,
    pub url: String,
    pub secret: String,
    pub region: String,
    pub latitude: String,
    pub longitude: String,
    pub capacity: String,
    #[serde(default)]
    pub tags: String,
}

#[cfg(feature = "ssr")]
pub mod port {
    use super::*;
    use crate::session::CurrentUser;

    #[async_trait::async_trait]
    pub trait PoolPort: Send + Sync + 'static {
        async fn view(&self, actor: &CurrentUser) -> Result<PoolView, AppError>;
        async fn add(&self, actor: &CurrentUser, server: NewServer) -> Result<ServerView, AppError>;
        async fn set_state(&self, actor: &CurrentUser, id: i64, state: String) -> Result<(), AppError>;
        /// Operators only: admits an institution's server to the shared pool, or takes it back.
        async fn set_shared(&self, actor: &CurrentUser, id: i64, shared: bool) -> Result<(), AppError>;
    }
}

#[server(endpoint = "/get_pool")]
pub async fn get_pool() -> Result<PoolView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::PoolPort>()?.view(&actor).await)
}

#[server(endpoint = "/add_server")]
pub async fn add_server(server: NewServer) -> Result<ServerView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::PoolPort>()?.add(&actor, server).await)
}

#[server(endpoint = "/set_server_state")]
pub async fn set_server_state(id: i64, state: String) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::PoolPort>()?.set_state(&actor, id, state).await)
}

#[server(endpoint = "/set_server_shared")]
pub async fn set_server_shared(id: i64, shared: bool) -> Result<(), AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::PoolPort>()?.set_shared(&actor, id, shared).await)
}

fn state_label(s: &str) -> T {
    match s {
        "enabled" => T::StateEnabled,
        "cordoned" => T::StateCordoned,
        _ => T::StateDisabled,
    }
}

fn health_label(s: &str) -> T {
    match s {
        "online" => T::HealthOnline,
        "unstable" => T::HealthUnstable,
        _ => T::HealthOffline,
    }
}

fn last_poll(s: &ServerView, now: i64, lang: crate::i18n::Lang) -> String {
    match s.last_poll_at {
        None => T::PoolNever.in_lang(lang).to_owned(),
        Some(at) => {
            T::PoolSecondsAgo.with(lang, &[("n", (now - at).max(0).into()), ("ms", s.last_poll_ms.unwrap_or(0).into())])
        }
    }
}

fn why_chosen(s: &ServerView, now: i64, lang: crate::i18n::Lang) -> String {
    match &s.last_placement {
        None => T::PoolNeverChosen.in_lang(lang).to_owned(),
        Some(p) => T::PoolWhy.with(
            lang,
            &[
                ("n", (now - p.at).max(0).into()),
                // Decimals as the page always wrote them (not the language's number format).
                ("score", format!("{:.1}", p.score).into()),
                ("eligible", p.eligible.into()),
                ("seats", format!("{:.0}", p.seats).into()),
                ("km", p.distance_km.map_or("—".to_owned(), |d| format!("{d:.0}")).into()),
                ("excluded", p.excluded.into()),
            ],
        ),
    }
}

/// Points of a sparkline `width`×`height` for `values` (oldest first); a flat line when all are equal.
pub fn sparkline_points(values: &[i64], width: f64, height: f64) -> String {
    if values.is_empty() {
        return String::new();
    }
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = if values.len() > 1 { width / (values.len() - 1) as f64 } else { 0.0 };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", i as f64 * step, height - (*v as f64 / max) * (height - 2.0) - 1.0))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A small line chart of participants per poll, described for screen readers.
#[component]
fn Sparkline(values: Vec<i64>) -> impl IntoView {
    let lang = use_lang();
    let label = T::PoolHistoryLabel.with(
        lang,
        &[
            ("n", values.len().into()),
            ("now", values.last().copied().unwrap_or(0).into()),
            ("max", values.iter().copied().max().unwrap_or(0).into()),
        ],
    );
    let points = sparkline_points(&values, 96.0, 24.0);
    let title = label.clone();
    view! {
        <svg class="sparkline" width="96" height="24" viewBox="0 0 96 24" role="img" aria-label=label>
            <title>{title}</title>
            <polyline points=points fill="none" stroke="currentColor" stroke-width="1.5"/>
        </svg>
    }
}

/// One server of the pool: who contributes it and whether it is shared, its health, load, history, last poll, why
/// placement chose it last, and its admin state.
#[component]
fn ServerLine(
    server: ServerView,
    now: i64,
    is_operator: bool,
    set_state: ServerAction<SetServerState>,
    set_shared: ServerAction<SetServerShared>,
) -> impl IntoView {
    let lang = use_lang();
    let s = server;
    let select_id = format!("state-{}", s.id);
    let current = s.admin_state.clone();
    view! {
        <tr>
            <td>
                <strong>{s.name.clone()}</strong>
                {s.institution.clone().map(|i| {
                    let scope = if s.shared { T::PoolShared } else { T::PoolOwnOnly };
                    view! { <br/><span class="muted small">{i}" · "{scope.in_lang(lang)}</span> }
                })}
                {(is_operator && s.institution.is_some()).then(|| view! {
                    <ActionForm action=set_shared attr:class="inline share">
                        <input type="hidden" name="id" value=s.id/>
                        <input type="hidden" name="shared" value=if s.shared { "false" } else { "true" }/>
                        <button type="submit">{if s.shared { T::PoolUnshare.in_lang(lang) } else { T::PoolShare.in_lang(lang) }}</button>
                    </ActionForm>
                })}
                {s.last_error.clone().map(|e| view! { <br/><span class="muted small" title=e.clone()>{e.chars().take(60).collect::<String>()}</span> })}
                <br/><span class="muted small why">{why_chosen(&s, now, lang)}</span>
            </td>
            <td>{s.region.clone()}</td>
            <td><span class=format!("health health-{}", s.health)>{health_label(&s.health).in_lang(lang)}</span></td>
            <td>{s.meetings}</td>
            <td>{s.participants}</td>
            <td>{s.capacity}</td>
            <td><Sparkline values=s.history.clone()/></td>
            <td class="small">{last_poll(&s, now, lang)}</td>
            <td>
                <ActionForm action=set_state attr:class="inline">
                    <input type="hidden" name="id" value=s.id/>
                    <label for=select_id.clone() class="sr-only">{T::PoolState.in_lang(lang)}</label>
                    <select id=select_id name="state">
                        {["enabled", "cordoned", "disabled"].into_iter().map(|st| view! {
                            <option value=st selected=st == current>{state_label(st).in_lang(lang)}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit">{T::Save.in_lang(lang)}</button>
                </ActionForm>
            </td>
        </tr>
    }
}

/// Registering a server: called with its secret before it is added, so the answer can take a few seconds.
#[component]
fn AddServerBox(action: ServerAction<AddServer>) -> impl IntoView {
    let lang = use_lang();
    let add = action;
    view! {
        <section class="card" aria-labelledby="add-server">
            <h2 id="add-server">{T::PoolAdd.in_lang(lang)}</h2>
            <p class="muted small">{T::PoolAddHint.in_lang(lang)}</p>
            <ActionForm action=add attr:class="form" attr:id="add-server-form">
                <div class="grid-2">
                    <Field id="srv-name" name="server[name]" label=T::FieldName required=true maxlength=80usize/>
                    <Field id="srv-url" name="server[url]" label=T::FieldServerUrl kind="url" required=true maxlength=500usize
                        placeholder="https://bbb1.example.org"/>
                    <Field id="srv-secret" name="server[secret]" label=T::FieldServerSecret kind="password" required=true
                        maxlength=200usize autocomplete="off"/>
                    <Field id="srv-region" name="server[region]" label=T::FieldRegion maxlength=60usize/>
                    <Field id="srv-lat" name="server[latitude]" label=T::FieldLatitude required=true maxlength=32usize/>
                    <Field id="srv-lon" name="server[longitude]" label=T::FieldLongitude required=true maxlength=32usize/>
                    <Field id="srv-cap" name="server[capacity]" label=T::PoolCapacity kind="number" required=true maxlength=6usize/>
                    <Field id="srv-tags" name="server[tags]" label=T::FieldTags maxlength=300usize placeholder="recording, gpu"/>
                </div>
                <ActionOutcome action=add ok=T::PoolAdded/>
                <SubmitButton label=T::PoolAddButton.in_lang(lang).to_owned() busy_label=T::PoolChecking.in_lang(lang).to_owned()/>
            </ActionForm>
        </section>
    }
}

/// `/admin/pool`.
#[component]
pub fn PoolPage() -> impl IntoView {
    let lang = use_lang();
    let is_operator = use_session().user.is_some_and(|u| u.is_operator);
    // Operators and institution admins contribute servers (the server checks too).
    let may_add = use_session().user.is_some_and(|u| u.is_operator || u.admin_of().next().is_some());
    let add = ServerAction::<AddServer>::new();
    let data = Resource::new(|| (), |_| get_pool());
    view! {
        <h1>{T::PoolTitle.in_lang(lang)}</h1>
        <p class="muted">{if is_operator { T::PoolLeadOperator.in_lang(lang) } else { T::PoolLeadAdmin.in_lang(lang) }}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    Ok(initial) => view! { <PoolLive initial=initial is_operator=is_operator/> }.into_any(),
                }
            })}
        </Suspense>
        {may_add.then(|| view! { <AddServerBox action=add/> })}
    }
}

/// The pool as it is now, kept current in the browser: the server pushes it every few seconds (server-sent
/// events), and a change made here is read back at once. Without JavaScript it is the pool as it was when the page
/// was made, and its forms are plain forms.
#[island]
fn PoolLive(initial: PoolView, is_operator: bool) -> impl IntoView {
    let lang = use_lang();
    let set_state = ServerAction::<SetServerState>::new();
    let set_shared = ServerAction::<SetServerShared>::new();
    let live = RwSignal::new(initial);
    let (connected, set_connected) = signal(false);
    #[cfg(not(feature = "hydrate"))]
    let _ = set_connected;
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;
        let Ok(source) = web_sys::EventSource::new("/events/pool") else { return };
        let on_pool = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(v) = ev.data().as_string().and_then(|t| serde_json::from_str::<PoolView>(&t).ok()) {
                live.set(v);
                set_connected.set(true);
            }
        });
        let _ = source.add_event_listener_with_callback("pool", on_pool.as_ref().unchecked_ref());
        on_pool.forget();
        let source = send_wrapper::SendWrapper::new(source);
        on_cleanup(move || source.close());
    });
    // A change made here: the pool is read again at once (the stream would bring it within seconds).
    Effect::new(move |_| {
        if set_state.version().get() + set_shared.version().get() > 0 {
            leptos::task::spawn_local(async move {
                if let Ok(v) = get_pool().await {
                    live.set(v);
                }
            });
        }
    });
    view! {
        <ActionOutcome action=set_state ok=T::Saved/>
        <ActionOutcome action=set_shared ok=T::Saved/>
        {move || {
            let v = live.get();
            let t = v.totals.clone();
            view! {
                <ul class="stats" aria-label=T::PoolTotals.in_lang(lang)>
                    <li><strong>{t.online}" / "{t.servers}</strong><span>{T::PoolOnline.in_lang(lang)}</span></li>
                    <li><strong>{t.meetings}</strong><span>{T::PoolMeetings.in_lang(lang)}</span></li>
                    <li><strong>{t.participants}</strong><span>{T::PoolParticipants.in_lang(lang)}</span></li>
                    <li><strong>{t.capacity}</strong><span>{T::PoolCapacity.in_lang(lang)}</span></li>
                </ul>
                {if v.servers.is_empty() {
                    view! { <Empty text=T::PoolEmpty/> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap"><table id="pool-table">
                            <caption class="sr-only">{T::PoolTitle.in_lang(lang)}</caption>
                            <thead><tr>
                                <th scope="col">{T::FieldName.in_lang(lang)}</th>
                                <th scope="col">{T::FieldRegion.in_lang(lang)}</th>
                                <th scope="col">{T::PoolHealth.in_lang(lang)}</th>
                                <th scope="col">{T::PoolMeetings.in_lang(lang)}</th>
                                <th scope="col">{T::PoolParticipants.in_lang(lang)}</th>
                                <th scope="col">{T::PoolCapacity.in_lang(lang)}</th>
                                <th scope="col">{T::PoolHistory.in_lang(lang)}</th>
                                <th scope="col">{T::PoolLastPoll.in_lang(lang)}</th>
                                <th scope="col">{T::PoolState.in_lang(lang)}</th>
                            </tr></thead>
                            <tbody>
                                {v.servers.into_iter().map(|s| view! {
                                    <ServerLine server=s now=v.now is_operator=is_operator set_state=set_state set_shared=set_shared/>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any()
                }}
            }
        }}
        <p class="muted small" id="live-status" aria-live="polite">
            {move || if connected.get() { T::PoolLive.in_lang(lang) } else { "" }}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::sparkline_points;

    #[test]
    fn sparkline_scales_to_the_highest_value() {
        assert_eq!(sparkline_points(&[], 96.0, 24.0), "");
        assert_eq!(sparkline_points(&[0, 10], 96.0, 24.0), "0.0,23.0 96.0,1.0");
        assert_eq!(sparkline_points(&[5], 96.0, 24.0), "0.0,1.0");
    }
}
