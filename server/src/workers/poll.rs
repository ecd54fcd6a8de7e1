//! The pool poll: every `pool.poll_interval_seconds`, one instance (the leader) asks every server how it is (see
//! `balancer::poller`). The first poll comes one interval after start.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::{Interval, MissedTickBehavior};

use crate::balancer::poller::Poller;

pub struct Poll {
    poller: Arc<Poller>,
    ticks: Mutex<Interval>,
}

impl Poll {
    pub fn new(poller: Arc<Poller>, every: Duration) -> Poll {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        Poll { poller, ticks: Mutex::new(ticks) }
    }

    pub async fn tick(&self) {
        match self.poller.tick().await {
            Ok(r) if r.leader => tracing::debug!(
                polled = r.polled,
                failed = r.failed,
                ms = u64::try_from(r.took.as_millis()).unwrap_or(u64::MAX),
                "pool polled"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "poll cycle failed"),
        }
    }
}

impl super::Worker for Poll {
    const NAME: &'static str = "poll";

    async fn tick(&self) {
        Poll::tick(self).await;
    }

    async fn wait(&self, _first: bool) {
        self.ticks.lock().await.tick().await;
    }
}
