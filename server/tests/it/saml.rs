//! Signing in through an institution's SAML 2.0 IdP: a real one (PyPI `pysaml2` on Debian's `xmlsec1`, started by
//! `scripts/idp`) on loopback over https with its own CA, signing with rsa-sha256 and encrypting the assertion to
//! Convene's key. The IdP can also answer badly on purpose (its "modes"): each bad answer below signs nobody in,
//! and fails this test if the check that refuses it is removed.

use std::collections::HashMap;
use std::process::Command;

use convene::clock::Clock;

use crate::common::*;
use crate::federated::{location, root};

/// A running IdP; stopped when dropped.
struct Idp {
    env: HashMap<String, String>,
}

impl Idp {
    fn get(&self, k: &str) -> &str {
        &self.env[k]
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        if let Some(dir) = self.env.get("IDP_SAML_DIR") {
            let _ = Command::new(root().join("scripts/idp")).args(["stop", dir]).status();
        }
    }
}

/// Starts the IdP for the Convene at `base` (it reads Convene's metadata there); `None` (skipped) where it is not
/// installed, except under CI, where that is a failure.
fn start_idp(base: &str, extra: &[&str]) -> Option<Idp> {
    if !root().join("end2end/idp/saml/.venv/bin/python").exists() {
        assert!(std::env::var_os("CI").is_none(), "the SAML IdP is not installed (scripts/idp install)");
        eprintln!("skipped: the SAML IdP is not installed (scripts/idp install)");
        return None;
    }
    let out = Command::new(root().join("scripts/idp"))
        .args(["start-saml", "--sp-metadata", &format!("{base}/saml/metadata")])
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
    Some(Idp { env })
}

fn idp_client(idp: &Idp) -> reqwest::Client {
    let ca = std::fs::read(idp.get("IDP_SAML_CA")).unwrap();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .add_root_certificate(reqwest::Certificate::from_pem(&ca).unwrap())
        .build()
        .unwrap()
}

/// The value of the hidden input `name` in an HTML page.
fn hidden(page: &str, name: &str) -> Option<String> {
    let at = page.find(&format!("name=\"{name}\" value=\""))?;
    let rest = &page[at + name.len() + 15..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// What the IdP's page posts to Convene: the ACS address, SAMLResponse, RelayState.
struct Answer {
    acs: String,
    response: String,
    relay: String,
}

/// At the IdP: from the address Convene sent the browser to, through the IdP's sign-in form as `user` in `mode`,
/// to the form the IdP's page would post to Convene.
async fn at_the_idp(idp: &Idp, authn_request: &str, user: &str, mode: &str) -> Answer {
    let client = idp_client(idp);
    let res = client.get(authn_request).send().await.unwrap();
    let page = res.text().await.unwrap();
    let flow = hidden(&page, "flow").unwrap_or_else(|| panic!("the IdP's sign-in form: {page}"));
    let base = reqwest::Url::parse(authn_request).unwrap();
    let form = [("flow", flow.as_str()), ("username", user), ("password", &format!("{user}-pass")), ("mode", mode)];
    let page = client.post(base.join("/login").unwrap()).form(&form).send().await.unwrap().text().await.unwrap();
    let action =
        page.split("<form id=\"saml-post\" method=\"post\" action=\"").nth(1).unwrap_or_else(|| panic!("{page}"));
    Answer {
        acs: action.split('"').next().unwrap().replace("&amp;", "&"),
        response: hidden(&page, "SAMLResponse").unwrap(),
        relay: hidden(&page, "RelayState").unwrap_or_default(),
    }
}

/// The IdP's page posts the answer: cross-site, so the browser sends none of Convene's (Lax) cookies.
async fn post_answer(app: &TestApp, idp: &Idp, answer: &Answer) -> reqwest::Response {
    let origin = idp.get("IDP_SAML_METADATA_URL").trim_end_matches("/metadata").to_owned();
    assert_eq!(answer.acs, format!("{}/saml/acs", app.base), "the ACS of Convene's metadata");
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(&answer.acs)
        .header("origin", origin)
        .header("sec-fetch-site", "cross-site")
        .form(&[("SAMLResponse", answer.response.as_str()), ("RelayState", answer.relay.as_str())])
        .send()
        .await
        .unwrap()
}

async fn add_idp(app: &TestApp, idp: &Idp, default_role: &str) -> i64 {
    let input = convene::auth::providers::SamlInput {
        institution: "uniroma".into(),
        metadata: convene::auth::providers::MetadataSource::Url {
            url: idp.get("IDP_SAML_METADATA_URL").into(),
            ca_pem: Some(std::fs::read_to_string(idp.get("IDP_SAML_CA")).unwrap()),
        },
        display_name: "Uni A federation login".into(),
        default_role: default_role.into(),
    };
    convene::auth::providers::add_saml(&app.state.db, app.clock.unix(), input).await.unwrap()
}

/// Leaves Convene for the IdP: the flow cookie and the IdP's address (a signed AuthnRequest).
async fn leave(b: &mut Browser, idp: i64, next: &str) -> String {
    let res = b.get(&format!("/login/saml/{idp}?next={next}")).await;
    assert_eq!(res.status(), 303, "to the IdP");
    assert!(b.cookies.contains_key("convene_saml"), "a flow cookie");
    res.headers()["location"].to_str().unwrap().to_owned()
}

/// The whole way: leave, sign in at the IdP, the IdP's page posts the answer, the browser comes back. Returns
/// where the browser ends (a path).
async fn sign_in(app: &TestApp, idp: &Idp, b: &mut Browser, id: i64, user: &str, mode: &str) -> String {
    let authn = leave(b, id, "/rooms").await;
    let answer = at_the_idp(idp, &authn, user, mode).await;
    let res = post_answer(app, idp, &answer).await;
    assert_eq!(res.status(), 303);
    let to = location(&res, &app.base);
    if to != "/saml/done" {
        return to;
    }
    let res = b.get("/saml/done").await;
    assert_eq!(res.status(), 303);
    location(&res, &app.base)
}

async fn users(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(app.state.db.pool()).await.unwrap();
    n
}

/// A person signs in through the IdP: the AuthnRequest is signed, the (encrypted) answer verified, the account
/// made at the first sign-in with the role the rules give, a new session id, back where they were going.
async fn people_sign_in_through_a_saml_idp(app: TestApp) {
    let Some(idp) = start_idp(&app.base, &["--require-signed-requests"]) else { return };
    let id = add_idp(&app, &idp, "member").await;
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
    assert!(login.contains(&format!("/login/saml/{id}?next=")) && login.contains("Uni A federation login"), "{login}");
    assert_eq!(b.login("marco@uniroma.test", PASSWORD).await.status(), 303);
    let before = b.session_cookie().expect("a session");

    let authn = leave(&mut b, id, "/rooms").await;
    let q: HashMap<String, String> = reqwest::Url::parse(&authn).unwrap().query_pairs().into_owned().collect();
    assert!(q.contains_key("Signature") && q["SigAlg"].ends_with("rsa-sha256"), "a signed AuthnRequest: {authn}");
    assert!(q["RelayState"].len() >= 40 && !q["RelayState"].contains('/'), "RelayState is a random key, not a URL");
    let answer = at_the_idp(&idp, &authn, "alice", "good").await;
    let last = idp_client(&idp)
        .get(idp.get("IDP_SAML_METADATA_URL").replace("/metadata", "/_test/last-response"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(last.contains("EncryptedAssertion"), "the assertion came encrypted to Convene's key");
    let res = post_answer(&app, &idp, &answer).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res, &app.base), "/saml/done");
    assert!(res.headers().get("set-cookie").is_none(), "the cross-site POST makes no session");
    let res = b.get("/saml/done").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res, &app.base), "/rooms");
    assert!(b.session_cookie().is_some() && b.session_cookie() != Some(before.clone()), "a new session id");
    let mut old = app.browser();
    old.cookies.insert("convene_session".into(), before);
    assert!(!old.is_signed_in().await, "the session id from before is dead");
    assert!(!b.cookies.contains_key("convene_saml"), "the flow cookie is gone");
    assert!(b.page("/").await.contains("Welcome, Alice Anders"));
    assert_eq!(b.cookies.get("convene_idp").map(String::as_str), Some(format!("saml-{id}").as_str()));
    assert!(b.page("/login").await.contains("last time"), "the choice is remembered on this browser");
    // The same answer again: the flow is used.
    let res = post_answer(&app, &idp, &answer).await;
    assert!(location(&res, &app.base).starts_with("/login?error=federated_expired"));

    let pool = app.state.db.pool();
    let alice = convene::db::users::by_email(pool, "alice@uni-a.example").await.unwrap().unwrap();
    assert!(alice.password_hash.is_none());
    let roma = convene::db::institutions::by_slug(pool, "uniroma").await.unwrap().id;
    assert_eq!(convene::db::institutions::role_of(pool, roma, alice.id).await.unwrap().as_deref(), Some("member"));
    let entity = idp.get("IDP_SAML_ENTITY_ID");
    assert_eq!(
        convene::db::providers::identity_user(pool, &format!("saml:{entity}"), "alice@uni-a.example").await.unwrap(),
        Some(alice.id),
        "the identity is the ePPN, with the IdP's entity id"
    );

    // Bob is staff: the rule makes him an admin; a second sign-in (only the Response signed) finds him again.
    for mode in ["good", "response-signed-only"] {
        let mut b = app.browser();
        assert_eq!(sign_in(&app, &idp, &mut b, id, "bob", mode).await, "/rooms", "{mode}");
        assert!(b.page("/").await.contains("Bob Brandt"));
    }
    let bob = convene::db::users::by_email(pool, "bob@uni-a.example").await.unwrap().unwrap();
    assert_eq!(convene::db::institutions::role_of(pool, roma, bob.id).await.unwrap().as_deref(), Some("admin"));
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM users WHERE email = 'bob@uni-a.example'").fetch_one(pool).await.unwrap();
    assert_eq!(n, 1);

    // An institution's own link leads straight to its only provider.
    let res = app.browser().get("/login/uniroma?next=/rooms").await;
    assert_eq!(location(&res, &app.base), format!("/login/saml/{id}?next=%2Frooms"));
}

/// Every bad answer the IdP can make signs nobody in and says why on the sign-in page.
async fn bad_saml_answers_sign_nobody_in(app: TestApp) {
    // Encryption off for these: an unsigned or other-key answer must be refused for its signature, not for the
    // encryption (tested apart below).
    let Some(idp) = start_idp(&app.base, &["--encrypt", "never"]) else { return };
    let id = add_idp(&app, &idp, "member").await;
    let users_before = users(&app).await;
    for (mode, code) in [
        ("unsigned", "federated_invalid"),
        ("other-key", "federated_invalid"),
        ("sha1", "federated_invalid"),
        ("wrong-audience", "federated_invalid"),
        ("no-audience", "federated_invalid"),
        ("expired", "federated_invalid"),
        ("not-yet-valid", "federated_invalid"),
        ("wrong-inresponseto", "federated_invalid"),
        ("unsolicited", "federated_invalid"),
        ("wrong-destination", "federated_invalid"),
        ("wrong-recipient", "federated_invalid"),
        ("wrong-issuer", "federated_invalid"),
        ("two-assertions", "federated_invalid"),
        ("duplicate-id", "federated_invalid"),
        ("error-status", "federated_refused"),
        // The previous good answer (to another flow) sent again.
        ("replay", "federated_invalid"),
    ] {
        let mut b = app.browser();
        let to = sign_in(&app, &idp, &mut b, id, "alice", mode).await;
        assert!(to.starts_with(&format!("/login?error={code}&rid=")), "{mode}: {to}");
        assert!(!b.is_signed_in().await, "{mode}");
        assert_eq!(users(&app).await, users_before, "{mode}: nobody created");
        if mode == "unsigned" {
            // A good sign-in, so that `replay` has an answer to send again.
            let mut ok = app.browser();
            assert_eq!(sign_in(&app, &idp, &mut ok, id, "bob", "good").await, "/rooms");
            sqlx::query(
                "DELETE FROM memberships WHERE user_id = (SELECT id FROM users WHERE email = 'bob@uni-a.example')",
            )
            .execute(app.state.db.pool())
            .await
            .unwrap();
            sqlx::query("DELETE FROM identities WHERE subject = 'bob@uni-a.example'")
                .execute(app.state.db.pool())
                .await
                .unwrap();
            sqlx::query("DELETE FROM users WHERE email = 'bob@uni-a.example'")
                .execute(app.state.db.pool())
                .await
                .unwrap();
        }
    }
    // Carol's ePPN is of uni-b.example; this IdP speaks for uni-a.example only.
    let mut b = app.browser();
    b.cookies.insert("convene_lang".into(), "en".into());
    let to = sign_in(&app, &idp, &mut b, id, "carol", "good").await;
    assert!(to.starts_with("/login?error=out_of_scope&rid="), "{to}");
    assert!(b.page(&to).await.contains("outside its own domain"), "the page says why");
    assert_eq!(users(&app).await, users_before);

    // An answer posted by a browser that did not start the flow (login CSRF, or a stolen answer): the flow is
    // answered but only its own browser, with the flow cookie, is signed in by it.
    let mut victim = app.browser();
    let mut attacker = app.browser();
    let authn = leave(&mut attacker, id, "/").await;
    let answer = at_the_idp(&idp, &authn, "alice", "good").await;
    assert_eq!(location(&post_answer(&app, &idp, &answer).await, &app.base), "/saml/done");
    let res = victim.get("/saml/done").await;
    assert!(location(&res, &app.base).starts_with("/login?error=federated_expired"));
    assert!(!victim.is_signed_in().await, "not signed in as someone else");

    // Oversized: 413 before anything is decoded. A DOCTYPE: refused.
    let big = "A".repeat(400 * 1024);
    let res = reqwest::Client::new()
        .post(format!("{}/saml/acs", app.base))
        .form(&[("SAMLResponse", big.as_str()), ("RelayState", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let mut b = app.browser();
    let authn = leave(&mut b, id, "/").await;
    let relay =
        reqwest::Url::parse(&authn).unwrap().query_pairs().find(|(k, _)| k == "RelayState").unwrap().1.into_owned();
    use base64::Engine;
    let evil = base64::engine::general_purpose::STANDARD.encode(
        "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">&x;</samlp:Response>",
    );
    let answer = Answer { acs: format!("{}/saml/acs", app.base), response: evil, relay };
    let res = post_answer(&app, &idp, &answer).await;
    assert!(location(&res, &app.base).starts_with("/login?error=federated_invalid"));
}

/// An encrypted assertion whose only signature is inside it (samael does not check that one): refused, since the
/// Response around it is unsigned.
async fn an_encrypted_assertion_needs_a_signed_response(app: TestApp) {
    let Some(idp) = start_idp(&app.base, &["--encrypt", "always"]) else { return };
    let id = add_idp(&app, &idp, "member").await;
    let mut b = app.browser();
    let to = sign_in(&app, &idp, &mut b, id, "alice", "assertion-signed-only").await;
    assert!(to.starts_with("/login?error=federated_invalid"), "{to}");
    assert!(!b.is_signed_in().await);
    let mut b = app.browser();
    assert_eq!(sign_in(&app, &idp, &mut b, id, "alice", "good").await, "/rooms", "signed and encrypted: fine");
}

/// The replay cache, shared by every instance through the database: an assertion verified once is refused the
/// second time even if its flow were open again, and of 20 answers posted at once one signs in.
async fn an_assertion_is_used_once(app: TestApp) {
    let Some(idp) = start_idp(&app.base, &[]) else { return };
    let id = add_idp(&app, &idp, "member").await;
    let mut b = app.browser();
    let authn = leave(&mut b, id, "/").await;
    let answer = at_the_idp(&idp, &authn, "alice", "good").await;
    let posts = (0..20).map(|_| post_answer(&app, &idp, &answer));
    let done = futures::future::join_all(posts).await;
    let ok = done.iter().filter(|r| location(r, &app.base) == "/saml/done").count();
    assert_eq!(ok, 1, "one of twenty");
    // Open the flow again (as if the answer had not been recorded): the assertion's id is remembered.
    sqlx::query("UPDATE saml_flows SET person = NULL").execute(app.state.db.pool()).await.unwrap();
    let res = post_answer(&app, &idp, &answer).await;
    assert!(location(&res, &app.base).starts_with("/login?error=federated_invalid"), "used before");
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM saml_assertions").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(n, 1);
}

/// An IdP is checked before it is stored: its metadata must have a signing certificate and an https single sign-on
/// address, not be expired, and have no DOCTYPE; nothing is stored when it is refused.
async fn saml_idps_are_checked_before_they_are_added(app: TestApp) {
    let Some(idp) = start_idp(&app.base, &[]) else { return };
    let ca = std::fs::read_to_string(idp.get("IDP_SAML_CA")).unwrap();
    let xml = idp_client(&idp).get(idp.get("IDP_SAML_METADATA_URL")).send().await.unwrap().text().await.unwrap();
    use convene::auth::providers::{MetadataSource, ProviderError as E, SamlInput, add_saml};
    use convene::auth::saml::idp::MetadataError;
    let add = |metadata: MetadataSource, institution: &str| {
        let input = SamlInput {
            institution: institution.into(),
            metadata,
            display_name: String::new(),
            default_role: "member".into(),
        };
        let (db, now) = (app.state.db.clone(), app.clock.unix());
        async move { add_saml(&db, now, input).await }
    };
    // pysaml2 writes the metadata namespace as `ns0`.
    assert!(xml.contains("<ns0:KeyDescriptor"), "{xml}");
    let mut without_key = xml.clone();
    while let Some(s) = without_key.find("<ns0:KeyDescriptor") {
        let e = without_key[s..].find("</ns0:KeyDescriptor>").unwrap() + s + "</ns0:KeyDescriptor>".len();
        without_key.replace_range(s..e, "");
    }
    let r = add(MetadataSource::Xml(without_key), "uniroma").await;
    assert!(matches!(&r, Err(E::Metadata { error: MetadataError::NoSigningKey, .. })), "{r:?}");
    let untrusted =
        add(MetadataSource::Url { url: idp.get("IDP_SAML_METADATA_URL").into(), ca_pem: None }, "uniroma").await;
    assert!(matches!(&untrusted, Err(E::Unreachable(m)) if m.contains("certificate")), "{untrusted:?}");
    let http = add(
        MetadataSource::Url { url: idp.get("IDP_SAML_METADATA_URL").replace("https", "http"), ca_pem: None },
        "uniroma",
    )
    .await;
    assert!(matches!(http, Err(E::Invalid { field: "metadata_url", .. })));
    let doctype = format!(
        "<!DOCTYPE x [<!ENTITY e \"e\">]>{}",
        xml.trim_start_matches(|c| c != '<').replacen("<?xml", "<?xml-x", 1)
    );
    assert!(matches!(
        add(MetadataSource::Xml(doctype), "uniroma").await,
        Err(E::Metadata { error: MetadataError::Doctype, .. })
    ));
    assert!(matches!(add(MetadataSource::Xml(xml.clone()), "nowhere").await, Err(E::NoInstitution(_))));
    assert!(convene::db::saml::list(app.state.db.pool()).await.unwrap().is_empty(), "nothing stored");
    let good = MetadataSource::Url { url: idp.get("IDP_SAML_METADATA_URL").into(), ca_pem: Some(ca.clone()) };
    let id = add(good, "uniroma").await.unwrap();
    let row = convene::db::saml::by_id(app.state.db.pool(), id).await.unwrap();
    assert_eq!(row.entity_id, idp.get("IDP_SAML_ENTITY_ID"));
    assert_eq!(row.scopes, "uni-a.example", "its shibmd:Scope");
    assert!(matches!(add(MetadataSource::Xml(xml), "uniroma").await, Err(E::Exists)));
}

/// Operators add a SAML IdP on their page (by its metadata address and CA, or the metadata pasted), see it with
/// its metadata's expiry, switch it off; a refusal names the field and says why; nobody else can.
async fn operators_add_saml_idps_on_their_page(app: TestApp) {
    let Some(idp) = start_idp(&app.base, &[]) else { return };
    let ca = std::fs::read_to_string(idp.get("IDP_SAML_CA")).unwrap();
    let url = idp.get("IDP_SAML_METADATA_URL").to_owned();
    let xml = idp_client(&idp).get(&url).send().await.unwrap().text().await.unwrap();
    let mut opb = app.signed_in(OPERATOR).await;
    opb.cookies.insert("convene_lang".into(), "en".into());
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    let form = |url: &str, xml: &str, ca: &str| {
        vec![
            ("idp[institution]", "uniroma".to_owned()),
            ("idp[name]", String::new()),
            ("idp[metadata_url]", url.to_owned()),
            ("idp[metadata_xml]", xml.to_owned()),
            ("idp[ca_pem]", ca.to_owned()),
            ("idp[default_role]", "member".to_owned()),
        ]
    };
    let good = form(&url, "", &ca);
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(admin.call("add_saml_idp", &good).await.status(), 403, "operators only");

    // Pasted metadata without its signing key: refused, the field named, the reason said.
    let mut keyless = xml.clone();
    while let Some(s) = keyless.find("<ns0:KeyDescriptor") {
        let e = keyless[s..].find("</ns0:KeyDescriptor>").unwrap() + s + "</ns0:KeyDescriptor>".len();
        keyless.replace_range(s..e, "");
    }
    let bad = form("", &keyless, "");
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = opb.call("add_saml_idp", &bad).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Invalid"]["field"], "metadata_xml", "{body}");
    assert_eq!(body["Invalid"]["problem"]["Metadata"]["issue"], "NoSigningKey", "{body}");
    let none = form("", "", "");
    let none: Vec<(&str, &str)> = none.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(opb.call("add_saml_idp", &none).await.status(), 422, "neither address nor document");
    assert!(convene::db::saml::list(app.state.db.pool()).await.unwrap().is_empty(), "nothing stored");

    let res = opb.call("add_saml_idp", &good).await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.unwrap();
    let page = opb.page("/admin/identity").await;
    assert!(page.contains(&format!("{}/login/saml/{id}", app.base)), "{page}");
    assert!(page.contains("metadata valid until"), "the expiry shown");
    assert!(page.contains(&format!("{}/saml/metadata", app.base)), "Convene's metadata, to give the IdP");
    assert!(app.browser().page("/login").await.contains(&format!("/login/saml/{id}?next=")));
    let again = opb.call("add_saml_idp", &good).await;
    assert_eq!(again.status(), 422, "the same IdP twice");

    let off = [("kind", "saml".to_owned()), ("id", id.to_string()), ("enabled", "false".to_owned())];
    let off: Vec<(&str, &str)> = off.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(admin.call("set_provider_enabled", &off).await.status(), 403);
    assert_eq!(opb.call("set_provider_enabled", &off).await.status(), 200);
    assert!(!app.browser().page("/login").await.contains(&format!("/login/saml/{id}")), "no longer offered");
    let res = app.browser().get(&format!("/login/saml/{id}")).await;
    assert!(location(&res, &app.base).starts_with("/login?error=federated_expired"), "and not usable");
}

/// Metadata added by address is read again when due: a good read replaces the stored copy; a failed one keeps the
/// last good copy in use, tells operators why, and tries again later.
async fn metadata_is_read_again_and_a_failed_read_keeps_the_last_copy(app: TestApp) {
    let Some(idp) = start_idp(&app.base, &[]) else { return };
    let id = add_idp(&app, &idp, "member").await;
    let pool = app.state.db.pool();
    let now = app.clock.unix();
    let row = convene::db::saml::by_id(pool, id).await.unwrap();
    assert!(row.next_refresh_at.unwrap() > now, "a next reading is planned");
    assert!(row.ca_pem.is_some(), "with the CA its address needs");
    sqlx::query("UPDATE saml_idps SET scopes = 'old.example', next_refresh_at = 0").execute(pool).await.unwrap();
    assert_eq!(convene::auth::providers::refresh_saml_metadata(&app.state.db, now).await.unwrap(), (1, 0));
    let row = convene::db::saml::by_id(pool, id).await.unwrap();
    assert_eq!(row.scopes, "uni-a.example", "the fresh copy replaced the stored one");
    assert!(row.refresh_error.is_none());
    assert_eq!(convene::auth::providers::refresh_saml_metadata(&app.state.db, now).await.unwrap(), (0, 0), "not due");

    // The IdP's address stops answering: the last good copy stays, operators see why.
    let before = row.metadata_xml.clone();
    drop(idp);
    sqlx::query("UPDATE saml_idps SET next_refresh_at = 0").execute(pool).await.unwrap();
    assert_eq!(convene::auth::providers::refresh_saml_metadata(&app.state.db, now).await.unwrap(), (0, 1));
    let row = convene::db::saml::by_id(pool, id).await.unwrap();
    assert_eq!(row.metadata_xml, before, "the last good copy kept");
    assert!(row.refresh_error.is_some());
    assert_eq!(row.next_refresh_at, Some(now + 1800), "tried again in half an hour");
    assert!(app.browser().page("/login").await.contains(&format!("/login/saml/{id}?next=")), "still offered");
    let mut opb = app.signed_in(OPERATOR).await;
    opb.cookies.insert("convene_lang".into(), "en".into());
    let page = opb.page("/admin/identity").await;
    assert!(page.contains("The last reading of the metadata failed"), "{page}");
}

/// A running federation publisher (scripts/idp start-federation); stopped when dropped.
struct Fed {
    env: HashMap<String, String>,
}

impl Drop for Fed {
    fn drop(&mut self) {
        if let Some(dir) = self.env.get("IDP_FED_DIR") {
            let _ = Command::new(root().join("scripts/idp")).args(["stop", dir]).status();
        }
    }
}

impl Fed {
    /// One of the aggregates the publisher serves (`federation.xml`, `federation-tampered.xml`…), as text.
    async fn aggregate(&self, name: &str) -> String {
        let ca = std::fs::read(&self.env["IDP_FED_CA"]).unwrap();
        let client = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(&ca).unwrap())
            .build()
            .unwrap();
        let url = self.env["IDP_FED_URL"].replace("federation.xml", name);
        client.get(url).send().await.unwrap().text().await.unwrap()
    }
}

/// A federation of two IdPs: uni-a (scope uni-a.example) and uni-b (scope uni-b.example).
async fn start_federation(app: &TestApp) -> Option<(Idp, Idp, Fed)> {
    let a = start_idp(&app.base, &[])?;
    let b = start_idp(&app.base, &["--scope", "uni-b.example"])?;
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["start-federation".to_owned()];
    for (i, idp) in [&a, &b].into_iter().enumerate() {
        let xml = idp_client(idp).get(idp.get("IDP_SAML_METADATA_URL")).send().await.unwrap().text().await.unwrap();
        let file = dir.path().join(format!("idp{i}.xml"));
        std::fs::write(&file, xml).unwrap();
        args.extend(["--idp-metadata".to_owned(), file.display().to_string()]);
    }
    let out = Command::new(root().join("scripts/idp")).args(&args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let env = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.trim().strip_prefix("export "))
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Some((a, b, Fed { env }))
}

/// A federation is added by its signed aggregate (only one that verifies with its certificate and has not expired),
/// an operator gives one of its IdPs to an institution, people sign in through it; the aggregate is read again,
/// and a bad copy leaves the last good one in use.
async fn a_federations_idps_serve_its_institutions(app: TestApp) {
    let Some((_a, b, fed)) = start_federation(&app).await else { return };
    use convene::auth::federations::{FederationInput, Read, add_federation, adopt, refresh_federations};
    use convene::auth::providers::ProviderError as E;
    use convene::auth::saml::idp::MetadataError as M;
    let cert = std::fs::read_to_string(&fed.env["IDP_FED_SIGNING_CERT"]).unwrap();
    let ca = std::fs::read_to_string(&fed.env["IDP_FED_CA"]).unwrap();
    let url = fed.env["IDP_FED_URL"].clone();
    let input = |url: &str, cert: &str| FederationInput {
        name: "Test federation".into(),
        url: url.to_owned(),
        signing_cert_pem: cert.to_owned(),
        ca_pem: Some(ca.clone()),
        mdq: false,
    };
    let now = app.clock.unix();
    let db = &app.state.db;
    for (variant, why) in [
        ("federation-tampered.xml", "changed after signing"),
        ("federation-other-key.xml", "signed by another key"),
        ("federation-sha1.xml", "rsa-sha1"),
    ] {
        let r = add_federation(db, now, input(&url.replace("federation.xml", variant), &cert)).await;
        assert!(matches!(r, Err(E::Metadata { error: M::BadSignature, .. })), "{why}: {r:?}");
    }
    let r = add_federation(db, now, input(&url.replace("federation.xml", "federation-expired.xml"), &cert)).await;
    assert!(matches!(r, Err(E::Metadata { error: M::Expired(_), .. })), "{r:?}");
    let not_its_cert = std::fs::read_to_string(b.get("IDP_SAML_CA")).unwrap();
    let r = add_federation(db, now, input(&url, &not_its_cert)).await;
    assert!(matches!(r, Err(E::Metadata { error: M::BadSignature, .. })), "another certificate: {r:?}");
    assert!(convene::db::federations::list(db.pool()).await.unwrap().is_empty(), "nothing stored");

    let (fid, read) = add_federation(db, now, input(&url, &cert)).await.unwrap();
    assert_eq!(read, Read { idps: 2, skipped: 0 });
    // The operator finds uni-b's IdP by its domain and gives it to USP.
    let mut opb = app.signed_in(OPERATOR).await;
    let res = opb.call("find_federation_idps", &[("q", "uni-b.example")]).await;
    assert_eq!(res.status(), 200);
    let found: serde_json::Value = res.json().await.unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["entity_id"], b.get("IDP_SAML_ENTITY_ID"));
    let entry = found[0]["id"].as_i64().unwrap().to_string();
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    let give = [("id", entry.as_str()), ("institution", "usp"), ("default_role", "member")];
    assert_eq!(admin.call("use_federation_idp", &give).await.status(), 403, "operators only");
    let res = opb.call("use_federation_idp", &give).await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.unwrap();
    assert!(matches!(adopt(db, now, entry.parse().unwrap(), "usp", "member").await, Err(E::Exists)));

    // Carol of uni-b signs in through it and becomes a member of USP.
    let mut c = app.browser();
    assert_eq!(sign_in(&app, &b, &mut c, id, "carol", "good").await, "/rooms");
    let pool = db.pool();
    let carol = convene::db::users::by_email(pool, "carol@uni-b.example").await.unwrap().unwrap();
    let usp = convene::db::institutions::by_slug(pool, "usp").await.unwrap().id;
    assert_eq!(convene::db::institutions::role_of(pool, usp, carol.id).await.unwrap().as_deref(), Some("member"));

    // Read again when due; then the address serves a tampered copy: the last good one stays, the reason is shown.
    sqlx::query("UPDATE saml_federations SET next_refresh_at = 0").execute(pool).await.unwrap();
    assert_eq!(refresh_federations(db, now).await.unwrap(), (1, 0));
    let tampered = url.replace("federation.xml", "federation-tampered.xml");
    sqlx::query("UPDATE saml_federations SET next_refresh_at = 0, metadata_url = $1")
        .bind(&tampered)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(refresh_federations(db, now).await.unwrap(), (0, 1));
    let f = convene::db::federations::by_id(pool, fid).await.unwrap();
    assert_eq!(f.idps, 2, "the last good copy kept");
    assert!(f.refresh_error.as_deref().unwrap_or_default().contains("signature"), "{:?}", f.refresh_error);
    let mut c = app.browser();
    assert_eq!(sign_in(&app, &b, &mut c, id, "carol", "good").await, "/rooms", "still signs in");
    opb.cookies.insert("convene_lang".into(), "en".into());
    let page = opb.page("/admin/identity").await;
    assert!(page.contains("Test federation") && page.contains("2 IdPs"), "{page}");
    assert!(page.contains("The last reading of the metadata failed"));
}

/// A federation's aggregate loaded from a file (a federation that hands it out, an offline copy): verified like a
/// downloaded one; loading a newer file into the same name replaces its IdPs; it is never read again by itself.
async fn a_federation_from_a_file(app: TestApp) {
    let Some((_a, _b, fed)) = start_federation(&app).await else { return };
    use convene::auth::federations::{load_federation_file, refresh_federations};
    use convene::auth::providers::ProviderError as E;
    use convene::auth::saml::idp::MetadataError as M;
    let cert = std::fs::read_to_string(&fed.env["IDP_FED_SIGNING_CERT"]).unwrap();
    let (good, tampered) = (fed.aggregate("federation.xml").await, fed.aggregate("federation-tampered.xml").await);
    let (db, now) = (&app.state.db, app.clock.unix());
    let r = load_federation_file(db, now, "Offline", "federation.xml", &tampered, &cert).await;
    assert!(matches!(r, Err(E::Metadata { error: M::BadSignature, .. })), "{r:?}");
    assert!(convene::db::federations::list(db.pool()).await.unwrap().is_empty(), "nothing stored");
    let (id, read) = load_federation_file(db, now, "Offline", "federation.xml", &good, &cert).await.unwrap();
    assert_eq!(read.idps, 2);
    let (again, _) = load_federation_file(db, now + 60, "Offline", "federation.xml", &good, &cert).await.unwrap();
    assert_eq!(again, id, "a newer file goes into the same federation");
    let f = convene::db::federations::by_id(db.pool(), id).await.unwrap();
    assert_eq!((f.idps, f.next_refresh_at, f.metadata_url.as_str()), (2, None, "file:///federation.xml"));
    assert_eq!(refresh_federations(db, now + 10 * 86_400).await.unwrap(), (0, 0), "never read again by itself");
    let mut opb = app.signed_in(OPERATOR).await;
    let found: serde_json::Value =
        opb.call("find_federation_idps", &[("q", "uni-b.example")]).await.json().await.unwrap();
    assert_eq!(found[0]["federation"], "Offline", "its IdPs are found and given like any federation's");
}

/// A multipart form body (what a browser sends for a form with a file): the fields, and the file last.
fn multipart(fields: &[(&str, &str)], file: (&str, &str, &str)) -> (String, Vec<u8>) {
    let boundary = "----convene-test-boundary-7d93";
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"));
    }
    let (name, file_name, content) = file;
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/samlmetadata+xml\r\n\r\n{content}\r\n--{boundary}--\r\n"
    ));
    (format!("multipart/form-data; boundary={boundary}"), body.into_bytes())
}

/// An operator uploads a federation's aggregate on the operators' page (a plain form with a file, no script
/// needed): a tampered file is refused with the reason shown and nothing kept; a good one is verified and its IdPs
/// counted on the page; only operators may, and only from Convene's own pages.
async fn operators_upload_a_federations_aggregate(app: TestApp) {
    let Some((_a, _b, fed)) = start_federation(&app).await else { return };
    let cert = std::fs::read_to_string(&fed.env["IDP_FED_SIGNING_CERT"]).unwrap();
    let (good, tampered) = (fed.aggregate("federation.xml").await, fed.aggregate("federation-tampered.xml").await);
    let post = |b: &mut Browser, xml: &str, same_origin: bool| {
        let (ctype, body) = multipart(
            &[("upload[name]", "Uploaded"), ("upload[signing_cert_pem]", &cert)],
            ("upload[file]", "agg.xml", xml),
        );
        let mut req = b
            .client
            .post(format!("{}/admin/federations/upload", app.base))
            .header("content-type", ctype)
            .header("accept", "text/html")
            .body(body);
        if same_origin {
            req = req.header("sec-fetch-site", "same-origin").header("origin", &app.base);
        }
        req
    };
    let mut member = app.signed_in(ROMA_ADMIN).await;
    let req = post(&mut member, &good, true);
    assert_eq!(member.send(req).await.status(), 403, "operators only");
    let mut op = app.signed_in(OPERATOR).await;
    op.cookies.insert("convene_lang".into(), "en".into());
    let req = post(&mut op, &good, false);
    assert_eq!(op.send(req).await.status(), 403, "not from another site");
    let req = post(&mut op, &tampered, true);
    let res = op.send(req).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/admin/identity#federation-upload");
    let page = op.page("/admin/identity").await;
    assert!(page.contains("signature does not verify"), "the reason is said: {page}");
    assert!(convene::db::federations::list(app.state.db.pool()).await.unwrap().is_empty(), "nothing kept");
    assert!(!op.page("/admin/identity").await.contains("signature does not verify"), "said once");

    let req = post(&mut op, &good, true);
    assert_eq!(op.send(req).await.status(), 303);
    let page = op.page("/admin/identity").await;
    assert!(page.contains("its 2 IdPs were read"), "{page}");
    let f = &convene::db::federations::list(app.state.db.pool()).await.unwrap()[0];
    assert_eq!((f.name.as_str(), f.idps, f.metadata_url.as_str()), ("Uploaded", 2, "file:///agg.xml"));
}

/// A federation that publishes only per-entity metadata (MDQ): an operator adds it by the service's address and
/// certificate, looks up an IdP by its entity id (a signed answer, verified, kept), gives it to an institution, and
/// people sign in through it. Answers changed after signing, signed by another key or expired are refused and keep
/// nothing; an entity the service does not know is said so; the answers are read again when due.
async fn an_mdq_federation_answers_entity_by_entity(app: TestApp) {
    let Some((_a, b, fed)) = start_federation(&app).await else { return };
    use convene::auth::federations::{FederationInput, add_federation, lookup, refresh_federations};
    use convene::auth::providers::ProviderError as E;
    use convene::auth::saml::idp::MetadataError as M;
    let cert = std::fs::read_to_string(&fed.env["IDP_FED_SIGNING_CERT"]).unwrap();
    let ca = std::fs::read_to_string(&fed.env["IDP_FED_CA"]).unwrap();
    let base = fed.env["IDP_FED_URL"].trim_end_matches("/federation.xml").to_owned();
    let db = &app.state.db;
    let pool = db.pool();
    let now = app.clock.unix();
    let add = |name: &str, url: String| FederationInput {
        name: name.into(),
        url,
        signing_cert_pem: cert.clone(),
        ca_pem: Some(ca.clone()),
        mdq: true,
    };
    let (fid, read) = add_federation(db, now, add("Test MDQ", format!("{base}/"))).await.unwrap();
    assert_eq!((read.idps, read.skipped), (0, 0), "nothing is listed by an MDQ service");
    let entity = b.get("IDP_SAML_ENTITY_ID").to_owned();

    // Bad answers: refused, nothing kept.
    for (variant, why) in [("tampered", "changed after signing"), ("other-key", "signed by another key")] {
        let (bad, _) = add_federation(db, now, add(variant, format!("{base}/{variant}"))).await.unwrap();
        let r = lookup(db, now, bad, &entity).await;
        assert!(matches!(r, Err(E::Metadata { error: M::BadSignature, .. })), "{why}: {r:?}");
    }
    let (expired, _) = add_federation(db, now, add("expired", format!("{base}/expired"))).await.unwrap();
    let r = lookup(db, now, expired, &entity).await;
    assert!(matches!(r, Err(E::Metadata { error: M::Expired(_), .. })), "{r:?}");
    let r = lookup(db, now, fid, "https://nowhere.example/idp").await;
    assert!(matches!(&r, Err(E::Unreachable(m)) if m.contains("404")), "unknown entity: {r:?}");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM federation_idps").fetch_one(pool).await.unwrap();
    assert_eq!(n, 0, "nothing kept from bad answers");

    // The operator looks it up on the page, finds it by name and gives it to USP.
    let mut opb = app.signed_in(OPERATOR).await;
    let fid_s = fid.to_string();
    let res = opb.call("lookup_federation_idp", &[("federation", fid_s.as_str()), ("entity_id", &entity)]).await;
    assert_eq!(res.status(), 200);
    let found: serde_json::Value = res.json().await.unwrap();
    assert_eq!(found["entity_id"], entity.as_str());
    assert_eq!(found["federation"], "Test MDQ");
    let mut member = app.signed_in(ROMA_MEMBER).await;
    let lookup_form = [("federation", fid_s.as_str()), ("entity_id", entity.as_str())];
    assert_eq!(member.call("lookup_federation_idp", &lookup_form).await.status(), 403, "operators only");
    let entry = found["id"].as_i64().unwrap().to_string();
    let give = [("id", entry.as_str()), ("institution", "usp"), ("default_role", "member")];
    let res = opb.call("use_federation_idp", &give).await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.unwrap();
    let mut c = app.browser();
    assert_eq!(sign_in(&app, &b, &mut c, id, "carol", "good").await, "/rooms");
    let carol = convene::db::users::by_email(pool, "carol@uni-b.example").await.unwrap().unwrap();
    let usp = convene::db::institutions::by_slug(pool, "usp").await.unwrap().id;
    assert_eq!(convene::db::institutions::role_of(pool, usp, carol.id).await.unwrap().as_deref(), Some("member"));

    // Read again when due: the entity is asked for again.
    sqlx::query("UPDATE saml_federations SET next_refresh_at = 0 WHERE id = $1").bind(fid).execute(pool).await.unwrap();
    sqlx::query("UPDATE saml_federations SET next_refresh_at = NULL WHERE id <> $1")
        .bind(fid)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(refresh_federations(db, now).await.unwrap(), (1, 0));
    let f = convene::db::federations::by_id(pool, fid).await.unwrap();
    assert_eq!(f.idps, 1);
    assert!(f.next_refresh_at.is_some_and(|t| t > now) && f.refresh_error.is_none(), "{f:?}");
    opb.cookies.insert("convene_lang".into(), "en".into());
    let page = opb.page("/admin/identity").await;
    assert!(page.contains("Look up an IdP by its entity id"), "the MDQ federation offers a look-up");
}

/// A person whose address already has a Convene account is not let into it: the sign-in waits on the operators'
/// page; once an operator links it, the person signs in to that account through the IdP.
async fn a_sign_in_with_a_taken_address_waits_for_an_operator(app: TestApp) {
    let Some(idp) = start_idp(&app.base, &[]) else { return };
    let id = add_idp(&app, &idp, "member").await;
    let pool = app.state.db.pool();
    let now = app.clock.unix();
    let mut tx = app.state.db.begin().await.unwrap();
    let new = convene::db::users::NewUser {
        email: "alice@uni-a.example",
        display_name: "Alice (local)",
        password_hash: None,
        is_operator: false,
    };
    let local = convene::db::users::insert(&mut tx, &new, now).await.unwrap();
    tx.commit().await.unwrap();

    let mut b = app.browser();
    b.cookies.insert("convene_lang".into(), "en".into());
    let to = sign_in(&app, &idp, &mut b, id, "alice", "good").await;
    assert!(to.starts_with("/login?error=email_taken&rid="), "{to}");
    assert!(!b.is_signed_in().await);
    let mut opb = app.signed_in(OPERATOR).await;
    opb.cookies.insert("convene_lang".into(), "en".into());
    let page = opb.page("/admin/identity").await;
    assert!(page.contains("Sign-ins waiting to be linked") && page.contains("alice@uni-a.example"), "{page}");
    let (request,): (i64,) = sqlx::query_as("SELECT id FROM link_requests").fetch_one(pool).await.unwrap();
    let rid = request.to_string();
    let link = [("id", rid.as_str()), ("link", "true")];
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    assert_eq!(admin.call("resolve_link_request", &link).await.status(), 403, "operators only");
    assert_eq!(opb.call("resolve_link_request", &link).await.status(), 200);
    assert_eq!(opb.call("resolve_link_request", &link).await.status(), 404, "resolved once");

    let mut b = app.browser();
    assert_eq!(sign_in(&app, &idp, &mut b, id, "alice", "good").await, "/rooms");
    assert!(b.is_signed_in().await);
    let entity = format!("saml:{}", idp.get("IDP_SAML_ENTITY_ID"));
    let linked = convene::db::providers::identity_user(pool, &entity, "alice@uni-a.example").await.unwrap();
    assert_eq!(linked, Some(local), "into the account that had the address");
    let roma = convene::db::institutions::by_slug(pool, "uniroma").await.unwrap().id;
    assert_eq!(convene::db::institutions::role_of(pool, roma, local).await.unwrap().as_deref(), Some("member"));
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM users WHERE email = 'alice@uni-a.example'").fetch_one(pool).await.unwrap();
    assert_eq!(n, 1, "no second account");
}

/// The sign-in page names an IdP in the page's language when its metadata does (mdui:DisplayName) and an operator
/// did not name it; search finds it by any of its names.
async fn an_idp_is_named_in_the_pages_language(app: TestApp) {
    let Some(idp) = start_idp(&app.base, &[]) else { return };
    let xml = idp_client(&idp).get(idp.get("IDP_SAML_METADATA_URL")).send().await.unwrap().text().await.unwrap();
    let ui = r#"<mdui:UIInfo xmlns:mdui="urn:oasis:names:tc:SAML:metadata:ui"><mdui:DisplayName xml:lang="en">University A</mdui:DisplayName><mdui:DisplayName xml:lang="it">Università A</mdui:DisplayName><mdui:Keywords xml:lang="it">Sapienza Roma+Capitale</mdui:Keywords></mdui:UIInfo>"#;
    assert!(xml.contains("</ns2:Scope>"), "{xml}");
    let named = xml.replacen("</ns2:Scope>", &format!("</ns2:Scope>{ui}"), 1);
    let input = convene::auth::providers::SamlInput {
        institution: "uniroma".into(),
        metadata: convene::auth::providers::MetadataSource::Xml(named),
        display_name: String::new(),
        default_role: "member".into(),
    };
    let id = convene::auth::providers::add_saml(&app.state.db, app.clock.unix(), input).await.unwrap();
    for (lang, name) in [("it", "Università A"), ("en", "University A"), ("pt-BR", "University A")] {
        let mut b = app.browser();
        b.cookies.insert("convene_lang".into(), lang.into());
        let page = b.page("/login").await;
        assert!(page.contains(name), "{lang}: {page}");
    }
    let mut b = app.browser();
    b.cookies.insert("convene_lang".into(), "en".into());
    assert!(
        b.page("/login?q=universit%C3%A0").await.contains(&format!("/login/saml/{id}?next=")),
        "found by its Italian name"
    );
    assert!(
        b.page("/login?q=roma%20capitale").await.contains(&format!("/login/saml/{id}?next=")),
        "found by its metadata's keywords"
    );
    assert!(!b.page("/login?q=milano").await.contains(&format!("/login/saml/{id}?next=")));
}

/// IdPs' logos (mdui:Logo) are read by Convene, not by visitors' browsers: only from addresses the public-address
/// rule allows, only real raster images (an HTML page called image/png is refused by its bytes), served from
/// Convene's own address with their own type, `nosniff` and a sandbox; a failed read is shown to operators.
async fn idp_logos_are_read_checked_and_served_by_convene(app: TestApp) {
    use convene::auth::idp_logos::refresh_logos;
    use std::sync::Arc;
    let Some(good) = start_idp(&app.base, &[]) else { return };
    let Some(bad) = start_idp(&app.base, &["--scope", "uni-b.example", "--logo", "html"]) else { return };
    let (db, now) = (&app.state.db, app.clock.unix());
    let a = add_idp(&app, &good, "member").await;
    let input = convene::auth::providers::SamlInput {
        institution: "usp".into(),
        metadata: convene::auth::providers::MetadataSource::Url {
            url: bad.get("IDP_SAML_METADATA_URL").into(),
            ca_pem: Some(std::fs::read_to_string(bad.get("IDP_SAML_CA")).unwrap()),
        },
        display_name: "Uni B".into(),
        default_role: "member".into(),
    };
    let b = convene::auth::providers::add_saml(db, now, input).await.unwrap();
    let anon = reqwest::Client::new();
    let logo_of = |id: i64| anon.get(format!("{}/idp-logo/{id}", app.base)).send();

    // Both logos are on loopback: not called where the public-address rule is not relaxed.
    assert_eq!(refresh_logos(db, now, Arc::new(Vec::new())).await.unwrap(), (0, 2));
    assert_eq!(logo_of(a).await.unwrap().status(), 404);
    let mut browser = app.browser();
    assert!(!browser.page("/login").await.contains("/idp-logo/"), "no logo shown");
    let mut op = app.signed_in(OPERATOR).await;
    op.cookies.insert("convene_lang".into(), "en".into());
    let page = op.page("/admin/identity").await;
    assert!(page.contains("The last reading of its logo failed") && page.contains("not called"), "{page}");
    assert_eq!(refresh_logos(db, now + 60, Arc::new(Vec::new())).await.unwrap(), (0, 0), "not tried again at once");

    // Allowed (as tests and closed networks do): the PNG is kept, the HTML is not.
    sqlx::query("UPDATE idp_logos SET next_try_at = 0").execute(db.pool()).await.unwrap();
    let allow = Arc::new(vec!["127.0.0.1".to_owned()]);
    assert_eq!(refresh_logos(db, now, allow.clone()).await.unwrap(), (1, 1));
    let png = idp_client(&good)
        .get(good.get("IDP_SAML_METADATA_URL").replace("/metadata", "/logo.png"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let res = logo_of(a).await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "image/png");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["content-security-policy"].to_str().unwrap().contains("sandbox"));
    assert_eq!(res.bytes().await.unwrap(), png, "the IdP's image, as it was");
    let etag = h["etag"].to_str().unwrap().to_owned();
    let again = anon.get(format!("{}/idp-logo/{a}", app.base)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(logo_of(b).await.unwrap().status(), 404, "HTML called image/png is never served");
    let page = op.page("/admin/identity").await;
    assert!(page.contains("not a PNG, JPEG, GIF or WebP image"), "{page}");
    let login = browser.page("/login").await;
    let digest = etag.trim_matches('"');
    assert!(login.contains(&format!("/idp-logo/{a}?v={digest}")), "{login}");
    assert!(!login.contains(&format!("/idp-logo/{b}")));
    assert!(!login.contains("/logo.png"), "the page names no third-party address: {login}");

    // Nothing is read again before it is due; a switched-off IdP's logo is not served.
    assert_eq!(refresh_logos(db, now + 60, allow).await.unwrap(), (0, 0));
    convene::db::saml::set_enabled(db.pool(), a, false).await.unwrap();
    assert_eq!(logo_of(a).await.unwrap().status(), 404);
}

/// A test sign-in through a SAML IdP: the attributes it sent are shown to the admin who ran it, under the names
/// the rules read; nobody is signed in, no account is made.
async fn admins_test_a_saml_idp(app: TestApp) {
    let Some(idp) = start_idp(&app.base, &[]) else { return };
    let id = add_idp(&app, &idp, "guest").await;
    let users_before = users(&app).await;
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    admin.cookies.insert("convene_lang".into(), "en".into());
    let res = admin.get(&format!("/login/saml/{id}?test=1")).await;
    assert_eq!(res.status(), 303);
    let authn = res.headers()["location"].to_str().unwrap().to_owned();
    let answer = at_the_idp(&idp, &authn, "alice", "good").await;
    let res = post_answer(&app, &idp, &answer).await;
    assert_eq!(location(&res, &app.base), "/saml/done");
    let res = admin.get("/saml/done").await;
    assert_eq!(location(&res, &app.base), "/institutions/uniroma/sign-in#last-test");
    assert_eq!(users(&app).await, users_before, "no account made");
    assert!(admin.call("get_account", &[]).await.text().await.unwrap().contains(ROMA_ADMIN));
    let page = admin.page("/institutions/uniroma/sign-in").await;
    assert!(page.contains("Last test sign-in through Uni A federation login"), "{page}");
    assert!(
        page.contains("Role: Guest, the provider&#x27;s default")
            || page.contains("Role: Guest, the provider's default"),
        "{page}"
    );
    assert!(page.contains("eduperson_scoped_affiliation") && page.contains("saml:"), "{page}");
    assert_eq!(app.signed_in(ROMA_MEMBER).await.get(&format!("/login/saml/{id}?test=1")).await.status(), 403);
}

async fn is_signed_in(b: &mut Browser) -> bool {
    b.call("get_account", &[]).await.status().is_success()
}

fn idp_base(idp: &Idp) -> String {
    idp.get("IDP_SAML_METADATA_URL").trim_end_matches("/metadata").to_owned()
}

async fn idp_logouts(idp: &Idp) -> Vec<serde_json::Value> {
    let url = format!("{}/_test/logouts", idp_base(idp));
    idp_client(idp).get(url).send().await.unwrap().json().await.unwrap()
}

/// Signing out after a SAML sign-in signs out at the IdP too: the session ends at once, the browser carries a
/// signed LogoutRequest (the sign-in's NameID and SessionIndex) to the IdP, whose signed answer brings it back to
/// a page that says so. The answer counts once.
async fn signing_out_signs_out_at_the_idp(app: TestApp) {
    let Some(idp) = start_idp(&app.base, &[]) else { return };
    let id = add_idp(&app, &idp, "member").await;
    let mut b = app.browser();
    assert_eq!(sign_in(&app, &idp, &mut b, id, "alice", "good").await, "/rooms");
    assert!(is_signed_in(&mut b).await);
    b.cookies.insert("convene_lang".into(), "en".into());
    let res = b.post_form("/auth/logout", &[]).await;
    assert_eq!(res.status(), 200, "a page that goes on by itself (the form's CSP would refuse a redirect away)");
    let page = res.text().await.unwrap();
    assert!(page.contains("Signing you out at your institution"), "{page}");
    let to_idp = page.split("<a class=\"button\" id=\"continue\" href=\"").nth(1).unwrap().split('"').next().unwrap();
    assert!(page.contains(&format!("<meta http-equiv=\"refresh\" content=\"0;url={to_idp}\">")), "{page}");
    let to_idp = to_idp.replace("&amp;", "&");
    assert!(to_idp.starts_with(&format!("{}/slo/redirect?SAMLRequest=", idp_base(&idp))), "{to_idp}");
    assert!(to_idp.contains("&SigAlg=") && to_idp.contains("&Signature="), "signed: {to_idp}");
    assert!(!is_signed_in(&mut b).await, "signed out of Convene before the IdP answers");

    let res = idp_client(&idp).get(&to_idp).send().await.unwrap();
    assert_eq!(res.status(), 303, "the IdP took the request: {}", res.text().await.unwrap());
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    let logouts = idp_logouts(&idp).await;
    assert_eq!(logouts.len(), 1, "{logouts:?}");
    assert_eq!(logouts[0]["kind"], "request");
    assert_eq!(
        logouts[0]["ended"],
        serde_json::json!(["alice"]),
        "the IdP found her session by NameID and SessionIndex"
    );
    assert_eq!(logouts[0]["session_indexes"].as_array().map(Vec::len), Some(1), "{logouts:?}");
    assert_eq!(logouts[0]["destination"], to_idp.split('?').next().unwrap());

    let path = back.strip_prefix(&app.base).unwrap_or_else(|| panic!("back to Convene: {back}")).to_owned();
    assert!(path.starts_with("/saml/slo?SAMLResponse="), "{path}");
    assert_eq!(location(&b.get(&path).await, &app.base), "/login?notice=signed_out_everywhere");
    assert_eq!(location(&b.get(&path).await, &app.base), "/login?notice=signed_out_here", "an answer counts once");
    let page = b.page("/login?notice=signed_out_everywhere").await;
    assert!(page.contains("You are signed out of Convene and of your institution"), "{page}");

    // A password sign-in signs out of Convene only.
    let mut local = app.signed_in(ROMA_MEMBER).await;
    assert_eq!(location(&local.post_form("/auth/logout", &[]).await, &app.base), "/");
}

/// The IdP's own LogoutRequest ends the sessions of that person at that IdP, whichever browser holds them (it
/// arrives without their cookies), and is answered with a signed LogoutResponse the IdP verifies. An unsigned or
/// wrongly signed request, or the same request again, ends nothing.
async fn the_idp_signs_people_out(app: TestApp) {
    let Some(idp) = start_idp(&app.base, &[]) else { return };
    let id = add_idp(&app, &idp, "member").await;
    let (mut alice, mut bob) = (app.browser(), app.browser());
    assert_eq!(sign_in(&app, &idp, &mut alice, id, "alice", "good").await, "/rooms");
    assert_eq!(sign_in(&app, &idp, &mut bob, id, "bob", "good").await, "/rooms");
    let sp = urlencode(&format!("{}/saml/metadata", app.base));
    let start = |sign: &str| format!("{}/logout?sp={sp}&user=alice&sign={sign}", idp_base(&idp));
    let anonymous = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let deliver = |url: String| {
        let anonymous = anonymous.clone();
        async move { anonymous.get(url).send().await.unwrap() }
    };
    for sign in ["none", "other-key"] {
        let res = idp_client(&idp).get(start(sign)).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
        let to_sp = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(to_sp.starts_with(&format!("{}/saml/slo?SAMLRequest=", app.base)), "{to_sp}");
        let res = deliver(to_sp).await;
        assert!(location(&res, &app.base).starts_with("/login?error=logout_invalid&rid="), "{sign}");
        assert!(is_signed_in(&mut alice).await, "a forged request ({sign}) ends nothing");
    }
    let res = idp_client(&idp).get(start("good")).send().await.unwrap();
    let to_sp = res.headers()["location"].to_str().unwrap().to_owned();
    let res = deliver(to_sp.clone()).await;
    assert_eq!(res.status(), 303);
    let answer = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(answer.starts_with(&format!("{}/slo/redirect?SAMLResponse=", idp_base(&idp))), "{answer}");
    assert!(answer.contains("RelayState=idp-initiated"), "the RelayState goes back: {answer}");
    assert!(!is_signed_in(&mut alice).await, "alice's session ended without her cookie");
    assert!(is_signed_in(&mut bob).await, "bob's did not");
    assert!(
        location(&deliver(to_sp).await, &app.base).starts_with("/login?error=logout_invalid"),
        "the same request twice is refused"
    );
    let res = idp_client(&idp).get(&answer).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("You are signed out of every service."), "the IdP verified the answer");
    let logouts = idp_logouts(&idp).await;
    let last = logouts.last().unwrap();
    assert_eq!(
        (last["kind"].as_str(), last["status"].as_str()),
        (Some("response"), Some("urn:oasis:names:tc:SAML:2.0:status:Success"))
    );
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

both_backends!(
    operators_upload_a_federations_aggregate,
    idp_logos_are_read_checked_and_served_by_convene,
    a_federation_from_a_file,
    an_mdq_federation_answers_entity_by_entity,
    signing_out_signs_out_at_the_idp,
    the_idp_signs_people_out,
    admins_test_a_saml_idp,
    an_idp_is_named_in_the_pages_language,
    a_sign_in_with_a_taken_address_waits_for_an_operator,
    a_federations_idps_serve_its_institutions,
    metadata_is_read_again_and_a_failed_read_keeps_the_last_copy,
    operators_add_saml_idps_on_their_page,
    people_sign_in_through_a_saml_idp,
    bad_saml_answers_sign_nobody_in,
    an_encrypted_assertion_needs_a_signed_response,
    an_assertion_is_used_once,
    saml_idps_are_checked_before_they_are_added,
);
