//! The BigBlueButton API: checksums, strict query reading, XML answers.

pub mod checksum;
pub mod client;
pub mod query;
pub mod xml;

/// An XML answer as BigBlueButton sends it (`text/xml`; some clients insist).
pub fn xml_response(body: String) -> axum::response::Response {
    use axum::response::IntoResponse;
    ([(axum::http::header::CONTENT_TYPE, "text/xml;charset=utf-8")], body).into_response()
}
