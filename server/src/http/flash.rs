//! Carries what a plain form post leaves for the page it comes back to (`app::flash`): on the post, the typed
//! fields of a refused form (never passwords, secrets or access codes), that the form succeeded, or a value its
//! answer shows once; on the next page, it is taken out of the session and rendered into that page only.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use app::ctx::RevealSlot;
use app::flash::{Flash, MAX_FIELDS, MAX_TOTAL, MAX_VALUE};
use app::session::SessionView;

use crate::auth::session_store::USER_ID;
use crate::state::AppState;

/// The session key of the flash.
pub const FLASH: &str = "flash";

fn accepts_html(req: &Request) -> bool {
    req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

fn is_urlencoded(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// The fields of a urlencoded form body worth keeping, within the limits.
pub fn fields_of(body: &[u8]) -> Vec<(String, String)> {
    let mut total = 0;
    url::form_urlencoded::parse(body)
        .filter(|(k, v)| Flash::keeps(k) && k.len() <= 200 && v.len() <= MAX_VALUE)
        .take(MAX_FIELDS)
        .filter(|(k, v)| {
            total += k.len() + v.len();
            total <= MAX_TOTAL
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub async fn carry(State(state): State<AppState>, session: Session, req: Request, next: Next) -> Response {
    if req.method() == Method::POST && req.uri().path().starts_with("/api/") && accepts_html(&req) {
        return keep(session, req, next, state.config.http.max_body_bytes).await;
    }
    if req.method() == Method::GET && accepts_html(&req) && !req.uri().path().starts_with("/api/") {
        return show(session, req, next).await;
    }
    next.run(req).await
}

/// A plain form post: run it, then keep what its page needs.
async fn keep(session: Session, req: Request, next: Next, limit: usize) -> Response {
    let path = req.uri().path().to_owned();
    let urlencoded = is_urlencoded(&req);
    let (mut parts, body) = req.into_parts();
    parts.extensions.insert(RevealSlot::default());
    if !urlencoded {
        return finish(session, path, Vec::new(), Request::from_parts(parts, body), next).await;
    }
    // The router's body limit, as the server function itself would apply it.
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => {
            let fields = fields_of(&bytes);
            finish(session, path, fields, Request::from_parts(parts, Body::from(bytes)), next).await
        }
        Err(_) => (axum::http::StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response(),
    }
}

async fn finish(session: Session, path: String, fields: Vec<(String, String)>, req: Request, next: Next) -> Response {
    let slot = req.extensions().get::<RevealSlot>().cloned().unwrap_or_default();
    let response = next.run(req).await;
    let Some(location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .filter(|_| response.status().is_redirection())
    else {
        return response;
    };
    // Only for someone signed in: a flash never creates a session (anonymous posts would fill the store).
    if !matches!(session.get::<i64>(USER_ID).await, Ok(Some(_))) {
        return response;
    }
    let failed = location.contains("__err=");
    let flash = Flash {
        path,
        ok: !failed,
        fields: if failed { fields } else { Vec::new() },
        reveal: if failed { None } else { slot.take() },
        error: None,
    };
    if let Err(e) = session.insert(FLASH, flash).await {
        tracing::warn!(error = %e, "could not keep a form's outcome for the next page");
    }
    response
}

/// A page: the flash, if there is one, is rendered into it and leaves the session.
async fn show(session: Session, mut req: Request, next: Next) -> Response {
    // Read first: removing marks the session changed (a write), which only a page with a flash should cost.
    if let Ok(Some(flash)) = session.get::<Flash>(FLASH).await {
        let _ = session.remove_value(FLASH).await;
        if let Some(view) = req.extensions_mut().get_mut::<SessionView>() {
            view.flash = Some(flash);
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::fields_of;

    #[test]
    fn fields_are_decoded_and_secrets_dropped() {
        let body = b"room%5Bname%5D=Aula+Magna&server%5Bsecret%5D=s3cr3t&new_password=x&__path=%2Fapi&t=%E2%82%AC";
        assert_eq!(
            fields_of(body),
            vec![("room[name]".to_owned(), "Aula Magna".to_owned()), ("t".to_owned(), "€".to_owned())]
        );
    }

    #[test]
    fn limits_hold() {
        let big: Vec<String> = (0..10).map(|i| format!("f{i}={}", "x".repeat(8000))).collect();
        let kept = fields_of(big.join("&").as_bytes());
        assert!(kept.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>() <= app::flash::MAX_TOTAL);
        assert_eq!(kept.len(), 4);
        let long = format!("a={}", "x".repeat(app::flash::MAX_VALUE + 1));
        assert!(fields_of(long.as_bytes()).is_empty());
        let many: Vec<String> = (0..200).map(|i| format!("f{i}=v")).collect();
        assert_eq!(fields_of(many.join("&").as_bytes()).len(), app::flash::MAX_FIELDS);
    }
}
