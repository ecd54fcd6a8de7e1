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
