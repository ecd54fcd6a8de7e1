//! Who is looking at the page, in which language. Computed by the server for each request, rendered into the page
//! as JSON and read back by the browser before hydration, so both sides render the same thing.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Member,
    Guest,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Member, Role::Guest];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
            Role::Guest => "guest",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "member" => Some(Role::Member),
            "guest" => Some(Role::Guest),
            _ => None,
        }
    }
}

/// What an institution's sign-in rule lets a person do beyond their role: each `None` means "as the institution's
/// booking policy lets the role"; `Some` decides for this person whatever the policy says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rights {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub book: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_room: Option<bool>,
}

impl Rights {
    pub fn is_default(&self) -> bool {
        *self == Rights::default()
    }

    /// A form's choice: "" (as the role allows), "yes" or "no"; anything else is not a choice (`None`).
    pub fn parse_choice(s: &str) -> Option<Option<bool>> {
        match s {
            "" => Some(None),
            "yes" => Some(Some(true)),
            "no" => Some(Some(false)),
            _ => None,
        }
    }

    pub fn choice(v: Option<bool>) -> &'static str {
        match v {
            None => "",
            Some(true) => "yes",
            Some(false) => "no",
        }
    }

    /// As stored: NULL, 1 or 0.
    pub fn from_db(v: Option<i64>) -> Option<bool> {
        v.map(|v| v != 0)
    }

    pub fn to_db(v: Option<bool>) -> Option<i64> {
        v.map(i64::from)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub institution_id: i64,
    pub slug: String,
    pub name: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Rights::is_default")]
    pub rights: Rights,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub is_operator: bool,
    pub memberships: Vec<Membership>,
}

impl CurrentUser {
    pub fn role_in(&self, institution_id: i64) -> Option<Role> {
        self.membership_in(institution_id).map(|m| m.role)
    }

    pub fn membership_in(&self, institution_id: i64) -> Option<&Membership> {
        self.memberships.iter().find(|m| m.institution_id == institution_id)
    }

    /// Operators administer every institution; admins their own.
    pub fn can_admin(&self, institution_id: i64) -> bool {
        self.is_operator || self.role_in(institution_id) == Some(Role::Admin)
    }

    pub fn admin_of(&self) -> impl Iterator<Item = &Membership> {
        self.memberships.iter().filter(|m| m.role == Role::Admin)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub user: Option<CurrentUser>,
    pub lang: Lang,
    /// What the form posted just before this page left for it (see [`crate::flash`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flash: Option<crate::flash::Flash>,
    /// The footer's help, privacy and contact links (drawn on the server only: never sent to the browser).
    #[serde(skip)]
    pub links: FooterLinks,
}

/// Help, privacy notice and contact: an address each, or none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkSet {
    pub help: Option<String>,
    pub privacy: Option<String>,
    pub contact: Option<String>,
}

impl LinkSet {
    /// From stored addresses, an empty one meaning none.
    pub fn from_addresses(help: &str, privacy: &str, contact: &str) -> Self {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        LinkSet { help: some(help), privacy: some(privacy), contact: some(contact) }
    }

    pub fn is_empty(&self) -> bool {
        self.help.is_none() && self.privacy.is_none() && self.contact.is_none()
    }
}

/// The links of the deployment, and those of each institution the person belongs to that set any.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FooterLinks {
    pub site: LinkSet,
    pub institutions: Vec<(String, LinkSet)>,
}

impl SessionView {
    /// JSON safe to place inside a `<script>` element.
    pub fn to_script_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|_| "{}".to_owned())
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    }
}

pub fn use_session() -> SessionView {
    use_context::<SessionView>().unwrap_or_default()
}

pub fn use_lang() -> Lang {
    use_session().lang
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let s = SessionView {
            user: Some(CurrentUser {
                id: 1,
                email: "a@b.c".into(),
                display_name: "</script><script>alert(1)</script>".into(),
                is_operator: false,
                memberships: vec![],
            }),
            lang: Lang::En,
            flash: None,
            links: FooterLinks::default(),
        };
        let json = s.to_script_json();
        assert!(!json.contains("</script"));
        let back: SessionView = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn admin_rights() {
        let u = CurrentUser {
            id: 1,
            email: "a@b.c".into(),
            display_name: "A".into(),
            is_operator: false,
            memberships: vec![Membership {
                institution_id: 7,
                slug: "x".into(),
                name: "X".into(),
                role: Role::Admin,
                rights: Rights::default(),
            }],
        };
        assert!(u.can_admin(7));
        assert!(!u.can_admin(8));
        let op = CurrentUser { is_operator: true, memberships: vec![], ..u };
        assert!(op.can_admin(8));
    }
}
