//! The running meetings this instance has seen, kept in memory so that a join, the API's most frequent call,
//! needs no database read.
//!
//! An entry is what the database said, or what this instance's lifecycle just wrote: a create finished here puts
//! its meeting in, a failover replaces it, an end (from any path through the lifecycle, the poller's included)
//! takes it out. Writes made by another instance sharing the database cannot reach this memory, so an entry is
//! trusted for [`FRESH_FOR`] only, then read again: the worst another instance's failover or end can cost here is
//! that window, and a join sent to a server that no longer holds the meeting is answered by that server. Meetings
//! whose create is in flight are never kept (to callers they do not exist yet).

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use crate::db::meetings::MeetingRow;

/// How long an entry stands without being read again from the database.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// Beyond this many meetings the stale entries are swept before one more is added.
const SWEEP_ABOVE: usize = 100_000;

type ByExternalId = HashMap<String, (Instant, Arc<MeetingRow>)>;

pub struct Known {
    fresh_for: Duration,
    /// Per institution, its meetings by external id (two levels, so a lookup needs no key of its own).
    by_institution: RwLock<HashMap<i64, ByExternalId>>,
}

impl Default for Known {
    fn default() -> Known {
        Known::new(FRESH_FOR)
    }
}

impl Known {
    pub fn new(fresh_for: Duration) -> Known {
        Known { fresh_for, by_institution: RwLock::default() }
    }

    /// The meeting, when known and fresh.
    pub fn get(&self, institution_id: i64, external_id: &str) -> Option<Arc<MeetingRow>> {
        let all = self.by_institution.read().unwrap_or_else(PoisonError::into_inner);
        let (at, m) = all.get(&institution_id)?.get(external_id)?;
        (at.elapsed() < self.fresh_for).then(|| m.clone())
    }

    /// Keeps a meeting as just read or written (a pending one is not kept, and forgets what was there).
    pub fn put(&self, m: MeetingRow) -> Arc<MeetingRow> {
        let m = Arc::new(m);
        let mut all = self.by_institution.write().unwrap_or_else(PoisonError::into_inner);
        if m.pending() {
            if let Some(of) = all.get_mut(&m.institution_id) {
                of.remove(&m.external_id);
            }
            return m;
        }
        if all.values().map(HashMap::len).sum::<usize>() >= SWEEP_ABOVE {
            for of in all.values_mut() {
                of.retain(|_, (at, _)| at.elapsed() < self.fresh_for);
            }
            all.retain(|_, of| !of.is_empty());
        }
        all.entry(m.institution_id).or_default().insert(m.external_id.clone(), (Instant::now(), m.clone()));
        m
    }

    /// Forgets a meeting (ended, moved, or changed in a way the next read should see).
    pub fn forget(&self, institution_id: i64, external_id: &str) {
        let mut all = self.by_institution.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(of) = all.get_mut(&institution_id) {
            of.remove(external_id);
            if of.is_empty() {
                all.remove(&institution_id);
            }
        }
    }

    /// How many meetings are kept (fresh or not).
    pub fn len(&self) -> usize {
        self.by_institution.read().unwrap_or_else(PoisonError::into_inner).values().map(HashMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(inst: i64, ext: &str, server: i64) -> MeetingRow {
        MeetingRow {
            id: 1,
            institution_id: inst,
            external_id: ext.into(),
            server_id: Some(server),
            name: "M".into(),
            create_time: 0,
            expected_size: 0,
            create_query: String::new(),
            created_at: 0,
            room_id: None,
            booking_id: None,
            attendee_pw: None,
            moderator_pw: None,
            creating_since: None,
        }
    }

    #[test]
    fn kept_per_institution_replaced_and_forgotten() {
        let k = Known::default();
        k.put(meeting(1, "a", 10));
        assert_eq!(k.get(1, "a").and_then(|m| m.server_id), Some(10));
        assert!(k.get(2, "a").is_none(), "another institution's meeting of the same name is another meeting");
        k.put(meeting(1, "a", 11));
        assert_eq!(k.get(1, "a").and_then(|m| m.server_id), Some(11), "a failover replaces the entry");
        k.forget(1, "a");
        assert!(k.get(1, "a").is_none());
        assert!(k.is_empty());
    }

    #[test]
    fn an_entry_is_read_again_after_its_time() {
        let k = Known::new(Duration::from_millis(20));
        k.put(meeting(1, "a", 10));
        assert!(k.get(1, "a").is_some());
        std::thread::sleep(Duration::from_millis(30));
        assert!(k.get(1, "a").is_none(), "another instance may have moved or ended it since");
    }

    #[test]
    fn a_create_in_flight_is_never_kept() {
        let k = Known::default();
        k.put(meeting(1, "a", 10));
        let mut pending = meeting(1, "a", 10);
        pending.creating_since = Some(5);
        k.put(pending);
        assert!(k.get(1, "a").is_none());
    }
}
