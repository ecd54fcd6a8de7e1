//! An institution's logo: uploaded by its admins (and operators) as a file on the institution's page — a plain
//! multipart form, so that it works without the page's scripts — checked by its bytes (PNG, JPEG, GIF or WebP, at
//! most 64 KiB; never SVG), kept in the database and served from `/institution-logo/<id>` to anyone (guests see
//! the host's logo too). The answer goes back to the institution's page, which says what happened (a flash).

use axum::extract::multipart::{Multipart, MultipartError};
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use tower_sessions::Session;

use app::error::{AppError, Problem};
use app::flash::Flash;
use app::session::SessionView;

use crate::db::{self, DbError};
use crate::images;
use crate::state::AppState;

/// The largest body taken: the largest logo kept, and room for the form's other fields.
pub const MAX_BODY: usize = images::MAX_BYTES + 16 * 1024;

/// What the form asks: a new logo, or none any more.
#[derive(Debug, PartialEq)]
enum Asked {
    Set(&'static str, Vec<u8>),
    Remove,
}

/// The form's fields, the file checked by its bytes.
async fn read_form(mut form: Multipart) -> Result<Asked, AppError> {
    let broken = |e: MultipartError| {
        tracing::info!(error = %e, "a logo upload was cut short or malformed");
        AppError::invalid("logo", Problem::Format)
    };
    let (mut file, mut remove) = (Vec::new(), false);
    while let Some(mut field) = form.next_field().await.map_err(broken)? {
        match field.name().unwrap_or_default() {
            "logo[remove]" => remove = true,
            "logo[file]" => {
                while let Some(chunk) = field.chunk().await.map_err(broken)? {
                    if file.len() + chunk.len() > images::MAX_BYTES {
                        return Err(AppError::invalid("logo", Problem::ImageTooLarge));
                    }
                    file.extend_from_slice(&chunk);
                }
            }
            _ => continue,
        }
    }
    checked(remove, file)
}

/// What a form that sent `file` (and ticked "remove" or not) asks for. Pure.
fn checked(remove: bool, file: Vec<u8>) -> Result<Asked, AppError> {
    if remove {
        return Ok(Asked::Remove);
    }
    if file.is_empty() {
        return Err(AppError::invalid("logo", Problem::Required));
    }
    if file.len() > images::MAX_BYTES {
        return Err(AppError::invalid("logo", Problem::ImageTooLarge));
    }
    let kind = images::sniff(&file).ok_or_else(|| AppError::invalid("logo", Problem::NotAnImage))?;
    Ok(Asked::Set(kind, file))
}

async fn apply(state: &AppState, institution_id: i64, actor_id: i64, form: Multipart) -> Result<(), AppError> {
    let asked = read_form(form).await?;
    let now = state.clock.unix();
    let mut tx = state.db.begin().await.map_err(crate::internal)?;
    let what = match &asked {
        Asked::Set(kind, bytes) => {
            let body = base64::engine::general_purpose::STANDARD.encode(bytes);
            let digest = images::digest(bytes);
            db::institutions::set_logo(&mut *tx, institution_id, kind, &body, &digest, now)
                .await
                .map_err(crate::internal)?;
            "institution.logo"
        }
        Asked::Remove => {
            db::institutions::remove_logo(&mut *tx, institution_id).await.map_err(crate::internal)?;
            "institution.logo.remove"
        }
    };
    db::audit::record(&mut *tx, now, Some(actor_id), Some(institution_id), what, "").await.map_err(crate::internal)?;
    tx.commit().await.map_err(crate::internal)?;
    Ok(())
}

/// `POST /institutions/<slug>/logo` (multipart: `logo[file]`, or `logo[remove]`).
pub async fn upload(
    State(state): State<AppState>,
    Extension(view): Extension<SessionView>,
    Path(slug): Path<String>,
    session: Session,
    form: Multipart,
) -> Response {
    let page = format!("/admin/institutions/{slug}");
    let Some(user) = view.user else {
        return Redirect::to(&format!("/login?next={page}")).into_response();
    };
    let row = match db::institutions::by_slug(state.db.pool(), &slug).await {
        Ok(r) => r,
        Err(DbError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "could not read an institution");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    if !user.is_operator && user.role_in(row.id).is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    if !user.can_admin(row.id) {
        return (StatusCode::FORBIDDEN, "Only the institution's admins may change its logo.").into_response();
    }
    let path = app::institutions::LOGO_UPLOAD_FLASH.to_owned();
    let flash = match apply(&state, row.id, user.id, form).await {
        Ok(()) => Flash { path, ok: true, ..Flash::default() },
        Err(error) => Flash { path, ok: false, error: Some(error), ..Flash::default() },
    };
    if let Err(e) = session.insert(crate::http::flash::FLASH, flash).await {
        tracing::warn!(error = %e, "could not keep a logo upload's outcome for the next page");
    }
    Redirect::to(&format!("{page}#logo")).into_response()
}

/// `GET /institution-logo/<id>`: the institution's logo; 404 when it has none.
pub async fn serve(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    match db::institutions::logo(state.db.pool(), id).await {
        Ok(Some((body, digest))) => images::respond(&digest, &body, &headers),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "could not read an institution's logo");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logo_is_a_small_raster_image_or_a_removal() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        assert_eq!(checked(false, png.clone()), Ok(Asked::Set("image/png", png.clone())));
        assert_eq!(checked(true, Vec::new()), Ok(Asked::Remove));
        let problem = |r: Result<Asked, AppError>| match r {
            Err(AppError::Invalid { problem, .. }) => problem,
            other => panic!("{other:?}"),
        };
        assert_eq!(problem(checked(false, Vec::new())), Problem::Required);
        assert_eq!(problem(checked(false, b"<svg onload=alert(1)>".to_vec())), Problem::NotAnImage);
        let mut big = png;
        big.resize(images::MAX_BYTES + 1, 0);
        assert_eq!(problem(checked(false, big)), Problem::ImageTooLarge);
    }
}
