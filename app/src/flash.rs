//! What a form posted without the browser's scripts left for the page it came back to.
//!
//! Pages are server-rendered and most of them are never hydrated (only islands are), so a form is a plain HTML
//! form for everyone: the browser posts it, the server function runs, and the answer redirects back to the page
//! the form was on. The server keeps, for that one next page, what the person would otherwise lose on the way
//! ([`Flash`], in the session): the fields they typed when the answer was an error (never passwords or
//! secrets), that the form succeeded (its confirmation is said on the page), and a value shown only once (a new
//! guest link, a calendar feed's address). The page reads it once; the next page no longer has it.

use serde::{Deserialize, Serialize};

use crate::session::use_session;

/// At most this many fields, each at most [`MAX_VALUE`] bytes and [`MAX_TOTAL`] together, are kept (forms have
/// fewer and shorter ones; a long text past the total is not kept).
pub const MAX_FIELDS: usize = 64;
pub const MAX_VALUE: usize = 16 * 1024;
pub const MAX_TOTAL: usize = 32 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    /// The server function the form posted to (`/api/…`).
    pub path: String,
    /// Whether it succeeded.
    pub ok: bool,
    /// The fields as typed, when it did not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<(String, String)>,
    /// A value its answer shows once (a new guest link, a feed address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reveal: Option<String>,
    /// Why a form endpoint that is not a server function (a file upload) refused the post: the page shows it as
    /// it shows a server function's error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<crate::error::AppError>,
}

impl Flash {
    /// Whether a field of this name is worth keeping: never a password, a secret, an access code or a token,
    /// never the framework's own.
    pub fn keeps(name: &str) -> bool {
        let n = name.to_ascii_lowercase();
        // The password change form names its fields `current` and `new`.
        !(n.is_empty()
            || n == "current"
            || n == "new"
            || n.starts_with("__")
            || n.contains("password")
            || n.contains("secret")
            || n.contains("token")
            || n.contains("code")
            || n.contains("csrf"))
    }
}

/// The flash this page was rendered with, if any.
pub fn use_flash() -> Option<Flash> {
    use_session().flash
}

/// What a field showed when its form was last refused: the typed value, else `default`.
pub fn kept(name: &str, default: impl Into<String>) -> String {
    use_flash()
        .filter(|f| !f.ok)
        .and_then(|f| f.fields.into_iter().find(|(k, _)| k == name).map(|(_, v)| v))
        .unwrap_or_else(|| default.into())
}

/// The values of the fields whose names start with `prefix` (a list of pickers: `booking[except_on][0]`, …) when
/// their form was last refused, in the order they were posted.
pub fn kept_list(prefix: &str) -> Vec<String> {
    use_flash()
        .filter(|f| !f.ok)
        .map(|f| f.fields.into_iter().filter(|(k, _)| k.starts_with(prefix)).map(|(_, v)| v).collect())
        .unwrap_or_default()
}

/// The group of a field's name: `booking` for `booking[title]` (one form's fields share it).
fn group(name: &str) -> &str {
    name.split('[').next().unwrap_or(name)
}

/// Whether a checkbox of this name was ticked when its form was last refused (`default` if no form was, or if the
/// refused form was another one: an unticked box sends nothing, so only a form whose other fields came back says
/// anything about it).
pub fn kept_checked(name: &str, default: bool) -> bool {
    match use_flash().filter(|f| !f.ok) {
        Some(f) if name.contains('[') && f.fields.iter().any(|(k, _)| group(k) == group(name)) => {
            f.fields.iter().any(|(k, _)| k == name)
        }
        _ => default,
    }
}

/// Whether the server function at `path` succeeded just before this page.
pub fn succeeded(path: &str) -> bool {
    use_flash().is_some_and(|f| f.ok && f.path == path)
}

/// Why the form endpoint at `path` refused the post just before this page, if it did.
pub fn refused(path: &str) -> Option<crate::error::AppError> {
    use_flash().filter(|f| !f.ok && f.path == path).and_then(|f| f.error)
}

/// The value the server function at `path` showed once, if it just ran.
pub fn revealed(path: &str) -> Option<String> {
    use_flash().filter(|f| f.ok && f.path == path).and_then(|f| f.reveal)
}

#[cfg(test)]
mod tests {
    use super::Flash;

    #[test]
    fn secrets_are_never_kept() {
        for name in ["server[secret]", "new_password", "current_password", "current", "new", "__path", "token", ""] {
            assert!(!Flash::keeps(name), "{name}");
        }
        assert!(!Flash::keeps("room[access_code]"));
        for name in ["room[name]", "booking[title]", "email", "link[label]"] {
            assert!(Flash::keeps(name), "{name}");
        }
    }
}
