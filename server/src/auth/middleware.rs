//! Works out, for every request, who is signed in and in which language to answer, and puts it in the request's
//! extensions as a [`SessionView`] for pages, server functions and routes.

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
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
    if view.user.is_none()
        && let Some(to) = sign_in_first(req.method(), req.uri(), req.headers())
    {
        return axum::response::Redirect::to(&to).into_response();
    }
    req.extensions_mut().insert(view);
    next.run(req).await
}

/// Pages only for people signed in (every page but the home page, the sign-in page and guests' links): one of
/// them asked by someone who is not leads to the sign-in page, which comes back to it afterwards.
const MEMBERS_PAGES: &[&str] = &["/account", "/admin", "/institutions", "/rooms", "/bookings"];

/// Where a browser asking `uri` without being signed in is sent instead: the sign-in page with the page as its
/// `next` (only a page a person navigates to; server functions, feeds and other calls answer for themselves).
pub fn sign_in_first(method: &axum::http::Method, uri: &axum::http::Uri, headers: &HeaderMap) -> Option<String> {
    let navigation =
        headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let path = uri.path();
    let members_page =
        MEMBERS_PAGES.iter().any(|p| path == *p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('/')));
    if !(navigation && members_page && matches!(*method, axum::http::Method::GET | axum::http::Method::HEAD)) {
        return None;
    }
    let wanted = uri.path_and_query().map_or(path, |pq| pq.as_str());
    let next = app::validate::safe_next(Some(wanted));
    let mut to = url::Url::parse("http://convene.invalid/login").ok()?;
    to.query_pairs_mut().append_pair("next", &next);
    Some(format!("/login?{}", to.query().unwrap_or_default()))
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
    let (user, user_lang, inst_lang, institutions) = match signed_in(state, session).await? {
        Some((u, ul, il, links)) => (Some(u), ul, il, links),
        None => (None, None, None, Vec::new()),
    };
    let lang = cookie(headers, LANG_COOKIE)
        .and_then(|c| Lang::from_code(&c))
        .or(user_lang)
        .or_else(|| {
            headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::negotiate)
        })
        .or(inst_lang)
        .unwrap_or_default();
    let links = app::session::FooterLinks { site: state.config.site.links(), institutions };
    Ok(SessionView { user, lang, flash: None, links })
}

/// The user, their own language, their first institution's, and the footer links of their institutions.
type SignedIn = Option<(CurrentUser, Option<Lang>, Option<Lang>, Vec<(String, app::session::LinkSet)>)>;

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
    let links = memberships.iter().map(|m| (m.name.clone(), m.links())).filter(|(_, l)| !l.is_empty()).collect();
    Ok(Some((user, row.language.as_deref().and_then(Lang::from_code), inst_lang, links)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{Method, Uri, header};

    fn html() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, "text/html,application/xhtml+xml".parse().unwrap());
        h
    }

    #[test]
    fn members_pages_lead_to_sign_in_and_back() {
        let to = |m: Method, u: &str, h: &HeaderMap| sign_in_first(&m, &u.parse::<Uri>().unwrap(), h);
        assert_eq!(
            to(Method::GET, "/rooms/5/bookings/9?x=1", &html()).as_deref(),
            Some("/login?next=%2Frooms%2F5%2Fbookings%2F9%3Fx%3D1")
        );
        assert_eq!(to(Method::GET, "/admin/pool", &html()).as_deref(), Some("/login?next=%2Fadmin%2Fpool"));
        assert_eq!(to(Method::GET, "/account", &html()).as_deref(), Some("/login?next=%2Faccount"));
        for open in
            ["/", "/login", "/guest/abc", "/roomsx", "/api/list_rooms", "/feeds/t", "/saml/metadata", "/idp-logo/1"]
        {
            assert_eq!(to(Method::GET, open, &html()), None, "{open}");
        }
        assert_eq!(to(Method::GET, "/rooms", &HeaderMap::new()), None, "not a navigation");
        assert_eq!(to(Method::POST, "/rooms", &html()), None, "a post answers for itself");
    }
}
