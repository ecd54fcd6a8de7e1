//! The operators' view of the mail outbox (`/admin/mail`): how mail leaves this deployment (a relay, kept for
//! reading in a demo, or off) and the latest messages with where each one stands — sent, waiting for another
//! attempt (and why), given up. In a demo, what a message said is kept and can be read here.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::{Empty, ErrorBox, Loading};
use crate::error::AppError;
use crate::i18n::T;
use crate::session::use_lang;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxView {
    /// `relay` (sent through `relay`), `kept` (a demo: kept here, never sent) or `off` (nothing is queued).
    pub mode: String,
    /// The relay's scheme, host and port, without credentials.
    pub relay: String,
    pub messages: Vec<OutboxMessage>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    /// When it was queued, `YYYY-MM-DD HH:MM` UTC.
    pub queued: String,
    pub recipient: String,
    pub subject: String,
    /// invitation, reminder, decision, cancellation, password_reset…
    pub kind: String,
    /// sent | kept | waiting | failed
    pub status: String,
    pub attempts: i64,
    /// The last error of a message waiting or given up.
    pub error: String,
    /// What it said: kept only in a demo (a sent message's body is wiped: it may carry a link).
    pub body: String,
}

#[cfg(feature = "ssr")]
pub mod port {
    use super::*;
    use crate::session::CurrentUser;

    #[async_trait::async_trait]
    pub trait OutboxPort: Send + Sync + 'static {
        /// Operators only.
        async fn view(&self, actor: &CurrentUser) -> Result<OutboxView, AppError>;
    }
}

#[server(endpoint = "/get_outbox")]
pub async fn get_outbox() -> Result<OutboxView, AppError> {
    use crate::ctx::{actor, port, reply};
    let actor = actor()?;
    reply(port::<dyn port::OutboxPort>()?.view(&actor).await)
}

/// `/admin/mail`, operators only.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_outbox());
    view! {
        <h1>{T::MailTitle.in_lang(lang)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    Ok(v) => {
                        let lead = match v.mode.as_str() {
                            "relay" => T::MailLeadRelay.with(lang, &[("relay", v.relay.clone().into())]),
                            "kept" => T::MailLeadKept.in_lang(lang).to_owned(),
                            _ => T::MailLeadOff.in_lang(lang).to_owned(),
                        };
                        view! {
                            <p class="muted" id="mail-mode">{lead}</p>
                            {if v.messages.is_empty() {
                                view! { <Empty text=T::MailEmpty/> }.into_any()
                            } else {
                                view! {
                                    <ul class="mail-list" id="mail-list">
                                        {v.messages.into_iter().map(|m| view! { <MailItem m=m/> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn MailItem(m: OutboxMessage) -> impl IntoView {
    let lang = use_lang();
    let status = match m.status.as_str() {
        "sent" => T::MailSent,
        "kept" => T::MailKept,
        "failed" => T::MailFailed,
        _ => T::MailWaiting,
    };
    view! {
        <li class="card mail-item" data-kind=m.kind.clone()>
            <div class="mail-head">
                <strong>{m.subject.clone()}</strong>
                <span class=format!("badge mail-{}", m.status)>{status.in_lang(lang)}</span>
            </div>
            <p class="muted small">
                {T::MailTo.with(lang, &[("to", m.recipient.clone().into())])}" · "{m.queued.clone()}" · "{m.kind.clone()}
                {(m.attempts > 1).then(|| format!(" · {}", T::MailAttempts.with(lang, &[("n", m.attempts.into())])))}
            </p>
            {(!m.error.is_empty()).then(|| view! { <p class="small error-text">{m.error.clone()}</p> })}
            {(!m.body.is_empty()).then(|| view! {
                <details>
                    <summary>{T::MailRead.in_lang(lang)}</summary>
                    <pre class="mail-body">{m.body.clone()}</pre>
                </details>
            })}
        </li>
    }
}
