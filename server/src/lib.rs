//! Convene's engine: configuration, data, identity, institutions, HTTP. `build` assembles an app from a config so
//! that tests start the real thing in-process on port 0; `main.rs` only parses the command line.
// The page views are deeply nested types; their layout needs more than the default depth.
#![recursion_limit = "256"]

pub mod auth;
pub mod balancer;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod http;
pub mod images;
pub mod institutions;
pub mod mail;
pub mod meetings;
pub mod metrics;
pub mod outbound;
pub mod rooms;
pub mod state;
pub mod telemetry;
pub mod tokens;
pub mod workers;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use leptos::config::LeptosOptions;
use secrecy::ExposeSecret;
use tokio::net::TcpListener;

use app::error::AppError;

use crate::auth::account::AccountService;
use crate::auth::rate_limit::LoginLimiter;
use crate::auth::session_store::DbSessionStore;
use crate::balancer::bbb::client::BbbClient;
use crate::balancer::poller::Poller;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::db::Db;
use crate::institutions::InstitutionsService;
use crate::metrics::Metrics;
use crate::state::{AppState, Ports};

/// A failure no request caused: logged with its cause, shown to people only as a reference to quote.
pub(crate) fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "internal error");
    AppError::Internal { request_id: http::request_id::current_request_id().unwrap_or_default() }
}

/// An assembled application: its state (for tests and workers) and its router.
pub struct App {
    pub state: AppState,
    pub router: axum::Router,
}

/// Connects and migrates the database (a failure stops the start), then builds the router.
pub async fn build(config: Config, clock: SharedClock) -> anyhow::Result<App> {
    use anyhow::Context;
    let db = Db::connect(config.database_url.expose_secret()).await.context("connecting to the database")?;
    db.migrate().await.context("migrating the database")?;
    let leptos = LeptosOptions::builder()
        .output_name(http::bundle_name(&config.http.site_root))
        .site_root(config.http.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.http.bind)
        .build();
    let service = Arc::new(InstitutionsService { db: db.clone(), clock: clock.clone() });
    let bbb = BbbClient::with_allowed_hosts(
        Duration::from_millis(u64::from(config.pool.call_timeout_ms)),
        config.pool.callback_allow_hosts.clone(),
    );
    let metrics = Arc::new(Metrics::new().context("creating metrics")?);
    let api_cache = Arc::new(balancer::api_cache::ApiCache::new(Duration::from_secs(5)));
    let placer = Arc::new(meetings::placer::Placer {
        db: db.clone(),
        clock: clock.clone(),
        bbb: bbb.clone(),
        metrics: metrics.clone(),
        cache: api_cache.clone(),
        placed: Default::default(),
    });
    let meetings = meetings::lifecycle::Meetings::new(
        db.clone(),
        placer,
        bbb.clone(),
        clock.clone(),
        config.http.public_url.clone(),
        metrics.clone(),
    );
    let mail = Arc::new(mail::sender::Mailer::new(db.clone(), clock.clone(), &config.mail));
    let rooms = Arc::new(rooms::service::RoomsService {
        db: db.clone(),
        clock: clock.clone(),
        meetings: meetings.clone(),
        public_url: config.http.public_url.clone(),
        guest_limiter: rooms::service::guest_limiter(),
        mail: mail.clone(),
    });
    let oidc = auth::oidc::Oidc::default();
    let form_targets: Arc<http::form_targets::FormTargets> = Arc::default();
    let ports = Ports {
        institutions: service.clone(),
        members: service,
        account: Arc::new(AccountService { db: db.clone(), clock: clock.clone() }),
        pool: Arc::new(balancer::service::PoolService {
            db: db.clone(),
            clock: clock.clone(),
            client: bbb.clone(),
            cache: api_cache.clone(),
        }),
        rooms: rooms.clone(),
        sign_in: Arc::new(auth::providers::SignInChoices { db: db.clone(), clock: clock.clone() }),
        providers: Arc::new(auth::providers::ProvidersAdmin {
            db: db.clone(),
            clock: clock.clone(),
            oidc: oidc.clone(),
            public_origin: config.public_origin(),
            form_targets: form_targets.clone(),
            allow_hosts: Arc::new(config.pool.callback_allow_hosts.clone()),
        }),
        sign_in_rules: Arc::new(auth::providers::SignInAdmin {
            db: db.clone(),
            clock: clock.clone(),
            public_origin: config.public_origin(),
        }),
        outbox: Arc::new(mail::outbox_page::OutboxService { db: db.clone(), mail: mail.clone() }),
    };
    let idle = i64::from(config.session.idle_minutes) * 60;
    let policy = balancer::health::Policy {
        offline_after: config.pool.offline_after_failures,
        online_after: config.pool.online_after_successes,
    };
    let poller = Poller::new(
        db.clone(),
        meetings.clone(),
        bbb.clone(),
        clock.clone(),
        policy,
        config.pool.poll_concurrency as usize,
        metrics.clone(),
    );
    let notifier = meetings::callbacks::Notifier::new(
        config.pool.callback_allow_hosts.clone(),
        Duration::from_millis(u64::from(config.pool.call_timeout_ms)),
    );
    let state = AppState {
        bbb,
        notifier,
        api_cache: api_cache.clone(),
        meetings,
        rooms,
        poller,
        limiter: Arc::new(LoginLimiter::new(&config.login)),
        metrics,
        sessions: DbSessionStore::new(db.clone(), clock.clone(), idle),
        form_targets,
        oidc,
        saml: Arc::default(),
        mail,
        reset_limiter: Arc::default(),
        config: Arc::new(config),
        db,
        clock,
        leptos,
        ports,
    };
    let router = http::router(state.clone());
    Ok(App { state, router })
}

impl App {
    /// Serves on `listener` until `shutdown` resolves, then finishes the requests in flight.
    pub async fn run_until(
        self,
        listener: TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let state = self.state.clone();
        let app = Arc::new(self);
        let poll_every = Duration::from_secs(u64::from(state.config.pool.poll_interval_seconds));
        let mail_every = Duration::from_secs(u64::from(state.config.mail.worker_interval_seconds));
        let workers = [
            workers::spawn(workers::housekeeping::Housekeeping::new(state.clone())),
            workers::spawn(workers::saml_metadata::SamlMetadata::new(state.clone())),
            workers::spawn(workers::poll::Poll::new(state.poller.clone(), poll_every)),
            workers::spawn(workers::reminders::Reminders::new(state.rooms.clone(), mail_every)),
            workers::spawn(workers::outbox::Outbox::new(state.rooms.mail.clone(), mail_every)),
        ];
        // `/metrics` for a private network, on its own address (`metrics.bind`).
        let metrics_server = match state.config.metrics.bind {
            Some(addr) => {
                let private = TcpListener::bind(addr).await?;
                tracing::info!(%addr, "serving /metrics");
                let router = http::metrics::private_router(state.clone());
                Some(tokio::spawn(async move { axum::serve(private, router).await }))
            }
            None => None,
        };
        let service = app.router.clone().into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(listener, service).with_graceful_shutdown(shutdown).await;
        if let Some(m) = metrics_server {
            m.abort();
        }
        for w in &workers {
            w.abort();
        }
        state.poller.resign().await;
        state.db.close().await;
        result
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
