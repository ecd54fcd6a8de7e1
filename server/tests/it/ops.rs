//! Operations and the shell: health, readiness, metrics, request ids, 404, languages, configuration refusal.

use crate::common::*;

async fn health_ready_metrics(app: TestApp) {
    let mut b = app.browser();
    let res = b.get("/healthz").await;
    assert_eq!(res.status(), 200);
    let res = b.get("/readyz").await;
    assert_eq!(res.status(), 200);
    b.get("/").await;
    b.get("/login").await;
    // Without `metrics.token` the main listener does not serve metrics (see web.rs for the token and labels).
    assert_eq!(b.get("/metrics").await.status(), 404);
    let text = app.state.metrics.render();
    assert!(text.contains("convene_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"}"), "{text}");
    assert!(text.contains("convene_http_request_duration_seconds_bucket"), "{text}");
    // A database that went away makes the instance unready, not dead.
    app.state.db.close().await;
    assert_eq!(b.get("/readyz").await.status(), 503);
    assert_eq!(b.get("/healthz").await.status(), 200);
}

async fn request_ids_and_404(app: TestApp) {
    let mut b = app.browser();
    let a = b.get("/").await;
    let id_a = a.headers()["x-request-id"].to_str().unwrap().to_owned();
    let c = b.get("/").await;
    assert_ne!(id_a, c.headers()["x-request-id"].to_str().unwrap(), "fresh id per request");
    assert_eq!(id_a.len(), 32);
    // A client cannot choose its request id.
    let client = reqwest::Client::new();
    let res = client.get(format!("{}/healthz", app.base)).header("x-request-id", "forged").send().await.unwrap();
    assert_ne!(res.headers()["x-request-id"], "forged");
    let res = b.get("/no/such/page").await;
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("Page not found"), "{html}");
}

async fn language_switch(app: TestApp) {
    let mut b = app.browser();
    let html = b.get("/login").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\""));
    for (code, text) in [("it", "Accedi a Convene"), ("pt-BR", "Entrar no Convene"), ("ru", "Вход в Convene")] {
        let res = b.post_form("/language", &[("lang", code), ("next", "/login")]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/login");
        let html = b.get("/login").await.text().await.unwrap();
        assert!(html.contains(&format!("<html lang=\"{code}\"")), "{code}");
        assert!(html.contains(text), "{code}: {text}");
    }
    // Unknown languages and off-site redirects are refused.
    assert_eq!(b.post_form("/language", &[("lang", "xx"), ("next", "/")]).await.status(), 422);
    let res = b.post_form("/language", &[("lang", "en"), ("next", "//evil.example/")]).await;
    assert_eq!(res.headers()["location"], "/");
    // Without a choice, Accept-Language decides.
    let mut fresh = app.browser();
    let req = reqwest::Client::new().get(format!("{}/login", app.base)).header("accept-language", "ru-RU,ru;q=0.9");
    let html = fresh.send(req).await.text().await.unwrap();
    assert!(html.contains("<html lang=\"ru\""));
}

async fn pages_render_complete_on_the_server(app: TestApp) {
    let mut op = app.signed_in(OPERATOR).await;
    // The list is in the HTML itself, not filled in later by script.
    let html = op.get("/admin/institutions").await.text().await.unwrap();
    assert!(html.contains("Università di Roma (demo)") && html.contains("Universidade de São Paulo (demo)"));
    assert!(html.contains("id=\"convene-session\""));
    let html = op.get("/institutions/uniroma/members").await.text().await.unwrap();
    assert!(html.contains("Marco Rossi"));
    // Navigation follows the role: operators see institutions, members do not.
    let mut member = app.signed_in(ROMA_MEMBER).await;
    let html = member.get("/").await.text().await.unwrap();
    assert!(!html.contains("href=\"/admin/institutions\""));
    assert!(html.contains("Università di Roma (demo)"));
}

both_backends!(health_ready_metrics, request_ids_and_404, language_switch, pages_render_complete_on_the_server);

/// The real binary refuses to start on a bad setting and names it.
#[test]
fn invalid_configuration_refuses_start() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_convene");
    let run = |envs: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new(bin);
        cmd.current_dir(dir.path()).arg("serve").env_remove("DATABASE_URL");
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("CONVENE_")) {
            cmd.env_remove(k);
        }
        for (k, v) in envs {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let out = run(&[("CONVENE_SESSION__IDLE_MINUTES", "soon")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).to_lowercase();
    assert!(err.contains("session.idle_minutes"), "{err}");
    let out = run(&[("CONVENE_HTTP__BIND", "not-an-address")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).to_lowercase().contains("http.bind"));
    let out = run(&[("CONVENE_SESION__IDLE_MINUTES", "5")]);
    assert_eq!(out.status.code(), Some(2), "unknown key refused");
    assert!(String::from_utf8_lossy(&out.stderr).to_lowercase().contains("sesion"));
    std::fs::write(dir.path().join("convene.toml"), "[session]\nidle_minutes = 0\n").unwrap();
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("session.idle_minutes"));
    // `convene config` shows the effective values and hides secrets.
    std::fs::remove_file(dir.path().join("convene.toml")).unwrap();
    let out = std::process::Command::new(bin)
        .current_dir(dir.path())
        .arg("config")
        .env("DATABASE_URL", "postgres://convene:s3cret-pw@db.example/convene")
        .output()
        .unwrap();
    assert!(out.status.success());
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("db.example") && !shown.contains("s3cret-pw"), "{shown}");
}

async fn internal_errors_change_nothing_and_give_a_reference(app: TestApp) {
    let mut op = app.signed_in(OPERATOR).await;
    // Break the audit log: creating an institution writes to it in the same transaction.
    sqlx::query("DROP TABLE audit_log").execute(app.state.db.pool()).await.unwrap();
    let res = op
        .call(
            "create_institution",
            &[
                ("input[name]", "Broken Institute"),
                ("input[slug]", "broken"),
                ("input[timezone]", "UTC"),
                ("input[region]", ""),
                ("input[latitude]", "0"),
                ("input[longitude]", "0"),
                ("input[default_language]", "en"),
                ("input[brand_color]", "#000000"),
                ("input[logo_url]", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 500);
    let header_id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Internal"]["request_id"], header_id.as_str(), "the reference matches the request");
    assert!(!body.to_string().to_lowercase().contains("audit_log"), "no internals: {body}");
    // The transaction rolled back: no half-created institution.
    let list = op.call("list_institutions", &[]).await.text().await.unwrap();
    assert!(!list.contains("broken"), "{list}");
}

async fn secure_cookie_over_https(app: TestApp) {
    let _ = app;
    let Some(app) = spawn(app.backend, |c| c.http.public_url = "https://meet.example.org".parse().unwrap()).await
    else {
        return;
    };
    let mut b = app.browser();
    let res = b.login(ROMA_MEMBER, PASSWORD).await;
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("convene_session=") && cookie.contains("Secure"), "{cookie}");
}

both_backends!(internal_errors_change_nothing_and_give_a_reference, secure_cookie_over_https);

/// `convene user add` creates a local account that can sign in; `serve` stops cleanly on SIGTERM.
#[test]
fn cli_user_add_and_graceful_shutdown() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_convene");
    let db = format!("sqlite://{}", dir.path().join("c.db").display());
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = |cmd: &mut Command| {
        cmd.current_dir(dir.path());
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("CONVENE_")) {
            cmd.env_remove(k);
        }
        cmd.env("DATABASE_URL", &db)
            .env("CONVENE_HTTP__BIND", format!("127.0.0.1:{port}"))
            .env("CONVENE_HTTP__PUBLIC_URL", format!("http://127.0.0.1:{port}"));
    };
    let mut add = Command::new(bin);
    add.args(["user", "add", "--email", "ops@example.org", "--name", "Ops", "--operator", "--password-stdin"]);
    base(&mut add);
    let mut child = add.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"a long enough passphrase\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("created user"));
    // The same e-mail twice is refused with a clear message.
    let mut again = Command::new(bin);
    again.args(["user", "add", "--email", "ops@example.org", "--name", "Ops"]);
    base(&mut again);
    let out = again.output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));

    let mut serve = Command::new(bin);
    serve.arg("serve");
    base(&mut serve);
    let mut server = serve.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let mut up = false;
        for _ in 0..100 {
            if client.get(format!("{url}/readyz")).send().await.is_ok_and(|r| r.status() == 200) {
                up = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(up, "server did not become ready");
        let res = client
            .post(format!("{url}/auth/login"))
            .header("origin", &url)
            .form(&[("email", "ops@example.org"), ("password", "a long enough passphrase")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["location"], "/");
    });
    let killed = Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(status) = server.try_wait().unwrap() {
            assert!(status.success(), "exit after SIGTERM: {status}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no exit within 10 s of SIGTERM");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
