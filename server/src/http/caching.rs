//! Cache rules: the bundle's content-hashed files are kept for a year (`immutable`); other static files a day or
//! revalidated; everything else — pages, server function answers, feeds — is never stored (`no-store`), since it
//! may show a signed-in person's data.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// `convene.<16 hex>.<ext>` (and its `.br` / `.gz` siblings): the names `scripts/build` gives the bundle.
pub fn is_hashed_asset(path: &str) -> bool {
    let Some(name) = path.strip_prefix("/pkg/") else { return false };
    let mut parts = name.split('.');
    let (Some(stem), Some(hash), Some(ext)) = (parts.next(), parts.next(), parts.next()) else { return false };
    !stem.is_empty()
        && stem.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && matches!(ext, "js" | "wasm" | "css")
        && parts.next().is_none()
}

pub async fn cache_control(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let ok = matches!(res.status(), StatusCode::OK | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT);
    let h = res.headers_mut();
    let value = if path.starts_with("/pkg/") {
        h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        if ok && is_hashed_asset(&path) { "public, max-age=31536000, immutable" } else { "no-cache" }
    } else if ok && (path == "/favicon.svg" || path == "/robots.txt") {
        "public, max-age=86400"
    } else if h.contains_key(header::CACHE_CONTROL) {
        return res;
    } else {
        "no-store"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_the_bundles_hashed_names_are_immutable() {
        assert!(is_hashed_asset("/pkg/convene.0123456789abcdef.wasm"));
        assert!(is_hashed_asset("/pkg/convene.0123456789abcdef.js"));
        assert!(is_hashed_asset("/pkg/convene.0123456789abcdef.css"));
        assert!(!is_hashed_asset("/pkg/convene.wasm"));
        assert!(!is_hashed_asset("/pkg/convene.0123456789abcdeg.js"));
        assert!(!is_hashed_asset("/pkg/convene.0123456789abcdef.js.map"));
        assert!(!is_hashed_asset("/pkg/snippets/x/inline0.js"));
        assert!(!is_hashed_asset("/favicon.0123456789abcdef.js"));
    }
}
