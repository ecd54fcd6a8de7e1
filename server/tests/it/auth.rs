//! Local sign-in and sessions, on SQLite and PostgreSQL.

use crate::common::*;

async fn login_success(app: TestApp) {
    let mut b = app.browser();
    assert!(!b.is_signed_in().await);
    let res = b
        .post_form("/auth/login", &[("email", " Marco@UniRoma.test "), ("password", PASSWORD), ("next", "/account")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/account");
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("convene_session="));
    let cookie = cookie.expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http: no Secure flag ({cookie})");
    assert!(!cookie.to_ascii_lowercase().contains("domain="), "host-only ({cookie})");
    assert!(b.is_signed_in().await);
    // The page shows who is signed in.
    let html = b.get("/").await.text().await.unwrap();
    assert!(html.contains("Marco Rossi"));
}

async fn login_failure_same_message(app: TestApp) {
    let mut b = app.browser();
    let wrong = b.login(ROMA_MEMBER, "not-the-password").await;
    assert_eq!(wrong.status(), 303);
    let wrong_to = wrong.headers()["location"].to_str().unwrap().to_owned();
    let unknown = b.login("nobody@uniroma.test", "not-the-password").await;
    let unknown_to = unknown.headers()["location"].to_str().unwrap().to_owned();
    assert!(wrong_to.starts_with("/login?error=invalid"), "{wrong_to}");
    assert!(unknown_to.starts_with("/login?error=invalid"), "{unknown_to}");
    assert!(b.session_cookie().is_none(), "no session for a failed sign-in");
    assert!(!b.is_signed_in().await);
    // The login page explains, in the person's language.
    let page = b.get(&wrong_to).await.text().await.unwrap();
    assert!(page.contains("The e-mail or the password is not right"), "{page}");
}

async fn session_fixation(app: TestApp) {
    // The attacker holds a valid session id and plants it in the victim's browser.
    let mut attacker = app.signed_in(ROMA_MEMBER).await;
    let planted = attacker.session_cookie().unwrap();
    let mut victim = app.browser();
    victim.cookies.insert("convene_session".into(), planted.clone());
    let res = victim.login(ROMA_ADMIN, PASSWORD).await;
    assert_eq!(res.headers()["location"], "/");
    let issued = victim.session_cookie().unwrap();
    assert_ne!(planted, issued, "the session id changes at sign-in");
    assert!(victim.is_signed_in().await);
    // The planted id is dead: it grants neither the victim's account nor the attacker's old one.
    assert!(!attacker.is_signed_in().await);
    let html = attacker.get("/").await.text().await.unwrap();
    assert!(!html.contains("Alessandra Admin"));
}

async fn logout_ends_session(app: TestApp) {
    let mut b = app.signed_in(ROMA_MEMBER).await;
    let id = b.session_cookie().unwrap();
    let res = b.post_form("/auth/logout", &[]).await;
    assert_eq!(res.status(), 303);
    assert!(!b.is_signed_in().await);
    let mut replay = app.browser();
    replay.cookies.insert("convene_session".into(), id);
    assert!(!replay.is_signed_in().await, "a signed-out session id is dead");
}

async fn idle_timeout(app: TestApp) {
    let mut b = app.signed_in(ROMA_MEMBER).await;
    let idle = i64::from(app.state.config.session.idle_minutes) * 60;
    app.clock.advance(idle - 60);
    assert!(b.is_signed_in().await, "still within the idle window");
    app.clock.advance(idle - 60);
    assert!(b.is_signed_in().await, "each use restarts the idle window");
    app.clock.advance(idle + 1);
    assert!(!b.is_signed_in().await, "unused for longer than idle_minutes");
}

/// A busy session is written down at most once a minute, not at every request (one database write per page was
/// the heaviest part of a page view); the cookie is renewed with it.
async fn use_is_written_at_most_once_a_minute(app: TestApp) {
    let mut b = app.signed_in(ROMA_MEMBER).await;
    let id = b.session_cookie().unwrap();
    let expires = |app: &TestApp| {
        let (pool, id) = (app.state.db.pool().clone(), id.clone());
        async move {
            let (e,): (i64,) = sqlx::query_as("SELECT expires_at FROM sessions WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap();
            e
        }
    };
    let first = expires(&app).await;
    app.clock.advance(30);
    let res = b.get("/").await;
    assert!(res.headers().get_all("set-cookie").iter().all(|c| !c.to_str().unwrap().starts_with("convene_session=")));
    assert!(b.is_signed_in().await);
    assert_eq!(expires(&app).await, first, "used within the minute: nothing written");
    app.clock.advance(31);
    let res = b.get("/").await;
    let renewed =
        res.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("convene_session="));
    assert!(renewed, "the cookie is renewed with the write");
    // (The test clock also runs with real time: a second may pass between the two reads.)
    let later = expires(&app).await;
    assert!((first + 61..=first + 63).contains(&later), "a minute on: the idle window starts again ({later})");
    assert_eq!(b.session_cookie().unwrap(), id, "same session");
}

/// A session deleted by a sign-out is not brought back by a request that finishes after it and saves.
async fn a_late_save_does_not_bring_a_session_back(app: TestApp) {
    use tower_sessions::SessionStore;
    let mut b = app.signed_in(ROMA_MEMBER).await;
    let id = b.session_cookie().unwrap();
    assert_eq!(b.post_form("/auth/logout", &[]).await.status(), 303);
    let record = tower_sessions::session::Record {
        id: id.parse().unwrap(),
        data: Default::default(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    app.state.sessions.save(&record).await.unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions WHERE id = $1")
        .bind(&id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(n, 0);
    let mut replay = app.browser();
    replay.cookies.insert("convene_session".into(), id);
    assert!(!replay.is_signed_in().await);
}

async fn absolute_timeout(app: TestApp) {
    let mut b = app.signed_in(ROMA_MEMBER).await;
    let idle = i64::from(app.state.config.session.idle_minutes) * 60;
    let absolute = i64::from(app.state.config.session.absolute_hours) * 3600;
    let mut elapsed = 0;
    // Keep the session busy: the idle timeout never fires, the absolute one does.
    while elapsed + idle / 2 < absolute {
        app.clock.advance(idle / 2);
        elapsed += idle / 2;
        assert!(b.is_signed_in().await, "busy session alive after {elapsed}s");
    }
    app.clock.advance(idle / 2);
    assert!(!b.is_signed_in().await, "signed out after the absolute lifetime");
}

async fn garbage_cookie_is_anonymous(app: TestApp) {
    for junk in ["", "x", "%%%%", "AAAAAAAAAAAAAAAAAAAAAA", "../../etc/passwd", &"z".repeat(4000)] {
        let mut b = app.browser();
        b.cookies.insert("convene_session".into(), junk.to_owned());
        let res = b.get("/").await;
        assert_eq!(res.status(), 200, "cookie {junk:?}");
        b.cookies.insert("convene_session".into(), junk.to_owned());
        assert!(!b.is_signed_in().await);
    }
}

async fn login_rate_limited(app: TestApp) {
    let mut b = app.browser();
    let burst = app.state.config.login.account_burst;
    for _ in 0..burst {
        let res = b.login(ROMA_MEMBER, "wrong-password").await;
        assert!(res.headers()["location"].to_str().unwrap().contains("error=invalid"));
    }
    // Over the limit even the right password is refused, with a message saying to wait.
    let res = b.login(ROMA_MEMBER, PASSWORD).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("error=rate_limited"));
    assert!(!b.is_signed_in().await);
    // Another account from the same address is not affected (below the address limit).
    let mut c = app.browser();
    let res = c.login(ROMA_ADMIN, PASSWORD).await;
    assert_eq!(res.headers()["location"], "/");
}

async fn password_change_ends_other_sessions(app: TestApp) {
    let mut phone = app.signed_in(ROMA_MEMBER).await;
    let mut laptop = app.signed_in(ROMA_MEMBER).await;
    let res = laptop.call("change_password", &[("current", PASSWORD), ("new", "a-brand-new-password")]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert!(laptop.is_signed_in().await, "the session that changed it stays");
    assert!(!phone.is_signed_in().await, "other sessions end");
    let mut b = app.browser();
    assert_eq!(b.login(ROMA_MEMBER, "a-brand-new-password").await.headers()["location"], "/");
    // A wrong current password changes nothing.
    let res = laptop.call("change_password", &[("current", "nope"), ("new", "another-password-1")]).await;
    assert_eq!(res.status(), 422);
}

both_backends!(
    login_success,
    login_failure_same_message,
    session_fixation,
    logout_ends_session,
    idle_timeout,
    use_is_written_at_most_once_a_minute,
    a_late_save_does_not_bring_a_session_back,
    absolute_timeout,
    garbage_cookie_is_anonymous,
    login_rate_limited,
    password_change_ends_other_sessions,
);
