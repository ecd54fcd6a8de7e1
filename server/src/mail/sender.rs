//! Sending what the outbox holds through the SMTP relay (lettre): each message is claimed, built (plain text, and
//! the calendar file as a `text/calendar` part with its METHOD), sent, then marked sent or retried later with a
//! growing pause; after `max_attempts` it is given up and logged. Without a relay nothing is queued at all.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;
use sqlx::{Any, Executor};

use crate::clock::SharedClock;
use crate::config::MailConfig;
use crate::db::mail::{self as outbox, NewMail, OutboxRow};
use crate::db::{Db, DbError};

pub type Transport = AsyncSmtpTransport<Tokio1Executor>;

/// A transport for an `smtp://` or `smtps://` URL (nothing is connected yet; its connection pool needs the
/// runtime).
pub fn transport(url: &str) -> Result<Transport, lettre::transport::smtp::Error> {
    Ok(Transport::from_url(url)?.timeout(Some(Duration::from_secs(20))).build())
}

/// Is this a relay URL the transport understands? (No runtime needed: for validating the settings.)
pub fn check_url(url: &str) -> Result<(), lettre::transport::smtp::Error> {
    Transport::from_url(url).map(|_| ())
}

/// How long a claimed message is held by one worker before another may try it.
const LEASE_SECS: i64 = 120;

/// The pause before attempt `n + 1` (after `n` failures): a minute, doubling, at most an hour.
pub fn retry_delay(failures: u32) -> i64 {
    (60_i64 << failures.min(6)).min(3600)
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: u32,
    pub retried: u32,
    pub given_up: u32,
}

pub struct Mailer {
    db: Db,
    clock: SharedClock,
    transport: Option<Transport>,
    /// No relay, messages kept for the operators' page (`mail.keep`).
    keep: bool,
    /// The relay's address without its credentials, for the operators' page.
    relay: String,
    from: Mailbox,
    max_attempts: u32,
    pub reminder_minutes: u32,
    wake: tokio::sync::Notify,
}

impl Mailer {
    /// Reads the validated settings; no relay configured means no e-mail.
    pub fn new(db: Db, clock: SharedClock, cfg: &MailConfig) -> Self {
        let url = cfg.smtp_url.expose_secret();
        let transport = if url.is_empty() { None } else { transport(url).ok() };
        let from =
            cfg.from.parse().unwrap_or_else(|_| Mailbox::new(None, "noreply@convene.invalid".parse().expect("static")));
        let relay = match url::Url::parse(url) {
            Ok(u) if !url.is_empty() => {
                format!("{}://{}:{}", u.scheme(), u.host_str().unwrap_or(""), u.port().unwrap_or(0))
            }
            _ => String::new(),
        };
        Mailer {
            db,
            clock,
            keep: cfg.keep && transport.is_none(),
            relay,
            transport,
            from,
            max_attempts: cfg.max_attempts,
            reminder_minutes: cfg.reminder_minutes,
            wake: tokio::sync::Notify::new(),
        }
    }

    /// Messages are queued: sent through the relay, or kept for the operators' page.
    pub fn enabled(&self) -> bool {
        self.transport.is_some() || self.keep
    }

    /// Kept for the operators' page instead of sent (`mail.keep`).
    pub fn keeps(&self) -> bool {
        self.keep
    }

    /// The relay's scheme, host and port (no credentials); empty without one.
    pub fn relay(&self) -> &str {
        &self.relay
    }

    /// Queues a message in the caller's transaction (nothing when e-mail is off). Call `wake` after the commit.
    pub async fn queue<'c>(&self, ex: impl Executor<'c, Database = Any>, m: &NewMail) -> Result<bool, DbError> {
        if !self.enabled() {
            return Ok(false);
        }
        outbox::enqueue(ex, m, self.clock.unix()).await?;
        Ok(true)
    }

    /// Tells the worker there is something to send.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Waits for `wake` or `every`, whichever comes first.
    pub async fn idle(&self, every: Duration) {
        let _ = tokio::time::timeout(every, self.wake.notified()).await;
    }

    /// Sends what is due now.
    pub async fn deliver_due(&self) -> Result<DeliveryReport, DbError> {
        let mut report = DeliveryReport::default();
        let now = self.clock.unix();
        if self.keep {
            for row in outbox::due(self.db.pool(), now, 50).await? {
                if outbox::claim(self.db.pool(), &row, now + LEASE_SECS).await? {
                    outbox::mark_kept(self.db.pool(), row.id, now).await?;
                    tracing::info!(id = row.id, kind = %row.kind, "mail kept for the operators' page (mail.keep)");
                    report.sent += 1;
                }
            }
            return Ok(report);
        }
        let Some(transport) = &self.transport else { return Ok(report) };
        for row in outbox::due(self.db.pool(), now, 50).await? {
            if !outbox::claim(self.db.pool(), &row, now + LEASE_SECS).await? {
                continue;
            }
            let result = match self.message(&row) {
                Ok(msg) => transport.send(msg).await.map(|_| ()).map_err(|e| e.to_string()),
                Err(e) => Err(e),
            };
            let now = self.clock.unix();
            match result {
                Ok(()) => {
                    outbox::mark_sent(self.db.pool(), row.id, now).await?;
                    tracing::info!(id = row.id, kind = %row.kind, "mail sent");
                    report.sent += 1;
                }
                Err(error) => {
                    let failures = u32::try_from(row.attempts).unwrap_or(u32::MAX).saturating_add(1);
                    if failures >= self.max_attempts {
                        tracing::error!(id = row.id, kind = %row.kind, attempts = failures, %error, "mail given up");
                        outbox::mark_failed(self.db.pool(), row.id, &error, now, None).await?;
                        report.given_up += 1;
                    } else {
                        let at = now + retry_delay(failures - 1);
                        tracing::warn!(id = row.id, kind = %row.kind, attempts = failures, %error, "mail not sent; will retry");
                        outbox::mark_failed(self.db.pool(), row.id, &error, now, Some(at)).await?;
                        report.retried += 1;
                    }
                }
            }
        }
        Ok(report)
    }

    fn message(&self, row: &OutboxRow) -> Result<Message, String> {
        let to: Mailbox = row.recipient.parse().map_err(|e| format!("recipient: {e}"))?;
        let builder = Message::builder().from(self.from.clone()).to(to).subject(row.subject.clone());
        let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(row.body.clone());
        let built = match (&row.ics, &row.ics_method) {
            (Some(ics), Some(method)) => {
                let calendar = ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                    .map_err(|e| e.to_string())?;
                let file = Attachment::new("invite.ics".into()).body(ics.clone(), calendar);
                builder.multipart(MultiPart::mixed().singlepart(text).singlepart(file))
            }
            _ => builder.singlepart(text),
        };
        built.map_err(|e| e.to_string())
    }

    /// Sends one message now, outside the outbox (the operators' check of the relay settings).
    pub async fn send_test(&self, to: &str) -> Result<(), String> {
        let Some(transport) = &self.transport else { return Err("mail.smtp_url is not set".into()) };
        let letter = super::compose::test_message();
        let row = OutboxRow {
            id: 0,
            recipient: to.to_owned(),
            subject: letter.subject,
            body: letter.body,
            ics: None,
            ics_method: None,
            kind: "test".into(),
            attempts: 0,
            next_attempt_at: 0,
        };
        let msg = self.message(&row)?;
        transport.send(msg).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_an_hour() {
        assert_eq!(retry_delay(0), 60);
        assert_eq!(retry_delay(1), 120);
        assert_eq!(retry_delay(5), 1920);
        assert_eq!(retry_delay(6), 3600);
        assert_eq!(retry_delay(40), 3600);
    }

    #[test]
    fn relay_urls_are_understood() {
        assert!(check_url("smtp://127.0.0.1:2525").is_ok());
        assert!(check_url("smtps://user:pass@mail.example:465").is_ok());
        assert!(check_url("smtp://user:pass@mail.example:587?tls=required").is_ok());
        assert!(check_url("smtp://mail.example:587?tls=sometimes").is_err());
    }
}
