//! Security headers on every answer: a Content-Security-Policy whose script nonce is made per response and handed
//! to the Leptos render (the hydration script carries it), no sniffing, no referrer to other sites (guest and feed
//! tokens live in URLs), no framing, HSTS when the public address is https.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// The script nonce of one response (16 random bytes, hex), in the request's extensions.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

impl CspNonce {
    fn new() -> CspNonce {
        CspNonce(hex::encode(rand::random::<[u8; 16]>()).into())
    }
}

pub fn content_security_policy(nonce: &str, form_targets: &str) -> String {
    let extra = if form_targets.is_empty() { String::new() } else { format!(" {form_targets}") };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'{extra}; frame-ancestors 'none'"
    )
}

pub async fn security(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce = CspNonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // Documents get the full policy; anything else may not run or embed anything at all.
    let csp = if is_html {
        content_security_policy(&nonce.0, &state.form_targets.get(&state.db).await)
    } else {
        "default-src 'none'; frame-ancestors 'none'".to_owned()
    };
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(v) = HeaderValue::from_str(&csp)
    {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Guest and feed tokens live in URLs: no other site ever sees our addresses. Same-origin requests keep the
    // Referer: a server function posted by a form without JavaScript answers by redirecting back to it.
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if state.config.secure_cookies() {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    res
}
