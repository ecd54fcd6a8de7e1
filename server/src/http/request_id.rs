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

pub async fn assign(mut req: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let value = HeaderValue::from_str(&id).expect("hex is a valid header value");
    req.headers_mut().insert(HEADER, value.clone());
    // The path only: query strings may carry tokens.
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path());
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
