//! A server's health from its poll results (pure): one failure makes it unstable (no new meetings), K in a row
//! offline (its meetings are lost and will be recreated elsewhere on the next join), M successes in a row bring it
//! back online.

use super::placement::Health;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub offline_after: u32,
    pub online_after: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { offline_after: 3, online_after: 2 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tracked {
    pub health: Health,
    pub failures: u32,
    pub successes: u32,
}

/// The next state after one poll, and whether the server just went offline.
pub fn after_poll(t: Tracked, ok: bool, p: Policy) -> (Tracked, bool) {
    if ok {
        let successes = t.successes.saturating_add(1);
        let health = if t.health == Health::Online || successes >= p.online_after { Health::Online } else { t.health };
        (Tracked { health, failures: 0, successes }, false)
    } else {
        let failures = t.failures.saturating_add(1);
        let health = if failures >= p.offline_after { Health::Offline } else { Health::Unstable };
        let went_offline = health == Health::Offline && t.health != Health::Offline;
        (Tracked { health, failures, successes: 0 }, went_offline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(start: Health, polls: &[bool]) -> Vec<(Health, bool)> {
        let mut t = Tracked { health: start, failures: 0, successes: 0 };
        polls
            .iter()
            .map(|ok| {
                let (next, off) = after_poll(t, *ok, Policy::default());
                t = next;
                (t.health, off)
            })
            .collect()
    }

    #[test]
    fn online_unstable_offline_and_back() {
        use Health::*;
        assert_eq!(
            run(Online, &[true, false, false, false, false, true, true, true]),
            vec![
                (Online, false),
                (Unstable, false),
                (Unstable, false),
                (Offline, true),
                (Offline, false),
                (Offline, false),
                (Online, false),
                (Online, false)
            ]
        );
        // a single success after trouble is not enough; a failure resets the count
        assert_eq!(
            run(Unstable, &[true, false, true, true]),
            vec![(Unstable, false), (Unstable, false), (Unstable, false), (Online, false)]
        );
    }
}
