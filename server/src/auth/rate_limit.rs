//! Sign-in attempts are limited per client address and per account *from that address* (GCRA from `governor`):
//! a brute force from one address is stopped, while a stranger's failures never lock the account's owner out —
//! the owner signs in from their own address. Failures against one account from many addresses are counted too;
//! over that budget each failed attempt is answered slowly (a back-off, not a refusal). Kept in memory: each
//! instance limits on its own.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::LoginConfig;

pub struct LoginLimiter {
    /// Attempts per (account, address).
    pairs: DefaultKeyedRateLimiter<(String, IpAddr)>,
    /// Attempts per address, whatever the account.
    addresses: DefaultKeyedRateLimiter<IpAddr>,
    /// Failures per account, whatever the address (ten times the per-address allowance).
    failures: DefaultKeyedRateLimiter<String>,
}

/// How long a failed attempt waits before its answer once its account is over its failure budget.
pub const BACKOFF: Duration = Duration::from_secs(2);

fn quota(burst: u32, refill_seconds: u32) -> Quota {
    let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(Duration::from_secs(u64::from(refill_seconds.max(1))))
        .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
        .allow_burst(burst)
}

impl LoginLimiter {
    pub fn new(c: &LoginConfig) -> Self {
        LoginLimiter {
            pairs: RateLimiter::keyed(quota(c.account_burst, c.account_refill_seconds)),
            addresses: RateLimiter::keyed(quota(c.address_burst, c.address_refill_seconds)),
            failures: RateLimiter::keyed(quota(c.account_burst.saturating_mul(10), c.account_refill_seconds)),
        }
    }

    /// Counts one attempt; false if the address, or this account from this address, is over its limit.
    pub fn allow(&self, address: IpAddr, account: &str) -> bool {
        let address_ok = self.addresses.check_key(&address).is_ok();
        let pair_ok = self.pairs.check_key(&(account.to_owned(), address)).is_ok();
        address_ok && pair_ok
    }

    /// Counts a failed attempt against the account; true when the account is over its failure budget (the answer
    /// should then wait [`BACKOFF`]).
    pub fn failed(&self, account: &str) -> bool {
        self.failures.check_key(&account.to_owned()).is_err()
    }

    /// Forgets keys that are back to full allowance, so memory stays bounded.
    pub fn shrink(&self) {
        self.pairs.retain_recent();
        self.addresses.retain_recent();
        self.failures.retain_recent();
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
}
