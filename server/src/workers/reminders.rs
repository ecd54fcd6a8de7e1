//! Reminders: every `mail.worker_interval_seconds`, bookings that start within the reminder window get their
//! reminder queued (once each, whichever instance gets there first; see `booking::notify`).

use std::sync::Arc;
use std::time::Duration;

use crate::rooms::service::RoomsService;

pub struct Reminders {
    rooms: Arc<RoomsService>,
    every: Duration,
}

impl Reminders {
    pub fn new(rooms: Arc<RoomsService>, every: Duration) -> Reminders {
        Reminders { rooms, every }
    }

    pub async fn tick(&self) {
        match self.rooms.remind_due().await {
            Ok(n) if n > 0 => tracing::debug!(bookings = n, "reminders queued"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not queue reminders"),
        }
    }
}

impl super::Worker for Reminders {
    const NAME: &'static str = "reminders";

    fn enabled(&self) -> bool {
        self.rooms.mail.enabled()
    }

    async fn tick(&self) {
        Reminders::tick(self).await;
    }

    async fn wait(&self, first: bool) {
        if !first {
            tokio::time::sleep(self.every).await;
        }
    }
}
