//! Measures the balancer figures recorded in docs/performance.md. Run on an otherwise idle machine:
//!
//!     cargo run --release -p server --example balancer_figures [-- --seconds 10 --clients 64 --pool 1000]
//!     DATABASE_URL=postgres://…/empty_db cargo run …   (the same on PostgreSQL; the database must be empty)
//!
//! 1. create + join through Convene's BigBlueButton API (SQLite, three simulated servers) at N concurrent
//!    clients, next to a bare axum handler that only answers a redirect, in the same process and run;
//! 2. `join` alone (to meetings created beforehand) next to a bare axum redirect, and `create` alone next to a
//!    bare handler making the same upstream create call to a simulated server: each with its ceiling, in one run;
//! 3. one poll cycle over a pool of M simulated servers;
//! 4. the process's resident memory afterwards.
//!
//! Everything runs on loopback, bounded in time and count. `--only pairs|join|create|poll` runs one part.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use convene::balancer::bbb::checksum::Algorithm;
use convene::balancer::bbb::client::{BbbClient, Endpoint};
use convene::balancer::simulator::{self, Simulator};
use convene::clock::SystemClock;
use convene::config::Config;

const SIM_SECRET: &str = "figures-simulator-secret-0123456789abcdef";
const API_SECRET: &str = "figures-front-end-secret-0123456789abcdef";

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Whether a part was asked for (`--only pairs|join|create|poll`; all of them without it).
fn wanted(part: &str) -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).is_none_or(|only| only == part)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_owned())
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// Prints a measured side (`label`: rate, p50, p99) and returns its rate per second.
fn report(label: &str, n: u64, seconds: u64, lat: &[Duration]) -> f64 {
    let rate = n as f64 / seconds as f64;
    println!("{label}: {rate:.0}/s; p50 {:?} p99 {:?}", percentile(lat, 0.5), percentile(lat, 0.99));
    rate
}

/// `clients` loops of GETs through `urls` in turn for `seconds`, each expected to answer with a redirect.
async fn redirects(clients: u64, seconds: u64, http: &reqwest::Client, urls: Arc<Vec<String>>) -> (u64, Vec<Duration>) {
    let h = http.clone();
    load(clients, seconds, move |i| {
        let (h, urls) = (h.clone(), urls.clone());
        async move {
            let url = &urls[usize::try_from(i).unwrap_or(0) % urls.len()];
            h.get(url).send().await.is_ok_and(|r| r.status().is_redirection())
        }
    })
    .await
}

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

/// Runs `clients` loops of `work` for `seconds`; returns (iterations, sorted latencies).
async fn load<F, Fut>(clients: u64, seconds: u64, work: F) -> (u64, Vec<Duration>)
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let work = Arc::new(work);
    let counter = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (work, counter) = (work.clone(), counter.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let t = Instant::now();
                if work(n).await {
                    lat.push(t.elapsed());
                }
            }
            lat
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap_or_default());
    }
    all.sort();
    (all.len() as u64, all)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let seconds = arg("--seconds", 10);
    let clients = arg("--clients", 64);
    let pool_size = arg("--pool", 1000);
    let clock: convene::clock::SharedClock = Arc::new(SystemClock);
    let dir = tempfile::tempdir()?;

    // Convene with three simulated servers and an institution secret.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    // SQLite in a temporary file, or the (empty) PostgreSQL database `DATABASE_URL` names.
    let database_url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("c.db").display()));
    let mut config = Config { database_url: database_url.into(), ..Config::default() };
    config.http.bind = addr;
    config.http.public_url = format!("http://{addr}").parse()?;
    config.pool.poll_interval_seconds = 3600;
    config.log.filter = "error".into();
    let app = convene::build(config, clock.clone()).await?;
    convene::demo::seed(&app.state.db, clock.unix(), dir.path(), Some("figures-password".into())).await?;
    let mut sim_urls = Vec::new();
    for (i, (lat, lon)) in [(41.9, 12.5), (50.1, 8.7), (-23.5, -46.6)].into_iter().enumerate() {
        let sim = Simulator::new(&format!("sim{i}"), SIM_SECRET, 100_000, Default::default(), clock.clone());
        let url = serve(sim.router()).await;
        sim_urls.push(url.clone());
        let input = convene::balancer::pool::ServerInput {
            name: format!("sim{i}"),
            url,
            secret: SIM_SECRET.into(),
            algorithm: "sha256".into(),
            region: String::new(),
            latitude: lat,
            longitude: lon,
            capacity: 100_000,
            tags: vec![],
            institution_id: None,
            ca_pem: None,
            by_operator: true,
        };
        convene::balancer::pool::register(&app.state.db, &app.state.bbb, &input, clock.unix()).await?;
    }
    let roma = convene::db::institutions::by_slug(app.state.db.pool(), "uniroma").await?.id;
    convene::db::api_access::add_secret(app.state.db.pool(), roma, API_SECRET, "figures", clock.unix()).await?;
    let state = app.state.clone();
    tokio::spawn(app.run_until(listener, std::future::pending()));
    let convene_ep = Endpoint::new(format!("http://{addr}/bigbluebutton/api"), API_SECRET, Algorithm::Sha256);

    // The bare handler: what axum alone costs for the same two requests.
    let bare = serve(axum::Router::new().route(
        "/bigbluebutton/api/{call}",
        axum::routing::get(|| async { axum::response::Redirect::to("http://127.0.0.1:9/meeting") }),
    ))
    .await;

    let http =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).pool_max_idle_per_host(256).build()?;

    if wanted("pairs") {
        let (h, ep) = (http.clone(), convene_ep.clone());
        let (n, lat) = load(clients, seconds, move |i| {
            let (h, ep) = (h.clone(), ep.clone());
            async move {
                let id = format!("load-{i}");
                let create = BbbClient::url(&ep, "create", &[("meetingID", &id), ("name", "Load")]);
                let join = BbbClient::url(&ep, "join", &[("meetingID", &id), ("fullName", "Load"), ("role", "VIEWER")]);
                let ok = h.get(&create).send().await.is_ok_and(|r| r.status().is_success());
                ok && h.get(&join).send().await.is_ok_and(|r| r.status().is_redirection())
            }
        })
        .await;
        let convene_rate = n as f64 / seconds as f64;
        println!(
            "convene create+join: {n} in {seconds}s = {convene_rate:.0}/s; p50 {:?} p99 {:?} ({clients} clients)",
            percentile(&lat, 0.5),
            percentile(&lat, 0.99)
        );
        println!("  rss after: {:.0} MB", rss_mb());

        let (h, bare_pair) = (http.clone(), bare.clone());
        let (n, lat) = load(clients, seconds, move |_| {
            let (h, bare) = (h.clone(), bare_pair.clone());
            async move {
                let a = h.get(format!("{bare}/bigbluebutton/api/create")).send().await.is_ok();
                a && h.get(format!("{bare}/bigbluebutton/api/join")).send().await.is_ok()
            }
        })
        .await;
        let bare_rate = n as f64 / seconds as f64;
        println!(
            "bare axum two redirects: {n} in {seconds}s = {bare_rate:.0}/s; p50 {:?} p99 {:?}",
            percentile(&lat, 0.5),
            percentile(&lat, 0.99)
        );
        println!("  convene / bare = {:.2}", convene_rate / bare_rate);
    }

    // 2. join alone, and create alone, each next to its ceiling.
    if wanted("join") {
        let meetings = 200;
        for k in 0..meetings {
            let id = format!("join-{k}");
            let create = BbbClient::url(&convene_ep, "create", &[("meetingID", &id), ("name", "Join load")]);
            http.get(&create).send().await?.error_for_status()?;
        }
        // The signed join URLs, made before the load (the load generator shares the two cores: it should do the
        // same work for Convene as for the ceiling).
        let joins: Arc<Vec<String>> = Arc::new(
            (0..meetings)
                .map(|k| {
                    let id = format!("join-{k}");
                    BbbClient::url(&convene_ep, "join", &[("meetingID", &id), ("fullName", "Load"), ("role", "VIEWER")])
                })
                .collect(),
        );
        let location = http
            .get(&joins[0])
            .send()
            .await?
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .ok_or_else(|| anyhow::anyhow!("a join answered without a redirect"))?;
        let (n, lat) = redirects(clients, seconds, &http, joins.clone()).await;
        let join_rate = report(&format!("convene join ({clients} clients)"), n, seconds, &lat);
        let h = http.clone();
        let bare_join = bare.clone();
        let (n, lat) = load(clients, seconds, move |_| {
            let (h, bare) = (h.clone(), bare_join.clone());
            async move { h.get(format!("{bare}/bigbluebutton/api/join")).send().await.is_ok() }
        })
        .await;
        let short = report("bare axum redirect, short URL and Location", n, seconds, &lat);
        // The same requests (URL and query as long as Convene's) and a Location as long as Convene's answer: what
        // HTTP alone costs for a join on this machine.
        let same = serve(axum::Router::new().route(
            "/bigbluebutton/api/join",
            axum::routing::get(move || {
                let to = location.clone();
                async move { axum::response::Redirect::to(&to) }
            }),
        ))
        .await;
        let convene_base = format!("http://{addr}");
        let bare_urls: Arc<Vec<String>> = Arc::new(joins.iter().map(|u| u.replacen(&convene_base, &same, 1)).collect());
        let (n, lat) = redirects(clients, seconds, &http, bare_urls).await;
        let ceiling = report("bare axum redirect, same URLs and Location length", n, seconds, &lat);
        println!("  join / ceiling = {:.2} (against the short one: {:.2})", join_rate / ceiling, join_rate / short);
    }

    if wanted("create") {
        let (h, ep) = (http.clone(), convene_ep.clone());
        let (n, lat) = load(clients, seconds, move |i| {
            let (h, ep) = (h.clone(), ep.clone());
            async move {
                let id = format!("create-{i}");
                let create = BbbClient::url(&ep, "create", &[("meetingID", &id), ("name", "Create load")]);
                h.get(&create).send().await.is_ok_and(|r| r.status().is_success())
            }
        })
        .await;
        let create_rate = report(&format!("convene create ({clients} clients)"), n, seconds, &lat);
        // The bare handler for create: the same upstream call to a simulated server, its answer passed back.
        let upstream = Endpoint::new(format!("{}/bigbluebutton/api", sim_urls[0]), SIM_SECRET, Algorithm::Sha256);
        let client = state.bbb.clone();
        let counter = Arc::new(AtomicU64::new(0));
        let bare_create = serve(axum::Router::new().route(
            "/create",
            axum::routing::get(move || {
                let (client, upstream, counter) = (client.clone(), upstream.clone(), counter.clone());
                async move {
                    let id = format!("bare-{}", counter.fetch_add(1, Ordering::Relaxed));
                    match client.create_raw(&upstream, &[("meetingID", id.as_str()), ("name", "Bare")]).await {
                        Ok((_, body)) => (axum::http::StatusCode::OK, body),
                        Err(e) => (axum::http::StatusCode::BAD_GATEWAY, e.to_string()),
                    }
                }
            }),
        ))
        .await;
        let h = http.clone();
        let (n, lat) = load(clients, seconds, move |_| {
            let (h, bare) = (h.clone(), bare_create.clone());
            async move { h.get(format!("{bare}/create")).send().await.is_ok_and(|r| r.status().is_success()) }
        })
        .await;
        let ceiling = report("bare handler with the same upstream create", n, seconds, &lat);
        println!("  create / ceiling = {:.2}", create_rate / ceiling);
    }

    // 3. A pool of M simulated servers: one poll cycle.
    if !wanted("poll") {
        return Ok(());
    }
    let mut sims = Vec::new();
    for i in 0..pool_size {
        let sim = Simulator::new(&format!("p{i}"), SIM_SECRET, 200, Default::default(), clock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}/bigbluebutton/api", listener.local_addr()?);
        sims.push(simulator::serve(sim, listener));
        let row = convene::db::servers::NewServer {
            name: &format!("pool-{i}"),
            api_url: &url,
            secret: SIM_SECRET,
            algorithm: "sha256",
            institution_id: None,
            region: "",
            latitude: 0.0,
            longitude: 0.0,
            capacity: 200,
            tags: "",
            ca_pem: None,
            public_only: false,
            meetings: 0,
            participants: 0,
        };
        convene::db::servers::insert(state.db.pool(), &row, clock.unix()).await?;
    }
    for round in 1..=3 {
        let r = state.poller.tick().await?;
        println!("poll cycle {round}: {} servers in {:?} ({} failed)", r.polled, r.took, r.failed);
    }
    println!("rss at the end: {:.0} MB", rss_mb());
    for s in sims {
        s.abort();
    }
    Ok(())
}
