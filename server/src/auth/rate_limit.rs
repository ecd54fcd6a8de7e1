//! Sign-in attempts are limited per account and per client address (GCRA from `governor`). Kept in memory:
//! each instance limits on its own.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::LoginConfig;

pub struct LoginLimiter {
    accounts: DefaultKeyedRateLimiter<String>,
    addresses: DefaultKeyedRateLimiter<IpAddr>,
}

fn quota(burst: u32, refill_seconds: u32) -> Quota {
    let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(Duration::from_secs(u64::from(refill_seconds.max(1))))
        .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
        .allow_burst(burst)
}

impl LoginLimiter {
    pub fn new(c: &LoginConfig) -> Self {
        LoginLimiter {
            accounts: RateLimiter::keyed(quota(c.account_burst, c.account_refill_seconds)),
            addresses: RateLimiter::keyed(quota(c.address_burst, c.address_refill_seconds)),
        }
    }

    /// Counts one attempt; false if either the address or the account is over its limit.
    pub fn allow(&self, address: IpAddr, account: &str) -> bool {
        let address_ok = self.addresses.check_key(&address).is_ok();
        let account_ok = self.accounts.check_key(&account.to_owned()).is_ok();
        address_ok && account_ok
    }

    /// Forgets keys that are back to full allowance, so memory stays bounded.
    pub fn shrink(&self) {
        self.accounts.retain_recent();
        self.addresses.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_account_and_per_address() {
        let l = LoginLimiter::new(&LoginConfig {
            account_burst: 3,
            account_refill_seconds: 3600,
            address_burst: 4,
            address_refill_seconds: 3600,
        });
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        assert!((0..3).all(|_| l.allow(a, "x@y.z")));
        assert!(!l.allow(b, "x@y.z"), "the account is limited whatever the address");
        assert!(l.allow(a, "other@y.z"));
        assert!(!l.allow(a, "third@y.z"), "the address is limited whatever the account");
    }
}
