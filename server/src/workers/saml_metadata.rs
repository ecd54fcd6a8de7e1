//! SAML IdPs added by their metadata's address, and federations' aggregates: read again when their `cacheDuration` says (bounded between ten
//! minutes and a day, and before they expire). A failed read keeps the last good copy and is shown to operators.
//! Then the IdPs' logos that are new, changed or a week old (`auth::idp_logos`).

use std::time::Duration;

use crate::state::AppState;

/// How often to look for metadata due to be read.
const EVERY: Duration = Duration::from_secs(300);

pub struct SamlMetadata {
    state: AppState,
}

impl SamlMetadata {
    pub fn new(state: AppState) -> SamlMetadata {
        SamlMetadata { state }
    }

    pub async fn tick(&self) {
        let s = &self.state;
        match crate::auth::providers::refresh_saml_metadata(&s.db, s.clock.unix()).await {
            Ok((0, 0)) => {}
            Ok((good, failed)) => tracing::info!(good, failed, "SAML IdP metadata read again"),
            Err(e) => tracing::warn!(error = %e, "could not read which SAML metadata is due"),
        }
        match crate::auth::federations::refresh_federations(&s.db, s.clock.unix()).await {
            Ok((0, 0)) => {}
            Ok((good, failed)) => tracing::info!(good, failed, "federation aggregates read again"),
            Err(e) => tracing::warn!(error = %e, "could not read which federation aggregates are due"),
        }
        let allow = std::sync::Arc::new(s.config.pool.callback_allow_hosts.clone());
        match crate::auth::idp_logos::refresh_logos(&s.db, s.clock.unix(), allow).await {
            Ok((0, 0)) => {}
            Ok((good, failed)) => tracing::info!(good, failed, "IdP logos read"),
            Err(e) => tracing::warn!(error = %e, "could not read which IdP logos are due"),
        }
    }
}

impl super::Worker for SamlMetadata {
    const NAME: &'static str = "saml_metadata";

    async fn tick(&self) {
        SamlMetadata::tick(self).await;
    }

    async fn wait(&self, first: bool) {
        if !first {
            tokio::time::sleep(EVERY).await;
        }
    }
}
