//! The states kept in text columns, decoded into enums once, here: services compare enums, never strings. Each
//! enum's text is the value the schema's CHECK constraint allows (`migrations/*`); a value the code does not know
//! is a decode error, not a silent default.

use crate::balancer::placement::{AdminState, Health};

/// A text column held a value its enum does not know.
#[derive(Debug, thiserror::Error)]
#[error("unknown {kind} {value:?} in the database")]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
}

/// A text enum: its variants and their column values, `as_str`, `parse`, `TryFrom<String>` (for sqlx's
/// `#[sqlx(try_from = "String")]`) and `Display`.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident : $kind:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value kept in the database (and shown to the app).
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownValue;
            fn try_from(s: String) -> Result<$name, UnknownValue> {
                $name::parse(&s).ok_or(UnknownValue { kind: $kind, value: s })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum! {
    /// Where a booking stands (`bookings.status`).
    BookingStatus: "booking status" {
        Confirmed = "confirmed",
        /// Waits for an admin's approval; holds its slot meanwhile.
        Pending = "pending",
        Cancelled = "cancelled",
        Rejected = "rejected",
    }
}

impl BookingStatus {
    /// Holds its slot in the room's calendar.
    pub fn holds(self) -> bool {
        matches!(self, BookingStatus::Confirmed | BookingStatus::Pending)
    }
}

/// The statuses that hold a slot, as an SQL list (`status IN …`); a test checks it against [`BookingStatus::holds`].
pub const HOLDING: &str = "('confirmed', 'pending')";

text_enum! {
    /// Who comes in through a room's guest links (`rooms.guest_policy`).
    GuestPolicy: "guest policy" {
        /// Straight in.
        Open = "open",
        /// Through the waiting room.
        Ask = "ask",
        /// No guests.
        None = "none",
    }
}

text_enum! {
    /// Who sees a room (`rooms.visibility`).
    Visibility: "room visibility" {
        Institution = "institution",
        /// Listed for the whole network.
        Public = "public",
    }
}

text_enum! {
    /// What a booking beyond the pool's free seats gets (`booking_policies.capacity_policy`).
    CapacityPolicy: "capacity policy" {
        Warn = "warn",
        Refuse = "refuse",
    }
}

impl TryFrom<String> for AdminState {
    type Error = UnknownValue;
    fn try_from(s: String) -> Result<AdminState, UnknownValue> {
        AdminState::parse(&s).ok_or(UnknownValue { kind: "admin state", value: s })
    }
}

impl TryFrom<String> for Health {
    type Error = UnknownValue;
    fn try_from(s: String) -> Result<Health, UnknownValue> {
        Health::parse(&s).ok_or(UnknownValue { kind: "health", value: s })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holding_is_the_statuses_that_hold() {
        let listed: Vec<&str> = HOLDING.trim_matches(['(', ')']).split(", ").map(|s| s.trim_matches('\'')).collect();
        let holding: Vec<&str> = BookingStatus::ALL.iter().filter(|s| s.holds()).map(|s| s.as_str()).collect();
        assert_eq!(listed, holding);
    }

    #[test]
    fn every_value_round_trips_and_strangers_are_refused() {
        for s in BookingStatus::ALL {
            assert_eq!(BookingStatus::try_from(s.as_str().to_owned()).unwrap(), *s);
        }
        for g in GuestPolicy::ALL {
            assert_eq!(GuestPolicy::parse(g.as_str()), Some(*g));
        }
        for a in [AdminState::Enabled, AdminState::Cordoned, AdminState::Disabled] {
            assert_eq!(AdminState::try_from(a.as_str().to_owned()).unwrap(), a);
        }
        for h in [Health::Online, Health::Unstable, Health::Offline] {
            assert_eq!(Health::try_from(h.as_str().to_owned()).unwrap(), h);
        }
        let e = BookingStatus::try_from("Confirmed".to_owned()).unwrap_err();
        assert_eq!(e.to_string(), "unknown booking status \"Confirmed\" in the database");
        assert!(Health::try_from(String::new()).is_err());
    }

    /// The values are those the schema allows.
    #[test]
    fn values_match_the_schema_checks() {
        let schema: String = ["0002_pool.sql", "0005_rooms.sql"]
            .iter()
            .map(|f| {
                std::fs::read_to_string(format!("{}/../migrations/sqlite/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap()
            })
            .collect();
        let check = |column: &str, values: Vec<&str>| {
            let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
            let wanted = format!("{column} IN ({})", quoted.join(", "));
            let line = schema.lines().find(|l| l.contains(&format!("CHECK ({column} IN"))).unwrap_or_default();
            let allowed: std::collections::BTreeSet<&str> = line
                .split("IN (")
                .nth(1)
                .unwrap_or_default()
                .split(')')
                .next()
                .unwrap_or_default()
                .split(',')
                .map(|v| v.trim().trim_matches('\''))
                .collect();
            let ours: std::collections::BTreeSet<&str> = values.into_iter().collect();
            assert_eq!(allowed, ours, "{wanted} vs the schema: {line}");
        };
        check("status", BookingStatus::ALL.iter().map(|s| s.as_str()).collect());
        check("guest_policy", GuestPolicy::ALL.iter().map(|s| s.as_str()).collect());
        check("visibility", Visibility::ALL.iter().map(|s| s.as_str()).collect());
        check("capacity_policy", CapacityPolicy::ALL.iter().map(|s| s.as_str()).collect());
        check("admin_state", vec!["enabled", "cordoned", "disabled"]);
        check("health", vec!["online", "unstable", "offline"]);
    }
}
