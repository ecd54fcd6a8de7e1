//! Sign-in attempts are limited per client address and per account *from that address* (GCRA from `governor`):
//! a brute force from one address is stopped, while a stranger's failures never lock the account's owner out —
//! the owner signs in from their own address. Failures against one account from all addresses together have a
//! budget too (ten times the per-address one): over it, each failure is answered slowly, and for a quarter of an
//! hour the account accepts attempts only from addresses it was signed in from before — a distributed guess stops,
//! its owner at their usual places does not. IPv6 addresses count by their /64 (one host holds a whole /64).
//! Kept in memory: each instance limits on its own.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::LoginConfig;

pub struct LoginLimiter {
    /// Attempts per (account, address).
    pairs: DefaultKeyedRateLimiter<(String, IpAddr)>,
    /// Attempts per address, whatever the account.
    addresses: DefaultKeyedRateLimiter<IpAddr>,
    /// Failures per account, whatever the address.
    failures: DefaultKeyedRateLimiter<String>,
    /// Accounts over their failure budget, since when.
    guarded: Mutex<HashMap<String, Instant>>,
    /// Where each account was signed in from, and when last.
    known: Mutex<HashMap<(String, IpAddr), Instant>>,
}

/// How long a failed attempt waits before its answer once its account is over its failure budget.
pub const BACKOFF: Duration = Duration::from_secs(2);
/// How long an account over its failure budget takes attempts only from addresses it knows.
pub const GUARD: Duration = Duration::from_secs(15 * 60);
/// How long an address an account was signed in from stays known.
const KNOWN_FOR: Duration = Duration::from_secs(90 * 86_400);
/// Known addresses kept at most (then the oldest go).
const KNOWN_MAX: usize = 200_000;

fn quota(burst: u32, refill_seconds: u32) -> Quota {
    let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(Duration::from_secs(u64::from(refill_seconds.max(1))))
        .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
        .allow_burst(burst)
}

/// The address as one client: IPv4 as it is, IPv6 by its /64 (an IPv4-mapped one as the IPv4 address).
pub fn client_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

impl LoginLimiter {
    pub fn new(c: &LoginConfig) -> Self {
        LoginLimiter {
            pairs: RateLimiter::keyed(quota(c.account_burst, c.account_refill_seconds)),
            addresses: RateLimiter::keyed(quota(c.address_burst, c.address_refill_seconds)),
            failures: RateLimiter::keyed(quota(c.account_burst.saturating_mul(10), c.account_refill_seconds)),
            guarded: Mutex::new(HashMap::new()),
            known: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one attempt; false if the address, or this account from this address, is over its limit, or the
    /// account is guarded and does not know this address.
    pub fn allow(&self, address: IpAddr, account: &str) -> bool {
        let address = client_key(address);
        let address_ok = self.addresses.check_key(&address).is_ok();
        let pair_ok = self.pairs.check_key(&(account.to_owned(), address)).is_ok();
        address_ok && pair_ok && (!self.guarded(account) || self.knows(account, address))
    }

    /// Counts one attempt from this address that names no account (leaving for an identity provider); false when
    /// the address is over its limit. It shares the address's budget with password attempts.
    pub fn allow_address(&self, address: IpAddr) -> bool {
        self.addresses.check_key(&client_key(address)).is_ok()
    }

    /// Counts a failed attempt against the account; true when the account is over its failure budget (the answer
    /// should then wait [`BACKOFF`], and the account is guarded for [`GUARD`]).
    pub fn failed(&self, account: &str) -> bool {
        let over = self.failures.check_key(&account.to_owned()).is_err();
        if over && let Ok(mut g) = self.guarded.lock() {
            g.insert(account.to_owned(), Instant::now());
        }
        over
    }

    /// The account was signed in from this address: it stays known there.
    pub fn succeeded(&self, address: IpAddr, account: &str) {
        if let Ok(mut k) = self.known.lock() {
            if k.len() >= KNOWN_MAX {
                let cutoff = k.values().copied().min();
                k.retain(|_, at| Some(*at) != cutoff);
            }
            k.insert((account.to_owned(), client_key(address)), Instant::now());
        }
    }

    fn guarded(&self, account: &str) -> bool {
        self.guarded.lock().map(|g| g.get(account).is_some_and(|at| at.elapsed() < GUARD)).unwrap_or(false)
    }

    fn knows(&self, account: &str, address: IpAddr) -> bool {
        self.known
            .lock()
            .map(|k| k.get(&(account.to_owned(), address)).is_some_and(|at| at.elapsed() < KNOWN_FOR))
            .unwrap_or(false)
    }

    /// Forgets keys that are back to full allowance and guards and addresses that ran out, so memory stays bounded.
    pub fn shrink(&self) {
        self.pairs.retain_recent();
        self.addresses.retain_recent();
        self.failures.retain_recent();
        if let Ok(mut g) = self.guarded.lock() {
            g.retain(|_, at| at.elapsed() < GUARD);
        }
        if let Ok(mut k) = self.known.lock() {
            k.retain(|_, at| at.elapsed() < KNOWN_FOR);
        }
    }
}

/// Password reset by e-mail: requests for links per client address (a burst of 5, then one every 3 minutes) and per account asked for (a
/// burst of 3, then one every 20 minutes: an inbox is not flooded); uses of links per client address (a burst of
/// 10, then one every 30 seconds).
pub struct ResetLimiter {
    addresses: DefaultKeyedRateLimiter<IpAddr>,
    accounts: DefaultKeyedRateLimiter<String>,
    uses: DefaultKeyedRateLimiter<IpAddr>,
}

impl Default for ResetLimiter {
    fn default() -> Self {
        let quota = |burst: u32, every: u64| {
            Quota::with_period(Duration::from_secs(every))
                .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
                .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN))
        };
        ResetLimiter {
            addresses: RateLimiter::keyed(quota(5, 180)),
            accounts: RateLimiter::keyed(quota(3, 1200)),
            uses: RateLimiter::keyed(quota(10, 30)),
        }
    }
}

impl ResetLimiter {
    pub fn allow_address(&self, ip: IpAddr) -> bool {
        self.addresses.check_key(&client_key(ip)).is_ok()
    }

    pub fn allow_use(&self, ip: IpAddr) -> bool {
        self.uses.check_key(&client_key(ip)).is_ok()
    }

    pub fn allow_account(&self, email: &str) -> bool {
        self.accounts.check_key(&email.to_owned()).is_ok()
    }

    /// Forgets keys whose allowance is full again.
    pub fn shrink(&self) {
        self.addresses.retain_recent();
        self.accounts.retain_recent();
        self.uses.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_account_and_address_and_per_address() {
        let l = LoginLimiter::new(&LoginConfig {
            account_burst: 3,
            account_refill_seconds: 3600,
            address_burst: 4,
            address_refill_seconds: 3600,
        });
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        assert!((0..3).all(|_| l.allow(a, "x@y.z")));
        assert!(!l.allow(a, "x@y.z"), "the account is limited from that address");
        assert!(l.allow(b, "x@y.z"), "the owner, from another address, is not locked out");
        assert!(!l.allow(a, "other@y.z"), "the address is limited whatever the account");
        assert!((0..30).all(|_| !l.failed("x@y.z")), "thirty failures within the account's budget");
        assert!(l.failed("x@y.z"), "then each failure backs off");
    }

    #[test]
    fn a_distributed_guess_stops_while_the_owner_gets_in_where_they_did_before() {
        let l = LoginLimiter::new(&LoginConfig {
            account_burst: 5,
            account_refill_seconds: 3600,
            address_burst: 50,
            address_refill_seconds: 3600,
        });
        let home: IpAddr = "198.51.100.20".parse().unwrap();
        assert!(l.allow(home, "owner@y.z"));
        l.succeeded(home, "owner@y.z");
        // Fifty addresses, one guess each: the account's failure budget is spent.
        for i in 0..50u8 {
            let a: IpAddr = format!("203.0.113.{i}").parse().unwrap();
            assert!(l.allow(a, "owner@y.z"), "each new address may try once");
            l.failed("owner@y.z");
        }
        assert!(l.failed("owner@y.z"));
        let fresh: IpAddr = "192.0.2.99".parse().unwrap();
        assert!(!l.allow(fresh, "owner@y.z"), "a new address is refused while the account is guarded");
        assert!(l.allow(home, "owner@y.z"), "the owner's own address is not");
        assert!(l.allow(fresh, "someone-else@y.z"), "other accounts are not guarded");
    }

    #[test]
    fn ipv6_counts_by_its_64() {
        let l = LoginLimiter::new(&LoginConfig {
            account_burst: 2,
            account_refill_seconds: 3600,
            address_burst: 50,
            address_refill_seconds: 3600,
        });
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert!(l.allow(a, "x@y.z") && l.allow(b, "x@y.z"));
        assert!(!l.allow("2001:db8:1:2::77".parse().unwrap(), "x@y.z"), "one /64 is one client");
        assert!(l.allow("2001:db8:1:3::1".parse().unwrap(), "x@y.z"), "another /64 is another");
    }
}
