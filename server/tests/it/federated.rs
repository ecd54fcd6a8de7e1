//! Signing in through an institution's OpenID Connect provider: a real one (npm `oidc-provider`, started by
//! `scripts/idp`) on loopback over https with its own CA. Each refusal below fails if its check is removed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use convene::clock::Clock;

use crate::common::*;

/// A running provider; stopped when dropped.
struct Op {
    env: HashMap<String, String>,
}

impl Op {
    fn get(&self, k: &str) -> &str {
        &self.env[k]
    }
}

impl Drop for Op {
    fn drop(&mut self) {
        if let Some(dir) = self.env.get("IDP_OIDC_DIR") {
            let _ = Command::new(root().join("scripts/idp")).args(["stop", dir]).status();
        }
    }
}

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

/// Starts the provider with `redirect` as its client's redirect URI; `None` (skipped) where it is not installed,
/// except under CI, where that is a failure.
fn start_op(redirect: &str, extra: &[&str]) -> Option<Op> {
    if !root().join("end2end/idp/oidc/node_modules/oidc-provider").exists() {
        assert!(std::env::var_os("CI").is_none(), "the OpenID provider is not installed (scripts/idp install)");
        eprintln!("skipped: the OpenID provider is not installed (scripts/idp install)");
        return None;
    }
    let out = Command::new(root().join("scripts/idp"))
        .args(["start-oidc", "--redirect-uri", redirect])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let env = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.trim().strip_prefix("export "))
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.trim_matches('\'').trim_matches('"').to_owned()))
        .collect();
    Some(Op { env })
}

/// The provider's side of a browser: its own cookies, the provider's CA, no redirects followed.
struct OpBrowser {
    client: reqwest::Client,
    cookies: HashMap<String, String>,
}

impl OpBrowser {
    fn new(op: &Op) -> OpBrowser {
        let ca = std::fs::read(op.get("IDP_OIDC_CA")).unwrap();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .add_root_certificate(reqwest::Certificate::from_pem(&ca).unwrap())
            .build()
            .unwrap();
        OpBrowser { client, cookies: HashMap::new() }
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> reqwest::Response {
        let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let res = req.header("cookie", cookie).send().await.unwrap();
        for v in res.headers().get_all("set-cookie") {
            let first = v.to_str().unwrap().split(';').next().unwrap();
            if let Some((k, val)) = first.split_once('=') {
                self.cookies.insert(k.to_owned(), val.to_owned());
            }
        }
        res
    }

    /// From the provider's authorization address to the address it sends the browser back to (Convene's
    /// callback), signing in as `user` in `mode`.
    async fn sign_in(&mut self, authorize: &str, user: &str, mode: &str) -> String {
        let res = self.send(self.client.get(authorize)).await;
        assert_eq!(res.status(), 303, "authorize");
        let base = reqwest::Url::parse(authorize).unwrap();
        let login = base.join(res.headers()["location"].to_str().unwrap()).unwrap();
        let page = self.send(self.client.get(login.clone())).await.text().await.unwrap();
        let action = page.split("<form id=\"login-form\" method=\"post\" action=\"").nth(1).unwrap();
        let action = base.join(action.split('"').next().unwrap()).unwrap();
        let form = [("username", user), ("password", &format!("{user}-pass")), ("mode", mode)];
        let res = self.send(self.client.post(action).form(&form)).await;
        assert_eq!(res.status(), 303, "login");
        let resume = base.join(res.headers()["location"].to_str().unwrap()).unwrap();
        let res = self.send(self.client.get(resume)).await;
        assert_eq!(res.status(), 303, "resume");
        res.headers()["location"].to_str().unwrap().to_owned()
    }
}

/// The address a Convene response redirects to, as a path.
pub(crate) fn location(res: &reqwest::Response, base: &str) -> String {
    let l = res.headers()["location"].to_str().unwrap();
    l.strip_prefix(base).unwrap_or(l).to_owned()
}

async fn add_provider(app: &TestApp, op: &Op, default_role: &str) -> i64 {
    let input = convene::auth::providers::OidcInput {
        institution: "uniroma".into(),
        issuer: op.get("IDP_OIDC_ISSUER").into(),
        display_name: "Uni A login".into(),
        client_id: op.get("IDP_OIDC_CLIENT_ID").into(),
        client_secret: op.get("IDP_OIDC_CLIENT_SECRET").into(),
        ca_pem: Some(std::fs::read_to_string(op.get("IDP_OIDC_CA")).unwrap()),
        scopes: "openid email profile eduperson".into(),
        default_role: default_role.into(),
        home_claim: None,
    };
    convene::auth::providers::add_oidc(&app.state.db, &app.state.oidc, app.clock.unix(), input).await.unwrap()
}

/// Leaves Convene for the provider: the flow cookie and the provider's address.
async fn leave(b: &mut Browser, provider: i64, next: &str) -> String {
    let res = b.get(&format!("/login/oidc/{provider}?next={next}")).await;
    assert_eq!(res.status(), 303, "to the provider");
    assert!(b.cookies.contains_key("convene_flow"), "a flow cookie");
    res.headers()["location"].to_str().unwrap().to_owned()
}

/// A person signs in through the provider: account made at the first sign-in with the role the rules give, a new
/// session id, back where they were going; the sign-in page offers the provider.
async fn people_sign_in_through_their_institution(app: TestApp) {
    let Some(op) = start_op(&format!("{}/auth/oidc/callback", app.base), &[]) else { return };
    let id = add_provider(&app, &op, "member").await;
    let now = app.clock.unix();
    convene::auth::providers::add_rule(
        &app.state.db,
        now,
        "uniroma",
        "eduperson_scoped_affiliation",
        "staff@*",
        "admin",
    )
    .await
    .unwrap();

    let mut b = app.browser();
    b.cookies.insert("convene_lang".into(), "en".into());
    let login = b.page("/login").await;
    assert!(login.contains(&format!("/login/oidc/{id}?next=")) && login.contains("Uni A login"), "{login}");
    // Signed in already (as someone else): the session id changes, and the old one is dead (fixation).
    assert_eq!(b.login("marco@uniroma.test", PASSWORD).await.status(), 303);
    let before = b.session_cookie().expect("a session");
    let authorize = leave(&mut b, id, "/rooms").await;
    let mut op_side = OpBrowser::new(&op);
    let back = op_side.sign_in(&authorize, "alice", "good").await;
    assert!(back.starts_with(&format!("{}/auth/oidc/callback?", app.base)), "{back}");
    let res = b.get(back.strip_prefix(&app.base).unwrap()).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res, &app.base), "/rooms");
    assert!(b.session_cookie().is_some() && b.session_cookie() != Some(before.clone()), "a new session id");
    let mut old = app.browser();
    old.cookies.insert("convene_session".into(), before);
    assert!(!old.is_signed_in().await, "the session id from before is dead");
    assert!(!b.cookies.contains_key("convene_flow"), "the flow cookie is gone");
    let page = b.page("/").await;
    assert!(page.contains("Welcome, Alice Anders"), "{page}");
    // This browser remembers the choice: the sign-in page puts it first, marked.
    assert_eq!(b.cookies.get("convene_idp").map(String::as_str), Some(format!("oidc-{id}").as_str()));
    assert!(b.page("/login").await.contains("last time"));

    let pool = app.state.db.pool();
    let alice = convene::db::users::by_email(pool, "alice@uni-a.example").await.unwrap().unwrap();
    assert!(alice.password_hash.is_none(), "no password of its own");
    let roma = convene::db::institutions::by_slug(pool, "uniroma").await.unwrap().id;
    assert_eq!(convene::db::institutions::role_of(pool, roma, alice.id).await.unwrap().as_deref(), Some("member"));

    // Bob is staff: the rule makes him an admin; signing in again finds the same account.
    for _ in 0..2 {
        let mut b = app.browser();
        let authorize = leave(&mut b, id, "/").await;
        let back = OpBrowser::new(&op).sign_in(&authorize, "bob", "good").await;
        assert_eq!(b.get(back.strip_prefix(&app.base).unwrap()).await.status(), 303);
        assert!(b.page("/").await.contains("Bob Brandt"));
    }
    // He sees why.
    let mut bob_b = app.browser();
    bob_b.cookies.insert("convene_lang".into(), "en".into());
    let authorize = leave(&mut bob_b, id, "/").await;
    let back = OpBrowser::new(&op).sign_in(&authorize, "bob", "good").await;
    assert_eq!(bob_b.get(back.strip_prefix(&app.base).unwrap()).await.status(), 303);
    let account = bob_b.page("/account").await;
    assert!(
        account.contains("Your role comes from your institution&#x27;s sign-in rules: eduperson_scoped_affiliation staff@uni-a.example")
            || account.contains("Your role comes from your institution's sign-in rules: eduperson_scoped_affiliation staff@uni-a.example"),
        "{account}"
    );
    let bob = convene::db::users::by_email(pool, "bob@uni-a.example").await.unwrap().unwrap();
    assert_eq!(convene::db::institutions::role_of(pool, roma, bob.id).await.unwrap().as_deref(), Some("admin"));
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM users WHERE email = 'bob@uni-a.example'").fetch_one(pool).await.unwrap();
    assert_eq!(n, 1);

    // Dave's address is not verified: no account, and the page says why.
    let mut d = app.browser();
    d.cookies.insert("convene_lang".into(), "en".into());
    let authorize = leave(&mut d, id, "/").await;
    let back = OpBrowser::new(&op).sign_in(&authorize, "dave", "good").await;
    let res = d.get(back.strip_prefix(&app.base).unwrap()).await;
    let to = location(&res, &app.base);
    assert!(to.starts_with("/login?error=no_email&rid="), "{to}");
    assert!(d.page(&to).await.contains("did not send a verified e-mail address"));
    assert!(convene::db::users::by_email(pool, "dave@uni-a.example").await.unwrap().is_none());
}

/// An institution's own sign-in link, and finding one's institution on the sign-in page (without JavaScript).
async fn institutions_have_their_own_sign_in_link(app: TestApp) {
    let Some(op) = start_op(&format!("{}/auth/oidc/callback", app.base), &[]) else { return };
    let id = add_provider(&app, &op, "member").await;
    let mut b = app.browser();
    b.cookies.insert("convene_lang".into(), "en".into());
    let res = b.get("/login/uniroma?next=/rooms").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res, &app.base), format!("/login/oidc/{id}?next=%2Frooms"));
    let res = b.get("/login/nowhere?next=https://evil.example/").await;
    assert_eq!(location(&res, &app.base), "/login?q=nowhere&next=%2F", "unknown: the page says so; never away");
    let page = b.page("/login?q=nowhere").await;
    assert!(page.contains("No institution matches “nowhere”"), "{page}");
    assert!(!page.contains(&format!("/login/oidc/{id}?")));
    let page = b.page("/login?q=ROMA").await;
    assert!(page.contains(&format!("/login/oidc/{id}?")), "found by its institution's name");
    let page = b.page("/login?q=%3Cscript%3E").await;
    assert!(!page.contains("“<script>”") && page.contains("&lt;script&gt;"), "the query is text");
}

/// An institution's admins edit its rules on a page; the next sign-in follows them. Members cannot; another
/// institution's admins do not even see the page.
async fn admins_edit_the_rules_people_sign_in_by(app: TestApp) {
    let Some(op) = start_op(&format!("{}/auth/oidc/callback", app.base), &[]) else { return };
    let id = add_provider(&app, &op, "guest").await;
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    admin.cookies.insert("convene_lang".into(), "en".into());
    let page = admin.page("/institutions/uniroma/sign-in").await;
    assert!(page.contains("Uni A login") && page.contains("default: Guest"), "{page}");
    assert!(page.contains(&format!("{}/login/uniroma", app.base)), "the institution's own link");
    assert!(page.contains("No rules"), "empty state");

    // A refused rule changes nothing; a good one is listed.
    let bad = [
        ("slug", "uniroma"),
        ("rule[claim]", "eduperson_scoped_affiliation"),
        ("rule[pattern]", ""),
        ("rule[role]", "admin"),
    ];
    assert_eq!(admin.call("add_sign_in_rule", &bad).await.status(), 422);
    let bad_role = [("slug", "uniroma"), ("rule[claim]", "x"), ("rule[pattern]", "y"), ("rule[role]", "root")];
    assert_eq!(admin.call("add_sign_in_rule", &bad_role).await.status(), 422);
    let good = [
        ("slug", "uniroma"),
        ("rule[claim]", "eduperson_scoped_affiliation"),
        ("rule[pattern]", "student@*"),
        ("rule[role]", "member"),
    ];
    assert_eq!(admin.call("add_sign_in_rule", &good).await.status(), 200);
    let page = admin.page("/institutions/uniroma/sign-in").await;
    assert!(page.contains("eduperson_scoped_affiliation = student@* → Member"), "{page}");

    // Alice is a student: member, by the rule (the default would make her a guest).
    let mut b = app.browser();
    let authorize = leave(&mut b, id, "/").await;
    let back = OpBrowser::new(&op).sign_in(&authorize, "alice", "good").await;
    assert_eq!(b.get(back.strip_prefix(&app.base).unwrap()).await.status(), 303);
    let pool = app.state.db.pool();
    let alice = convene::db::users::by_email(pool, "alice@uni-a.example").await.unwrap().unwrap();
    let roma = convene::db::institutions::by_slug(pool, "uniroma").await.unwrap().id;
    assert_eq!(convene::db::institutions::role_of(pool, roma, alice.id).await.unwrap().as_deref(), Some("member"));

    // Members may not edit; others' admins do not see it; the rule is removed and the next sign-in follows.
    let mut marco = app.signed_in("marco@uniroma.test").await;
    assert_eq!(marco.call("add_sign_in_rule", &good).await.status(), 403);
    let mut usp = app.signed_in("admin@usp.test").await;
    assert_eq!(usp.call("sign_in_rules", &[("slug", "uniroma")]).await.status(), 404);
    let rules = convene::db::providers::rule_rows(pool, roma).await.unwrap();
    let rid = rules[0].id.to_string();
    assert_eq!(usp.call("remove_sign_in_rule", &[("slug", "usp"), ("id", &rid)]).await.status(), 404, "not theirs");
    assert_eq!(admin.call("remove_sign_in_rule", &[("slug", "uniroma"), ("id", &rid)]).await.status(), 200);
    let mut b = app.browser();
    let authorize = leave(&mut b, id, "/").await;
    let back = OpBrowser::new(&op).sign_in(&authorize, "alice", "good").await;
    assert_eq!(b.get(back.strip_prefix(&app.base).unwrap()).await.status(), 303);
    assert_eq!(convene::db::institutions::role_of(pool, roma, alice.id).await.unwrap().as_deref(), Some("guest"));
    b.cookies.insert("convene_lang".into(), "en".into());
    assert!(b.page("/account").await.contains("Your role is the default of Uni A login"));
    // An admin sets her role by hand: the page says so (until her next sign-in applies the rules again).
    let alice_id = alice.id.to_string();
    let set = [("slug", "uniroma"), ("user_id", alice_id.as_str()), ("role", "member")];
    assert_eq!(admin.call("set_member_role", &set).await.status(), 200);
    assert!(b.page("/account").await.contains("Set by an administrator."));
}

/// A rule gives rights beyond the role: a student made a guest may still book and have a personal room, staff
/// made members may not book or record. The rights are shown with the rule and on the person's account, enforced
/// by the server, and gone when an admin sets the role by hand.
async fn rules_give_rights_beyond_the_role(app: TestApp) {
    use crate::booking::{form, rome_date, room_id};
    let Some(op) = start_op(&format!("{}/auth/oidc/callback", app.base), &[]) else { return };
    let id = add_provider(&app, &op, "guest").await;
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    admin.cookies.insert("convene_lang".into(), "en".into());
    let rule = |pattern: &'static str,
                role: &'static str,
                book: &'static str,
                record: &'static str,
                personal: &'static str| {
        vec![
            ("slug", "uniroma"),
            ("rule[claim]", "eduperson_scoped_affiliation"),
            ("rule[pattern]", pattern),
            ("rule[role]", role),
            ("rule[book]", book),
            ("rule[record]", record),
            ("rule[personal_room]", personal),
        ]
    };
    assert_eq!(admin.call("add_sign_in_rule", &rule("x@*", "member", "maybe", "", "")).await.status(), 422);
    let roma = convene::db::institutions::by_slug(app.state.db.pool(), "uniroma").await.unwrap().id;
    assert!(convene::db::providers::rule_rows(app.state.db.pool(), roma).await.unwrap().is_empty(), "nothing kept");
    assert_eq!(admin.call("add_sign_in_rule", &rule("student@*", "guest", "yes", "", "yes")).await.status(), 200);
    assert_eq!(admin.call("add_sign_in_rule", &rule("staff@*", "member", "no", "no", "")).await.status(), 200);
    let page = admin.page("/institutions/uniroma/sign-in").await;
    assert!(
        page.contains("student@* → Guest (may book rooms · may have a personal room)")
            && page.contains("staff@* → Member (may not book rooms · may not record)"),
        "{page}"
    );

    let sign_in = |user: &'static str| {
        let (app, op) = (&app, &op);
        async move {
            let mut b = app.browser();
            let authorize = leave(&mut b, id, "/").await;
            let back = OpBrowser::new(op).sign_in(&authorize, user, "good").await;
            assert_eq!(b.get(back.strip_prefix(&app.base).unwrap()).await.status(), 303);
            b.cookies.insert("convene_lang".into(), "en".into());
            b
        }
    };
    let room = room_id(&app, "Sala Seminari").await.to_string();
    let date = rome_date(&app, 3);
    // Alice, a student: a guest who may book (guests may not, by the policy) and have a personal room.
    let mut alice = sign_in("alice").await;
    assert_eq!(alice.call("book", &form(&room, "Tutorato", &date, "09:00", "10:00")).await.status(), 200);
    let mine = [
        ("room[name]", "Stanza di Alice"),
        ("room[capacity]", "10"),
        ("room[personal]", "on"),
        ("room[record_allowed]", "on"),
    ];
    let made: serde_json::Value = alice.call("create_room", &mine).await.json().await.unwrap();
    assert_eq!(made["record_allowed"], false, "recording stays as the role allows (guests may not)");
    let account = alice.page("/account").await;
    assert!(account.contains("The rule also says: may book rooms · may have a personal room."), "{account}");
    // Bob, staff: a member who may not book (members may) nor record.
    let mut bob = sign_in("bob").await;
    assert_eq!(bob.call("book", &form(&room, "Riunione", &date, "11:00", "12:00")).await.status(), 403);
    let his = [
        ("room[name]", "Stanza di Bob"),
        ("room[capacity]", "10"),
        ("room[personal]", "on"),
        ("room[record_allowed]", "on"),
    ];
    let made: serde_json::Value = bob.call("create_room", &his).await.json().await.unwrap();
    assert_eq!(made["record_allowed"], false, "members may record, but the rule says he may not");
    // Set by hand: the role's own rights again.
    let alice_id = convene::db::users::by_email(app.state.db.pool(), "alice@uni-a.example").await.unwrap().unwrap().id;
    let set = [("slug", "uniroma"), ("user_id", &*alice_id.to_string()), ("role", "guest")];
    assert_eq!(admin.call("set_member_role", &set).await.status(), 200);
    assert_eq!(alice.call("book", &form(&room, "Ancora", &date, "13:00", "14:00")).await.status(), 403);
    assert!(!alice.page("/account").await.contains("The rule also says"));
}

/// One federation-wide proxy issuer for many institutions: each person goes to the institution whose home
/// organization domain their `schac_home_organization` names, with that institution's rules; someone from no member
/// institution is at most a guest of the proxy's own institution, whatever its rules say. Two institutions cannot
/// claim one domain.
async fn a_proxy_issuer_sends_people_to_their_institution(app: TestApp) {
    let Some(op) = start_op(&format!("{}/auth/oidc/callback", app.base), &[]) else { return };
    let pool = app.state.db.pool();
    let mut operator = app.signed_in(OPERATOR).await;
    let institution = |name: &'static str, slug: &'static str, domains: &'static str| {
        vec![
            ("input[name]", name),
            ("input[slug]", slug),
            ("input[timezone]", "Europe/Rome"),
            ("input[region]", "eu-south"),
            ("input[latitude]", "45.46"),
            ("input[longitude]", "9.19"),
            ("input[default_language]", "it"),
            ("input[brand_color]", "#224488"),
            ("input[home_domains]", domains),
        ]
    };
    let res =
        operator.call("create_institution", &institution("Università A", "unia", "Uni-A.example, uni-a.test")).await;
    assert_eq!(res.status(), 200);
    let made: serde_json::Value = res.json().await.unwrap();
    assert_eq!(made["home_domains"], serde_json::json!(["uni-a.example", "uni-a.test"]));
    let res = operator.call("create_institution", &institution("Altra", "altra", "uni-a.example")).await;
    assert_eq!(res.status(), 422, "a domain belongs to one institution");
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Invalid"]["field"], "home_domains");
    assert!(convene::db::institutions::by_slug(pool, "altra").await.is_err(), "nothing kept");
    assert_eq!(operator.call("create_institution", &institution("Altra", "altra", "not a domain")).await.status(), 422);
    let unia = made["id"].as_i64().unwrap();

    let input = convene::auth::providers::OidcInput {
        institution: "usp".into(),
        issuer: op.get("IDP_OIDC_ISSUER").into(),
        display_name: "Federation proxy".into(),
        client_id: op.get("IDP_OIDC_CLIENT_ID").into(),
        client_secret: op.get("IDP_OIDC_CLIENT_SECRET").into(),
        ca_pem: Some(std::fs::read_to_string(op.get("IDP_OIDC_CA")).unwrap()),
        scopes: "openid email profile eduperson schac".into(),
        default_role: "member".into(),
        home_claim: Some("schac_home_organization".into()),
    };
    let id = convene::auth::providers::add_oidc(&app.state.db, &app.state.oidc, app.clock.unix(), input).await.unwrap();
    let now = app.clock.unix();
    convene::auth::providers::add_rule(&app.state.db, now, "unia", "eduperson_scoped_affiliation", "staff@*", "admin")
        .await
        .unwrap();
    convene::auth::providers::add_rule(&app.state.db, now, "usp", "eduperson_scoped_affiliation", "faculty@*", "admin")
        .await
        .unwrap();
    operator.cookies.insert("convene_lang".into(), "en".into());
    let page = operator.page("/admin/identity").await;
    assert!(
        page.contains("Federation-wide: each person’s institution comes from schac_home_organization")
            || page.contains("Federation-wide: each person&#x27;s institution comes from schac_home_organization")
            || page.contains("Federation-wide: each person's institution comes from schac_home_organization"),
        "{page}"
    );

    // Uni A has no provider of its own: its sign-in link leads to the proxy.
    let res = app.browser().get("/login/unia?next=/rooms").await;
    assert_eq!(location(&res, &app.base), format!("/login/oidc/{id}?next=%2Frooms"));
    let role = |user| proxy_sign_in(&app, &op, id, unia, user);
    assert_eq!(role("bob").await, (Some("admin".into()), None), "staff of Uni A: Uni A's rule");
    assert_eq!(role("alice").await, (Some("member".into()), None), "the proxy's default, in Uni A");
    assert_eq!(role("carol").await, (None, Some("guest".into())), "from no member institution: a guest at most");
}

/// Signs `user` in through the proxy: their roles in Uni A (`unia`) and in USP afterwards.
async fn proxy_sign_in(app: &TestApp, op: &Op, id: i64, unia: i64, user: &str) -> (Option<String>, Option<String>) {
    let pool = app.state.db.pool();
    let mut b = app.browser();
    let authorize = leave(&mut b, id, "/").await;
    let back = OpBrowser::new(op).sign_in(&authorize, user, "good").await;
    assert_eq!(b.get(back.strip_prefix(&app.base).unwrap()).await.status(), 303, "{user}");
    let domain = if user == "carol" { "uni-b.example" } else { "uni-a.example" };
    let u = convene::db::users::by_email(pool, &format!("{user}@{domain}")).await.unwrap().unwrap();
    let usp = convene::db::institutions::by_slug(pool, "usp").await.unwrap().id;
    (
        convene::db::institutions::role_of(pool, unia, u.id).await.unwrap(),
        convene::db::institutions::role_of(pool, usp, u.id).await.unwrap(),
    )
}

/// Operators add a provider on a page (checked first: an untrusted certificate is named), see it, switch it off;
/// nobody else can.
async fn operators_manage_providers_on_a_page(app: TestApp) {
    let Some(op) = start_op(&format!("{}/auth/oidc/callback", app.base), &[]) else { return };
    let ca = std::fs::read_to_string(op.get("IDP_OIDC_CA")).unwrap();
    let form = |ca: &str| {
        vec![
            ("provider[institution]".to_owned(), "uniroma".to_owned()),
            ("provider[issuer]".to_owned(), op.get("IDP_OIDC_ISSUER").to_owned()),
            ("provider[name]".to_owned(), "Roma SSO".to_owned()),
            ("provider[client_id]".to_owned(), op.get("IDP_OIDC_CLIENT_ID").to_owned()),
            ("provider[client_secret]".to_owned(), op.get("IDP_OIDC_CLIENT_SECRET").to_owned()),
            ("provider[ca_pem]".to_owned(), ca.to_owned()),
            ("provider[scopes]".to_owned(), "openid email profile eduperson".to_owned()),
            ("provider[default_role]".to_owned(), "member".to_owned()),
        ]
    };
    let refs = |f: &[(String, String)]| f.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>();
    let mut opb = app.signed_in(OPERATOR).await;
    opb.cookies.insert("convene_lang".into(), "en".into());
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    let good = refs(&form(&ca));
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(admin.call("add_oidc_provider", &good).await.status(), 403, "operators only");
    assert_eq!(admin.call("identity_providers", &[]).await.status(), 403);
    let untrusted = refs(&form(""));
    let untrusted: Vec<(&str, &str)> = untrusted.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = opb.call("add_oidc_provider", &untrusted).await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Conflict"], "ProviderCertificate");
    assert!(convene::db::providers::list(app.state.db.pool()).await.unwrap().is_empty(), "nothing stored");
    let res = opb.call("add_oidc_provider", &good).await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.unwrap();
    let page = opb.page("/admin/identity").await;
    assert!(page.contains("Roma SSO") && page.contains(&format!("{}/login/oidc/{id}", app.base)), "{page}");
    assert!(page.contains(&format!("{}/auth/oidc/callback", app.base)), "the address to register");
    assert!(app.browser().page("/login").await.contains("Roma SSO"));

    let off = [("kind", "oidc".to_owned()), ("id", id.to_string()), ("enabled", "false".to_owned())];
    let off: Vec<(&str, &str)> = off.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(admin.call("set_provider_enabled", &off).await.status(), 403);
    assert_eq!(opb.call("set_provider_enabled", &off).await.status(), 200);
    assert!(!app.browser().page("/login").await.contains("Roma SSO"), "no longer offered");
    let mut b = app.browser();
    let res = b.get(&format!("/login/oidc/{id}")).await;
    assert!(location(&res, &app.base).starts_with("/login?error=federated_expired"), "and not usable");
}

/// Convene's SAML service-provider metadata: made once (two instances asking at once store one key), the same at
/// every request, and valid against the SAML metadata schema (the OASIS schemas as pysaml2 ships them, read by the
/// Python `xmlschema` library).
async fn service_provider_metadata_is_valid(app: TestApp) {
    let host = "127.0.0.1";
    let (a, b) = tokio::join!(
        convene::auth::saml::credentials(&app.state.db, app.clock.unix(), host),
        convene::auth::saml::credentials(&app.state.db, app.clock.unix(), host)
    );
    assert_eq!(a.unwrap().cert_pem, b.unwrap().cert_pem, "one key for every instance");
    let mut browser = app.browser();
    let res = browser.get("/saml/metadata").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/samlmetadata+xml");
    let xml = res.text().await.unwrap();
    assert!(xml.contains(&format!("entityID=\"{}/saml/metadata\"", app.base)), "{xml}");
    assert!(xml.contains(&format!("Location=\"{}/saml/acs\"", app.base)));
    assert_eq!(xml, browser.get("/saml/metadata").await.text().await.unwrap(), "stable");
    let python = root().join("end2end/idp/saml/.venv/bin/python");
    if !python.exists() {
        assert!(std::env::var_os("CI").is_none(), "the SAML test peer is not installed (scripts/idp install)");
        eprintln!("schema check skipped: scripts/idp install");
        return;
    }
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &xml).unwrap();
    let check = "import sys\nfrom saml2.xml.schema import validate\nvalidate(open(sys.argv[1]).read())\n";
    let out = Command::new(&python).args(["-c", check]).arg(file.path()).output().unwrap();
    assert!(out.status.success(), "not valid SAML metadata: {}", String::from_utf8_lossy(&out.stderr));
    // And the check would see a broken document.
    std::fs::write(file.path(), xml.replace("md:AssertionConsumerService", "md:AssertionConsumer")).unwrap();
    let out = Command::new(&python).args(["-c", check]).arg(file.path()).output().unwrap();
    assert!(!out.status.success(), "the schema check must refuse a broken document");
}

/// A sign-in left unfinished expires: its flow is refused after ten minutes and housekeeping forgets it.
async fn unfinished_sign_ins_expire(app: TestApp) {
    let Some(op) = start_op(&format!("{}/auth/oidc/callback", app.base), &[]) else { return };
    let id = add_provider(&app, &op, "member").await;
    let mut b = app.browser();
    let authorize = leave(&mut b, id, "/").await;
    let back = OpBrowser::new(&op).sign_in(&authorize, "alice", "good").await;
    let flows = || async {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM login_flows").fetch_one(app.state.db.pool()).await.unwrap();
        n
    };
    assert_eq!(flows().await, 1);
    app.clock.advance(convene::auth::oidc::FLOW_SECONDS + 1);
    let res = b.get(back.strip_prefix(&app.base).unwrap()).await;
    assert!(location(&res, &app.base).starts_with("/login?error=federated_expired"), "too late");
    let _ = leave(&mut app.browser(), id, "/").await;
    app.clock.advance(convene::auth::oidc::FLOW_SECONDS + 1);
    convene::workers::housekeeping::Housekeeping::new(app.state.clone()).tick().await;
    assert_eq!(flows().await, 0, "forgotten");
}

/// Every answer that must not sign anyone in: each mode of the provider makes one defect.
async fn bad_answers_sign_nobody_in(app: TestApp) {
    let Some(op) = start_op(&format!("{}/auth/oidc/callback", app.base), &[]) else { return };
    let id = add_provider(&app, &op, "member").await;
    for (mode, code) in [
        ("wrong-key", "federated_invalid"),
        ("alg-none", "federated_invalid"),
        ("hs256", "federated_invalid"),
        ("wrong-aud", "federated_invalid"),
        ("wrong-iss", "federated_invalid"),
        ("unknown-kid", "federated_invalid"),
        ("extra-aud", "federated_invalid"),
        ("nonce-mismatch", "federated_invalid"),
        ("no-nonce", "federated_invalid"),
        ("no-sub", "federated_invalid"),
        ("expired", "federated_invalid"),
        ("iat-future", "federated_invalid"),
        ("userinfo-sub", "federated_invalid"),
        ("iss-param-mismatch", "federated_invalid"),
        ("iss-param-missing", "federated_invalid"),
        ("state-mismatch", "federated_invalid"),
    ] {
        let mut b = app.browser();
        let authorize = leave(&mut b, id, "/").await;
        let back = OpBrowser::new(&op).sign_in(&authorize, "carol", mode).await;
        let res = b.get(back.strip_prefix(&app.base).unwrap_or(&back)).await;
        let to = location(&res, &app.base);
        assert!(to.starts_with(&format!("/login?error={code}")), "{mode}: {to}");
        assert!(!b.page("/").await.contains("Carol Castro"), "{mode}: not signed in");
    }
    assert!(convene::db::users::by_email(app.state.db.pool(), "carol@uni-b.example").await.unwrap().is_none());

    // A good answer, but replayed (the flow is used once), or without this browser's flow cookie.
    let mut b = app.browser();
    let authorize = leave(&mut b, id, "/").await;
    let back = OpBrowser::new(&op).sign_in(&authorize, "alice", "good").await;
    let callback = back.strip_prefix(&app.base).unwrap().to_owned();
    let flow_cookie = b.cookies["convene_flow"].clone();
    // A link with another state does not end this browser's sign-in in progress.
    let forged = format!("/auth/oidc/callback?code=x&state=forged&iss={}", op.get("IDP_OIDC_ISSUER"));
    let res = b.get(&forged).await;
    assert!(location(&res, &app.base).starts_with("/login?error=federated_invalid"), "forged state");
    b.cookies.insert("convene_flow".into(), flow_cookie.clone());
    let mut thief = app.browser();
    let res = thief.get(&callback).await;
    assert!(location(&res, &app.base).starts_with("/login?error=federated_expired"), "another browser");
    let res = b.get(&callback).await;
    assert_eq!(location(&res, &app.base), "/", "the owner of the flow signs in");
    let mut again = b.clone();
    again.cookies.insert("convene_flow".into(), flow_cookie);
    let res = again.get(&callback).await;
    assert!(location(&res, &app.base).starts_with("/login?error=federated_expired"), "used once");
}

/// An operator's mistakes are refused before anything is stored.
async fn providers_are_checked_before_they_are_added(app: TestApp) {
    let Some(op) = start_op(&format!("{}/auth/oidc/callback", app.base), &[]) else { return };
    let base = convene::auth::providers::OidcInput {
        institution: "uniroma".into(),
        issuer: op.get("IDP_OIDC_ISSUER").into(),
        display_name: "Uni A".into(),
        client_id: "convene".into(),
        client_secret: "a-long-enough-secret".into(),
        ca_pem: Some(std::fs::read_to_string(op.get("IDP_OIDC_CA")).unwrap()),
        scopes: "openid email".into(),
        default_role: "member".into(),
        home_claim: None,
    };
    let add = |f: fn(&mut convene::auth::providers::OidcInput)| {
        let mut input = convene::auth::providers::OidcInput { ..clone_input(&base) };
        f(&mut input);
        let (db, oidc, now) = (app.state.db.clone(), app.state.oidc.clone(), app.clock.unix());
        async move { convene::auth::providers::add_oidc(&db, &oidc, now, input).await }
    };
    use convene::auth::providers::ProviderError as E;
    let untrusted = add(|i| i.ca_pem = None).await;
    assert!(matches!(&untrusted, Err(E::Unreachable(m)) if m.contains("certificate")), "untrusted CA: {untrusted:?}");
    assert!(matches!(add(|i| i.issuer = i.issuer.replace("https://", "http://")).await, Err(E::Invalid { .. })));
    assert!(matches!(add(|i| i.issuer.push_str("/elsewhere")).await, Err(E::Unreachable(_))), "not its issuer");
    assert!(matches!(add(|i| i.scopes = "email".into()).await, Err(E::Invalid { .. })));
    assert!(matches!(add(|i| i.default_role = "root".into()).await, Err(E::Invalid { .. })));
    assert!(matches!(add(|i| i.institution = "nowhere".into()).await, Err(E::NoInstitution(_))));
    assert!(matches!(add(|i| i.home_claim = Some("home claim\n".into())).await, Err(E::Invalid { .. })));
    assert!(convene::db::providers::list(app.state.db.pool()).await.unwrap().is_empty(), "nothing stored");
    add(|_| {}).await.unwrap();
    assert!(matches!(add(|_| {}).await, Err(E::Exists)));
}

fn clone_input(i: &convene::auth::providers::OidcInput) -> convene::auth::providers::OidcInput {
    convene::auth::providers::OidcInput {
        institution: i.institution.clone(),
        issuer: i.issuer.clone(),
        display_name: i.display_name.clone(),
        client_id: i.client_id.clone(),
        client_secret: i.client_secret.clone(),
        ca_pem: i.ca_pem.clone(),
        scopes: i.scopes.clone(),
        default_role: i.default_role.clone(),
        home_claim: i.home_claim.clone(),
    }
}

/// An institution can let its members in only through its identity providers: their passwords stop working (an
/// operator's does not; nor the password of someone who also belongs to an institution that allows them). It cannot
/// be switched on without a provider, and only its admins switch it.
async fn institutions_can_turn_off_password_sign_in(app: TestApp) {
    let pool = app.state.db.pool();
    let roma = convene::db::institutions::by_slug(pool, "uniroma").await.unwrap().id;
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    admin.cookies.insert("convene_lang".into(), "en".into());
    let page = admin.page("/institutions/uniroma/sign-in").await;
    assert!(page.contains("Sign-in methods") && page.contains(r#"value="password" checked"#), "{page}");
    // No provider yet: refused, with why, and nothing changed.
    let off = [("slug", "uniroma"), ("methods", "providers")];
    let res = admin.call("set_sign_in_methods", &off).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("NoSignInProvider"));
    assert!(convene::db::institutions::password_sign_in(pool, roma).await.unwrap());
    assert_eq!(admin.call("set_sign_in_methods", &[("slug", "uniroma"), ("methods", "x")]).await.status(), 422);
    // A provider, switched off, is not enough either.
    sqlx::query(
        "INSERT INTO identity_providers (institution_id, kind, issuer, display_name, client_id, client_secret, \
         enabled, created_at) VALUES ($1, 'oidc', 'https://login.uniroma.test', 'Roma login', 'convene', 's', 0, 1)",
    )
    .bind(roma)
    .execute(pool)
    .await
    .unwrap();
    assert_eq!(admin.call("set_sign_in_methods", &off).await.status(), 422);
    sqlx::query("UPDATE identity_providers SET enabled = 1 WHERE institution_id = $1")
        .bind(roma)
        .execute(pool)
        .await
        .unwrap();
    // Members may not switch it; another institution's admin does not see it.
    assert_eq!(app.signed_in(ROMA_MEMBER).await.call("set_sign_in_methods", &off).await.status(), 403);
    let usp_off = [("slug", "uniroma"), ("methods", "providers")];
    assert_eq!(app.signed_in(USP_ADMIN).await.call("set_sign_in_methods", &usp_off).await.status(), 404);
    assert!(convene::db::institutions::password_sign_in(pool, roma).await.unwrap());
    // The admin switches it off: marco's password no longer signs him in, and the page says what to do.
    assert_eq!(admin.call("set_sign_in_methods", &off).await.status(), 200);
    assert!(admin.page("/institutions/uniroma/sign-in").await.contains(r#"value="providers" checked"#));
    let mut b = app.browser();
    let res = b.login(ROMA_MEMBER, PASSWORD).await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/login?error=use_institution"), "{to}");
    assert!(!b.is_signed_in().await);
    b.cookies.insert("convene_lang".into(), "en".into());
    assert!(b.page(&to).await.contains("signs its people in through its own login"));
    // A wrong password still says only "invalid" (nothing about the institution without the password).
    let res = app.browser().login(ROMA_MEMBER, "wrong-password-123").await;
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/login?error=invalid"));
    // The operator keeps theirs; so does someone who also belongs to an institution that allows passwords.
    app.signed_in(OPERATOR).await;
    let usp = convene::db::institutions::by_slug(pool, "usp").await.unwrap().id;
    let marco = convene::db::users::by_email(pool, ROMA_MEMBER).await.unwrap().unwrap();
    sqlx::query("INSERT INTO memberships (institution_id, user_id, role, created_at) VALUES ($1, $2, 'guest', 1)")
        .bind(usp)
        .bind(marco.id)
        .execute(pool)
        .await
        .unwrap();
    app.signed_in(ROMA_MEMBER).await;
    sqlx::query("DELETE FROM memberships WHERE institution_id = $1 AND user_id = $2")
        .bind(usp)
        .bind(marco.id)
        .execute(pool)
        .await
        .unwrap();
    // Switched on again: the password works again.
    assert_eq!(admin.call("set_sign_in_methods", &[("slug", "uniroma"), ("methods", "password")]).await.status(), 200);
    app.signed_in(ROMA_MEMBER).await;
}

/// An admin tests the provider with a test account: the page then shows what the provider sent and the role the
/// rules give; nobody is signed in or out and no account is made. Members, other institutions' admins and people
/// not signed in cannot start one; a test begun by one browser cannot be finished by another.
async fn admins_test_a_provider_without_signing_anyone_in(app: TestApp) {
    let Some(op) = start_op(&format!("{}/auth/oidc/callback", app.base), &[]) else { return };
    let id = add_provider(&app, &op, "guest").await;
    let pool = app.state.db.pool();
    let now = app.clock.unix();
    convene::auth::providers::add_rule(
        &app.state.db,
        now,
        "uniroma",
        "eduperson_scoped_affiliation",
        "student@*",
        "member",
    )
    .await
    .unwrap();
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    admin.cookies.insert("convene_lang".into(), "en".into());
    let page = admin.page("/institutions/uniroma/sign-in").await;
    assert!(page.contains(&format!("/login/oidc/{id}?test=1")) && !page.contains("Last test sign-in"), "{page}");
    let users_before: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(pool).await.unwrap();

    let res = admin.get(&format!("/login/oidc/{id}?test=1")).await;
    assert_eq!(res.status(), 303);
    let authorize = res.headers()["location"].to_str().unwrap().to_owned();
    let back = OpBrowser::new(&op).sign_in(&authorize, "alice", "good").await;
    let res = admin.get(back.strip_prefix(&app.base).unwrap()).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res, &app.base), "/institutions/uniroma/sign-in#last-test");
    // Nothing made, nobody signed in as alice: the admin is still the admin.
    let users_after: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(pool).await.unwrap();
    assert_eq!(users_before, users_after);
    assert!(convene::db::users::by_email(pool, "alice@uni-a.example").await.unwrap().is_none());
    let account = admin.call("get_account", &[]).await.text().await.unwrap();
    assert!(account.contains(ROMA_ADMIN), "{account}");
    let page = admin.page("/institutions/uniroma/sign-in").await;
    assert!(page.contains("Last test sign-in through Uni A login"), "{page}");
    assert!(page.contains("Role: Member, from the rule eduperson_scoped_affiliation = student@"), "{page}");
    assert!(page.contains("eduperson_scoped_affiliation") && page.contains("alice@uni-a.example"), "{page}");
    assert!(page.contains("no Convene account yet"), "{page}");
    // Only that admin sees it.
    let mut op_user = app.signed_in(OPERATOR).await;
    op_user.cookies.insert("convene_lang".into(), "en".into());
    assert!(!op_user.page("/institutions/uniroma/sign-in").await.contains("Last test sign-in"));

    // Who may not test: a member, another institution's admin (forbidden), someone not signed in (to sign in).
    assert_eq!(app.signed_in(ROMA_MEMBER).await.get(&format!("/login/oidc/{id}?test=1")).await.status(), 403);
    assert_eq!(app.signed_in(USP_ADMIN).await.get(&format!("/login/oidc/{id}?test=1")).await.status(), 403);
    let res = app.browser().get(&format!("/login/oidc/{id}?test=1")).await;
    assert_eq!((res.status().as_u16(), location(&res, &app.base).as_str()), (303, "/login"));
    // A test begun by the admin and finished in another browser (with the flow cookie stolen) does nothing.
    let res = admin.get(&format!("/login/oidc/{id}?test=1")).await;
    let authorize = res.headers()["location"].to_str().unwrap().to_owned();
    let back = OpBrowser::new(&op).sign_in(&authorize, "bob", "good").await;
    let mut thief = app.signed_in(ROMA_MEMBER).await;
    thief.cookies.insert("convene_flow".into(), admin.cookies["convene_flow"].clone());
    let res = thief.get(back.strip_prefix(&app.base).unwrap()).await;
    assert!(location(&res, &app.base).starts_with("/login?error="), "{}", location(&res, &app.base));
    assert!(!admin.page("/institutions/uniroma/sign-in").await.contains("bob"));
}

/// Signing out after a sign-in through a provider that offers it signs out there too (RP-Initiated Logout): the
/// sign-out form goes on to the provider's end-session address (the page's CSP lets it), with the ID token as
/// hint, our client id and our front page to come back to; the provider asks, signs out, and sends the browser back.
async fn signing_out_also_signs_out_of_the_provider(app: TestApp) {
    let Some(op) = start_op(&format!("{}/auth/oidc/callback", app.base), &[]) else { return };
    let id = add_provider(&app, &op, "member").await;
    let mut b = app.browser();
    let authorize = leave(&mut b, id, "/").await;
    let mut at_op = OpBrowser::new(&op);
    let back = at_op.sign_in(&authorize, "alice", "good").await;
    assert_eq!(b.get(back.strip_prefix(&app.base).unwrap()).await.status(), 303);
    assert!(b.is_signed_in().await);
    let issuer = reqwest::Url::parse(op.get("IDP_OIDC_ISSUER")).unwrap();
    let res = b.get("/").await;
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let form_action = csp.split(';').find(|d| d.trim().starts_with("form-action")).unwrap().to_owned();
    assert!(form_action.contains(&issuer.origin().ascii_serialization()), "{csp}");

    let res = b.post_form("/auth/logout", &[]).await;
    assert_eq!(res.status(), 303);
    assert!(!b.is_signed_in().await, "signed out of Convene at once");
    let to = reqwest::Url::parse(res.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(to.origin(), issuer.origin(), "{to}");
    let q: HashMap<String, String> = to.query_pairs().into_owned().collect();
    assert_eq!(q["client_id"], op.get("IDP_OIDC_CLIENT_ID"));
    assert_eq!(q["post_logout_redirect_uri"], format!("{}/", app.base));
    assert_eq!(q["id_token_hint"].split('.').count(), 3, "the ID token as hint");
    // The provider asks (it accepted the hint: a bad one is an error page), signs out, sends the browser back.
    let page = at_op.send(at_op.client.get(to.clone())).await.text().await.unwrap();
    let action = page.split("method=\"post\" action=\"").nth(1).unwrap_or_else(|| panic!("{page}"));
    let action = to.join(action.split('"').next().unwrap()).unwrap();
    let xsrf = page.split("name=\"xsrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let res = at_op.send(at_op.client.post(action).form(&[("xsrf", xsrf.as_str()), ("logout", "yes")])).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"].to_str().unwrap(), format!("{}/", app.base));

    // Signed in with a password, the sign-out stays here.
    let mut local = app.signed_in(ROMA_MEMBER).await;
    let res = local.post_form("/auth/logout", &[]).await;
    assert_eq!(location(&res, &app.base), "/");
}

both_backends!(
    a_proxy_issuer_sends_people_to_their_institution,
    rules_give_rights_beyond_the_role,
    signing_out_also_signs_out_of_the_provider,
    admins_test_a_provider_without_signing_anyone_in,
    institutions_can_turn_off_password_sign_in,
    people_sign_in_through_their_institution,
    institutions_have_their_own_sign_in_link,
    admins_edit_the_rules_people_sign_in_by,
    operators_manage_providers_on_a_page,
    service_provider_metadata_is_valid,
    unfinished_sign_ins_expire,
    bad_answers_sign_nobody_in,
    providers_are_checked_before_they_are_added,
);

fn few_attempts(c: &mut convene::config::Config) {
    c.login.address_burst = 3;
    c.login.address_refill_seconds = 3600;
}

/// Starting sign-ins through a provider (each stores a flow and may call the provider) is limited per address.
async fn starting_sign_ins_is_rate_limited(app: TestApp) {
    let Some(op) = start_op(&format!("{}/auth/oidc/callback", app.base), &[]) else { return };
    let id = add_provider(&app, &op, "member").await;
    for _ in 0..3 {
        let _ = leave(&mut app.browser(), id, "/").await;
    }
    let res = app.browser().get(&format!("/login/oidc/{id}")).await;
    assert_eq!(location(&res, &app.base), "/login?error=rate_limited");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_flows").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(n, 3, "no flow stored past the limit");
}

both_backends!(tweak = super::few_attempts; starting_sign_ins_is_rate_limited);
