//! Who a SAML IdP says the person is, from its (verified) assertion: a stable identifier — `subject-id`, else
//! `pairwise-id`, else eduPersonPrincipalName, else a persistent NameID — kept with the IdP's entity id (a value
//! means something only at its IdP); scoped values (identifiers, eduPersonScopedAffiliation,
//! schacHomeOrganization) must be in the IdP's `shibmd:Scope`s or the whole answer is refused; attributes become
//! claims under the names the rules use for OpenID Connect too (`eduperson_scoped_affiliation`, `email`…) and
//! under their own `urn:oid` names. Pure.

use super::super::oidc::Person;
use super::super::roles::Claims;

pub const SUBJECT_ID: &str = "urn:oasis:names:tc:SAML:attribute:subject-id";
pub const PAIRWISE_ID: &str = "urn:oasis:names:tc:SAML:attribute:pairwise-id";
pub const EPPN: &str = "urn:oid:1.3.6.1.4.1.5923.1.1.1.6";
pub const MAIL: &str = "urn:oid:0.9.2342.19200300.100.1.3";
pub const DISPLAY_NAME: &str = "urn:oid:2.16.840.1.113730.3.1.241";
pub const GIVEN_NAME: &str = "urn:oid:2.5.4.42";
pub const SURNAME: &str = "urn:oid:2.5.4.4";
pub const SCOPED_AFFILIATION: &str = "urn:oid:1.3.6.1.4.1.5923.1.1.1.9";
pub const AFFILIATION: &str = "urn:oid:1.3.6.1.4.1.5923.1.1.1.1";
pub const ENTITLEMENT: &str = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7";
pub const SCHAC_HOME: &str = "urn:oid:1.3.6.1.4.1.25178.1.2.9";
pub const PERSISTENT: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

/// The claim name each attribute also goes by (the OpenID Connect / REFEDS names), so one rule serves both.
const CLAIM_NAMES: &[(&str, &str)] = &[
    (EPPN, "eduperson_principal_name"),
    (MAIL, "email"),
    (DISPLAY_NAME, "name"),
    (GIVEN_NAME, "given_name"),
    (SURNAME, "family_name"),
    (SCOPED_AFFILIATION, "eduperson_scoped_affiliation"),
    (AFFILIATION, "eduperson_affiliation"),
    (ENTITLEMENT, "eduperson_entitlement"),
    (SCHAC_HOME, "schac_home_organization"),
    (SUBJECT_ID, "subject_id"),
    (PAIRWISE_ID, "pairwise_id"),
];

/// Attributes whose values are `something@scope` and must be in the IdP's scopes.
const SCOPED: &[&str] = &[SUBJECT_ID, PAIRWISE_ID, EPPN, SCOPED_AFFILIATION];

/// The most values of one attribute, and the longest value, kept.
const MAX_VALUES: usize = 100;
const MAX_VALUE_CHARS: usize = 500;
/// The identities table holds subjects up to this length.
const MAX_SUBJECT: usize = 300;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PersonError {
    #[error("the IdP sent no stable identifier (subject-id, pairwise-id, eduPersonPrincipalName or persistent NameID)")]
    NoIdentifier,
    #[error("the IdP vouched for a value outside its scopes ({0})")]
    OutOfScope(String),
    #[error("the identifier is longer than the {MAX_SUBJECT} characters kept")]
    TooLong,
}

/// What the assertion said, as plain values.
#[derive(Debug, Default)]
pub struct Said<'a> {
    /// (attribute Name, its values).
    pub attributes: Vec<(&'a str, Vec<&'a str>)>,
    /// The NameID and its Format.
    pub name_id: Option<(&'a str, Option<&'a str>)>,
}

fn scope_of(value: &str) -> Option<&str> {
    value.rsplit_once('@').map(|(_, s)| s).filter(|s| !s.is_empty())
}

fn in_scopes(scope: &str, scopes: &[String]) -> bool {
    scopes.iter().any(|s| s.eq_ignore_ascii_case(scope))
}

/// The person, from what `entity_id` (whose scopes are `scopes`) said.
pub fn person(entity_id: &str, scopes: &[String], said: &Said<'_>) -> Result<Person, PersonError> {
    let mut claims = Claims::new();
    for (name, values) in &said.attributes {
        let values: Vec<String> = values
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty() && v.chars().count() <= MAX_VALUE_CHARS && !v.chars().any(char::is_control))
            .take(MAX_VALUES)
            .map(str::to_owned)
            .collect();
        if values.is_empty() || name.is_empty() || name.len() > 200 {
            continue;
        }
        if SCOPED.contains(name) {
            for v in &values {
                match scope_of(v) {
                    Some(s) if in_scopes(s, scopes) => {}
                    _ => return Err(PersonError::OutOfScope(format!("{name} {}", clip(v)))),
                }
            }
        }
        if *name == SCHAC_HOME {
            for v in &values {
                if !in_scopes(v, scopes) {
                    return Err(PersonError::OutOfScope(format!("schacHomeOrganization {}", clip(v))));
                }
            }
        }
        claims.entry((*name).to_owned()).or_default().extend(values.iter().cloned());
        if let Some((_, alias)) = CLAIM_NAMES.iter().find(|(n, _)| n == name) {
            claims.entry((*alias).to_owned()).or_default().extend(values);
        }
    }
    let first = |name: &str| claims.get(name).and_then(|v| v.first()).cloned();
    let subject = match (first(SUBJECT_ID), first(PAIRWISE_ID), first(EPPN), said.name_id) {
        (Some(id), _, _, _) | (None, Some(id), _, _) => id,
        (None, None, Some(eppn), _) => eppn.to_ascii_lowercase(),
        (None, None, None, Some((value, Some(PERSISTENT)))) if !value.trim().is_empty() => value.trim().to_owned(),
        _ => return Err(PersonError::NoIdentifier),
    };
    if subject.chars().count() > MAX_SUBJECT || subject.chars().any(char::is_control) {
        return Err(PersonError::TooLong);
    }
    // An address is trusted (for a new account) only inside the IdP's own domains: an IdP speaks for its scopes.
    let email = claims.get(MAIL).into_iter().flatten().find(|m| {
        let domain = scope_of(m).unwrap_or("").to_ascii_lowercase();
        scopes.iter().any(|s| domain == *s || domain.ends_with(&format!(".{s}")))
            && app::validate::email("email", m).is_ok()
    });
    let display_name = first(DISPLAY_NAME).or_else(|| match (first(GIVEN_NAME), first(SURNAME)) {
        (Some(g), Some(s)) => Some(format!("{g} {s}")),
        (g, s) => g.or(s),
    });
    Ok(Person {
        provider_key: format!("saml:{entity_id}"),
        subject,
        email: email.map(|m| m.to_ascii_lowercase()),
        display_name,
        claims,
    })
}

fn clip(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDP: &str = "https://idp.uni-a.example/idp";

    fn scopes() -> Vec<String> {
        vec!["uni-a.example".into()]
    }

    fn alice<'a>() -> Said<'a> {
        Said {
            attributes: vec![
                (EPPN, vec!["Alice@uni-a.example"]),
                (MAIL, vec!["alice@uni-a.example"]),
                (DISPLAY_NAME, vec!["Alice Anders"]),
                (SCOPED_AFFILIATION, vec!["member@uni-a.example", "staff@UNI-A.example"]),
                (SCHAC_HOME, vec!["uni-a.example"]),
            ],
            name_id: Some(("AAdzZWNyZXQx", Some("urn:oasis:names:tc:SAML:2.0:nameid-format:transient"))),
        }
    }

    #[test]
    fn a_person_with_claims_under_both_names() {
        let p = person(IDP, &scopes(), &alice()).unwrap();
        assert_eq!(p.provider_key, "saml:https://idp.uni-a.example/idp");
        assert_eq!(p.subject, "alice@uni-a.example", "ePPN, compared without case");
        assert_eq!(p.email.as_deref(), Some("alice@uni-a.example"));
        assert_eq!(p.display_name.as_deref(), Some("Alice Anders"));
        assert_eq!(p.claims["eduperson_scoped_affiliation"], vec!["member@uni-a.example", "staff@UNI-A.example"]);
        assert_eq!(p.claims[SCOPED_AFFILIATION].len(), 2);
        assert_eq!(p.claims["schac_home_organization"], vec!["uni-a.example"]);
    }

    #[test]
    fn the_identifier_in_order_of_preference() {
        let mut s = alice();
        s.attributes.push((PAIRWISE_ID, vec!["XYZ123@uni-a.example"]));
        assert_eq!(person(IDP, &scopes(), &s).unwrap().subject, "XYZ123@uni-a.example");
        s.attributes.push((SUBJECT_ID, vec!["a1@uni-a.example"]));
        assert_eq!(person(IDP, &scopes(), &s).unwrap().subject, "a1@uni-a.example");
        let only_name_id = Said { attributes: vec![], name_id: Some(("p-123", Some(PERSISTENT))) };
        assert_eq!(person(IDP, &scopes(), &only_name_id).unwrap().subject, "p-123");
        let transient = Said { attributes: vec![(MAIL, vec!["a@uni-a.example"])], name_id: alice().name_id };
        assert_eq!(person(IDP, &scopes(), &transient).unwrap_err(), PersonError::NoIdentifier);
        let long = "x".repeat(400);
        let too_long = Said { attributes: vec![], name_id: Some((&long, Some(PERSISTENT))) };
        assert_eq!(person(IDP, &scopes(), &too_long).unwrap_err(), PersonError::TooLong);
    }

    #[test]
    fn another_institutions_scope_is_refused() {
        for (attr, value) in [
            (EPPN, "mallory@uni-b.example"),
            (SCOPED_AFFILIATION, "staff@uni-b.example"),
            (SUBJECT_ID, "x@uni-a.example.evil"),
            (EPPN, "no-scope-at-all"),
            (SCHAC_HOME, "uni-b.example"),
        ] {
            let mut s = alice();
            s.attributes.push((attr, vec![value]));
            assert!(matches!(person(IDP, &scopes(), &s), Err(PersonError::OutOfScope(_))), "{attr} {value}");
        }
        assert!(matches!(person(IDP, &[], &alice()), Err(PersonError::OutOfScope(_))), "an IdP without scopes");
    }

    #[test]
    fn an_address_outside_the_idps_domains_is_not_trusted() {
        let mut s = alice();
        s.attributes[1] = (MAIL, vec!["boss@other.example", "alice@mail.uni-a.example"]);
        assert_eq!(person(IDP, &scopes(), &s).unwrap().email.as_deref(), Some("alice@mail.uni-a.example"));
        s.attributes[1] = (MAIL, vec!["boss@other.example"]);
        assert_eq!(person(IDP, &scopes(), &s).unwrap().email, None);
        s.attributes[1] = (MAIL, vec!["x@evil-uni-a.example"]);
        assert_eq!(person(IDP, &scopes(), &s).unwrap().email, None, "a suffix is not a subdomain");
    }

    #[test]
    fn hostile_values_are_dropped() {
        let mut s = alice();
        s.attributes[2] = (DISPLAY_NAME, vec!["Eve\u{0}<script>"]);
        let p = person(IDP, &scopes(), &s).unwrap();
        assert_eq!(p.display_name, None, "a value with control characters is not kept");
        s.attributes[2] = (GIVEN_NAME, vec!["Alice"]);
        s.attributes.push((SURNAME, vec!["Anders"]));
        assert_eq!(person(IDP, &scopes(), &s).unwrap().display_name.as_deref(), Some("Alice Anders"));
    }
}
