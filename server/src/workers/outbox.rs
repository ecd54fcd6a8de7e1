//! The mail outbox: sends what is due (retrying with backoff, see `mail::sender`), then waits until new mail is
//! queued or `mail.worker_interval_seconds` pass.

use std::sync::Arc;
use std::time::Duration;

use crate::mail::sender::Mailer;

pub struct Outbox {
    mail: Arc<Mailer>,
    every: Duration,
}

impl Outbox {
    pub fn new(mail: Arc<Mailer>, every: Duration) -> Outbox {
        Outbox { mail, every }
    }

    pub async fn tick(&self) {
        match self.mail.deliver_due().await {
            Ok(r) if r.sent + r.retried + r.given_up > 0 => {
                tracing::debug!(sent = r.sent, retried = r.retried, given_up = r.given_up, "mail delivered")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not read the outbox"),
        }
    }
}

impl super::Worker for Outbox {
    const NAME: &'static str = "outbox";

    fn enabled(&self) -> bool {
        self.mail.enabled()
    }

    async fn tick(&self) {
        Outbox::tick(self).await;
    }

    async fn wait(&self, first: bool) {
        if !first {
            self.mail.idle(self.every).await;
        }
    }
}
