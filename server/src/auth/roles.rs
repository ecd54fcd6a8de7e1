//! Roles from what an identity provider says about a person: an institution's rules, tried in order, from a
//! claim's (or attribute's) value to a role and rights beyond it (may book, may record, may have a personal room);
//! the first that matches decides, else the provider's default (the role's rights). Pure: no I/O, the same for
//! OpenID Connect claims and SAML attributes.

use std::collections::BTreeMap;

use app::session::{Rights, Role};

/// What a provider said about a person: each claim with its values (a list claim has several).
pub type Claims = BTreeMap<String, Vec<String>>;

/// What a rule or a default gives: a role, or not admitted at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grant {
    Role(Role),
    None,
}

impl Grant {
    pub fn parse(s: &str) -> Option<Grant> {
        match s {
            "none" => Some(Grant::None),
            other => Role::parse(other).map(Grant::Role),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Grant::Role(r) => r.as_str(),
            Grant::None => "none",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub claim: String,
    /// The value itself, or with a leading or trailing `*` (any prefix or suffix); comparison ignores ASCII case.
    pub pattern: String,
    pub grant: Grant,
    pub rights: Rights,
}

impl Rule {
    pub fn matches(&self, value: &str) -> bool {
        let (p, v) = (self.pattern.to_ascii_lowercase(), value.to_ascii_lowercase());
        if p == "*" {
            return !v.is_empty();
        }
        match (p.strip_prefix('*'), p.strip_suffix('*')) {
            (Some(suffix), _) if !suffix.is_empty() => v.ends_with(suffix),
            (_, Some(prefix)) if !prefix.is_empty() => v.starts_with(prefix),
            _ => v == p,
        }
    }
}

/// The outcome, and why: the rule that decided (with the value it matched), or none (the default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub grant: Grant,
    /// The deciding rule's rights (none for the default, or when not admitted).
    pub rights: Rights,
    pub because: Option<(String, String)>,
}

/// The first rule one of whose claim's values matches, else `default`.
pub fn decide(claims: &Claims, rules: &[Rule], default: Grant) -> Decision {
    for rule in rules {
        if let Some(value) = claims.get(&rule.claim).into_iter().flatten().find(|v| rule.matches(v)) {
            let rights = if rule.grant == Grant::None { Rights::default() } else { rule.rights };
            return Decision { grant: rule.grant, rights, because: Some((rule.claim.clone(), value.clone())) };
        }
    }
    Decision { grant: default, rights: Rights::default(), because: None }
}

/// For someone from outside every member institution: admin or member become guest, with the role's rights;
/// guest and not admitted stay as they are.
pub fn guest_at_most(d: Decision) -> Decision {
    match d.grant {
        Grant::Role(Role::Admin | Role::Member) => {
            Decision { grant: Grant::Role(Role::Guest), rights: Rights::default(), because: d.because }
        }
        _ => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(pairs: &[(&str, &[&str])]) -> Claims {
        pairs.iter().map(|(k, vs)| (k.to_string(), vs.iter().map(|v| v.to_string()).collect())).collect()
    }

    fn rule(claim: &str, pattern: &str, grant: Grant) -> Rule {
        Rule { claim: claim.into(), pattern: pattern.into(), grant, rights: Rights::default() }
    }

    #[test]
    fn first_matching_rule_decides() {
        let c = claims(&[("affiliation", &["member@uni-a.example", "staff@uni-a.example"])]);
        let rules = [
            rule("affiliation", "faculty@uni-a.example", Grant::Role(Role::Admin)),
            rule("affiliation", "staff@*", Grant::Role(Role::Member)),
            rule("affiliation", "*@uni-a.example", Grant::Role(Role::Guest)),
        ];
        let d = decide(&c, &rules, Grant::None);
        assert_eq!(d.grant, Grant::Role(Role::Member));
        assert_eq!(d.because, Some(("affiliation".into(), "staff@uni-a.example".into())));
    }

    #[test]
    fn nothing_matches_gives_the_default() {
        let c = claims(&[("affiliation", &["student@uni-a.example"])]);
        let rules = [rule("affiliation", "staff@*", Grant::Role(Role::Member))];
        assert_eq!(
            decide(&c, &rules, Grant::Role(Role::Guest)),
            Decision { grant: Grant::Role(Role::Guest), rights: Rights::default(), because: None }
        );
        assert_eq!(decide(&Claims::new(), &rules, Grant::None).grant, Grant::None);
    }

    #[test]
    fn the_deciding_rule_brings_its_rights() {
        let c = claims(&[("entitlement", &["urn:mace:uni-a:lecture-capture"]), ("affiliation", &["staff@uni-a"])]);
        let recorder = Rights { record: Some(true), ..Rights::default() };
        let no_booking = Rights { book: Some(false), ..Rights::default() };
        let rules = [
            Rule { rights: recorder, ..rule("entitlement", "*:lecture-capture", Grant::Role(Role::Member)) },
            Rule { rights: no_booking, ..rule("affiliation", "staff@*", Grant::Role(Role::Member)) },
            Rule { rights: recorder, ..rule("affiliation", "banned@*", Grant::None) },
        ];
        assert_eq!(decide(&c, &rules, Grant::None).rights, recorder, "the first match's rights, not a merge");
        assert_eq!(decide(&claims(&[("affiliation", &["staff@uni-a"])]), &rules, Grant::None).rights, no_booking);
        let banned = decide(&claims(&[("affiliation", &["banned@x"])]), &rules, Grant::Role(Role::Guest));
        assert_eq!((banned.grant, banned.rights), (Grant::None, Rights::default()), "no rights without admission");
        let nobody = decide(&Claims::new(), &rules, Grant::Role(Role::Guest));
        assert_eq!(nobody.rights, Rights::default(), "the default: the role's rights");
    }

    #[test]
    fn outsiders_are_guests_at_most() {
        let rights = Rights { book: Some(true), ..Rights::default() };
        let d = |grant| Decision { grant, rights, because: Some(("x".into(), "y".into())) };
        for g in [Grant::Role(Role::Admin), Grant::Role(Role::Member)] {
            let capped = guest_at_most(d(g));
            assert_eq!((capped.grant, capped.rights), (Grant::Role(Role::Guest), Rights::default()));
            assert_eq!(capped.because, Some(("x".into(), "y".into())));
        }
        assert_eq!(guest_at_most(d(Grant::Role(Role::Guest))), d(Grant::Role(Role::Guest)));
        assert_eq!(guest_at_most(d(Grant::None)), d(Grant::None));
    }

    #[test]
    fn patterns() {
        let r = |p: &str| rule("x", p, Grant::None);
        assert!(r("Staff@Uni-A.example").matches("staff@uni-a.example"));
        assert!(!r("staff@uni-a.example").matches("staff@uni-a.example.evil"));
        assert!(r("*@uni-a.example").matches("member@uni-a.example"));
        assert!(!r("*@uni-a.example").matches("member@uni-a.example.evil"));
        assert!(r("staff@*").matches("staff@anything"));
        assert!(!r("staff@*").matches("nonstaff@x"));
        assert!(r("*").matches("x") && !r("*").matches(""));
        assert!(!r("**").matches("a"), "a lone pair of stars is not a wildcard of everything");
    }

    #[test]
    fn grants_read_and_write() {
        for g in [Grant::None, Grant::Role(Role::Admin), Grant::Role(Role::Member), Grant::Role(Role::Guest)] {
            assert_eq!(Grant::parse(g.as_str()), Some(g));
        }
        assert_eq!(Grant::parse("root"), None);
    }
}
