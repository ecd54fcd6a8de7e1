//! The operators' mail page: how mail leaves this deployment and the latest messages of the outbox, each with where
//! it stands. A message's text is shown only while the outbox keeps it (a demo with `mail.keep`; a sent message's
//! body is wiped, a waiting one's is not shown: it may carry a sign-in or guest link).

use std::sync::Arc;

use app::error::AppError;
use app::outbox::port::OutboxPort;
use app::outbox::{OutboxMessage, OutboxView};
use app::session::CurrentUser;

use crate::db::Db;
use crate::db::mail::{self as outbox, OutboxEntry};

use super::sender::Mailer;

/// How many of the latest messages the page lists.
const SHOWN: i64 = 100;

pub struct OutboxService {
    pub db: Db,
    pub mail: Arc<Mailer>,
}

/// `YYYY-MM-DD HH:MM` UTC of a Unix time.
fn utc(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0).map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default()
}

/// One row as the page shows it (pure): its state, and its text only when this deployment keeps it.
pub fn message(e: OutboxEntry, keeps: bool) -> OutboxMessage {
    let status = match (e.sent_at, e.failed_at) {
        (Some(_), _) if keeps => "kept",
        (Some(_), _) => "sent",
        (None, Some(_)) => "failed",
        (None, None) => "waiting",
    };
    OutboxMessage {
        id: e.id,
        queued: utc(e.created_at),
        recipient: e.recipient,
        subject: e.subject,
        kind: e.kind,
        status: status.to_owned(),
        attempts: e.attempts,
        error: e.last_error.unwrap_or_default(),
        body: if keeps && status == "kept" { e.body } else { String::new() },
    }
}

#[async_trait::async_trait]
impl OutboxPort for OutboxService {
    async fn view(&self, actor: &CurrentUser) -> Result<OutboxView, AppError> {
        if !actor.is_operator {
            return Err(AppError::Forbidden);
        }
        let rows = outbox::recent(self.db.pool(), SHOWN).await.map_err(crate::internal)?;
        let keeps = self.mail.keeps();
        let mode = if keeps {
            "kept"
        } else if self.mail.relay().is_empty() {
            "off"
        } else {
            "relay"
        };
        Ok(OutboxView {
            mode: mode.to_owned(),
            relay: self.mail.relay().to_owned(),
            messages: rows.into_iter().map(|r| message(r, keeps)).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(sent: Option<i64>, failed: Option<i64>) -> OutboxEntry {
        OutboxEntry {
            id: 1,
            recipient: "ada@example.org".into(),
            subject: "Invito".into(),
            body: "https://convene.example/guest/secret".into(),
            kind: "invitation".into(),
            attempts: 1,
            created_at: 1_800_000_000,
            next_attempt_at: 0,
            sent_at: sent,
            failed_at: failed,
            last_error: failed.map(|_| "relay refused".into()),
        }
    }

    #[test]
    fn a_messages_text_shows_only_where_it_is_kept() {
        let kept = message(entry(Some(1), None), true);
        assert_eq!((kept.status.as_str(), kept.body.is_empty()), ("kept", false));
        let sent = message(entry(Some(1), None), false);
        assert_eq!((sent.status.as_str(), sent.body.as_str()), ("sent", ""));
        let waiting = message(entry(None, None), true);
        assert_eq!((waiting.status.as_str(), waiting.body.as_str()), ("waiting", ""), "not yet kept: not shown");
        let failed = message(entry(None, Some(2)), false);
        assert_eq!((failed.status.as_str(), failed.error.as_str()), ("failed", "relay refused"));
        assert_eq!(failed.queued, "2027-01-15 08:00 UTC");
    }
}
