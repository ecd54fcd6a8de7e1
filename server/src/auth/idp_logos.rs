//! IdPs' logos (`mdui:Logo`): read by Convene, never by a visitor's browser (a sign-in page tells no third party
//! who looks at it), checked, kept in the database and served from Convene's own address `/idp-logo/<id>`.
//!
//! A logo comes from metadata somebody else wrote (a federation's aggregate holds thousands), so it is hostile
//! until checked: an https address is read only where the public-address rule allows (as front ends' callbacks),
//! through at most three redirects each checked the same way, within 64 KiB and ten seconds; a `data:` URI is
//! decoded. Only PNG, JPEG, GIF and WebP are kept, recognised by their first bytes whatever the sender calls them
//! (never SVG, which can carry script), and served with their own type, `nosniff` and a sandboxing policy.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;

use crate::db::{self, Db};
use crate::state::AppState;

/// How long a logo read well is kept before it is read again.
const KEEP_SECONDS: i64 = 7 * 86_400;
/// When a failed read is tried again.
const RETRY_SECONDS: i64 = 6 * 3600;
/// How many logos one pass reads at most (the rest wait for the next).
const PER_PASS: i64 = 50;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LogoError {
    #[error("its address is not called: {0}")]
    Refused(&'static str),
    #[error("it could not be read: {0}")]
    Unreachable(String),
    #[error("its server answered {0}")]
    Status(u16),
    #[error("it is larger than 64 KiB")]
    TooLarge,
    #[error("it is not a PNG, JPEG, GIF or WebP image")]
    NotAnImage,
    #[error("its data: URI is not valid base64")]
    BadData,
}

pub use crate::images::{MAX_BYTES, digest, sniff};

/// The bytes of a base64 `data:` URI (the metadata parser let only raster image types through).
pub fn decode_data_uri(uri: &str) -> Result<Vec<u8>, LogoError> {
    let (_, data) = uri.split_once(";base64,").ok_or(LogoError::BadData)?;
    if data.len() > MAX_BYTES * 4 / 3 + 4 {
        return Err(LogoError::TooLarge);
    }
    let clean: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(clean).map_err(|_| LogoError::BadData)
}

/// A checked image: its type and bytes.
pub fn check(bytes: Vec<u8>) -> Result<(&'static str, Vec<u8>), LogoError> {
    if bytes.len() > MAX_BYTES {
        return Err(LogoError::TooLarge);
    }
    let kind = sniff(&bytes).ok_or(LogoError::NotAnImage)?;
    Ok((kind, bytes))
}

/// Where a logo may be read from: an https address the public-address rule allows.
fn allowed_target(url: &str, allow: &[String]) -> Result<url::Url, LogoError> {
    let u = crate::outbound::check_target(url, allow).map_err(LogoError::Refused)?;
    if u.scheme() != "https" {
        return Err(LogoError::Refused("logos are read over https only"));
    }
    Ok(u)
}

/// Reads a logo from its https address.
async fn fetch(url: &str, ca_pem: Option<&str>, allow: Arc<Vec<String>>) -> Result<Vec<u8>, LogoError> {
    let target = allowed_target(url, &allow)?;
    let hops = allow.clone();
    let redirects = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > 3 {
            attempt.error("more than three redirects")
        } else if allowed_target(attempt.url().as_str(), &hops).is_err() {
            attempt.error("redirected to an address that is not called")
        } else {
            attempt.follow()
        }
    });
    let mut b = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .redirect(redirects)
        .dns_resolver(crate::outbound::public_only_resolver(allow))
        .user_agent(concat!("Convene/", env!("CARGO_PKG_VERSION")));
    if let Some(pem) = ca_pem {
        for c in reqwest::Certificate::from_pem_bundle(pem.as_bytes()).unwrap_or_default() {
            b = b.add_root_certificate(c);
        }
    }
    let client = b.build().map_err(|e| LogoError::Unreachable(e.to_string()))?;
    let mut res =
        client.get(target).send().await.map_err(|e| LogoError::Unreachable(crate::outbound::error_chain(&e)))?;
    if !res.status().is_success() {
        return Err(LogoError::Status(res.status().as_u16()));
    }
    if res.content_length().is_some_and(|n| n > MAX_BYTES as u64) {
        return Err(LogoError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| LogoError::Unreachable(crate::outbound::error_chain(&e)))? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_BYTES {
            return Err(LogoError::TooLarge);
        }
    }
    Ok(body)
}

/// Reads and checks the logo `source` names (an https address or a `data:` URI).
pub async fn read(
    source: &str,
    ca_pem: Option<&str>,
    allow: Arc<Vec<String>>,
) -> Result<(&'static str, Vec<u8>), LogoError> {
    let bytes =
        if source.starts_with("data:") { decode_data_uri(source)? } else { fetch(source, ca_pem, allow).await? };
    check(bytes)
}

/// Looks at the logos of enabled IdPs that are due (never looked at, metadata changed, or a week old) and reads
/// those that are new or due; returns how many were read well and how many failed.
pub async fn refresh_logos(db: &Db, now: i64, allow: Arc<Vec<String>>) -> Result<(usize, usize), db::DbError> {
    let (mut good, mut failed) = (0, 0);
    let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    for row in db::idp_logos::due(db.pool(), now, PER_PASS).await? {
        // Metadata stored was checked when stored; if it has expired since, its last logo stays until it is read
        // again or the IdP goes.
        let Ok(meta) = super::saml::idp::parse(&row.metadata_xml, at) else {
            if row.source.is_some() {
                db::idp_logos::unchanged(db.pool(), row.idp_id, now).await?;
            }
            continue;
        };
        let Some(source) = meta.logo else {
            db::idp_logos::forget(db.pool(), row.idp_id).await?;
            continue;
        };
        let fresh = row.next_try_at.is_some_and(|t| t > now);
        if row.source.as_deref() == Some(source.as_str()) && fresh {
            db::idp_logos::unchanged(db.pool(), row.idp_id, now).await?;
            continue;
        }
        match read(&source, row.ca_pem.as_deref(), allow.clone()).await {
            Ok((content_type, bytes)) => {
                let body = base64::engine::general_purpose::STANDARD.encode(&bytes);
                let image =
                    db::idp_logos::Image { source: &source, content_type, body: &body, digest: &digest(&bytes) };
                db::idp_logos::store_image(db.pool(), row.idp_id, &image, now, now + KEEP_SECONDS).await?;
                good += 1;
            }
            Err(e) => {
                tracing::warn!(idp = row.idp_id, error = %e, "an IdP's logo was not read");
                let kept = row.has_image == 1 && row.source.as_deref() == Some(source.as_str());
                let error = if kept { format!("{e} (the last logo read is still shown)") } else { e.to_string() };
                db::idp_logos::store_failure(db.pool(), row.idp_id, &source, &error, now, now + RETRY_SECONDS).await?;
                failed += 1;
            }
        }
    }
    Ok((good, failed))
}

/// `GET /idp-logo/<id>`: an enabled IdP's logo as Convene checked it; 404 when there is none. Cached by browsers
/// for a day (the sign-in page's address carries the image's digest, so a new image is fetched at once).
pub async fn serve(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let image = match db::idp_logos::image(state.db.pool(), id).await {
        Ok(Some(i)) => i,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "could not read an IdP's logo");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    crate::images::respond(&image.digest, &image.body, &headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn logos_are_images_within_the_limit() {
        assert_eq!(check(b"<html><script>x</script></html>".to_vec()), Err(LogoError::NotAnImage));
        let mut big = PNG.to_vec();
        big.resize(MAX_BYTES + 1, 0);
        assert_eq!(check(big), Err(LogoError::TooLarge));
    }

    #[test]
    fn data_uris_are_decoded_and_checked() {
        let b64 = base64::engine::general_purpose::STANDARD.encode(PNG);
        let uri = format!("data:image/png;base64,{}\n {}", &b64[..8], &b64[8..]);
        assert_eq!(decode_data_uri(&uri).unwrap(), PNG);
        assert_eq!(decode_data_uri("data:image/png;base64,@@@"), Err(LogoError::BadData));
        assert_eq!(decode_data_uri("data:image/png,rawtext"), Err(LogoError::BadData));
        // A data: URI that says PNG but holds HTML is refused by what it holds.
        let html = base64::engine::general_purpose::STANDARD.encode("<html>");
        let bytes = decode_data_uri(&format!("data:image/png;base64,{html}")).unwrap();
        assert_eq!(check(bytes), Err(LogoError::NotAnImage));
    }

    #[test]
    fn logos_are_read_over_https_from_public_addresses_only() {
        for (url, why) in [
            ("http://idp.example.org/logo.png", "plain http"),
            ("https://127.0.0.1/logo.png", "loopback"),
            ("https://10.1.2.3/logo.png", "private"),
            ("https://169.254.169.254/latest/meta-data", "link-local"),
            ("https://localhost/logo.png", "an internal name"),
            ("https://user:pw@idp.example.org/logo.png", "credentials"),
            ("ftp://idp.example.org/logo.png", "another scheme"),
        ] {
            assert!(allowed_target(url, &[]).is_err(), "{why}");
        }
        assert!(allowed_target("https://idp.example.org/logo.png", &[]).is_ok());
        assert!(allowed_target("https://127.0.0.1/logo.png", &["127.0.0.1".into()]).is_ok(), "allowed for tests");
        assert_eq!(digest(PNG).len(), 16);
    }
}
