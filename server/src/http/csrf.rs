//! Cross-site request forgery guard: a request that can change something (anything but GET, HEAD, OPTIONS) must
//! come from the portal's own pages. Browsers say so with `Sec-Fetch-Site: same-origin`; older ones send an
//! `Origin` that must equal the configured public origin. Anything else is refused with 403 before any handler,
//! server function or form endpoint runs.

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

pub fn same_origin(method: &Method, sec_fetch_site: Option<&str>, origin: Option<&str>, public_origin: &str) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    match (sec_fetch_site, origin) {
        (Some(site), _) => site == "same-origin",
        (None, Some(origin)) => origin == public_origin,
        (None, None) => false,
    }
}

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    if same_origin(req.method(), site, origin, &state.config.public_origin()) {
        return next.run(req).await;
    }
    tracing::warn!(method = %req.method(), sec_fetch_site = ?site, origin = ?origin, "cross-site request refused");
    state.metrics.csrf_refused.inc();
    (
        StatusCode::FORBIDDEN,
        "Refused: this request did not come from Convene's own pages. Reload the page and try again.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: &str = "https://convene.example";

    #[test]
    fn reads_pass_writes_need_our_origin() {
        assert!(same_origin(&Method::GET, Some("cross-site"), Some("https://evil.example"), ME));
        assert!(same_origin(&Method::POST, Some("same-origin"), Some(ME), ME));
        assert!(same_origin(&Method::POST, None, Some(ME), ME));
        assert!(!same_origin(&Method::POST, Some("cross-site"), Some(ME), ME));
        assert!(!same_origin(&Method::POST, Some("same-site"), None, ME));
        assert!(!same_origin(&Method::POST, Some("none"), None, ME));
        assert!(!same_origin(&Method::POST, None, Some("https://evil.example"), ME));
        assert!(!same_origin(&Method::POST, None, Some("null"), ME));
        assert!(!same_origin(&Method::DELETE, None, None, ME));
        assert!(!same_origin(&Method::PUT, None, Some("https://convene.example.evil.example"), ME));
    }
}
