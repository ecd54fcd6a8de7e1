//! What every API call reads and what rarely changes, kept in memory for a few seconds: the institutions' secrets
//! and their rules (limits, parameter policies, location). A checksum that matches no cached secret reloads the
//! secrets before it is refused, so a new secret works at once; a removed or expired one stops working within
//! `ttl` (expiry times themselves are checked on every call).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::api::Rules;
use crate::db::api::SecretRow;

pub struct ApiCache {
    ttl: Duration,
    secrets: Mutex<Option<(Instant, Arc<Vec<SecretRow>>)>>,
    rules: Mutex<HashMap<i64, (Instant, Arc<Rules>)>>,
}

impl ApiCache {
    pub fn new(ttl: Duration) -> ApiCache {
        ApiCache { ttl, secrets: Mutex::new(None), rules: Mutex::new(HashMap::new()) }
    }

    pub fn secrets(&self) -> Option<Arc<Vec<SecretRow>>> {
        let guard = self.secrets.lock().unwrap_or_else(PoisonError::into_inner);
        guard.as_ref().filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, s)| s.clone())
    }

    pub fn put_secrets(&self, secrets: Vec<SecretRow>) -> Arc<Vec<SecretRow>> {
        let secrets = Arc::new(secrets);
        *self.secrets.lock().unwrap_or_else(PoisonError::into_inner) = Some((Instant::now(), secrets.clone()));
        secrets
    }

    pub fn rules(&self, institution_id: i64) -> Option<Arc<Rules>> {
        let guard = self.rules.lock().unwrap_or_else(PoisonError::into_inner);
        guard.get(&institution_id).filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, r)| r.clone())
    }

    pub fn put_rules(&self, institution_id: i64, rules: Rules) -> Arc<Rules> {
        let rules = Arc::new(rules);
        let mut guard = self.rules.lock().unwrap_or_else(PoisonError::into_inner);
        if guard.len() > 10_000 {
            guard.retain(|_, (at, _)| at.elapsed() < self.ttl);
        }
        guard.insert(institution_id, (Instant::now(), rules.clone()));
        rules
    }

    /// Forgets everything (after a change made through this process).
    pub fn clear(&self) {
        *self.secrets.lock().unwrap_or_else(PoisonError::into_inner) = None;
        self.rules.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}
