//! Prometheus metrics: request counts and latency by route (the matched pattern, never raw paths), plus counters
//! the features add. One registry per app, no globals.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus::{
    Encoder, GaugeVec, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::state::AppState;

pub struct Metrics {
    registry: Registry,
    pub requests: IntCounterVec,
    pub latency: HistogramVec,
    pub csrf_refused: IntCounter,
    /// Per conference server, labelled by its name.
    pub server_participants: IntGaugeVec,
    pub server_meetings: IntGaugeVec,
    /// 1 for the server's current health, 0 for the others.
    pub server_health: IntGaugeVec,
    pub server_cpu: GaugeVec,
    pub poll_latency: HistogramVec,
    pub poll_cycle: Histogram,
    pub placements: IntCounterVec,
    pub failovers: IntCounter,
}

impl Metrics {
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new_custom(Some("convene".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered"),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer HTTP requests")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["method", "route"],
        )?;
        let csrf_refused = IntCounter::new("csrf_refused_total", "Mutating requests refused as cross-site")?;
        let server_participants = IntGaugeVec::new(
            Opts::new("pool_server_participants", "Participants on a conference server"),
            &["server"],
        )?;
        let server_meetings =
            IntGaugeVec::new(Opts::new("pool_server_meetings", "Meetings on a conference server"), &["server"])?;
        let server_health = IntGaugeVec::new(
            Opts::new("pool_server_health", "1 for a conference server's current health (online, unstable, offline)"),
            &["server", "health"],
        )?;
        let server_cpu = GaugeVec::new(Opts::new("pool_server_cpu", "CPU load a server reports, 0 to 1"), &["server"])?;
        let poll_latency = HistogramVec::new(
            HistogramOpts::new("pool_poll_duration_seconds", "Time one conference server took to answer a poll")
                .buckets(vec![0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["server"],
        )?;
        let poll_cycle = Histogram::with_opts(
            HistogramOpts::new("pool_poll_cycle_seconds", "Time to poll the whole pool once")
                .buckets(vec![0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
        )?;
        let placements =
            IntCounterVec::new(Opts::new("placements_total", "Meetings placed, by chosen server"), &["server"])?;
        let failovers = IntCounter::new("failovers_total", "Meetings recreated on another server after a failure")?;
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(csrf_refused.clone()),
            Box::new(server_participants.clone()),
            Box::new(server_meetings.clone()),
            Box::new(server_health.clone()),
            Box::new(server_cpu.clone()),
            Box::new(poll_latency.clone()),
            Box::new(poll_cycle.clone()),
            Box::new(placements.clone()),
            Box::new(failovers.clone()),
        ] {
            registry.register(c)?;
        }
        Ok(Metrics {
            registry,
            requests,
            latency,
            csrf_refused,
            server_participants,
            server_meetings,
            server_health,
            server_cpu,
            poll_latency,
            poll_cycle,
            placements,
            failovers,
        })
    }

    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        if TextEncoder::new().encode(&self.registry.gather(), &mut buf).is_err() {
            return String::new();
        }
        String::from_utf8(buf).unwrap_or_default()
    }
}

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
