//! Pictures Convene serves from its own address (IdPs' logos, institutions' logos): recognised by their first bytes
//! whatever their sender calls them (PNG, JPEG, GIF, WebP only; never SVG, which can carry script), bounded in
//! size, and served with their own type, `nosniff` and a sandboxing policy.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};

/// The largest picture kept.
pub const MAX_BYTES: usize = 64 * 1024;

/// The image type of `bytes` by their first bytes (what they are, not what anybody says they are).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// The short digest a picture is known by (in its address, and as its ETag).
pub fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))[..16].to_owned()
}

/// The answer for a kept picture (`body` in base64): its type from its bytes, cached by browsers for a day (pages
/// carry the digest in the address, so a new picture is fetched at once), 304 for the same ETag, 404 for anything
/// that is not a picture after all.
pub fn respond(digest: &str, body_base64: &str, request: &HeaderMap) -> Response {
    let etag = format!("\"{digest}\"");
    let mut out = HeaderMap::new();
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    out.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    out.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        out.insert(header::ETAG, v);
    }
    if request.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v == etag) {
        return (StatusCode::NOT_MODIFIED, out).into_response();
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(body_base64) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Checked when stored; checked again, so that nothing but an image ever leaves with an image type.
    let Some(kind) = sniff(&bytes) else { return StatusCode::NOT_FOUND.into_response() };
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    (StatusCode::OK, out, bytes).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_raster_images_are_recognised_by_their_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), Some("image/jpeg"));
        assert_eq!(sniff(b"GIF89a\x01\0\x01\0"), Some("image/gif"));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        for bad in [
            &b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"[..],
            b"<!DOCTYPE html>",
            b"RIFF\x24\0\0\0WAVEfmt ",
            b"",
            b"\x89PN",
        ] {
            assert_eq!(sniff(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn what_is_served_is_an_image_with_its_own_type() {
        let png = base64::engine::general_purpose::STANDARD.encode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
        let r = respond("0123456789abcdef", &png, &HeaderMap::new());
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()[header::CONTENT_TYPE], "image/png");
        assert_eq!(r.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let mut again = HeaderMap::new();
        again.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"0123456789abcdef\""));
        assert_eq!(respond("0123456789abcdef", &png, &again).status(), StatusCode::NOT_MODIFIED);
        let html = base64::engine::general_purpose::STANDARD.encode(b"<html><script>x</script>");
        assert_eq!(respond("0123456789abcdef", &html, &HeaderMap::new()).status(), StatusCode::NOT_FOUND);
    }
}
