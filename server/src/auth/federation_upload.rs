//! `POST /admin/federations/upload` (operators): a federation's signed aggregate given as a file, for federations
//! that hand it out rather than publish it, or an offline copy. A plain multipart form, so that it works without
//! the page's scripts; verified like a downloaded aggregate (`federations::load_federation_file`), never read
//! again by itself. The answer goes back to the operators' page, which says what happened (a flash).

use axum::extract::multipart::{Field, Multipart, MultipartError};
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use app::error::{AppError, Problem};
use app::flash::Flash;
use app::session::SessionView;

use crate::state::AppState;

/// Where the form posts (and the flash's key for the page).
pub const PATH: &str = app::auth::admin::FEDERATION_UPLOAD_PATH;

/// The largest body taken: the largest aggregate read, and room for the form's other fields.
pub const MAX_BODY: usize = super::saml::federation::MAX_BYTES + 256 * 1024;

/// What the form sent.
#[derive(Default)]
struct Upload {
    name: String,
    signing_cert_pem: String,
    file_name: String,
    xml: Vec<u8>,
}

/// Reads a field's text, at most `limit` bytes.
async fn text(field: &mut Field<'_>, limit: usize, out: &mut Vec<u8>) -> Result<bool, MultipartError> {
    while let Some(chunk) = field.chunk().await? {
        if out.len() + chunk.len() > limit {
            return Ok(false);
        }
        out.extend_from_slice(&chunk);
    }
    Ok(true)
}

/// The form's fields; `Err` with the problem to show when one is too long or the body is cut short.
async fn read_form(mut form: Multipart) -> Result<Upload, AppError> {
    let mut u = Upload::default();
    let broken = |e: MultipartError| {
        tracing::info!(error = %e, "a federation upload was cut short or malformed");
        AppError::invalid("metadata_xml", Problem::Format)
    };
    while let Some(mut field) = form.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_owned();
        let (limit, field_name) = match name.as_str() {
            "upload[name]" => (480, "name"),
            "upload[signing_cert_pem]" => (20_000, "signing_cert_pem"),
            "upload[file]" => (super::saml::federation::MAX_BYTES, "metadata_xml"),
            _ => continue,
        };
        if name == "upload[file]" {
            u.file_name = field.file_name().unwrap_or_default().chars().take(200).collect();
        }
        let mut bytes = Vec::new();
        if !text(&mut field, limit, &mut bytes).await.map_err(broken)? {
            return Err(if field_name == "metadata_xml" {
                AppError::invalid(field_name, Problem::Metadata { issue: app::error::MetadataIssue::TooLarge })
            } else {
                AppError::invalid(field_name, Problem::TooLong { max: u32::try_from(limit).unwrap_or(u32::MAX) })
            });
        }
        match field_name {
            "name" => u.name = String::from_utf8_lossy(&bytes).into_owned(),
            "signing_cert_pem" => u.signing_cert_pem = String::from_utf8_lossy(&bytes).into_owned(),
            _ => u.xml = bytes,
        }
    }
    Ok(u)
}

/// Verifies and stores the uploaded aggregate; how many IdPs it holds.
async fn load(state: &AppState, form: Multipart) -> Result<usize, AppError> {
    let u = read_form(form).await?;
    if u.name.trim().is_empty() {
        return Err(AppError::invalid("name", Problem::Required));
    }
    if u.signing_cert_pem.trim().is_empty() {
        return Err(AppError::invalid("signing_cert_pem", Problem::Required));
    }
    if u.xml.is_empty() {
        return Err(AppError::invalid("metadata_xml", Problem::Required));
    }
    let xml = String::from_utf8(u.xml).map_err(|_| {
        AppError::invalid("metadata_xml", Problem::Metadata { issue: app::error::MetadataIssue::Unreadable })
    })?;
    let file_name = if u.file_name.is_empty() { "upload.xml".to_owned() } else { u.file_name };
    let now = state.clock.unix();
    match super::federations::load_federation_file(&state.db, now, &u.name, &file_name, &xml, &u.signing_cert_pem).await
    {
        Ok((id, read)) => {
            tracing::info!(federation = id, idps = read.idps, skipped = read.skipped, "federation aggregate uploaded");
            Ok(read.idps)
        }
        Err(super::metadata::ProviderError::Exists) => Err(AppError::invalid("name", Problem::Taken)),
        Err(e) => Err(super::providers::refused_input(&e)),
    }
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(view): Extension<SessionView>,
    session: Session,
    form: Multipart,
) -> Response {
    let Some(user) = view.user else {
        return Redirect::to("/login?next=/admin/identity").into_response();
    };
    if !user.is_operator {
        return (StatusCode::FORBIDDEN, "Only network operators may add federations.").into_response();
    }
    let outcome = load(&state, form).await;
    let flash = match outcome {
        Ok(idps) => Flash { path: PATH.to_owned(), ok: true, reveal: Some(idps.to_string()), ..Flash::default() },
        Err(error) => Flash { path: PATH.to_owned(), ok: false, error: Some(error), ..Flash::default() },
    };
    if let Err(e) = session.insert(crate::http::flash::FLASH, flash).await {
        tracing::warn!(error = %e, "could not keep an upload's outcome for the next page");
    }
    Redirect::to("/admin/identity#federation-upload").into_response()
}
