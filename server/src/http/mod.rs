//! Router assembly: Leptos pages and server functions (with the ports as context), the form endpoints, static
//! files, operations endpoints; then sessions, CSRF guard, metrics, request ids around them.

pub mod caching;
pub mod csrf;
pub mod errors;
pub mod flash;
pub mod form_targets;
pub mod headers;
pub mod health;
pub mod metrics;
pub mod request_id;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use app::session::SessionView;

use crate::auth;
use crate::state::AppState;

/// Puts the ports and the request's [`SessionView`] into the Leptos context of a page render or server function.
fn leptos_context(state: &AppState) -> impl Fn() + Clone + Send + 'static {
    let ports = state.ports.clone();
    move || {
        provide_context(ports.institutions.clone());
        provide_context(ports.members.clone());
        provide_context(ports.account.clone());
        provide_context(ports.sign_in.clone());
        provide_context(ports.sign_in_rules.clone());
        provide_context(ports.providers.clone());
        provide_context(ports.pool.clone());
        provide_context(ports.rooms.clone());
        provide_context(ports.outbox.clone());
        let view = leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|p| p.extensions.get::<SessionView>().cloned())
            .unwrap_or_default();
        provide_context(view);
        // The hydration script carries the nonce the Content-Security-Policy header of this response names.
        if let Some(nonce) = leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|p| p.extensions.get::<headers::CspNonce>().cloned())
        {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
    }
}

/// The bundle's file name without extension: `convene.<hash>` as `scripts/build` wrote it to `bundle.txt` in the
/// site root (the files are `pkg/convene.<hash>.{js,wasm,css}`), or `convene` for a bundle built without hashes.
pub fn bundle_name(site_root: &std::path::Path) -> String {
    std::fs::read_to_string(site_root.join("bundle.txt"))
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| {
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
        })
        .unwrap_or_else(|| "convene".to_owned())
}

/// The app's page routes, generated once per process.
///
/// Generating them runs the whole app with server data loading switched off by a flag that Leptos keeps for the
/// whole process: a page of another router that starts loading its data in that instant waits for it forever (the
/// response never ends). One server builds one router before it serves, but tests and anything else that builds
/// routers while pages render must not generate them again.
pub fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

pub fn router(state: AppState) -> Router {
    let config = &state.config;
    let context = leptos_context(&state);
    let options = state.leptos.clone();
    let shell = move || app::shell(options.clone());
    let fallback = leptos_axum::render_app_to_stream_with_context(context.clone(), shell.clone());

    let sessions = SessionManagerLayer::new(state.sessions.clone())
        .with_name(config.session.cookie_name.clone())
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies())
        .with_path("/")
        // Saved when changed; the sign-in check marks a session used at most once a minute (`auth::middleware`),
        // so the idle timeout counts from the last use without a write per request.
        .with_always_save(false)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(i64::from(config.session.idle_minutes))));

    let pages = Router::new()
        .route("/auth/login", post(auth::routes::login))
        .route("/auth/logout", post(auth::routes::logout))
        .route("/auth/forgot", post(auth::password_reset::forgot))
        .route("/auth/reset", post(auth::password_reset::reset))
        .route("/language", post(auth::routes::language))
        .route("/login/oidc/{provider}", get(auth::federated_routes::oidc_begin))
        .route("/login/saml/{idp}", get(auth::federated_routes::saml_begin))
        .route("/saml/done", get(auth::federated_routes::saml_done))
        .route("/login/{institution}", get(auth::federated_routes::institution_login))
        .route("/auth/oidc/callback", get(auth::federated_routes::oidc_callback))
        .route("/saml/metadata", get(auth::federated_routes::saml_metadata))
        // A federation's aggregate as a file (up to the largest aggregate read, not the general body limit).
        .route(
            auth::federation_upload::PATH,
            post(auth::federation_upload::upload).layer(DefaultBodyLimit::max(auth::federation_upload::MAX_BODY)),
        )
        // An institution's logo as a file (its admins; up to the largest logo kept).
        .route(
            "/institutions/{slug}/logo",
            post(crate::institutions::logo::upload).layer(DefaultBodyLimit::max(crate::institutions::logo::MAX_BODY)),
        )
        .route("/events/pool", get(crate::balancer::service::pool_events))
        .route("/bookings/{id}/ics", get(crate::rooms::feeds::booking_ics))
        .route("/rooms/{room}/bookings/{id}/ics", get(crate::rooms::feeds::room_booking_ics))
        .route("/feeds/{token}", get(crate::rooms::feeds::feed))
        .leptos_routes_with_context(&state, page_routes(), context, shell)
        .fallback(get(fallback))
        .layer(from_fn_with_state(state.clone(), flash::carry))
        .layer(from_fn_with_state(state.clone(), auth::middleware::current_user))
        .layer(sessions)
        .layer(from_fn_with_state(state.clone(), csrf::guard));

    let site = &config.http.site_root;
    let statics = Router::new()
        // `scripts/build` writes `.br` and `.gz` beside each bundle file: sent as they are when the browser takes them.
        .nest_service("/pkg", ServeDir::new(site.join("pkg")).precompressed_br().precompressed_gzip())
        .route_service("/favicon.svg", ServeFile::new(site.join("favicon.svg")))
        .route_service("/robots.txt", ServeFile::new(site.join("robots.txt")));

    let ops = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::expose));

    Router::new()
        // Checksummed per call, not cookie-authenticated: outside the CSRF guard and the session layer.
        .merge(crate::balancer::api::routes())
        // Called by conference servers; each URL carries its own random token.
        .merge(crate::balancer::callback_routes::routes())
        // The SAML assertion consumer service: posted by the IdP's page (cross-site), bound to its flow by the
        // RelayState and then to the browser by `/saml/done`; no session, no CSRF guard. Bodies above the limit
        // get 413 before anything is decoded.
        .route(
            "/saml/acs",
            axum::routing::post(auth::federated_routes::saml_acs)
                .layer(DefaultBodyLimit::max(auth::saml::answer::MAX_RESPONSE_BYTES + 4096)),
        )
        // Single logout (HTTP-Redirect): the IdP's signed message says whom it concerns; no session, no CSRF guard.
        .route("/saml/slo", get(auth::federated_routes::saml_slo))
        // IdPs' logos as Convene read and checked them: public, no session.
        .route("/idp-logo/{id}", get(auth::idp_logos::serve))
        // Institutions' logos as their admins uploaded them: public (guests see their host's), no session.
        .route("/institution-logo/{id}", get(crate::institutions::logo::serve))
        .merge(ops)
        .merge(statics)
        .merge(pages)
        .layer(from_fn(caching::cache_control))
        // Pages and other dynamic answers are compressed on the fly; bundle files come precompressed (left as they
        // are), server-sent events never (the default predicate leaves `text/event-stream` alone).
        .layer(CompressionLayer::new().br(true).gzip(true).no_deflate().no_zstd())
        .layer(from_fn_with_state(state.clone(), headers::security))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .layer(DefaultBodyLimit::max(config.http.max_body_bytes))
        .layer(from_fn(request_id::assign))
        .with_state(state)
}
