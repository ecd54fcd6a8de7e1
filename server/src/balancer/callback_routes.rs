//! The URLs conference servers call back (`/bigbluebutton/callback/…/{token}`, one random token per placement):
//! a meeting ended — forget it, then tell the front end; a recording is ready — check the server's JWT, sign it
//! again with the institution's secret, pass it on. The meetings lifecycle decides; this module speaks HTTP.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::meetings::callbacks::NotifyError;
use crate::meetings::lifecycle::RecordingCallback;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bigbluebutton/callback/end/{token}", get(meeting_ended))
        .route("/bigbluebutton/callback/recording/{token}", post(recording_ready))
}

/// A conference server says a meeting ended: forget it, then tell the front end if it asked.
async fn meeting_ended(State(state): State<AppState>, Path(token): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let cb = match state.meetings.server_ended(&token).await {
        Ok(Some(cb)) => cb,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "could not forget an ended meeting");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    if let Some(end_url) = cb.end_url {
        let marks = url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .find(|(k, _)| k == "recordingmarks")
            .map(|(_, v)| if v == "true" { "true" } else { "false" })
            .unwrap_or("false");
        let notifier = state.notifier.clone();
        tokio::spawn(async move {
            let external = cb.external_id;
            match notifier.get(&end_url, &[("meetingID", external.as_str()), ("recordingmarks", marks)]).await {
                Ok(status) => tracing::info!(status = status.as_u16(), "end callback delivered"),
                Err(e) => tracing::warn!(error = %e, "end callback not delivered"),
            }
        });
    }
    StatusCode::OK.into_response()
}

/// A conference server says a recording is ready: check its JWT, re-sign for the front end, pass its answer back
/// (2xx done, 401, 410 gone; anything else makes the server try again later).
async fn recording_ready(State(state): State<AppState>, Path(token): Path<String>, body: String) -> Response {
    let Some(jwt) = url::form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == "signed_parameters")
        .map(|(_, v)| v.into_owned())
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let (target, signed) = match state.meetings.recording_ready(&token, &jwt).await {
        Ok(RecordingCallback::Tell { url, signed }) => (url, signed),
        Ok(RecordingCallback::Noted) => return StatusCode::OK.into_response(),
        Ok(RecordingCallback::Unknown) => return StatusCode::GONE.into_response(),
        Ok(RecordingCallback::BadSignature) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "could not read a recording-ready callback");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    match state.notifier.post_form(&target, &[("signed_parameters", signed.as_str())]).await {
        Ok(s) if s.is_success() => StatusCode::OK.into_response(),
        Ok(s) if s == StatusCode::UNAUTHORIZED || s == StatusCode::GONE => s.into_response(),
        Ok(s) => {
            tracing::warn!(
                status = s.as_u16(),
                "front end refused the recording-ready callback; the server will retry"
            );
            StatusCode::BAD_GATEWAY.into_response()
        }
        Err(NotifyError::Refused(why)) => {
            tracing::warn!(reason = why, "recording-ready callback not made");
            StatusCode::GONE.into_response()
        }
        Err(e) => {
            tracing::warn!(error = %e, "recording-ready callback not delivered; the server will retry");
            StatusCode::BAD_GATEWAY.into_response()
        }
    }
}
