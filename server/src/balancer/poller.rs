//! The poller asks every server of the pool for its meetings, with bounded concurrency and a timeout, and keeps
//! load and health up to date. Tests drive `tick()` directly. With several Convene instances on PostgreSQL exactly
//! one polls: the one holding an advisory lock on a dedicated connection; when it stops, the lock goes with its
//! connection and another instance takes over at its next tick.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use sqlx::AnyConnection;
use tokio::sync::Mutex;

use super::bbb::client::{BbbClient, MeetingInfo, endpoint};
use super::health::{self, Policy, Tracked};
use super::placement::AdminState;
use crate::clock::SharedClock;
use crate::db::servers::{PollResult, ServerRow};
use crate::db::{self, Backend, Db, DbError};
use crate::meetings::lifecycle::{MeetingError, Meetings};
use crate::metrics::Metrics;

/// Participant samples kept per server for the dashboard's sparkline.
pub const HISTORY_SAMPLES: usize = 30;

/// "Convene" in ASCII: the advisory lock that elects the polling instance.
const LEADER_LOCK: i64 = 0x0043_6f6e_7665_6e65;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TickReport {
    /// False when another instance holds the polling lock.
    pub leader: bool,
    pub polled: usize,
    pub failed: usize,
    pub went_offline: Vec<i64>,
    pub took: Duration,
}

pub struct Poller {
    db: Db,
    /// Meetings found ended go through the lifecycle (their history row, and this instance's memory of them).
    meetings: Meetings,
    client: BbbClient,
    clock: SharedClock,
    policy: Policy,
    concurrency: usize,
    metrics: Arc<Metrics>,
    /// A connection of its own (detached from the pool): the lock lives and dies with it.
    lease: Mutex<Option<AnyConnection>>,
}

impl Poller {
    pub fn new(
        db: Db,
        meetings: Meetings,
        client: BbbClient,
        clock: SharedClock,
        policy: Policy,
        concurrency: usize,
        metrics: Arc<Metrics>,
    ) -> Arc<Poller> {
        Arc::new(Poller {
            db,
            meetings,
            client,
            clock,
            policy,
            concurrency: concurrency.max(1),
            metrics,
            lease: Mutex::new(None),
        })
    }

    /// Whether this instance is the one that polls (always, on SQLite).
    async fn lead(&self) -> Result<bool, DbError> {
        if self.db.backend() == Backend::Sqlite {
            return Ok(true);
        }
        let mut lease = self.lease.lock().await;
        if let Some(conn) = lease.as_mut() {
            if sqlx::query("SELECT 1").execute(&mut *conn).await.is_ok() {
                return Ok(true);
            }
            *lease = None;
        }
        let mut conn = self.db.pool().acquire().await?;
        let got: bool =
            sqlx::query_scalar("SELECT pg_try_advisory_lock($1)").bind(LEADER_LOCK).fetch_one(&mut *conn).await?;
        if got {
            tracing::info!("this instance now polls the pool");
            // Out of the pool: the lock must not outlive this poller inside a pooled session.
            *lease = Some(conn.detach());
        }
        Ok(got)
    }

    /// Gives up polling (at shutdown), so another instance takes over at once.
    pub async fn resign(&self) {
        if let Some(mut conn) = self.lease.lock().await.take() {
            let _ = sqlx::query("SELECT pg_advisory_unlock($1)").bind(LEADER_LOCK).execute(&mut conn).await;
        }
    }

    pub async fn tick(&self) -> Result<TickReport, DbError> {
        let start = Instant::now();
        if !self.lead().await? {
            return Ok(TickReport { leader: false, took: start.elapsed(), ..TickReport::default() });
        }
        let servers: Vec<ServerRow> = db::servers::list(self.db.pool())
            .await?
            .into_iter()
            .filter(|s| s.admin_state != AdminState::Disabled)
            .collect();
        let results: Vec<(i64, bool, bool)> =
            futures::stream::iter(servers).map(|s| self.poll_one(s)).buffer_unordered(self.concurrency).collect().await;
        let mut report = TickReport { leader: true, polled: results.len(), ..TickReport::default() };
        for (id, ok, went_offline) in results {
            report.failed += usize::from(!ok);
            if went_offline {
                report.went_offline.push(id);
            }
        }
        report.took = start.elapsed();
        self.metrics.poll_cycle.observe(report.took.as_secs_f64());
        Ok(report)
    }

    /// Forgets the meetings Convene placed on this server that it no longer runs (ended there and the end callback
    /// was lost). A meeting younger than two poll intervals is kept: its create may have raced this poll.
    async fn forget_ended(&self, server_id: i64, running: &[MeetingInfo]) -> Result<(), MeetingError> {
        let ids: std::collections::HashSet<&str> = running.iter().map(|m| m.meeting_id.as_str()).collect();
        let settle = self.clock.unix() - 120;
        for m in db::meetings::of_server(self.db.pool(), server_id).await? {
            if m.created_at < settle && !ids.contains(m.scoped_id().as_str()) {
                self.meetings.gone(&m, db::meetings::EndedBy::Poller).await?;
                tracing::info!(meeting_id = m.id, "meeting ended on its server; forgotten");
            }
        }
        Ok(())
    }

    /// Polls one server and records the outcome: (id, answered, just went offline).
    async fn poll_one(&self, row: ServerRow) -> (i64, bool, bool) {
        let start = Instant::now();
        let answer = self.client.get_meetings(&endpoint(&row)).await;
        let took_ms = start.elapsed().as_millis() as i64;
        self.metrics.poll_latency.with_label_values(&[row.name.as_str()]).observe(start.elapsed().as_secs_f64());
        let before = Tracked {
            health: row.health,
            failures: u32::try_from(row.failures).unwrap_or(u32::MAX),
            successes: u32::try_from(row.successes).unwrap_or(u32::MAX),
        };
        let (after, went_offline) = health::after_poll(before, answer.is_ok(), self.policy);
        let error = answer.as_ref().err().map(|e| e.to_string().chars().take(500).collect::<String>());
        let (meetings, participants) = match &answer {
            Ok(m) => (Some(m.len() as i64), Some(m.iter().map(|m| i64::from(m.participant_count)).sum())),
            Err(_) => (None, None),
        };
        let history = match participants {
            Some(p) => db::servers::push_history(&row.history, p, HISTORY_SAMPLES),
            None => row.history.clone(),
        };
        let result = PollResult {
            health: after.health.as_str(),
            failures: i64::from(after.failures),
            successes: i64::from(after.successes),
            meetings,
            participants,
            cpu: None,
            at: self.clock.unix(),
            took_ms,
            error: error.as_deref(),
            history: &history,
        };
        let m = &self.metrics;
        if let (Some(meetings), Some(participants)) = (meetings, participants) {
            m.server_meetings.with_label_values(&[row.name.as_str()]).set(meetings);
            m.server_participants.with_label_values(&[row.name.as_str()]).set(participants);
        }
        for h in ["online", "unstable", "offline"] {
            let on = i64::from(h == after.health.as_str());
            m.server_health.with_label_values(&[row.name.as_str(), h]).set(on);
        }
        if let Some(cpu) = row.cpu {
            m.server_cpu.with_label_values(&[row.name.as_str()]).set(cpu);
        }
        if let Err(e) = db::servers::record_poll(self.db.pool(), row.id, &result).await {
            tracing::error!(server_id = row.id, error = %e, "could not record a poll");
        }
        if let Ok(running) = &answer
            && let Err(e) = self.forget_ended(row.id, running).await
        {
            tracing::warn!(server_id = row.id, error = %e, "could not reconcile a server's meetings");
        }
        if after.health != before.health {
            // Joins and placement read the server list from memory: they must see this at once.
            self.meetings.servers_changed();
        }
        if went_offline {
            tracing::warn!(server_id = row.id, "conference server offline");
        } else if after.health != before.health {
            tracing::info!(server_id = row.id, health = after.health.as_str(), "conference server health changed");
        }
        (row.id, answer.is_ok(), went_offline)
    }
}
