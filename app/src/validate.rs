//! Pure input rules shared by the browser (instant feedback) and the server (the authority). No I/O.

use crate::error::{AppError, Problem};

pub const NAME_MAX: usize = 120;
pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 200;
pub const SLUG_MAX: usize = 40;
pub const REGION_MAX: usize = 60;
pub const URL_MAX: usize = 500;
pub const TIMEZONE_MAX: usize = 64;

/// Trims and bounds a free text. `min` 0 makes it optional.
pub fn text(field: &str, value: &str, min: usize, max: usize) -> Result<String, AppError> {
    let v = value.trim();
    let n = v.chars().count();
    if n == 0 && min > 0 {
        return Err(AppError::invalid(field, Problem::Required));
    }
    if n < min {
        return Err(AppError::invalid(field, Problem::TooShort { min: min as u32 }));
    }
    if n > max {
        return Err(AppError::invalid(field, Problem::TooLong { max: max as u32 }));
    }
    if v.chars().any(|c| c.is_control()) {
        return Err(AppError::invalid(field, Problem::Format));
    }
    Ok(v.to_owned())
}

/// Lower-case letters, digits and inner hyphens: used in URLs.
pub fn slug(field: &str, value: &str) -> Result<String, AppError> {
    let v = text(field, value, 2, SLUG_MAX)?.to_ascii_lowercase();
    let ok = v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !v.starts_with('-')
        && !v.ends_with('-');
    if !ok {
        return Err(AppError::invalid(field, Problem::Format));
    }
    // `/login/<slug>` is an institution's own sign-in link: the sign-in pages' own names are not slugs.
    if RESERVED_SLUGS.contains(&v.as_str()) {
        return Err(AppError::invalid(field, Problem::Taken));
    }
    Ok(v)
}

/// Names under `/login/` that are Convene's own pages, not institutions.
pub const RESERVED_SLUGS: &[&str] = &["forgot", "reset", "saml", "oidc"];

/// A plausible address: one `@`, something on both sides, a dot in the domain, no spaces. Lower-cased.
pub fn email(field: &str, value: &str) -> Result<String, AppError> {
    let v = text(field, value, 3, EMAIL_MAX)?.to_lowercase();
    let mut parts = v.split('@');
    let (local, domain) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let ok = parts.next().is_none()
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v.chars().any(char::is_whitespace);
    if ok { Ok(v) } else { Err(AppError::invalid(field, Problem::Format)) }
}

/// Domain names (`uni-a.example`), separated by spaces, commas or new lines: lower-cased, each checked, each once;
/// at most `max` of them.
pub fn domains(field: &str, value: &str, max: usize) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for d in value.split(|c: char| c.is_whitespace() || c == ',').filter(|d| !d.is_empty()) {
        let d = d.trim_end_matches('.').to_ascii_lowercase();
        let ok = d.len() <= 253
            && d.contains('.')
            && d.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !ok {
            return Err(AppError::invalid(field, Problem::Format));
        }
        if !out.contains(&d) {
            out.push(d);
        }
    }
    if out.len() > max {
        return Err(AppError::invalid(field, Problem::TooLong { max: max as u32 }));
    }
    Ok(out)
}

/// Passwords are not trimmed: every character counts.
pub fn new_password(field: &str, value: &str) -> Result<String, AppError> {
    let n = value.chars().count();
    if n == 0 {
        return Err(AppError::invalid(field, Problem::Required));
    }
    if n < PASSWORD_MIN {
        return Err(AppError::invalid(field, Problem::TooShort { min: PASSWORD_MIN as u32 }));
    }
    if n > PASSWORD_MAX {
        return Err(AppError::invalid(field, Problem::TooLong { max: PASSWORD_MAX as u32 }));
    }
    Ok(value.to_owned())
}

/// `#rrggbb`, lower-cased.
pub fn color(field: &str, value: &str) -> Result<String, AppError> {
    let v = value.trim().to_ascii_lowercase();
    let ok = v.len() == 7 && v.starts_with('#') && v[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok { Ok(v) } else { Err(AppError::invalid(field, Problem::Format)) }
}

/// A decimal number within bounds, given as form text.
pub fn number(field: &str, value: &str, min: f64, max: f64) -> Result<f64, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::invalid(field, Problem::Required));
    }
    if v.len() > 32 {
        return Err(AppError::invalid(field, Problem::TooLong { max: 32 }));
    }
    let n: f64 = v.replace(',', ".").parse().map_err(|_| AppError::invalid(field, Problem::Format))?;
    if !n.is_finite() || n < min || n > max {
        return Err(AppError::invalid(field, Problem::OutOfRange));
    }
    Ok(n)
}

/// Empty, or an absolute http(s) URL.
pub fn optional_url(field: &str, value: &str) -> Result<Option<String>, AppError> {
    let v = text(field, value, 0, URL_MAX)?;
    if v.is_empty() {
        return Ok(None);
    }
    let rest = v.strip_prefix("https://").or_else(|| v.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') && !v.chars().any(char::is_whitespace) => Ok(Some(v)),
        _ => Err(AppError::invalid(field, Problem::Format)),
    }
}

/// A link a footer shows (help, privacy notice, contact): an `http(s)://` address or `mailto:` one address;
/// empty is none.
pub fn link(field: &str, value: &str) -> Result<Option<String>, AppError> {
    let v = value.trim();
    match v.strip_prefix("mailto:") {
        Some(addr) => {
            let addr = email(field, addr)?;
            if !addr.chars().all(|c| c.is_ascii_alphanumeric() || "@.-_+".contains(c)) {
                return Err(AppError::invalid(field, Problem::Format));
            }
            Ok(Some(format!("mailto:{addr}")))
        }
        None => optional_url(field, v),
    }
}

/// A local path to go to after a form: only same-site paths, never `//host` or `/\host`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && p.len() <= 512
                && !p.chars().any(|c| c.is_control()) =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// The time zones a person picks from: the IANA database's names of places (and UTC), without the legacy aliases
/// (`US/Pacific`, `Etc/GMT+1`…), sorted.
#[cfg(feature = "ssr")]
pub fn zone_names() -> Vec<String> {
    let mut names: Vec<String> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|z| z.name())
        .filter(|n| {
            *n == "UTC"
                || (n.contains('/')
                    && !n.starts_with("Etc/")
                    && !n.starts_with("US/")
                    && !n.starts_with("SystemV/")
                    && n.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        })
        .map(str::to_owned)
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_names_each_once() {
        assert_eq!(
            domains("d", " Uni-A.example,uniroma1.it\nuni-a.example. ", 5).unwrap(),
            vec!["uni-a.example", "uniroma1.it"]
        );
        assert_eq!(domains("d", "", 5).unwrap(), Vec::<String>::new());
        for bad in ["localhost", "-a.example", "a..example", "a_b.example", "ex ample.com/x", "\u{430}.example"] {
            assert!(domains("d", bad, 5).is_err(), "{bad}");
        }
        assert!(domains("d", "a.x b.x c.x", 2).is_err(), "too many");
    }

    #[test]
    fn text_bounds_and_trims() {
        assert_eq!(text("name", "  Aula  ", 1, 10).unwrap(), "Aula");
        assert_eq!(text("name", "   ", 1, 10), Err(AppError::invalid("name", Problem::Required)));
        assert_eq!(text("name", &"x".repeat(11), 1, 10), Err(AppError::invalid("name", Problem::TooLong { max: 10 })));
        assert_eq!(text("name", "a\u{0}b", 1, 10), Err(AppError::invalid("name", Problem::Format)));
        // counted in characters, not bytes
        assert!(text("name", "ééééé", 1, 5).is_ok());
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("slug", "Uni-Roma1").unwrap(), "uni-roma1");
        assert!(slug("slug", "-bad").is_err());
        assert!(slug("slug", "sp ace").is_err());
        assert!(slug("slug", "x").is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(email("email", " Ada@Example.ORG ").unwrap(), "ada@example.org");
        for bad in ["ada", "ada@", "@x.org", "a@b", "a b@x.org", "a@@x.org", "a@x.org."] {
            assert!(email("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn colors_numbers_urls() {
        assert_eq!(color("c", "#00AAFF").unwrap(), "#00aaff");
        assert!(color("c", "blue").is_err());
        assert_eq!(number("lat", "41,9", -90.0, 90.0).unwrap(), 41.9);
        assert_eq!(number("lat", "91", -90.0, 90.0), Err(AppError::invalid("lat", Problem::OutOfRange)));
        assert_eq!(number("lat", "NaN", -90.0, 90.0), Err(AppError::invalid("lat", Problem::OutOfRange)));
        assert_eq!(optional_url("u", "").unwrap(), None);
        assert!(optional_url("u", "javascript:alert(1)").is_err());
        assert!(optional_url("u", "https:///x").is_err());
        assert!(optional_url("u", "https://example.org/logo.svg").unwrap().is_some());
    }

    #[test]
    fn footer_links_are_web_or_mail_addresses() {
        assert_eq!(link("l", " ").unwrap(), None);
        assert_eq!(link("l", "https://uniroma.test/privacy").unwrap().as_deref(), Some("https://uniroma.test/privacy"));
        assert_eq!(link("l", "mailto:Help@Uniroma.test").unwrap().as_deref(), Some("mailto:help@uniroma.test"));
        for bad in [
            "javascript:alert(1)",
            "mailto:",
            "mailto:a@b.test?subject=x",
            "mailto:<x>@b.test",
            "ftp://x.test",
            "/help",
        ] {
            assert!(link("l", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn next_is_never_off_site() {
        assert_eq!(safe_next(Some("/account")), "/account");
        for bad in ["//evil.example", "https://evil.example", "/\\evil.example", "account", ""] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn passwords_are_bounded_not_trimmed() {
        assert!(new_password("password", "short").is_err());
        assert_eq!(new_password("password", " ten chars ").unwrap(), " ten chars ");
        assert!(new_password("password", &"p".repeat(201)).is_err());
    }
}
