//! Per-institution rules for the BBB-compatible API (pure): parameter policies applied to `create` and `join`,
//! the seat cap of a meeting and the limit of meetings running at once.

use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Set when the caller did not pass the parameter.
    Default,
    /// Always this value, whatever the caller passed.
    Override,
    /// Removed if the caller passed it.
    Block,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "default" => Some(Mode::Default),
            "override" => Some(Mode::Override),
            "block" => Some(Mode::Block),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Default => "default",
            Mode::Override => "override",
            Mode::Block => "block",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamPolicy {
    pub name: String,
    pub mode: Mode,
    pub value: String,
}

/// Parameters no policy may touch: they identify the meeting or carry the signature, or Convene sets them itself.
const PROTECTED: [&str; 4] = ["meetingID", "checksum", "createTime", "maxParticipants"];

/// Why a policy cannot be stored, or `None` when it can.
pub fn policy_problem(call: &str, name: &str, mode: Mode, value: &str) -> Option<String> {
    if !matches!(call, "create" | "join") {
        return Some("the call must be create or join".into());
    }
    if name.is_empty() || name.len() > 100 {
        return Some("the parameter name must be 1 to 100 characters".into());
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
        return Some("the parameter name may use letters, digits, '_', '-' and '.' only".into());
    }
    if PROTECTED.iter().any(|p| p.eq_ignore_ascii_case(name)) {
        return Some(format!("{name} is set by Convene and cannot have a policy (use the limits instead)"));
    }
    if name.to_ascii_lowercase().starts_with("meta_endcallbackurl")
        || name.eq_ignore_ascii_case("meta_bbb-recording-ready-url")
    {
        return Some("callback URLs are the front end's own; they cannot have a policy".into());
    }
    if mode != Mode::Block && value.chars().count() > 2000 {
        return Some("the value must be at most 2000 characters".into());
    }
    if value.chars().any(char::is_control) {
        return Some("the value must not contain control characters".into());
    }
    None
}

fn is_meta(name: &str) -> bool {
    name.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("meta_"))
}

/// Whether two parameter names are one parameter: BigBlueButton lower-cases `meta_` keys, so those match
/// whatever their case; other parameters are case-sensitive, as BigBlueButton reads them.
pub fn same_param(a: &str, b: &str) -> bool {
    if is_meta(a) && is_meta(b) { a.eq_ignore_ascii_case(b) } else { a == b }
}

/// A `meta_` key given twice in different spellings (`meta_Foo` and `meta_foo` are one key to BigBlueButton,
/// which would keep either), lower-cased; `None` when every meta key is given once.
pub fn meta_clash(params: &BTreeMap<String, String>) -> Option<String> {
    let mut seen = std::collections::BTreeSet::new();
    params.keys().filter(|k| is_meta(k)).map(|k| k.to_ascii_lowercase()).find(|k| !seen.insert(k.clone()))
}

/// Applies the policies, in order, to the parameters of one call (`meta_` names in any spelling).
pub fn apply(params: &mut BTreeMap<String, String>, policies: &[ParamPolicy]) {
    for p in policies {
        let present: Vec<String> = params.keys().filter(|k| same_param(k, &p.name)).cloned().collect();
        match p.mode {
            Mode::Default => {
                if present.is_empty() {
                    params.insert(p.name.clone(), p.value.clone());
                }
            }
            Mode::Override => {
                for k in &present {
                    params.remove(k);
                }
                params.insert(p.name.clone(), p.value.clone());
            }
            Mode::Block => {
                for k in &present {
                    params.remove(k);
                }
            }
        }
    }
}

/// Caps `maxParticipants` at the institution's limit (BBB: 0 or absent = no limit, so it becomes the limit).
pub fn cap_participants(params: &mut BTreeMap<String, String>, limit: Option<u32>) {
    let Some(limit) = limit else { return };
    let asked = params.get("maxParticipants").and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(0);
    let capped = if asked == 0 { limit } else { asked.min(limit) };
    params.insert("maxParticipants".into(), capped.to_string());
}

/// May one more meeting start, with `running` of the institution's meetings running now?
pub fn may_start(running: u64, limit: Option<u32>) -> bool {
    limit.is_none_or(|l| running < u64::from(l))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn policy(name: &str, mode: Mode, value: &str) -> ParamPolicy {
        ParamPolicy { name: name.into(), mode, value: value.into() }
    }

    #[test]
    fn default_fills_only_what_is_missing() {
        let mut p = params(&[("record", "false")]);
        apply(&mut p, &[policy("record", Mode::Default, "true"), policy("muteOnStart", Mode::Default, "true")]);
        assert_eq!(p, params(&[("record", "false"), ("muteOnStart", "true")]));
    }

    #[test]
    fn override_replaces_and_block_removes() {
        let mut p = params(&[("record", "true"), ("welcome", "hi"), ("meetingID", "m1")]);
        apply(&mut p, &[policy("record", Mode::Override, "false"), policy("welcome", Mode::Block, "")]);
        assert_eq!(p, params(&[("record", "false"), ("meetingID", "m1")]));
        // Blocking what was not passed changes nothing.
        apply(&mut p, &[policy("logo", Mode::Block, "")]);
        assert_eq!(p, params(&[("record", "false"), ("meetingID", "m1")]));
    }

    #[test]
    fn meta_policies_match_any_spelling() {
        let mut p = params(&[("meta_Course", "caller"), ("meta_INTERNAL-tag", "x"), ("Record", "true")]);
        apply(
            &mut p,
            &[
                policy("meta_course", Mode::Default, "policy"),
                policy("meta_internal-tag", Mode::Block, ""),
                policy("meta_origin", Mode::Default, "lms"),
                // not a meta key: case-sensitive, as BigBlueButton reads it
                policy("record", Mode::Block, ""),
            ],
        );
        assert_eq!(p, params(&[("meta_Course", "caller"), ("meta_origin", "lms"), ("Record", "true")]));
        apply(&mut p, &[policy("meta_COURSE", Mode::Override, "forced")]);
        assert_eq!(p, params(&[("meta_COURSE", "forced"), ("meta_origin", "lms"), ("Record", "true")]));
    }

    #[test]
    fn two_spellings_of_a_meta_key_clash() {
        assert_eq!(meta_clash(&params(&[("meta_Foo", "1"), ("meta_foo", "2")])), Some("meta_foo".into()));
        assert!(meta_clash(&params(&[("META_endCallbackUrl", "1"), ("meta_endcallbackurl", "2")])).is_some());
        assert_eq!(meta_clash(&params(&[("meta_foo", "1"), ("meta_bar", "2"), ("name", "x"), ("Name", "y")])), None);
    }

    #[test]
    fn participants_are_capped_and_unlimited_becomes_the_limit() {
        for (asked, limit, want) in
            [(None, 50, "50"), (Some("0"), 50, "50"), (Some("80"), 50, "50"), (Some("20"), 50, "20")]
        {
            let mut p = params(&[]);
            if let Some(a) = asked {
                p.insert("maxParticipants".into(), a.into());
            }
            cap_participants(&mut p, Some(limit));
            assert_eq!(p["maxParticipants"], want, "asked {asked:?}");
        }
        let mut p = params(&[("maxParticipants", "80")]);
        cap_participants(&mut p, None);
        assert_eq!(p["maxParticipants"], "80");
    }

    #[test]
    fn meeting_limit() {
        assert!(may_start(100, None));
        assert!(may_start(1, Some(2)));
        assert!(!may_start(2, Some(2)));
        assert!(!may_start(0, Some(0)));
    }

    #[test]
    fn protected_and_malformed_policies_are_refused() {
        assert!(policy_problem("create", "record", Mode::Override, "false").is_none());
        assert!(policy_problem("join", "userdata-bbb_auto_join_audio", Mode::Default, "true").is_none());
        for (call, name) in [
            ("create", "meetingID"),
            ("create", "MAXPARTICIPANTS"),
            ("create", "checksum"),
            ("create", "meta_endCallbackUrl"),
            ("create", "meta_bbb-recording-ready-url"),
            ("create", ""),
            ("create", "a b"),
            ("end", "record"),
        ] {
            assert!(policy_problem(call, name, Mode::Default, "x").is_some(), "{call} {name}");
        }
        assert!(policy_problem("create", "welcome", Mode::Default, &"x".repeat(2001)).is_some());
        assert!(policy_problem("create", "welcome", Mode::Default, "a\nb").is_some());
    }
}
