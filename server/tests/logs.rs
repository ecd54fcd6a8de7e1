//! Logs carry request ids and never secrets: passwords, session ids, the database password. Its own test binary
//! because it installs the process-wide log subscriber.
#![allow(clippy::unwrap_used)]

#[path = "it/common/mod.rs"]
mod common;

use std::io::Write;
use std::sync::Mutex;

use common::*;

static CAPTURED: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct Capture;

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURED.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_have_request_ids_and_no_secrets() {
    tracing_subscriber::fmt()
        .json()
        .with_writer(|| Capture)
        .with_env_filter(tracing_subscriber::EnvFilter::new("trace,hyper=off,hyper_util=off,h2=off"))
        .init();
    let app = spawn(Backend::Sqlite, |_| {}).await.unwrap();
    let mut b = app.browser();
    b.login(ROMA_MEMBER, "wrong-secret-attempt").await;
    b.login(ROMA_MEMBER, PASSWORD).await;
    let session = b.session_cookie().unwrap();
    assert!(b.is_signed_in().await);
    b.call("change_password", &[("current", PASSWORD), ("new", "next-secret-passphrase")]).await;
    b.get("/account").await;
    b.post_form("/auth/logout", &[]).await;
    let mut forged = app.browser();
    forged.cookies.insert("convene_session".into(), "not-a-real-session-id".into());
    forged.get("/").await;
    // Paths that carry secrets: a guest link, a calendar feed, a conference server's callbacks.
    let secret_paths = [
        "/guest/guest-link-secret-0001",
        "/feeds/feed-secret-0002.ics",
        "/bigbluebutton/callback/end/callback-secret-0003",
    ];
    for path in secret_paths {
        forged.get(path).await;
    }

    let logs = String::from_utf8(CAPTURED.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("\"request_id\""), "spans carry the request id");
    assert!(logs.contains("sign-in refused"), "failed sign-ins are logged");
    assert!(logs.contains("/guest/***"), "the request to a guest link is logged, masked");
    for secret in [
        PASSWORD,
        "wrong-secret-attempt",
        "next-secret-passphrase",
        session.as_str(),
        "not-a-real-session-id",
        "guest-link-secret-0001",
        "feed-secret-0002",
        "callback-secret-0003",
    ] {
        assert!(!logs.contains(secret), "a secret reached the logs: {secret}");
    }
    assert!(!logs.contains("$argon2id$"), "password hashes reached the logs");
}
