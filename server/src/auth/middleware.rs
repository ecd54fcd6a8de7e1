//! Works out, for every request, who is signed in and in which language to answer, and puts it in the request's
//! extensions as a [`SessionView`] for pages, server functions and routes.

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use app::i18n::Lang;
use app::session::{CurrentUser, Membership, Role, SessionView};

use super::session_store::{AUTH_AT, SEEN, TOUCH_EVERY, USER_ID};
use crate::db;
use crate::state::AppState;

/// Name of the cookie that keeps an explicit language choice.
pub const LANG_COOKIE: &str = "convene_lang";

pub async fn current_user(State(state): State<AppState>, session: Session, mut req: Request, next: Next) -> Response {
    let view = resolve(&state, &session, req.headers()).await;
    req.extensions_mut().insert(view);
    next.run(req).await
}

/// The signed-in user and their language. Any failure reading the session means "anonymous", never an error page.
pub async fn resolve(state: &AppState, session: &Session, headers: &HeaderMap) -> SessionView {
    let (user, user_lang, inst_lang) = match signed_in(state, session).await {
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
    SessionView { user, lang }
}

async fn signed_in(state: &AppState, session: &Session) -> Option<(CurrentUser, Option<Lang>, Option<Lang>)> {
    let uid = session.get::<i64>(USER_ID).await.ok().flatten()?;
    let auth_at = session.get::<i64>(AUTH_AT).await.ok().flatten().unwrap_or(0);
    let absolute = i64::from(state.config.session.absolute_hours) * 3600;
    if state.clock.unix() - auth_at >= absolute {
        tracing::info!(user_id = uid, "session reached its absolute lifetime");
        let _ = session.flush().await;
        return None;
    }
    let row = match db::users::by_id(state.db.pool(), uid).await {
        Ok(r) => r,
        Err(db::DbError::NotFound) => {
            let _ = session.flush().await;
            return None;
        }
        Err(e) => {
            tracing::error!(error = %e, "could not load the signed-in user");
            return None;
        }
    };
    if row.is_disabled() {
        let _ = session.flush().await;
        return None;
    }
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
    let memberships = db::users::memberships(state.db.pool(), uid).await.unwrap_or_else(|e| {
        tracing::error!(error = %e, "could not load memberships");
        Vec::new()
    });
    let is_operator = row.operator();
    let inst_lang = memberships.first().and_then(|m| Lang::from_code(&m.default_language));
    let user = CurrentUser {
        id: row.id,
        email: row.email,
        display_name: row.display_name,
        is_operator,
        memberships: memberships
            .into_iter()
            .filter_map(|m| {
                Some(Membership {
                    institution_id: m.institution_id,
                    slug: m.slug,
                    name: m.name,
                    role: Role::parse(&m.role)?,
                })
            })
            .collect(),
    };
    Some((user, row.language.as_deref().and_then(Lang::from_code), inst_lang))
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
