//! The metrics over HTTP: each request counted and timed by route (the matched pattern, never raw paths; odd
//! methods and unknown routes fold into `other`), and `/metrics` for those allowed to read it. The registry itself
//! is `crate::metrics`.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub use crate::metrics::Metrics;
use crate::state::AppState;

/// The method as a label: the standard ones by name, anything else folded into `other`.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The route as a label: the matched route template (`/rooms/{id}`), never the raw path; static files as one
/// label; everything unmatched (the page fallback, 404s) as `other`. The set of values is fixed by the router.
fn route_label(req: &Request) -> String {
    if let Some(m) = req.extensions().get::<MatchedPath>() {
        return m.as_str().to_owned();
    }
    if req.uri().path().starts_with("/pkg/") { "/pkg/*".into() } else { "other".into() }
}

pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = route_label(&req);
    let method = method_label(req.method());
    let start = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    state.metrics.requests.with_label_values(&[method, route.as_str(), status.as_str()]).inc();
    state.metrics.latency.with_label_values(&[method, route.as_str()]).observe(start.elapsed().as_secs_f64());
    res
}

/// `/metrics`: with `metrics.token` set, only to `Authorization: Bearer <token>` (401 otherwise); without a token
/// it is not served on the main listener at all (404; see `metrics.bind`).
pub async fn expose(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let token = state.config.metrics.token.expose_secret();
    if token.is_empty() {
        return StatusCode::NOT_FOUND.into_response();
    }
    render_if_allowed(&state, token, &headers)
}

/// `/metrics` on the separate `metrics.bind` listener: open unless a token is set.
pub async fn expose_private(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let token = state.config.metrics.token.expose_secret();
    if token.is_empty() {
        return render(&state);
    }
    render_if_allowed(&state, token, &headers)
}

fn render_if_allowed(state: &AppState, token: &str, headers: &HeaderMap) -> Response {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Compared as hashes: constant time, and no length leaks.
    let same: bool = Sha256::digest(given.as_bytes()).ct_eq(&Sha256::digest(token.as_bytes())).into();
    if !same {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response();
    }
    render(state)
}

fn render(state: &AppState) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], state.metrics.render())
        .into_response()
}

/// The router of the `metrics.bind` listener: `/metrics` only.
pub fn private_router(state: AppState) -> axum::Router {
    axum::Router::new().route("/metrics", axum::routing::get(expose_private)).with_state(state)
}
