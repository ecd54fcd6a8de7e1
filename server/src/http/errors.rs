//! Error pages served outside Leptos (panics, failures in plain routes): a generic message and the request id,
//! never internals.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use app::i18n::{Lang, T};

use super::request_id::current_request_id;

/// The look of pages served outside Leptos, inline: they must work when the bundle's stylesheet (whose name
/// carries a hash) is not at hand.
const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}\
main{max-width:36rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:12px;\
box-shadow:0 1px 3px rgba(0,0,0,.12)}h1{font-size:1.4rem;margin-top:0}code{background:#eef0f3;padding:.1rem .3rem}\
a.button{display:inline-block;padding:.5rem 1rem;border-radius:8px;background:#1f5fbf;color:#fff;text-decoration:none}\
@media (prefers-color-scheme:dark){body{background:#14171b;color:#e6e8eb}main{background:#1d2126}code{background:#2a2f36}}";

fn escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '&' => "&amp;".to_owned(),
            '"' => "&quot;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

pub fn error_page(status: StatusCode, request_id: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>Convene — error</title>\
         <style>{STYLE}</style></head><body><main id=\"main\" class=\"card narrow\">\
         <h1>Something went wrong</h1><p>The problem is on our side and has been logged. Please try again; if it \
         persists, give this reference to support:</p><p><code id=\"request-id\">{}</code></p>\
         <p><a class=\"button\" href=\"/\">Home</a></p></main></body></html>",
        escape(request_id)
    );
    (status, Html(body)).into_response()
}

/// A page that sends the browser on to `url` by itself (a meta refresh, and a link for when that is off): after a
/// form post, where a redirect to another origin would be refused by the pages' CSP `form-action` (a SAML IdP's
/// single logout service, say, among the thousands of a federation).
pub fn continue_page(lang: Lang, title: &str, message: &str, button: &str, url: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><meta http-equiv=\"refresh\" content=\"0;url={url}\">\
         <title>{title}</title><style>{STYLE}</style></head><body><main id=\"main\" class=\"card narrow\">\
         <h1>{title}</h1><p>{message}</p><p><a class=\"button\" id=\"continue\" href=\"{url}\">{button}</a></p>\
         </main></body></html>",
        code = lang.code(),
        url = escape(url),
        title = escape(title),
        message = escape(message),
        button = escape(button),
    );
    let mut res = (StatusCode::OK, Html(body)).into_response();
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    res
}

/// A 500 page for the request being served.
pub fn internal_page() -> Response {
    error_page(StatusCode::INTERNAL_SERVER_ERROR, &current_request_id().unwrap_or_default())
}

/// 503 while the database does not answer: says so in the reader's language (never "please sign in"), with the
/// request id and a hint to retry.
pub fn unavailable_page(lang: Lang) -> Response {
    let request_id = current_request_id().unwrap_or_default();
    let body = format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <style>{STYLE}</style></head><body><main id=\"main\" class=\"card narrow\">\
         <h1>{title}</h1><p>{message}</p><p><code id=\"request-id\">{id}</code></p></main></body></html>",
        code = lang.code(),
        title = escape(T::UnavailableTitle.in_lang(lang)),
        message = escape(T::ErrUnavailable.in_lang(lang)),
        id = escape(&request_id),
    );
    let mut res = (StatusCode::SERVICE_UNAVAILABLE, Html(body)).into_response();
    res.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("30"));
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    res
}
