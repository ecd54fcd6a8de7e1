//! What every API call reads and what rarely changes, kept in memory for a few seconds: the institutions' secrets
//! and their rules (limits, parameter policies, location). A checksum that matches no cached secret reloads the
//! secrets before it is refused, so a new secret works at once; a removed or expired one stops working within
//! `ttl` (expiry times themselves are checked on every call). Placement reads the server list, and the meetings
//! placed on each server since its last poll, at most once a second.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::policy::ParamPolicy;
use crate::db::api_access::SecretRow;
use crate::db::servers::ServerRow;

/// How long placement may work from a list of servers already read: a poll changes it every few seconds at most,
/// and a server that died since is skipped when its create fails.
const SERVERS_TTL: Duration = Duration::from_secs(1);
/// The dashboard's "why chosen" note is written at most this often per server.
const NOTE_EVERY: Duration = Duration::from_secs(1);

/// An institution's limits and parameter policies.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    pub limits: crate::db::api_access::Limits,
    pub create: Vec<ParamPolicy>,
    pub join: Vec<ParamPolicy>,
    /// Where the institution is (latitude, longitude), for the distance part of placement.
    pub origin: Option<(f64, f64)>,
}

/// Per server id, the meetings placed on it since its last poll.
pub type PlacedCounts = HashMap<i64, u32>;

pub struct ApiCache {
    ttl: Duration,
    secrets: Mutex<Option<(Instant, Arc<Vec<SecretRow>>)>>,
    rules: Mutex<HashMap<i64, (Instant, Arc<Rules>)>>,
    servers: Mutex<Option<(Instant, Arc<Vec<ServerRow>>)>>,
    /// Per server, the meetings every instance placed on it since its last poll, as the table said at a unix second.
    placed: Mutex<Option<(Instant, i64, Arc<PlacedCounts>)>>,
    notes: Mutex<HashMap<i64, Instant>>,
}

impl ApiCache {
    pub fn new(ttl: Duration) -> ApiCache {
        ApiCache {
            ttl,
            secrets: Mutex::new(None),
            rules: Mutex::new(HashMap::new()),
            servers: Mutex::new(None),
            placed: Mutex::new(None),
            notes: Mutex::new(HashMap::new()),
        }
    }

    pub fn servers(&self) -> Option<Arc<Vec<ServerRow>>> {
        let guard = self.servers.lock().unwrap_or_else(PoisonError::into_inner);
        guard.as_ref().filter(|(at, _)| at.elapsed() < SERVERS_TTL).map(|(_, s)| s.clone())
    }

    pub fn put_servers(&self, servers: Vec<ServerRow>) -> Arc<Vec<ServerRow>> {
        let servers = Arc::new(servers);
        *self.servers.lock().unwrap_or_else(PoisonError::into_inner) = Some((Instant::now(), servers.clone()));
        servers
    }

    /// The meetings placed per server since its last poll as read from the table less than a second ago, and the
    /// unix second it was read at.
    pub fn placed(&self) -> Option<(i64, Arc<PlacedCounts>)> {
        let guard = self.placed.lock().unwrap_or_else(PoisonError::into_inner);
        guard.as_ref().filter(|(at, _, _)| at.elapsed() < SERVERS_TTL).map(|(_, read_at, p)| (*read_at, p.clone()))
    }

    pub fn put_placed(&self, placed: PlacedCounts, read_at: i64) -> (i64, Arc<PlacedCounts>) {
        let placed = Arc::new(placed);
        *self.placed.lock().unwrap_or_else(PoisonError::into_inner) = Some((Instant::now(), read_at, placed.clone()));
        (read_at, placed)
    }

    /// Drops the cached server list and placement counts (a server's health just changed here).
    pub fn forget_servers(&self) {
        *self.servers.lock().unwrap_or_else(PoisonError::into_inner) = None;
        *self.placed.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// Whether the placement note of this server is due to be written now (and if so, counts it as written).
    pub fn note_due(&self, server_id: i64) -> bool {
        let mut notes = self.notes.lock().unwrap_or_else(PoisonError::into_inner);
        match notes.get(&server_id) {
            Some(at) if at.elapsed() < NOTE_EVERY => false,
            _ => {
                notes.insert(server_id, Instant::now());
                true
            }
        }
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
        *self.servers.lock().unwrap_or_else(PoisonError::into_inner) = None;
        *self.placed.lock().unwrap_or_else(PoisonError::into_inner) = None;
        self.rules.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}
