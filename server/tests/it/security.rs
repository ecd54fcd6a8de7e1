//! CSRF, methods, authorization across institutions, input bounds — on SQLite and PostgreSQL.

use crate::common::*;

const INSTITUTION: &[(&str, &str)] = &[
    ("input[name]", "Politecnico Demo"),
    ("input[slug]", "polidemo"),
    ("input[timezone]", "Europe/Rome"),
    ("input[region]", "eu-south"),
    ("input[latitude]", "45.46"),
    ("input[longitude]", "9.19"),
    ("input[default_language]", "it"),
    ("input[brand_color]", "#123456"),
    ("input[logo_url]", ""),
];

async fn cross_origin_post_refused(app: TestApp) {
    let op = app.signed_in(OPERATOR).await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let cookie = format!("convene_session={}", op.session_cookie().unwrap());
    let url = format!("{}/api/create_institution", app.base);
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("evil origin", vec![("origin", "https://evil.example")]),
        ("cross-site fetch", vec![("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")]),
        ("same-site sibling", vec![("sec-fetch-site", "same-site")]),
        ("null origin", vec![("origin", "null")]),
        ("no origin at all", vec![]),
    ];
    for (what, headers) in cases {
        for content_type in ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"] {
            let mut req = client.post(&url).header("cookie", &cookie).header("content-type", content_type);
            for (k, v) in &headers {
                req = req.header(*k, *v);
            }
            let body = serde_urlencoded::to_string(INSTITUTION).unwrap();
            let res = req.body(body).send().await.unwrap();
            assert_eq!(res.status(), 403, "{what} / {content_type}");
        }
    }
    // Form endpoints too: a cross-site sign-in or sign-out does nothing.
    let res = client
        .post(format!("{}/auth/login", app.base))
        .header("sec-fetch-site", "cross-site")
        .form(&[("email", ROMA_MEMBER), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.headers().get("set-cookie").is_none());
    // Nothing was created.
    let mut op = op;
    let list = op.call("list_institutions", &[]).await.text().await.unwrap();
    assert!(!list.contains("polidemo"), "{list}");
    // The same request from our own page works.
    let res = op.call("create_institution", INSTITUTION).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

async fn get_on_mutating_refused(app: TestApp) {
    let mut op = app.signed_in(OPERATOR).await;
    for f in [
        "create_institution",
        "update_institution",
        "add_member",
        "set_member_role",
        "remove_member",
        "update_account",
        "change_password",
    ] {
        let res = op.get(&format!("/api/{f}?input[name]=x")).await;
        assert_eq!(res.status(), 405, "GET /api/{f}");
    }
    for path in ["/auth/login", "/auth/logout", "/language"] {
        let res = op.get(path).await;
        assert_eq!(res.status(), 405, "GET {path} must not act");
    }
    assert!(op.is_signed_in().await, "GET /auth/logout did not sign out");
}

async fn cross_institution_refused(app: TestApp) {
    let mut roma_admin = app.signed_in(ROMA_ADMIN).await;
    // Another institution's members, pages and writes: not found, and nothing about it leaks.
    for (f, args) in [
        ("list_members", vec![("slug", "usp")]),
        ("get_institution", vec![("slug", "usp")]),
        (
            "add_member",
            vec![
                ("slug", "usp"),
                ("member[email]", "x@usp.test"),
                ("member[display_name]", "X"),
                ("member[role]", "admin"),
                ("member[password]", "long-enough-password"),
            ],
        ),
        ("remove_member", vec![("slug", "usp"), ("user_id", "6")]),
        ("set_member_role", vec![("slug", "usp"), ("user_id", "6"), ("role", "guest")]),
    ] {
        let res = roma_admin.call(f, &args).await;
        assert_eq!(res.status(), 404, "{f} on usp");
        let body = res.text().await.unwrap();
        assert!(!body.contains("São Paulo"), "{body}");
    }
    let res = roma_admin.get("/institutions/usp/members").await;
    assert_eq!(res.status(), 404);
    // Operators' functions are not for institution admins.
    assert_eq!(roma_admin.call("list_institutions", &[]).await.status(), 403);
    assert_eq!(roma_admin.call("create_institution", INSTITUTION).await.status(), 403);
    // A plain member of Rome may not manage Rome's members.
    let mut member = app.signed_in(ROMA_MEMBER).await;
    assert_eq!(member.call("list_members", &[("slug", "uniroma")]).await.status(), 403);
    // Anonymous: sign in first.
    let mut anon = app.browser();
    assert_eq!(anon.call("list_members", &[("slug", "uniroma")]).await.status(), 401);
    // The usp admin still has their member.
    let mut usp = app.signed_in(USP_ADMIN).await;
    let list = usp.call("list_members", &[("slug", "usp")]).await.text().await.unwrap();
    assert!(list.contains("joao@usp.test"), "{list}");
}

async fn overlong_inputs_refused(app: TestApp) {
    let mut op = app.signed_in(OPERATOR).await;
    let long = "x".repeat(500);
    let mut fields = INSTITUTION.to_vec();
    fields[0] = ("input[name]", &long);
    let res = op.call("create_institution", &fields).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Invalid"]["field"], "name", "{body}");
    assert_eq!(body["Invalid"]["problem"]["TooLong"]["max"], 120, "{body}");
    // Nothing was stored.
    let list = op.call("list_institutions", &[]).await.text().await.unwrap();
    assert!(!list.contains("polidemo"));
    // Each field is bounded.
    for (i, field) in [(1, "slug"), (2, "timezone"), (3, "region"), (4, "latitude"), (8, "logo_url")] {
        let mut fields = INSTITUTION.to_vec();
        fields[i].1 = &long;
        let res = op.call("create_institution", &fields).await;
        assert_eq!(res.status(), 422, "{field}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["Invalid"]["field"], field, "{body}");
    }
    let res = op.call("update_account", &[("display_name", &long), ("language", ""), ("timezone", "")]).await;
    assert_eq!(res.status(), 422);
    let res =
        op.call("update_account", &[("display_name", "Olga"), ("language", ""), ("timezone", "Mars/Olympus")]).await;
    assert_eq!(res.status(), 422);
    // A sign-in with an absurd e-mail is just a failed sign-in.
    let mut b = app.browser();
    let res = b.login(&"a".repeat(10_000), PASSWORD).await;
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/login?error=invalid"));
}

async fn hostile_text_renders_inert(app: TestApp) {
    let mut op = app.signed_in(OPERATOR).await;
    let mut fields = INSTITUTION.to_vec();
    fields[0] = ("input[name]", "<script>alert('x')</script>");
    let res = op.call("create_institution", &fields).await;
    assert_eq!(res.status(), 200);
    let html = op.get("/admin/institutions").await.text().await.unwrap();
    assert!(!html.contains("<script>alert"), "raw script in page");
    assert!(html.contains("&lt;script&gt;alert"));
}

async fn form_post_without_js_comes_back(app: TestApp) {
    // Without JavaScript, a server function posted by a plain form redirects back to the page, with the error in
    // the URL that the page then shows.
    let mut op = app.signed_in(OPERATOR).await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut fields = INSTITUTION.to_vec();
    fields[4] = ("input[latitude]", "north");
    let res = client
        .post(format!("{}/api/create_institution", app.base))
        .header("cookie", format!("convene_session={}", op.session_cookie().unwrap()))
        .header("origin", &app.base)
        .header("accept", "text/html")
        .header("referer", format!("{}/admin/institutions", app.base))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.starts_with(&format!("{}/admin/institutions?", app.base)), "{back}");
    let page = op.get(back.trim_start_matches(&app.base)).await.text().await.unwrap();
    assert!(page.contains("Latitude: not in the expected form"), "{page}");
}

both_backends!(
    cross_origin_post_refused,
    get_on_mutating_refused,
    cross_institution_refused,
    overlong_inputs_refused,
    hostile_text_renders_inert,
    form_post_without_js_comes_back,
);
