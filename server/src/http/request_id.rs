//! Every request gets a fresh id (never the client's): in the tracing span, the `x-request-id` request and answer
//! headers, and error pages. A panic in a handler becomes an error page with that id instead of a dropped
//! connection.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use futures::FutureExt;
use tracing::Instrument;

tokio::task_local! {
    static REQUEST_ID: String;
}

pub const HEADER: &str = "x-request-id";

/// The id of the request this task serves, if any.
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Paths whose next segment is a secret (guest links, calendar feeds, conference servers' callbacks).
const SECRET_AFTER: [&str; 4] =
    ["/guest/", "/feeds/", "/bigbluebutton/callback/end/", "/bigbluebutton/callback/recording/"];

/// The path as it may be written to the logs: the secret segment of the paths above replaced by `***`.
pub fn loggable(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in SECRET_AFTER {
        if let Some(rest) = path.strip_prefix(prefix)
            && !rest.is_empty()
        {
            let tail = rest.find('/').map_or("", |i| &rest[i..]);
            return format!("{prefix}***{tail}").into();
        }
    }
    path.into()
}

pub async fn assign(mut req: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let value = HeaderValue::from_str(&id).expect("hex is a valid header value");
    req.headers_mut().insert(HEADER, value.clone());
    // The path only (query strings may carry tokens), with the secrets some paths carry masked.
    let span =
        tracing::info_span!("request", request_id = %id, method = %req.method(), path = %loggable(req.uri().path()));
    let run = std::panic::AssertUnwindSafe(next.run(req)).catch_unwind();
    let mut res = match REQUEST_ID.scope(id.clone(), run).instrument(span.clone()).await {
        Ok(res) => res,
        Err(_) => {
            span.in_scope(|| tracing::error!("handler panicked"));
            super::errors::error_page(StatusCode::INTERNAL_SERVER_ERROR, &id)
        }
    };
    res.headers_mut().insert(HEADER, value);
    res
}

#[cfg(test)]
mod tests {
    use super::loggable;

    #[test]
    fn secrets_in_paths_are_masked() {
        assert_eq!(loggable("/guest/Zq81xYw"), "/guest/***");
        assert_eq!(loggable("/feeds/abc123.ics"), "/feeds/***");
        assert_eq!(loggable("/bigbluebutton/callback/end/tok"), "/bigbluebutton/callback/end/***");
        assert_eq!(loggable("/bigbluebutton/callback/recording/tok/x"), "/bigbluebutton/callback/recording/***/x");
        assert_eq!(loggable("/rooms/12/bookings/3"), "/rooms/12/bookings/3");
        assert_eq!(loggable("/guest/"), "/guest/");
        assert_eq!(loggable("/bigbluebutton/api/create"), "/bigbluebutton/api/create");
    }
}
