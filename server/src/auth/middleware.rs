//! Works out, for every request, who is signed in and in which language to answer, and puts it in the request's
//! extensions as a [`SessionView`] for pages, server functions and routes.

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use app::i18n::Lang;
use app::session::{CurrentUser, SessionView};

use super::session_store::{AUTH_AT, SEEN, TOUCH_EVERY, USER_ID};
use crate::state::AppState;

/// Name of the cookie that keeps an explicit language choice.
pub const LANG_COOKIE: &str = "convene_lang";

pub async fn current_user(State(state): State<AppState>, session: Session, mut req: Request, next: Next) -> Response {
    let view = match resolve(&state, &session, req.headers()).await {
        Ok(view) => view,
        // The person may well be signed in: saying "please sign in" would be wrong, and signing in cannot work.
        Err(Unavailable) => return crate::http::errors::unavailable_page(header_lang(req.headers())),
    };
    req.extensions_mut().insert(view);
    next.run(req).await
}

/// The session or the account behind it could not be read: the database is unreachable or failing.
#[derive(Debug)]
pub struct Unavailable;

/// The language a request asks for before anyone is known: the language cookie, else `Accept-Language`.
pub fn header_lang(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(|c| Lang::from_code(&c))
        .or_else(|| {
            headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::negotiate)
        })
        .unwrap_or_default()
}

/// The signed-in user and their language. A session that is unknown, expired or unreadable (garbage cookie) means
/// "anonymous"; a database that does not answer is [`Unavailable`].
pub async fn resolve(state: &AppState, session: &Session, headers: &HeaderMap) -> Result<SessionView, Unavailable> {
    let (user, user_lang, inst_lang) = match signed_in(state, session).await? {
        Some((u, ul, il)) => (Some(u), ul, il),
        None => (None, None, None),
    };
    let lang = cookie(headers, LANG_COOKIE)
        .and_then(|c| Lang::from_code(&c))
        .or(user_lang)
        .or_else(|| {
            headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::negotiate)
        })
        .or(inst_lang)
        .unwrap_or_default();
    Ok(SessionView { user, lang, flash: None })
}

type SignedIn = Option<(CurrentUser, Option<Lang>, Option<Lang>)>;

async fn signed_in(state: &AppState, session: &Session) -> Result<SignedIn, Unavailable> {
    let uid = match session.get::<i64>(USER_ID).await {
        Ok(Some(uid)) => uid,
        Ok(None) => return Ok(None),
        // The store could not load the session: the database, not the cookie (a malformed id never reaches it).
        Err(tower_sessions::session::Error::Store(e)) => {
            tracing::error!(error = %e, "could not load the session");
            return Err(Unavailable);
        }
        Err(_) => return Ok(None),
    };
    let auth_at = session.get::<i64>(AUTH_AT).await.ok().flatten().unwrap_or(0);
    let absolute = i64::from(state.config.session.absolute_hours) * 3600;
    if state.clock.unix() - auth_at >= absolute {
        tracing::info!(user_id = uid, "session reached its absolute lifetime");
        let _ = session.flush().await;
        return Ok(None);
    }
    let (user, row, memberships) = match super::actor::load(state.db.pool(), uid).await {
        Ok(Some(found)) => found,
        // Gone or disabled: the session ends.
        Ok(None) => {
            let _ = session.flush().await;
            return Ok(None);
        }
        Err(e) => {
            tracing::error!(error = %e, "could not load the signed-in user");
            return Err(Unavailable);
        }
    };
    // Marking the session as used makes tower-sessions save it (and renew the cookie) after the response; within a
    // minute of the last save the stored expiry is good enough and the request writes nothing.
    let now = state.clock.unix();
    let seen = session.get::<i64>(SEEN).await.ok().flatten().unwrap_or(0);
    let every = TOUCH_EVERY.min(i64::from(state.config.session.idle_minutes) * 30);
    if now - seen >= every
        && let Err(e) = session.insert(SEEN, now).await
    {
        tracing::warn!(error = %e, "could not mark the session as used");
    }
    let inst_lang = memberships.first().and_then(|m| Lang::from_code(&m.default_language));
    Ok(Some((user, row.language.as_deref().and_then(Lang::from_code), inst_lang)))
}

/// The value of one cookie of the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
}
