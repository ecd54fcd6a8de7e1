//! What the web front sends besides pages: metrics access and label bounds, security headers and the CSP nonce,
//! caching and compression of assets and pages.

use std::collections::BTreeSet;

use futures::StreamExt;
use rand::Rng;

use crate::common::*;

const TOKEN: &str = "scrape-token-for-tests-0123";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The `convene_http_*` series in the metrics output (one line each, comments left out).
fn http_series(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| l.starts_with("convene_http_"))
        .map(|l| l.rsplit_once(' ').map_or(l, |(series, _)| series).to_owned())
        .collect()
}

#[tokio::test]
async fn metrics_want_the_token() {
    let Some(app) = spawn(Backend::Sqlite, |c| c.metrics.token = TOKEN.to_owned().into()).await else { return };
    let client = reqwest::Client::new();
    let url = format!("{}/metrics", app.base);
    assert_eq!(client.get(&url).send().await.unwrap().status(), 401);
    let wrong = client.get(&url).bearer_auth("scrape-token-for-tests-0124").send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    assert_eq!(wrong.headers()["www-authenticate"], "Bearer");
    let res = client.get(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = res.text().await.unwrap();
    assert!(text.contains("convene_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"401\"}"), "{text}");
}

#[tokio::test]
async fn metrics_without_token_only_on_their_own_address() {
    let port = free_port();
    let Some(app) = spawn(Backend::Sqlite, |c| c.metrics.bind = Some(([127, 0, 0, 1], port).into())).await else {
        return;
    };
    let client = reqwest::Client::new();
    assert_eq!(client.get(format!("{}/metrics", app.base)).send().await.unwrap().status(), 404);
    let mut res = None;
    for _ in 0..50 {
        if let Ok(r) = client.get(format!("http://127.0.0.1:{port}/metrics")).send().await {
            res = Some(r);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let res = res.expect("the metrics listener answers");
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("convene_http_requests_total"));
    // Only metrics there: no pages, no API.
    let other = client.get(format!("http://127.0.0.1:{port}/login")).send().await.unwrap();
    assert_eq!(other.status(), 404);
}

/// Odd paths under every prefix the router knows, and made-up methods.
fn odd_request(rng: &mut impl Rng) -> (reqwest::Method, String) {
    let word = |rng: &mut dyn rand::RngCore, n: usize| -> String {
        (0..n).map(|_| char::from(b'a' + rand::Rng::gen_range(rng, 0..26u8))).collect()
    };
    let prefixes = ["/", "/rooms/", "/pkg/", "/bigbluebutton/api/", "/feeds/", "/institutions/", "/api/", "/guest/"];
    let path = format!("{}{}", prefixes[rng.gen_range(0..prefixes.len())], word(rng, 12));
    let method = match rng.gen_range(0..4) {
        0 => reqwest::Method::GET,
        1 => reqwest::Method::POST,
        _ => reqwest::Method::from_bytes(word(rng, 8).to_uppercase().as_bytes()).unwrap(),
    };
    (method, path)
}

#[tokio::test]
async fn metrics_labels_stay_bounded() {
    let Some(app) = spawn(Backend::Sqlite, |_| {}).await else { return };
    let client = reqwest::Client::new();
    let run = |n: usize| {
        let client = client.clone();
        let base = app.base.clone();
        async move {
            let mut rng = rand::thread_rng();
            let reqs: Vec<_> = (0..n).map(|_| odd_request(&mut rng)).collect();
            futures::stream::iter(reqs)
                .map(|(m, p)| {
                    let client = client.clone();
                    let url = format!("{base}{p}");
                    async move { client.request(m, url).send().await.unwrap().status() }
                })
                .buffer_unordered(16)
                .collect::<Vec<_>>()
                .await
        }
    };
    // Every kind of odd request once or more, then many more: the set of series must not grow.
    run(1_000).await;
    let before = http_series(&app.state.metrics.render());
    let statuses = run(20_000).await;
    assert!(statuses.iter().all(|s| !s.is_server_error()), "no 5xx");
    let after = http_series(&app.state.metrics.render());
    let new: Vec<_> = after.difference(&before).collect();
    assert!(new.is_empty(), "{} new series, e.g. {:?}", new.len(), new.iter().take(5).collect::<Vec<_>>());
    assert!(after.len() < 400, "{} series", after.len());
    assert!(after.iter().any(|s| s.contains("method=\"other\"")), "made-up methods fold into one label");
}

/// The nonce the CSP header names, and the one on the page's module script.
fn nonces(csp: &str, html: &str) -> (String, String) {
    let header = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).unwrap().to_owned();
    let script = html.split("<script type=\"module\" nonce=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
    (header, script.to_owned())
}

#[tokio::test]
async fn pages_carry_a_csp_with_a_fresh_nonce_matching_the_hydration_script() {
    let Some(app) = spawn(Backend::Sqlite, |_| {}).await else { return };
    let mut b = app.browser();
    let mut seen = BTreeSet::new();
    for path in ["/login", "/login", "/no/such/page"] {
        let res = b.get(path).await;
        let h = res.headers().clone();
        let csp = h["content-security-policy"].to_str().unwrap().to_owned();
        for part in [
            "script-src 'self' 'nonce-",
            "'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(part), "{part} in {csp}");
        }
        assert!(!csp.contains("'unsafe-inline' 'wasm") && !csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "same-origin");
        assert_eq!(h["cache-control"], "no-store");
        assert!(!h.contains_key("strict-transport-security"), "no HSTS over http");
        let html = res.text().await.unwrap();
        let (header, script) = nonces(&csp, &html);
        assert_eq!(header, script, "the header's nonce is the script's");
        assert!(header.len() >= 22, "{header}");
        assert!(seen.insert(header), "a fresh nonce per response");
    }
    // Server function answers and other non-pages: never stored, nothing may run in them.
    let res = b.call("get_account", &[]).await;
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(res.headers()["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
}

#[tokio::test]
async fn hsts_when_the_public_address_is_https() {
    let Some(app) = spawn(Backend::Sqlite, |c| c.http.public_url = "https://meet.example.org".parse().unwrap()).await
    else {
        return;
    };
    let res = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(res.headers()["strict-transport-security"], "max-age=31536000");
}

const HASH: &str = "0123456789abcdef";

/// A site root as `scripts/build` leaves it: hashed bundle files with precompressed copies, and `bundle.txt`.
fn built_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for (ext, body) in [
        ("js", "export default function(){}\n".repeat(50)),
        ("wasm", "\0asm".repeat(500)),
        ("css", "body{}\n".repeat(50)),
    ] {
        std::fs::write(pkg.join(format!("convene.{HASH}.{ext}")), &body).unwrap();
        std::fs::write(pkg.join(format!("convene.{HASH}.{ext}.br")), format!("br:{ext}")).unwrap();
        std::fs::write(pkg.join(format!("convene.{HASH}.{ext}.gz")), format!("gz:{ext}")).unwrap();
    }
    std::fs::write(pkg.join("unhashed.js"), "x").unwrap();
    std::fs::write(dir.path().join("bundle.txt"), format!("convene.{HASH}\n")).unwrap();
    dir
}

#[tokio::test]
async fn hashed_bundle_files_are_immutable_and_sent_precompressed() {
    let site = built_site();
    let root = site.path().to_owned();
    let Some(app) = spawn(Backend::Sqlite, |c| c.http.site_root = root).await else { return };
    let client = reqwest::Client::new();
    // The page names the hashed files.
    let html = client.get(format!("{}/login", app.base)).send().await.unwrap().text().await.unwrap();
    for name in
        [format!("/pkg/convene.{HASH}.css"), format!("/pkg/convene.{HASH}.js"), format!("/pkg/convene.{HASH}.wasm")]
    {
        assert!(html.contains(&name), "{name} in the page");
    }
    for ext in ["js", "wasm", "css"] {
        let url = format!("{}/pkg/convene.{HASH}.{ext}", app.base);
        let res = client.get(&url).header("accept-encoding", "gzip, deflate, br").send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(res.headers()["content-encoding"], "br");
        assert!(res.headers()["vary"].to_str().unwrap().contains("accept-encoding"));
        assert_eq!(res.text().await.unwrap(), format!("br:{ext}"), "the precompressed file, as it is");
        let res = client.get(&url).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(res.headers()["content-encoding"], "gzip");
        let res = client.get(&url).send().await.unwrap();
        assert!(!res.headers().contains_key("content-encoding"));
    }
    let res = client.get(format!("{}/pkg/convene.{HASH}.wasm", app.base)).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/wasm");
    // Not content-hashed: revalidated each time.
    let res = client.get(format!("{}/pkg/unhashed.js", app.base)).send().await.unwrap();
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let res = client.get(format!("{}/pkg/convene.{HASH}.map", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_ne!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
}

#[tokio::test]
async fn pages_are_compressed_and_event_streams_are_not() {
    let Some(app) = spawn(Backend::Sqlite, |_| {}).await else { return };
    let mut op = app.signed_in(OPERATOR).await;
    let req = reqwest::Client::new().get(format!("{}/admin/pool", app.base)).header("accept-encoding", "br");
    let res = op.send(req).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.headers()["cache-control"], "no-store");
    let req = reqwest::Client::new().get(format!("{}/login", app.base)).header("accept-encoding", "gzip");
    assert_eq!(op.send(req).await.headers()["content-encoding"], "gzip");
    // Server-sent events are pushed as they come: never compressed (a compressor would hold them back).
    let req = reqwest::Client::new().get(format!("{}/events/pool", app.base)).header("accept-encoding", "br, gzip");
    let res = op.send(req).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    assert!(!res.headers().contains_key("content-encoding"), "{:?}", res.headers());
}

/// A join posted without JavaScript is answered with a redirect to the conference server: browsers check that
/// redirect against `form-action`, so the pool's servers (their origins only) are in it.
#[tokio::test]
async fn form_action_names_the_pools_servers() {
    let Some(app) = spawn(Backend::Sqlite, |_| {}).await else { return };
    let server = convene::db::servers::NewServer {
        name: "csp-test",
        api_url: "https://bbb.example.org/bigbluebutton/api/",
        secret: "0123456789abcdef0123456789abcdef",
        algorithm: "sha256",
        institution_id: None,
        region: "",
        latitude: 0.0,
        longitude: 0.0,
        capacity: 100,
        tags: "",
        ca_pem: None,
        public_only: false,
        meetings: 0,
        participants: 0,
    };
    convene::db::servers::insert(app.state.db.pool(), &server, 0).await.unwrap();
    let res = reqwest::get(format!("{}/login", app.base)).await.unwrap();
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("form-action 'self' https://bbb.example.org;"), "{csp}");
}

/// Generating an app's page routes runs the app with server data loading switched off by a process-wide flag in
/// Leptos: a page whose data started loading in that instant never finished (a response that never ends; seen as
/// a rare hang of the full test run). Routes are generated once per process, so pages keep rendering while other
/// routers are built.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_routers_are_built() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let Some(app) = spawn(Backend::Sqlite, |_| {}).await else { return };
    let stop = Arc::new(AtomicBool::new(false));
    let builder = {
        let (state, stop) = (app.state.clone(), stop.clone());
        let runtime = tokio::runtime::Handle::current();
        std::thread::spawn(move || {
            let _inside = runtime.enter();
            let mut built = 0_u32;
            while !stop.load(Ordering::Relaxed) {
                drop(convene::http::router(state.clone()));
                built += 1;
            }
            built
        })
    };
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(20)).build().unwrap();
    // A page that loads data on the server (the guest page looks its link up).
    let outcomes: Vec<_> = futures::stream::iter(0..400)
        .map(|i| {
            let client = client.clone();
            let url = format!("{}/guest/no-such-link-{i}", app.base);
            async move {
                match client.get(url).send().await {
                    Ok(res) => res.text().await.map(|_| ()).map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                }
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    stop.store(true, Ordering::Relaxed);
    let built = builder.join().unwrap();
    let failed: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
    assert!(
        failed.is_empty(),
        "{} of 400 pages never finished while {built} routers were built: {:?}",
        failed.len(),
        failed.first()
    );
    assert!(built > 10, "routers were built meanwhile ({built})");
}

/// A members' page asked by a browser that is not signed in leads to the sign-in page, which comes back to it (its
/// query too); the same page signed in is the page itself; calls that are not navigations answer for themselves.
#[tokio::test]
async fn a_members_page_leads_to_sign_in_and_back() {
    let Some(app) = spawn(Backend::Sqlite, |_| {}).await else { return };
    let mut anon = app.browser();
    let res =
        anon.send(anon.client.get(format!("{}/rooms/1?week=2026-12-07", app.base)).header("accept", "text/html")).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/login?next=%2Frooms%2F1%3Fweek%3D2026-12-07");
    let login = anon.page("/login?next=%2Frooms%2F1%3Fweek%3D2026-12-07").await;
    assert!(login.contains(r#"name="next" value="/rooms/1?week=2026-12-07""#), "{login}");
    let res = anon
        .post_form(
            "/auth/login",
            &[("email", ROMA_MEMBER), ("password", PASSWORD), ("next", "/rooms/1?week=2026-12-07")],
        )
        .await;
    assert_eq!(res.headers()["location"], "/rooms/1?week=2026-12-07", "back where they were going");
    assert_eq!(anon.get("/rooms").await.status(), 200, "signed in: the page itself");
    let mut other = app.browser();
    assert_eq!(other.call("list_rooms", &[]).await.status(), 401, "a call is not sent to sign in");
}
