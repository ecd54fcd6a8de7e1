//! Test harness: the real app, in-process on port 0, against a fresh database per test on SQLite or PostgreSQL,
//! with a manual clock. `TEST_POSTGRES_URL` points at a throwaway cluster (scripts/test starts one); each
//! PostgreSQL test creates its own database there.
#![allow(dead_code, clippy::unwrap_used)]

pub mod smtp;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use convene::clock::{Clock, ManualClock};
use convene::config::Config;
use convene::state::AppState;
use reqwest::header::{HeaderMap, HeaderValue};
use secrecy::SecretString;

pub const PASSWORD: &str = "demo-password-123";
pub const OPERATOR: &str = "operator@convene.test";
pub const ROMA_ADMIN: &str = "admin@uniroma.test";
pub const ROMA_MEMBER: &str = "marco@uniroma.test";
pub const USP_ADMIN: &str = "admin@usp.test";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub addr: SocketAddr,
    pub clock: Arc<ManualClock>,
    pub state: AppState,
    pub backend: Backend,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// Runs one test body on both databases.
#[macro_export]
macro_rules! both_backends {
    // Each body with the configuration adjusted by `$tweak` (a `fn(&mut Config)`, named from inside the
    // generated module, e.g. `super::my_tweak`).
    (tweak = $tweak:path; $($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    if let Some(app) = $crate::common::spawn($crate::common::Backend::Sqlite, $tweak).await {
                        super::$name(app).await;
                    }
                }
                #[tokio::test]
                async fn postgres() {
                    if let Some(app) = $crate::common::spawn($crate::common::Backend::Postgres, $tweak).await {
                        super::$name(app).await;
                    }
                }
            }
        )*
    };
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    if let Some(app) = $crate::common::spawn($crate::common::Backend::Sqlite, |_| {}).await {
                        super::$name(app).await;
                    }
                }
                #[tokio::test]
                async fn postgres() {
                    if let Some(app) = $crate::common::spawn($crate::common::Backend::Postgres, |_| {}).await {
                        super::$name(app).await;
                    }
                }
            }
        )*
    };
}

async fn database_url(backend: Backend, dir: &std::path::Path) -> Option<String> {
    match backend {
        Backend::Sqlite => Some(format!("sqlite://{}", dir.join("convene.db").display())),
        Backend::Postgres => {
            let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("TEST_POSTGRES_URL is not set: the PostgreSQL half of the suite cannot run");
                }
                eprintln!("skipped: TEST_POSTGRES_URL not set (scripts/test starts a throwaway PostgreSQL)");
                return None;
            };
            use sqlx::Connection;
            let name = format!("convene_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to TEST_POSTGRES_URL");
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str()).await.unwrap();
            let mut url = url::Url::parse(&admin).unwrap();
            url.set_path(&name);
            Some(url.to_string())
        }
    }
}

/// Starts an app with demo data (two institutions; see `convene::demo`). `tweak` adjusts the config.
/// A form built with owned values, as the `(name, value)` pairs `Browser::call` takes.
/// A poller over the app's database and meetings (as the app's own, with the default health policy), calling the
/// servers through `client`, `concurrency` at a time: tests drive its `tick()` themselves.
pub fn poller(
    app: &TestApp,
    client: convene::balancer::bbb::client::BbbClient,
    concurrency: usize,
) -> Arc<convene::balancer::poller::Poller> {
    convene::balancer::poller::Poller::new(
        app.state.db.clone(),
        app.state.meetings.clone(),
        client,
        app.clock.clone(),
        convene::balancer::health::Policy::default(),
        concurrency,
        app.state.metrics.clone(),
    )
}

pub fn as_refs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The ids of the bookings a `book` call made.
pub fn created_ids(made: &serde_json::Value) -> Vec<i64> {
    made["created"].as_array().map(|a| a.iter().filter_map(|v| v.as_i64()).collect()).unwrap_or_default()
}

pub async fn spawn(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<TestApp> {
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into());
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .try_init();
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(backend, dir.path()).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = Config { database_url: SecretString::from(url), ..Config::default() };
    config.http.bind = addr;
    config.http.public_url = format!("http://{addr}").parse().unwrap();
    config.http.site_root = dir.path().join("site");
    // Tests drive the poller's tick themselves.
    config.pool.poll_interval_seconds = 3600;
    tweak(&mut config);
    config.validate().unwrap();
    let clock = ManualClock::new();
    let app = convene::build(config, clock.clone()).await.unwrap();
    convene::demo::seed(&app.state.db, clock.unix(), dir.path(), Some(PASSWORD.into())).await.unwrap();
    let state = app.state.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until(listener, async {
        let _ = stopped.await;
    }));
    Some(TestApp { base: format!("http://{addr}"), addr, clock, state, backend, _dir: dir, _stop: stop })
}

/// A minimal browser: keeps cookies, does not follow redirects, sends same-origin headers on writes.
#[derive(Clone)]
pub struct Browser {
    pub base: String,
    pub client: reqwest::Client,
    pub cookies: HashMap<String, String>,
}

impl TestApp {
    pub fn browser(&self) -> Browser {
        Browser {
            base: self.base.clone(),
            client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
            cookies: HashMap::new(),
        }
    }

    /// A browser signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Browser {
        let mut b = self.browser();
        let res = b.login(email, PASSWORD).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/", "sign-in as {email} failed");
        b
    }
}

impl Browser {
    fn cookie_header(&self) -> Option<HeaderValue> {
        if self.cookies.is_empty() {
            return None;
        }
        let v = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        Some(HeaderValue::from_str(&v).unwrap())
    }

    fn absorb(&mut self, headers: &HeaderMap) {
        for v in headers.get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let first = v.split(';').next().unwrap();
            let (k, val) = first.split_once('=').unwrap();
            let expired = v.contains("Max-Age=0") || v.to_ascii_lowercase().contains("expires=thu, 01 jan 1970");
            if expired || val.is_empty() {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), val.to_owned());
            }
        }
    }

    pub fn session_cookie(&self) -> Option<String> {
        self.cookies.get("convene_session").cloned()
    }

    pub async fn send(&mut self, req: reqwest::RequestBuilder) -> reqwest::Response {
        let req = match self.cookie_header() {
            Some(c) => req.header("cookie", c),
            None => req,
        };
        let res = req.send().await.unwrap();
        self.absorb(res.headers());
        res
    }

    pub async fn get(&mut self, path: &str) -> reqwest::Response {
        let req = self.client.get(format!("{}{path}", self.base));
        self.send(req).await
    }

    /// A page as a browser asks for it (navigations accept HTML): its text.
    pub async fn page(&mut self, path: &str) -> String {
        let req = self.client.get(format!("{}{path}", self.base)).header("accept", "text/html,application/xhtml+xml");
        self.send(req).await.text().await.unwrap()
    }

    /// A form post as the portal's own page would send it.
    pub async fn post_form(&mut self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("origin", &self.base)
            .header("sec-fetch-site", "same-origin")
            .form(form);
        self.send(req).await
    }

    /// A server function call as the hydrated page makes it (JSON answer).
    pub async fn call(&mut self, name: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let req = self
            .client
            .post(format!("{}/api/{name}", self.base))
            .header("origin", &self.base)
            .header("sec-fetch-site", "same-origin")
            .header("accept", "application/json")
            .form(form);
        self.send(req).await
    }

    /// A sign-in from a given client address (the app must trust `X-Forwarded-For`).
    pub async fn login_from(&mut self, email: &str, password: &str, address: &str) -> reqwest::Response {
        let req = self
            .client
            .post(format!("{}/auth/login", self.base))
            .header("origin", &self.base)
            .header("sec-fetch-site", "same-origin")
            .header("x-forwarded-for", address)
            .form(&[("email", email), ("password", password)]);
        self.send(req).await
    }

    pub async fn login(&mut self, email: &str, password: &str) -> reqwest::Response {
        self.post_form("/auth/login", &[("email", email), ("password", password)]).await
    }

    /// Whether the server sees this browser as signed in.
    pub async fn is_signed_in(&mut self) -> bool {
        let res = self.call("get_account", &[]).await;
        match res.status().as_u16() {
            200 => true,
            401 => false,
            other => panic!("get_account answered {other}"),
        }
    }
}
