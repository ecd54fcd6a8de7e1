//! What every handler shares. No globals: tests build as many independent apps as they like.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use app::account::port::AccountPort;
use app::auth::admin::port::ProvidersAdminPort;
use app::auth::port::SignInPort;
use app::auth::rules::port::SignInRulesPort;
use app::institutions::port::InstitutionsPort;
use app::members::port::MembersPort;
use app::outbox::port::OutboxPort;
use app::pool::port::PoolPort;
use app::rooms::port::RoomsPort;

use crate::auth::rate_limit::LoginLimiter;
use crate::auth::session_store::DbSessionStore;
use crate::balancer::api_cache::ApiCache;
use crate::balancer::bbb::client::BbbClient;
use crate::balancer::poller::Poller;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::db::Db;
use crate::meetings::callbacks::Notifier;
use crate::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: SharedClock,
    pub limiter: Arc<LoginLimiter>,
    pub metrics: Arc<Metrics>,
    pub sessions: DbSessionStore,
    pub leptos: LeptosOptions,
    pub ports: Ports,
    /// Calls to conference servers (timeouts from `pool.call_timeout_ms`).
    pub bbb: BbbClient,
    /// Calls front ends' callback URLs (public addresses only).
    pub notifier: Notifier,
    /// Secrets and rules of the BBB-compatible API, for a few seconds.
    pub api_cache: Arc<ApiCache>,
    /// The life of meetings on the pool (the API's and the rooms'): start, reach or fail over, end, callbacks.
    pub meetings: crate::meetings::lifecycle::Meetings,
    /// The rooms engine itself (calendar downloads and feeds are plain HTTP, outside the port).
    pub rooms: Arc<crate::rooms::service::RoomsService>,
    pub poller: Arc<Poller>,
    /// Conference server origins for the pages' `form-action` (cached).
    pub form_targets: Arc<crate::http::form_targets::FormTargets>,
    /// Identity providers' discovery documents and keys (OpenID Connect).
    pub oidc: crate::auth::oidc::Oidc,
    /// The SAML service provider's key and certificate, read (or made) once.
    pub saml: Arc<tokio::sync::OnceCell<crate::auth::saml::SpCredentials>>,
    /// E-mail (the same outbox as the rooms'): password reset links.
    pub mail: Arc<crate::mail::sender::Mailer>,
    /// Password reset requests and uses, per address and per account.
    pub reset_limiter: Arc<crate::auth::rate_limit::ResetLimiter>,
}

/// The engine's implementations of the app's ports, handed to pages and server functions as context.
#[derive(Clone)]
pub struct Ports {
    pub institutions: Arc<dyn InstitutionsPort>,
    pub members: Arc<dyn MembersPort>,
    pub account: Arc<dyn AccountPort>,
    pub pool: Arc<dyn PoolPort>,
    pub rooms: Arc<dyn RoomsPort>,
    pub sign_in: Arc<dyn SignInPort>,
    pub sign_in_rules: Arc<dyn SignInRulesPort>,
    pub providers: Arc<dyn ProvidersAdminPort>,
    pub outbox: Arc<dyn OutboxPort>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
