//! Security headers on every answer: a Content-Security-Policy whose script nonce is made per response and handed
//! to the Leptos render (the hydration script carries it), no sniffing, no referrer to other sites (guest and feed
//! tokens live in URLs), no framing, HSTS when the public address is https.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::RwLock;

use crate::state::AppState;

/// The script nonce of one response (16 random bytes, hex), in the request's extensions.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

impl CspNonce {
    fn new() -> CspNonce {
        CspNonce(hex::encode(rand::random::<[u8; 16]>()).into())
    }
}

/// Where forms may send people besides this site: the conference servers a join redirects to (a page without
/// JavaScript posts the join form, and the answer redirects to the server; browsers check that against
/// `form-action`). Read from the pool at most every 30 seconds.
#[derive(Default)]
pub struct FormTargets {
    cached: RwLock<Option<(Instant, Arc<str>)>>,
}

impl FormTargets {
    async fn get(&self, state: &AppState) -> Arc<str> {
        if let Some((at, v)) = self.cached.read().await.as_ref()
            && at.elapsed() < Duration::from_secs(30)
        {
            return v.clone();
        }
        // Never held up by the database: a slow or failed read keeps the last good list (tried again in 30 s).
        let read = sqlx::query_as::<_, (String,)>("SELECT api_url FROM servers").fetch_all(state.db.pool());
        let urls = match tokio::time::timeout(Duration::from_millis(500), read).await {
            Ok(Ok(urls)) => urls,
            _ => {
                let mut cached = self.cached.write().await;
                let last = cached.as_ref().map(|(_, v)| v.clone()).unwrap_or_else(|| Arc::from(""));
                *cached = Some((Instant::now(), last.clone()));
                return last;
            }
        };
        let mut origins: Vec<String> = urls
            .iter()
            .filter_map(|(u,)| url::Url::parse(u).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .map(|u| u.origin().ascii_serialization())
            .filter(|o| o.bytes().all(|b| b.is_ascii_graphic() && b != b';' && b != b','))
            .collect();
        origins.sort();
        origins.dedup();
        let v: Arc<str> = origins.join(" ").into();
        *self.cached.write().await = Some((Instant::now(), v.clone()));
        v
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
        content_security_policy(&nonce.0, &state.form_targets.get(&state).await)
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
