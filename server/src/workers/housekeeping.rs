//! Housekeeping every five minutes: expired sessions, idle rate-limit keys, meeting callbacks and mail records
//! older than a month go away.

use std::time::Duration;

use crate::db;
use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(300);
/// How long callback tokens and mail records are kept.
const KEEP_SECS: i64 = 30 * 86_400;

pub struct Housekeeping {
    state: AppState,
}

impl Housekeeping {
    pub fn new(state: AppState) -> Housekeeping {
        Housekeeping { state }
    }

    pub async fn tick(&self) {
        let s = &self.state;
        match s.sessions.delete_expired().await {
            Ok(n) if n > 0 => tracing::debug!(removed = n, "expired sessions removed"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not remove expired sessions"),
        }
        // Sign-ins through a provider that nobody finished (closed tab, abandoned at the provider).
        match db::providers::delete_expired_flows(s.db.pool(), s.clock.unix()).await {
            Ok(n) if n > 0 => tracing::debug!(removed = n, "unfinished sign-in flows removed"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not remove unfinished sign-in flows"),
        }
        match db::saml::delete_expired(s.db.pool(), s.clock.unix()).await {
            Ok(n) if n > 0 => tracing::debug!(removed = n, "unfinished SAML sign-ins and old assertion ids removed"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not remove unfinished SAML sign-ins"),
        }
        match db::password_resets::delete_expired(s.db.pool(), s.clock.unix()).await {
            Ok(n) if n > 0 => tracing::debug!(removed = n, "used or expired password reset links removed"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not remove old password reset links"),
        }
        match db::meetings::forget_stale_reservations(s.db.writer(), s.clock.unix()).await {
            Ok(n) if n > 0 => tracing::info!(removed = n, "reservations of creates that never finished removed"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not remove reservations of creates that never finished"),
        }
        s.limiter.shrink();
        s.reset_limiter.shrink();
        s.rooms.guest_limiter.retain_recent();
        let month_ago = s.clock.unix() - KEEP_SECS;
        if let Err(e) = db::callbacks::forget_callbacks(s.db.pool(), month_ago).await {
            tracing::warn!(error = %e, "could not remove old meeting callbacks");
        }
        if let Err(e) = db::sign_in_tests::forget_old(s.db.pool(), s.clock.unix()).await {
            tracing::warn!(error = %e, "could not forget old test sign-ins");
        }
        if let Err(e) = db::link_requests::forget_before(s.db.pool(), month_ago).await {
            tracing::warn!(error = %e, "could not forget old sign-ins waiting to be linked");
        }
        if let Err(e) = db::mail::forget_old(s.db.pool(), month_ago).await {
            tracing::warn!(error = %e, "could not remove old mail records");
        }
    }
}

impl super::Worker for Housekeeping {
    const NAME: &'static str = "housekeeping";

    async fn tick(&self) {
        Housekeeping::tick(self).await;
    }

    async fn wait(&self, first: bool) {
        if !first {
            tokio::time::sleep(EVERY).await;
        }
    }
}
