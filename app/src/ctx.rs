//! Server-side helpers for server functions: who is asking, which port serves them, and how an error becomes an
//! HTTP status. Compiled into the server build only.

use std::sync::Arc;

use leptos::prelude::*;

use crate::error::AppError;
use crate::session::{CurrentUser, SessionView};

/// The signed-in user, or `Unauthenticated`.
pub fn actor() -> Result<CurrentUser, AppError> {
    use_context::<SessionView>().and_then(|s| s.user).ok_or(AppError::Unauthenticated).inspect_err(set_status)
}

/// The engine behind a feature, as the server provided it.
pub fn port<P: ?Sized + Send + Sync + 'static>() -> Result<Arc<P>, AppError> {
    use_context::<Arc<P>>().ok_or_else(|| {
        leptos::logging::error!("a port is missing from the context: {}", std::any::type_name::<P>());
        AppError::Internal { request_id: request_id() }
    })
}

/// The id the server gave this request (also in the `x-request-id` answer header).
pub fn request_id() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned))
        .unwrap_or_default()
}

/// Gives a server function's error its HTTP status. A plain HTML form post (no JavaScript) is redirected back to
/// the form by Leptos with the error in the URL instead, so its status is left alone.
pub fn set_status(err: &AppError) {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return;
    };
    let form_post = parts.uri.path().starts_with("/api/")
        && parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    if form_post {
        return;
    }
    if let (Some(opts), Ok(code)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(err.status()))
    {
        opts.set_status(code);
    }
}

/// After a plain HTML form post (no JavaScript) that succeeded: back to the page it came from, with `key=value`
/// added to its query so that the page can say what was done (with JavaScript the page shows the answer itself,
/// and nothing here applies). Only the referring page's path and query are used, so the way back stays on this
/// site; `value` is a number or a word of ours.
pub fn back_with(key: &str, value: &str) {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return;
    };
    let plain_form =
        parts.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let referer = parts
        .headers
        .get(http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<http::Uri>().ok());
    let Some(referer) = referer.filter(|_| plain_form) else {
        return;
    };
    let path = referer.path();
    if !path.starts_with('/') || path.starts_with("//") {
        return;
    }
    let mut query: Vec<&str> = referer
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| !matches!(p.split('=').next(), Some("booked" | "done" | "collisions" | "__path" | "__err")))
        .collect();
    let added = format!("{key}={value}");
    query.push(&added);
    // The same rule as every other way back into Convene (no `//`, no `/\\`, no control characters).
    leptos_axum::redirect(&crate::validate::safe_next(Some(&format!("{path}?{}", query.join("&")))));
}

/// Passes a port's answer through, setting the status on errors.
pub fn reply<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    result.map_err(|e| {
        set_status(&e);
        match e {
            // The engine may not know which request it served; the page can always quote the id.
            AppError::Internal { request_id } if request_id.is_empty() => {
                AppError::Internal { request_id: self::request_id() }
            }
            other => other,
        }
    })
}

/// Where a server function leaves a value its answer shows once (a new guest link), for a form posted without
/// JavaScript: the page it returns to shows it from the flash (`crate::flash`). The server's form layer puts an
/// empty slot into every plain form post.
#[derive(Clone, Debug, Default)]
pub struct RevealSlot(Arc<std::sync::Mutex<Option<String>>>);

impl RevealSlot {
    pub fn put(&self, value: String) {
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(value);
    }

    pub fn take(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take()
    }
}

/// Shows `value` once on the page a plain form post returns to (nothing happens for a call from a script, which
/// shows the function's answer itself).
pub fn reveal(value: &str) {
    if let Some(slot) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<RevealSlot>().cloned()) {
        slot.put(value.to_owned());
    }
}
