//! Prometheus metrics: request counts and latency by route, plus the counters the features add (placements,
//! failovers, polls…). One registry per app, no globals; `http::metrics` counts requests into it and serves it.

use prometheus::{
    Encoder, GaugeVec, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

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
