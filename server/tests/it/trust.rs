//! Trust around the pool: conference servers over https on a private PKI (a test CA made here), addresses
//! institution admins may not register, and institutions' servers that serve only their institution until an
//! operator shares them; both databases.

use std::sync::Arc;
use std::time::Duration;

use convene::balancer::bbb::checksum::Algorithm;
use convene::balancer::bbb::client::{BbbClient, BbbError, Endpoint};
use convene::balancer::pool::{self, PoolError, ServerInput};
use convene::balancer::simulator::{self, Simulator};
use convene::clock::Clock;

use crate::api::{ROMA_SECRET, USP_SECRET, convene, no_redirects};
use crate::common::*;

const SIM_SECRET: &str = "trust-test-sim-secret-0123456789abcdef0123456789";

/// A certificate authority and a server certificate it signed for 127.0.0.1.
struct Pki {
    ca_pem: String,
    cert_pem: String,
    key_pem: String,
}

fn pki(name: &str) -> Pki {
    use rcgen::{BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(DnType::CommonName, format!("{name} test CA"));
    ca.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign];
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
    leaf.distinguished_name.push(DnType::CommonName, "127.0.0.1");
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.use_authority_key_identifier_extension = true;
    let cert = leaf.signed_by(&key, &issuer).unwrap();
    Pki { ca_pem: ca_cert.pem(), cert_pem: cert.pem(), key_pem: key.serialize_pem() }
}

/// A simulator served over TLS with `pki`'s certificate: (simulator, https base URL).
async fn tls_simulator(app: &TestApp, name: &str, pki: &Pki) -> (Arc<Simulator>, String) {
    let sim = Simulator::new(name, SIM_SECRET, 100, Default::default(), app.clock.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("https://{}", listener.local_addr().unwrap());
    let config = convene::balancer::tls::server_config(pki.cert_pem.as_bytes(), pki.key_pem.as_bytes()).unwrap();
    simulator::serve_tls(sim.clone(), listener, config).unwrap();
    (sim, base)
}

async fn plain_simulator(app: &TestApp, name: &str) -> (Arc<Simulator>, String) {
    let sim = Simulator::new(name, SIM_SECRET, 100, Default::default(), app.clock.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    simulator::serve(sim.clone(), listener);
    (sim, base)
}

fn input(name: &str, url: &str, at: (f64, f64)) -> ServerInput {
    ServerInput {
        name: name.into(),
        url: url.into(),
        secret: SIM_SECRET.into(),
        algorithm: "sha256".into(),
        region: String::new(),
        latitude: at.0,
        longitude: at.1,
        capacity: 100,
        tags: vec![],
        institution_id: None,
        ca_pem: None,
        by_operator: true,
    }
}

async fn api_secrets(app: &TestApp) -> (i64, i64) {
    let db = app.state.db.pool();
    let roma = convene::db::institutions::by_slug(db, "uniroma").await.unwrap().id;
    let usp = convene::db::institutions::by_slug(db, "usp").await.unwrap().id;
    convene::db::api_access::add_secret(db, roma, ROMA_SECRET, "moodle", app.clock.unix()).await.unwrap();
    convene::db::api_access::add_secret(db, usp, USP_SECRET, "", app.clock.unix()).await.unwrap();
    (roma, usp)
}

async fn https_server_on_a_private_ca(app: TestApp) {
    let ours = pki("ours");
    let theirs = pki("theirs");
    let (sim, base) = tls_simulator(&app, "tls-a", &ours).await;
    let db = &app.state.db;
    let now = app.clock.unix();
    // Without its CA the certificate is refused, and the message names the problem (and no checksum).
    for ca in [None, Some(theirs.ca_pem.clone())] {
        let mut i = input("tls-a", &base, (41.9, 12.5));
        i.ca_pem = ca;
        let err = pool::register(db, &app.state.bbb, &i, now).await.unwrap_err();
        assert!(matches!(err, PoolError::Untrusted { .. }), "{err}");
        let msg = err.to_string();
        assert!(msg.contains("not trusted") && msg.contains("UnknownIssuer") && msg.contains("--ca-file"), "{msg}");
        assert!(!msg.contains("checksum"), "{msg}");
    }
    // a CA file that is no certificate is refused before any call
    let mut bad = input("tls-a", &base, (41.9, 12.5));
    bad.ca_pem = Some(ours.key_pem.clone());
    assert!(matches!(pool::register(db, &app.state.bbb, &bad, now).await, Err(PoolError::Invalid { .. })));
    assert!(convene::db::servers::list(db.pool()).await.unwrap().is_empty(), "nothing stored");
    // With it: registered, polled, and meetings are created and joined on it through Convene.
    let mut good = input("tls-a", &base, (41.9, 12.5));
    good.ca_pem = Some(ours.ca_pem.clone());
    let id = pool::register(db, &app.state.bbb, &good, now).await.unwrap();
    let row = convene::db::servers::by_id(db.pool(), id).await.unwrap();
    assert!(row.api_url.starts_with("https://") && row.ca_pem.is_some());
    let poller = poller(&app, app.state.bbb.clone(), 4);
    let report = poller.tick().await.unwrap();
    assert_eq!((report.polled, report.failed), (1, 0));
    // the same server, called without its CA, is refused by the client
    let bare = Endpoint::new(row.api_url.clone(), SIM_SECRET, Algorithm::Sha256);
    assert!(matches!(app.state.bbb.get_meetings(&bare).await, Err(BbbError::Tls(_))));

    api_secrets(&app).await;
    let client = BbbClient::new(Duration::from_secs(3));
    let roma = convene(&app, ROMA_SECRET, Algorithm::Sha256);
    let created = client.create(&roma, &[("name", "Su TLS"), ("meetingID", "tls-1")]).await.unwrap();
    assert_eq!(created.meeting_id, "tls-1");
    assert_eq!(sim.meeting_count(), 1);
    let join = BbbClient::url(&roma, "join", &[("meetingID", "tls-1"), ("fullName", "Chiara"), ("role", "VIEWER")]);
    let res = no_redirects().get(&join).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with(&base), "to the https server: {to}");
    // a browser that trusts the CA follows it to the meeting
    let browser = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(ours.ca_pem.as_bytes()).unwrap())
        .build()
        .unwrap();
    let page = browser.get(&to).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Chiara"), "{page}");
    assert!(client.is_meeting_running(&roma, "tls-1").await.unwrap());
}

async fn institution_admins_add_public_addresses_only(app: TestApp) {
    let (_sim, base) = plain_simulator(&app, "local").await;
    let form = |name: &str, url: &str| {
        vec![
            ("server[name]", name.to_owned()),
            ("server[url]", url.to_owned()),
            ("server[secret]", SIM_SECRET.to_owned()),
            ("server[region]", String::new()),
            ("server[latitude]", "41.9".to_owned()),
            ("server[longitude]", "12.5".to_owned()),
            ("server[capacity]", "100".to_owned()),
            ("server[tags]", String::new()),
        ]
    };
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    let https_local = base.replace("http://", "https://");
    for url in [https_local.as_str(), "http://10.0.0.5/", "http://localhost:8080", "http://[::1]:9/", base.as_str()] {
        let res = admin.call("add_server", &as_refs(&form("roma-x", url))).await;
        assert_eq!(res.status(), 409, "{url}");
        assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Conflict"], "ServerNotPublic", "{url}");
    }
    assert!(convene::db::servers::list(app.state.db.pool()).await.unwrap().is_empty(), "nothing stored");
    // the rule itself, with its reason
    let roma = convene::db::institutions::by_slug(app.state.db.pool(), "uniroma").await.unwrap().id;
    let mut i = input("roma-y", "http://10.0.0.5/", (41.9, 12.5));
    (i.institution_id, i.by_operator) = (Some(roma), false);
    let err = pool::register(&app.state.db, &app.state.bbb, &i, app.clock.unix()).await.unwrap_err();
    assert!(matches!(err, PoolError::NotPublic(_)) && err.to_string().contains("only operators"), "{err}");
    // nor may they bring a CA of their own
    let mut i = input("roma-y", "https://bbb.example.org", (41.9, 12.5));
    (i.institution_id, i.by_operator, i.ca_pem) = (Some(roma), false, Some(pki("x").ca_pem));
    let err = pool::register(&app.state.db, &app.state.bbb, &i, app.clock.unix()).await.unwrap_err();
    assert!(matches!(err, PoolError::Invalid { field: "ca_pem", .. }), "{err}");
    // an operator may add a local address
    let mut op = app.signed_in(OPERATOR).await;
    let res = op.call("add_server", &as_refs(&form("net-local", &base))).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(convene::db::servers::list(app.state.db.pool()).await.unwrap().len(), 1);
}

async fn unshared_servers_keep_to_their_institution(app: TestApp) {
    let (roma_id, _usp) = api_secrets(&app).await;
    // The network's server far away (Tokyo); Rome's own server in São Paulo, the nearest to USP.
    let (net_sim, net_base) = plain_simulator(&app, "net").await;
    let (roma_sim, roma_base) = plain_simulator(&app, "roma-own").await;
    let db = &app.state.db;
    pool::register(db, &app.state.bbb, &input("net", &net_base, (35.7, 139.7)), app.clock.unix()).await.unwrap();
    let mut own = input("roma-own", &roma_base, (-23.5, -46.6));
    own.institution_id = Some(roma_id);
    let own_id = pool::register(db, &app.state.bbb, &own, app.clock.unix()).await.unwrap();
    assert_eq!(convene::db::servers::by_id(db.pool(), own_id).await.unwrap().shared, 0, "unshared at first");

    let client = BbbClient::new(Duration::from_secs(3));
    let usp = convene(&app, USP_SECRET, Algorithm::Sha256);
    let roma = convene(&app, ROMA_SECRET, Algorithm::Sha256);
    for n in 0..4 {
        client.create(&usp, &[("name", "Aula"), ("meetingID", &format!("usp-{n}"))]).await.unwrap();
    }
    assert_eq!((net_sim.meeting_count(), roma_sim.meeting_count()), (4, 0), "USP never on Rome's unshared server");
    // its own institution's meetings may go there
    client
        .create(&roma, &[("name", "Lezione"), ("meetingID", "roma-1"), ("meta_bbb-meeting-size-hint", "1")])
        .await
        .unwrap();
    assert_eq!(net_sim.meeting_count() + roma_sim.meeting_count(), 5);
    // USP's recordings are not asked of Rome's unshared server
    let asked = roma_sim.requests();
    let _ = client.get_recordings(&usp, &[]).await.unwrap();
    assert_eq!(roma_sim.requests(), asked, "no getRecordings to a server USP may not use");
    let _ = client.get_recordings(&roma, &[]).await.unwrap();
    assert!(roma_sim.requests() > asked, "Rome's recordings are asked of it");

    // Only an operator shares it (the institution's admin may not); then USP's meetings may go there.
    let id = own_id.to_string();
    let mut admin = app.signed_in(ROMA_ADMIN).await;
    assert_eq!(admin.call("set_server_shared", &[("id", &id), ("shared", "true")]).await.status(), 403);
    let mut op = app.signed_in(OPERATOR).await;
    let res = op.call("set_server_shared", &[("id", &id), ("shared", "true")]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let view: serde_json::Value = op.call("get_pool", &[]).await.json().await.unwrap();
    let shown = view["servers"].as_array().unwrap().iter().find(|s| s["name"] == "roma-own").unwrap().clone();
    assert_eq!(shown["shared"], true);
    let before = roma_sim.meeting_count();
    client.create(&usp, &[("name", "Aula"), ("meetingID", "usp-shared")]).await.unwrap();
    assert_eq!(roma_sim.meeting_count(), before + 1, "shared: USP's meeting goes to the nearest server");
    // taken back: new USP meetings leave it again
    pool::set_shared(db, "roma-own", false, app.clock.unix()).await.unwrap();
    app.state.api_cache.clear();
    let before = roma_sim.meeting_count();
    client.create(&usp, &[("name", "Aula"), ("meetingID", "usp-after")]).await.unwrap();
    assert_eq!(roma_sim.meeting_count(), before);
    // the network's own servers cannot be "shared": they serve everyone
    let net = convene::db::servers::by_name(db.pool(), "net").await.unwrap().id.to_string();
    assert_eq!(op.call("set_server_shared", &[("id", &net), ("shared", "true")]).await.status(), 422);
    assert!(pool::set_shared(db, "net", true, app.clock.unix()).await.is_err());
}

both_backends!(
    https_server_on_a_private_ca,
    institution_admins_add_public_addresses_only,
    unshared_servers_keep_to_their_institution
);

/// `convene server add` refuses an https server whose certificate it does not trust, names the problem and
/// points at --ca-file; with the CA file it registers it.
#[tokio::test]
async fn cli_refuses_an_untrusted_certificate() {
    let Some(app) = spawn(Backend::Sqlite, |_| {}).await else { return };
    let ours = pki("cli");
    let (_sim, base) = tls_simulator(&app, "tls-cli", &ours).await;
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &ours.ca_pem).unwrap();
    let db_url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let run = move |extra: Vec<String>| {
        let (db_url, base) = (db_url.clone(), base.clone());
        tokio::task::spawn_blocking(move || {
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_convene"));
            for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("CONVENE_")) {
                cmd.env_remove(k);
            }
            // A loaded machine runs the whole suite at once: no spurious timeout.
            cmd.env("DATABASE_URL", &db_url)
                .env("CONVENE_LOG__FILTER", "error")
                .env("CONVENE_POOL__CALL_TIMEOUT_MS", "20000")
                .args([
                    "server",
                    "add",
                    "--name",
                    "tls-cli",
                    "--url",
                    &base,
                    "--secret",
                    SIM_SECRET,
                    "--latitude",
                    "41.9",
                    "--longitude",
                    "12.5",
                    "--capacity",
                    "100",
                ]);
            cmd.args(extra).output().unwrap()
        })
    };
    let out = run(vec![]).await.unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("TLS certificate is not trusted") && err.contains("UnknownIssuer"), "{err}");
    assert!(err.contains("--ca-file") && !err.contains("checksum"), "{err}");
    let out = run(vec!["--ca-file".into(), ca_file.display().to_string()]).await.unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("registered server"));
}
