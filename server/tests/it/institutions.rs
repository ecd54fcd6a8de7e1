//! Institutions and members through the server functions, on SQLite and PostgreSQL.

use crate::common::*;

fn institution<'a>(name: &'a str, slug: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("input[name]", name),
        ("input[slug]", slug),
        ("input[timezone]", "Europe/Lisbon"),
        ("input[region]", "eu-west"),
        ("input[latitude]", "38.72"),
        ("input[longitude]", "-9.14"),
        ("input[default_language]", "pt-BR"),
        ("input[brand_color]", "#00AA55"),
        ("input[logo_url]", "https://example.org/logo.svg"),
    ]
}

async fn operator_creates_and_edits(app: TestApp) {
    let mut op = app.signed_in(OPERATOR).await;
    let res = op.call("create_institution", &institution("Universidade de Lisboa", "ulisboa")).await;
    assert_eq!(res.status(), 200);
    let created: serde_json::Value = res.json().await.unwrap();
    assert_eq!(created["slug"], "ulisboa");
    assert_eq!(created["brand_color"], "#00aa55");
    assert_eq!(created["default_language"], "PtBr");
    // The slug is unique.
    let res = op.call("create_institution", &institution("Another", "ulisboa")).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Invalid"]["problem"], "Taken");
    // Edit, including the slug.
    let id = created["id"].to_string();
    let mut fields = institution("Universidade de Lisboa", "ulisboa2");
    fields.push(("id", &id));
    let res = op.call("update_institution", &fields).await;
    assert_eq!(res.status(), 200);
    let list: serde_json::Value = op.call("list_institutions", &[]).await.json().await.unwrap();
    let slugs: Vec<_> = list.as_array().unwrap().iter().map(|i| i["slug"].as_str().unwrap().to_owned()).collect();
    assert!(slugs.contains(&"ulisboa2".to_owned()) && !slugs.contains(&"ulisboa".to_owned()), "{slugs:?}");
    // An unknown time zone is refused with the field named.
    let mut fields = institution("Y", "yy");
    fields[2].1 = "Europe/Atlantis";
    let res = op.call("create_institution", &fields).await;
    assert_eq!(res.status(), 422);
    // A field sent twice, or missing, is a bad request, never a server error.
    let res = op.call("create_institution", &[institution("Y", "yy"), vec![("input[timezone]", "UTC")]].concat()).await;
    assert_eq!(res.status(), 400);
    let res = op.call("create_institution", &[("input[name]", "Y")]).await;
    assert_eq!(res.status(), 400);
    // The pages render.
    let html = op.get("/admin/institutions").await.text().await.unwrap();
    assert!(html.contains("Universidade de Lisboa"));
    // The time zone is picked from every IANA place (a searchable list), not typed blind.
    for html in [html, op.get("/admin/institutions/ulisboa2").await.text().await.unwrap()] {
        assert!(html.contains(r#"id="inst-timezone""#) && html.contains(r#"list="tz-list""#));
        assert!(html.contains(r#"<option value="America/Argentina/Buenos_Aires">"#), "the full list");
        assert!(html.matches("<option value=\"").count() > 300);
    }
    assert_eq!(op.get("/admin/institutions/nope").await.status(), 404);
}

async fn admin_manages_members(app: TestApp) {
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    // A new person gets a local account and can sign in.
    let res = admin
        .call(
            "add_member",
            &[
                ("slug", "uniroma"),
                ("member[email]", "Nuova@UniRoma.test"),
                ("member[display_name]", "Nuova Persona"),
                ("member[role]", "member"),
                ("member[password]", "nuova-password-1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let mut newcomer = app.browser();
    assert_eq!(newcomer.login("nuova@uniroma.test", "nuova-password-1").await.headers()["location"], "/");
    // Adding twice says so.
    let res = admin
        .call("add_member", &[("slug", "uniroma"), ("member[email]", "nuova@uniroma.test"), ("member[role]", "member")])
        .await;
    assert_eq!(res.status(), 409);
    // An existing account of another institution can be added without a password.
    let res = admin
        .call("add_member", &[("slug", "uniroma"), ("member[email]", "joao@usp.test"), ("member[role]", "guest")])
        .await;
    assert_eq!(res.status(), 200);
    // A new account needs a good password.
    let res = admin
        .call(
            "add_member",
            &[
                ("slug", "uniroma"),
                ("member[email]", "weak@uniroma.test"),
                ("member[display_name]", "W"),
                ("member[role]", "member"),
                ("member[password]", "short"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let view: serde_json::Value = admin.call("list_members", &[("slug", "uniroma")]).await.json().await.unwrap();
    let members = view["members"].as_array().unwrap();
    let find = |email: &str| members.iter().find(|m| m["email"] == email).cloned().unwrap();
    let newcomer_id = find("nuova@uniroma.test")["user_id"].to_string();
    let admin_id = find(ROMA_ADMIN)["user_id"].to_string();
    assert!(members.iter().all(|m| m["email"] != "weak@uniroma.test"));
    // Roles change; the last admin cannot leave or step down.
    assert_eq!(
        admin
            .call("set_member_role", &[("slug", "uniroma"), ("user_id", &newcomer_id), ("role", "guest")])
            .await
            .status(),
        200
    );
    assert_eq!(
        admin
            .call("set_member_role", &[("slug", "uniroma"), ("user_id", &admin_id), ("role", "member")])
            .await
            .status(),
        409
    );
    assert_eq!(admin.call("remove_member", &[("slug", "uniroma"), ("user_id", &admin_id)]).await.status(), 409);
    assert_eq!(
        admin
            .call("set_member_role", &[("slug", "uniroma"), ("user_id", &newcomer_id), ("role", "boss")])
            .await
            .status(),
        422
    );
    // With a second admin, the first may step down.
    assert_eq!(
        admin
            .call("set_member_role", &[("slug", "uniroma"), ("user_id", &newcomer_id), ("role", "admin")])
            .await
            .status(),
        200
    );
    assert_eq!(
        admin
            .call("set_member_role", &[("slug", "uniroma"), ("user_id", &admin_id), ("role", "member")])
            .await
            .status(),
        200
    );
    // ...and is then no longer allowed to manage members.
    assert_eq!(admin.call("list_members", &[("slug", "uniroma")]).await.status(), 403);
    // Removal.
    let mut new_admin = app.browser();
    new_admin.login("nuova@uniroma.test", "nuova-password-1").await;
    let joao = find("joao@usp.test")["user_id"].to_string();
    assert_eq!(new_admin.call("remove_member", &[("slug", "uniroma"), ("user_id", &joao)]).await.status(), 200);
    assert_eq!(new_admin.call("remove_member", &[("slug", "uniroma"), ("user_id", &joao)]).await.status(), 404);
    // Every change is in the audit log.
    let audit = convene::db::audit::recent(app.state.db.pool(), 50).await.unwrap();
    for action in ["member.add", "member.role", "member.remove", "login"] {
        assert!(audit.iter().any(|a| a.action == action), "{action} missing from the audit log");
    }
}

async fn account_settings(app: TestApp) {
    let mut b = app.signed_in(ROMA_MEMBER).await;
    let res = b
        .call("update_account", &[("display_name", "Marco R."), ("language", "ru"), ("timezone", "Europe/Moscow")])
        .await;
    assert_eq!(res.status(), 200);
    let acc: serde_json::Value = b.call("get_account", &[]).await.json().await.unwrap();
    assert_eq!(acc["display_name"], "Marco R.");
    assert_eq!(acc["language"], "Ru");
    // The account's language is used when no explicit choice was made in this browser.
    let html = b.get("/").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"ru\""), "{}", &html[..200.min(html.len())]);
    // The time zone is picked from a searchable list of the IANA places (no legacy aliases), the current one kept.
    let zones = acc["zones"].as_array().unwrap();
    assert!(zones.len() > 300 && zones.iter().any(|z| z == "America/Sao_Paulo") && zones.iter().any(|z| z == "UTC"));
    assert!(!zones.iter().any(|z| z == "US/Pacific" || z == "Etc/GMT+1"));
    let html = b.get("/account").await.text().await.unwrap();
    assert!(html.contains("list=\"tz-list\"") && html.contains("<datalist id=\"tz-list\">"));
    assert!(html.contains("<option value=\"Europe/Moscow\">") && html.contains("value=\"Europe/Moscow\""));
    // A name that is not a zone is refused, naming the field; nothing changes.
    let res =
        b.call("update_account", &[("display_name", "Marco R."), ("language", "ru"), ("timezone", "Mars/Base")]).await;
    assert_eq!(res.status(), 422);
    let acc: serde_json::Value = b.call("get_account", &[]).await.json().await.unwrap();
    assert_eq!(acc["timezone"], "Europe/Moscow");
}

async fn help_privacy_and_contact_links(app: TestApp) {
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    let mut marco = app.signed_in(ROMA_MEMBER).await;
    let mut joao = app.signed_in("joao@usp.test").await;
    let links = |help: &'static str, contact: &'static str| {
        vec![
            ("slug", "uniroma"),
            ("links[help_url]", help),
            ("links[privacy_url]", "https://uniroma.test/privacy"),
            ("links[contact_url]", contact),
        ]
    };
    // Only its admins (and operators) set them; bad addresses are refused by field, nothing changed.
    assert_eq!(marco.call("update_institution_links", &links("https://uniroma.test/aiuto", "")).await.status(), 403);
    assert_eq!(joao.call("update_institution_links", &links("https://uniroma.test/aiuto", "")).await.status(), 404);
    for (help, contact) in [("javascript:alert(1)", ""), ("https://uniroma.test/aiuto", "mailto:<b>@x.test")] {
        let res = admin.call("update_institution_links", &links(help, contact)).await;
        assert_eq!(res.status(), 422, "{help} {contact}");
    }
    let page = marco.get("/").await.text().await.unwrap();
    assert!(!page.contains("uniroma.test/privacy"), "nothing set yet");
    let res =
        admin.call("update_institution_links", &links("https://uniroma.test/aiuto", "mailto:Help@Uniroma.test")).await;
    assert_eq!(res.status(), 200);
    // Every page its members see carries them in the footer; another institution's members do not.
    for path in ["/", "/rooms", "/account"] {
        let page = marco.get(path).await.text().await.unwrap();
        let footer = &page[page.find("<footer").expect("a footer")..];
        assert!(footer.contains(r#"href="https://uniroma.test/aiuto""#), "{path}");
        assert!(
            footer.contains(r#"href="https://uniroma.test/privacy""#)
                && footer.contains(r#"href="mailto:help@uniroma.test""#)
        );
    }
    assert!(!joao.get("/").await.text().await.unwrap().contains("uniroma.test/aiuto"));
    // The admin's page shows the form with what is set.
    let page = admin.get("/admin/institutions/uniroma").await.text().await.unwrap();
    assert!(page.contains(r#"id="institution-links""#) && page.contains(r#"value="mailto:help@uniroma.test""#));
    assert!(
        !marco.get("/admin/institutions/uniroma").await.text().await.unwrap().contains(r#"id="institution-links""#)
    );
}

fn site_links(c: &mut convene::config::Config) {
    c.site.help_url = "https://help.convene.test/".into();
    c.site.contact_url = "mailto:noc@convene.test".into();
}

async fn the_deployment_links_every_page(app: TestApp) {
    let mut anon = app.browser();
    for path in ["/", "/login"] {
        let page = anon.get(path).await.text().await.unwrap();
        let footer = &page[page.find("<footer").expect("a footer")..];
        assert!(footer.contains(r#"id="site-links""#) && footer.contains(r#"href="https://help.convene.test/""#));
        assert!(footer.contains(r#"href="mailto:noc@convene.test""#) && !footer.contains("Privacy"), "{path}");
    }
    // Typed wrong in the configuration: the start stops, naming the key.
    let mut c = convene::config::Config::default();
    c.site.privacy_url = "javascript:alert(1)".into();
    let e = c.validate().unwrap_err().to_string();
    assert!(e.contains("site.privacy_url"), "{e}");
}

/// A 1×1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa75\x81\x84\0\0\0\0IEND\xaeB`\x82";

/// The logo form as a browser sends it from Convene's own page.
fn logo_post(b: &Browser, base: &str, slug: &str, file: Option<&[u8]>) -> reqwest::RequestBuilder {
    let boundary = "----convene-logo-boundary-51c2";
    let mut body = Vec::new();
    match file {
        Some(bytes) => {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"logo[file]\"; filename=\"logo.png\"\r\n\
                     Content-Type: image/png\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        None => body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"logo[remove]\"\r\n\r\n1\r\n").as_bytes(),
        ),
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    b.client
        .post(format!("{base}/institutions/{slug}/logo"))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("accept", "text/html")
        .header("sec-fetch-site", "same-origin")
        .header("origin", base)
        .body(body)
}

/// An institution's admins upload its logo (checked by its bytes); its rooms' pages show it beside the name with
/// the institution's colour; removed, it is gone everywhere.
async fn an_institution_shows_its_logo(app: TestApp) {
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    admin.cookies.insert("convene_lang".into(), "en".into());
    let mut marco = app.signed_in(ROMA_MEMBER).await;
    let mut joao = app.signed_in("joao@usp.test").await;
    let uniroma = convene::db::institutions::by_slug(app.state.db.pool(), "uniroma").await.unwrap();
    let req = logo_post(&marco, &app.base, "uniroma", Some(PNG));
    assert_eq!(marco.send(req).await.status(), 403, "admins only");
    let req = logo_post(&joao, &app.base, "uniroma", Some(PNG));
    assert_eq!(joao.send(req).await.status(), 404, "another institution's");
    // Not a raster image: refused with the reason on the page, nothing kept.
    let req =
        logo_post(&admin, &app.base, "uniroma", Some(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"));
    let res = admin.send(req).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/admin/institutions/uniroma#logo");
    assert!(admin.page("/admin/institutions/uniroma").await.contains("is not a PNG, JPEG, GIF or WebP picture"));
    assert!(convene::db::institutions::logo(app.state.db.pool(), uniroma.id).await.unwrap().is_none());
    // A PNG: kept, served as what it is, shown on the room page with the name and the colour.
    let req = logo_post(&admin, &app.base, "uniroma", Some(PNG));
    assert_eq!(admin.send(req).await.status(), 303);
    let page = admin.page("/admin/institutions/uniroma").await;
    assert!(page.contains(r#"id="logo-current""#) && page.contains(r#"id="logo-saved""#), "{page}");
    let res = marco.get(&format!("/institution-logo/{}", uniroma.id)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    let room = marco.get("/rooms").await.text().await.unwrap();
    let href = room.split("href=\"/rooms/").nth(1).and_then(|r| r.split('"').next()).unwrap().to_owned();
    let page = marco.get(&format!("/rooms/{href}")).await.text().await.unwrap();
    assert!(page.contains(&format!(r#"src="/institution-logo/{}?v="#, uniroma.id)), "the logo on the room page");
    assert!(page.contains("--brand:#8f1d21") && page.contains(r#"class="brand-name""#));
    // Removed: gone.
    let req = logo_post(&admin, &app.base, "uniroma", None);
    assert_eq!(admin.send(req).await.status(), 303);
    assert_eq!(marco.get(&format!("/institution-logo/{}", uniroma.id)).await.status(), 404);
    assert!(!marco.get(&format!("/rooms/{href}")).await.text().await.unwrap().contains("/institution-logo/"));
}

both_backends!(
    operator_creates_and_edits,
    admin_manages_members,
    account_settings,
    help_privacy_and_contact_links,
    an_institution_shows_its_logo
);
both_backends!(tweak = super::site_links; the_deployment_links_every_page);
