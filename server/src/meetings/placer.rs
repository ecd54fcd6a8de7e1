//! Where meetings go: the balancer's placement applied to the pool as it is now, and the create call on the
//! chosen server (the next best one when it fails). Shared by the BigBlueButton-compatible API and the rooms.

use std::collections::HashMap;
use std::sync::Arc;

use rand::Rng;

use crate::balancer::api_cache::ApiCache;
use crate::balancer::bbb::client::{BbbClient, BbbError, Created, endpoint};
use crate::balancer::placement::{self, AdminState, Candidate, Filling, Health, Request, Weights};
use crate::clock::SharedClock;
use crate::db::servers::ServerRow;
use crate::db::{self, Db, meetings::MeetingRow};
use crate::metrics::Metrics;

/// How long a suspect server has to say it still holds a meeting before a join goes elsewhere.
const QUICK_CHECK: std::time::Duration = std::time::Duration::from_secs(2);

pub struct Placer {
    pub db: Db,
    pub clock: SharedClock,
    pub bbb: BbbClient,
    pub metrics: Arc<Metrics>,
    pub cache: Arc<ApiCache>,
    /// When this instance placed meetings on each server that no poll has counted yet (pruned at each poll).
    pub placed: std::sync::Mutex<HashMap<i64, Vec<i64>>>,
}

fn candidate(r: &ServerRow, filling: Vec<Filling>) -> Candidate {
    Candidate {
        id: r.id,
        name: r.name.clone(),
        admin: r.admin_state,
        health: r.health,
        tags: r.tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
        capacity: u32::try_from(r.capacity).unwrap_or(0),
        participants: u32::try_from(r.participants).unwrap_or(0),
        meetings: u32::try_from(r.meetings).unwrap_or(0),
        cpu: r.cpu,
        filling,
        latitude: r.latitude,
        longitude: r.longitude,
        owner: r.institution_id,
        shared: r.shared != 0,
    }
}

/// Worth calling: not offline, not disabled (cordoned servers keep serving their meetings).
pub fn reachable(row: &ServerRow) -> bool {
    row.health != Health::Offline && row.admin_state != AdminState::Disabled
}

/// Borrowed pairs for the client.
pub fn refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// What became of a meeting to place.
#[derive(Debug)]
pub enum Placed {
    /// Created on this server (its row, the answer read and as received).
    Created(Box<(ServerRow, Created, String)>),
    /// A server answered and refused the create for what it asks (a parameter it does not accept…): any server
    /// would, so no other is tried and the refusal goes back to the caller.
    Refused { key: String, message: String },
    /// No server could take it (none eligible, or those tried failed).
    NoServer,
}

impl Placed {
    pub fn created(self) -> Option<(ServerRow, Created, String)> {
        match self {
            Placed::Created(placed) => Some(*placed),
            _ => None,
        }
    }
}

/// A create the server refused for what it asks, not for its own state: any server would answer the same, so the
/// refusal goes back to the caller and no other server is tried (a caller must not be able to take servers out of
/// the pool by sending such a request). `None`: the server failed; try the next.
fn refused_for_the_request(server_id: i64, e: &BbbError) -> Option<Placed> {
    match e {
        BbbError::Failed { key, message } if key != "checksumError" => {
            tracing::info!(server_id, key = %key, "the server refused the create; passed on");
            Some(Placed::Refused { key: key.clone(), message: message.clone() })
        }
        // Statuses about the request (too long, malformed), not the server.
        BbbError::Http(code @ (400 | 413 | 414 | 431)) => {
            tracing::info!(server_id, status = code, "the server refused the create request");
            Some(Placed::Refused {
                key: "requestRefused".into(),
                message: format!(
                    "The conference server refused the request (HTTP {code}); check its size and parameters"
                ),
            })
        }
        _ => None,
    }
}

impl Placer {
    /// Places a meeting of `institution` on the best server it may use and creates it there; a server that fails
    /// the create is skipped (and marked suspect); a server that refuses it ends the search.
    pub async fn place_and_create(
        &self,
        institution: i64,
        origin: Option<(f64, f64)>,
        params: &[(String, String)],
        expected: u32,
        avoid: Option<i64>,
    ) -> Result<Placed, db::DbError> {
        let now = self.clock.unix();
        let weights = Weights::default();
        let (servers, mut candidates) = self.candidates(institution, avoid, now, &weights).await?;
        let request = Request { institution: Some(institution), expected_size: expected, tags: vec![], origin, now };
        for _ in 0..3 {
            let decision =
                match placement::place(&candidates, &request, &weights, &mut |n| rand::thread_rng().gen_range(0..n)) {
                    Ok(d) => d,
                    Err(_) => return Ok(Placed::NoServer),
                };
            let Some(row) = servers.iter().find(|s| s.id == decision.chosen.id) else { return Ok(Placed::NoServer) };
            self.note_placed(row.id, now, true);
            let answer = self.bbb.create_raw(&endpoint(row), &refs(params)).await;
            if answer.is_err() {
                self.note_placed(row.id, now, false);
            }
            match answer {
                Ok((created, body)) => {
                    self.record(row, &decision, now);
                    return Ok(Placed::Created(Box::new((row.clone(), created, body))));
                }
                Err(e) => {
                    if let Some(refused) = refused_for_the_request(row.id, &e) {
                        return Ok(refused);
                    }
                    tracing::warn!(server_id = row.id, error = %e, "create failed; trying the next server");
                    if let Some(c) = candidates.iter_mut().find(|c| c.id == row.id) {
                        c.health = Health::Unstable;
                    }
                    self.suspect(row.id).await;
                }
            }
        }
        Ok(Placed::NoServer)
    }

    /// The pool as placement sees it for `institution`: the servers (cached a few seconds), and as candidates
    /// those it may use, with the seats recent meetings reserved and the meetings placed since each server's last
    /// poll added to the polled counts (so a burst between two polls spreads instead of herding onto the server
    /// that looked emptiest).
    async fn candidates(
        &self,
        institution: i64,
        avoid: Option<i64>,
        now: i64,
        weights: &Weights,
    ) -> Result<(Arc<Vec<ServerRow>>, Vec<Candidate>), db::DbError> {
        let servers = self.servers().await?;
        let recent = db::meetings::recent(self.db.pool(), now - weights.reservation_fade_secs).await?;
        let mut filling: HashMap<i64, Vec<Filling>> = HashMap::new();
        for m in &recent {
            if let Some(s) = m.server_id {
                filling.entry(s).or_default().push(Filling {
                    expected: u32::try_from(m.expected_size).unwrap_or(0),
                    joined: 0,
                    created_at: m.created_at,
                });
            }
        }
        let since_poll = self.placed_since_poll(&servers, now).await?;
        // Servers this institution may not use are not even candidates (placement would exclude them too).
        let candidates = servers
            .iter()
            .filter(|s| Some(s.id) != avoid && s.may_serve(Some(institution)))
            .map(|s| {
                let mut c = candidate(s, filling.remove(&s.id).unwrap_or_default());
                c.meetings = c.meetings.saturating_add(since_poll.get(&s.id).copied().unwrap_or(0));
                c
            })
            .collect();
        Ok((servers, candidates))
    }

    /// Per server, the meetings placed since its last poll: from the table (every instance's, read at most once a
    /// second: the count grows with every create until the next poll, so reading it for each create made creates
    /// slower the longer the poll took), plus this instance's own placements since the table was read (not in it
    /// yet, nor those still on their way; one in the very second of the read may count twice, which only spreads
    /// more), and never less than this instance's own since the poll. Another instance's placements since the read
    /// are seen at the next read, within a second.
    async fn placed_since_poll(&self, servers: &[ServerRow], now: i64) -> Result<HashMap<i64, u32>, db::DbError> {
        let (read_at, table) = match self.cache.placed() {
            Some(t) => t,
            None => {
                let oldest_poll = servers.iter().map(|s| s.last_poll_at.unwrap_or(0)).min().unwrap_or(0);
                let read = db::meetings::placed_since_poll(self.db.pool(), oldest_poll).await?;
                self.cache.put_placed(read.into_iter().map(|(s, n)| (s, u32::try_from(n).unwrap_or(0))).collect(), now)
            }
        };
        let mut since_poll: HashMap<i64, u32> = (*table).clone();
        if let Ok(mut placed) = self.placed.lock() {
            for s in servers {
                if let Some(times) = placed.get_mut(&s.id) {
                    let polled = s.last_poll_at.unwrap_or(0);
                    times.retain(|t| *t >= polled);
                    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                    let mine = count(times.len());
                    let mine_since_read = count(times.iter().filter(|t| **t >= read_at).count());
                    let seen = since_poll.entry(s.id).or_default();
                    *seen = seen.saturating_add(mine_since_read).max(mine);
                }
            }
            placed.retain(|_, t| !t.is_empty());
        }
        Ok(since_poll)
    }

    /// Logs and counts a placement, and notes it for the dashboard (at most once a second per server, in the
    /// background: not worth holding the caller for).
    fn record(&self, row: &ServerRow, decision: &placement::Decision, now: i64) {
        tracing::info!(server_id = row.id, reason = %decision.explain(), "meeting placed");
        self.metrics.placements.with_label_values(&[row.name.as_str()]).inc();
        if !self.cache.note_due(row.id) {
            return;
        }
        let note = app::pool::PlacementNote {
            at: now,
            score: decision.chosen.score,
            eligible: u32::try_from(decision.eligible).unwrap_or(u32::MAX),
            excluded: u32::try_from(decision.excluded.len()).unwrap_or(u32::MAX),
            seats: decision.chosen.load_seats,
            distance_km: decision.chosen.distance_km,
        };
        let note = serde_json::to_string(&note).unwrap_or_default();
        let (db, id) = (self.db.clone(), row.id);
        tokio::spawn(async move {
            if let Err(e) = db::servers::record_placement(db.pool(), id, &note, now).await {
                tracing::warn!(server_id = id, error = %e, "could not record a placement");
            }
        });
    }

    /// Counts a meeting placed on `server` at `at` until its next poll (`placed`), or takes it back (`!placed`).
    fn note_placed(&self, server: i64, at: i64, placed: bool) {
        if let Ok(mut all) = self.placed.lock() {
            let times = all.entry(server).or_default();
            if placed {
                times.push(at);
            } else if let Some(i) = times.iter().rposition(|t| *t == at) {
                times.remove(i);
            }
        }
    }

    /// The pool's servers as read at most a second ago (sooner when this instance changed one since).
    async fn servers(&self) -> Result<Arc<Vec<ServerRow>>, db::DbError> {
        match self.cache.servers() {
            Some(s) => Ok(s),
            None => Ok(self.cache.put_servers(db::servers::list(self.db.pool()).await?)),
        }
    }

    /// A call to this server failed: suspect until its polls say otherwise.
    pub async fn suspect(&self, server_id: i64) {
        match db::servers::mark_suspect(self.db.pool(), server_id).await {
            Ok(()) => self.cache.forget_servers(),
            Err(e) => tracing::warn!(server_id, error = %e, "could not mark a server suspect"),
        }
    }

    /// A usable home for a meeting: the server is known and reachable.
    pub async fn live_server(&self, m: &MeetingRow) -> Option<ServerRow> {
        let id = m.server_id?;
        let row = self.servers().await.ok()?.iter().find(|s| s.id == id).cloned()?;
        // A meeting already running stays where it is, even if its server was taken out of the shared pool since
        // (like a cordoned server, it only gets no new ones).
        reachable(&row).then_some(row)
    }

    /// The meeting's server, fit to send a participant to: online, or suspect (its last poll or a call to it
    /// failed) and still holding the meeting when asked at once. `None`: the meeting must be created again
    /// elsewhere (a server that did not answer stays suspect).
    pub async fn answering_server(&self, m: &MeetingRow) -> Option<ServerRow> {
        let row = self.live_server(m).await?;
        if row.health == Health::Online {
            return Some(row);
        }
        let (ep, id) = (endpoint(&row), m.scoped_id());
        // getMeetingInfo, not isMeetingRunning: a meeting nobody has joined yet is not "running", but it is there.
        match tokio::time::timeout(QUICK_CHECK, self.bbb.get_meeting_info(&ep, &id)).await {
            Ok(Ok(_)) => return Some(row),
            Ok(Err(e)) if e.is_refusal() => {
                tracing::info!(meeting_id = m.id, server_id = row.id, "meeting lost on a suspect server")
            }
            _ => {
                tracing::warn!(server_id = row.id, "suspect server did not answer; its meeting moves");
                self.suspect(row.id).await;
            }
        }
        None
    }
}
