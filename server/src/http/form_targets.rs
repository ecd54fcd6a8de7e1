//! The conference servers' origins, for the `form-action` of the Content-Security-Policy.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::RwLock;

use crate::db::{self, Db};

/// Where forms may send people besides this site: the conference servers a join redirects to (a page without
/// JavaScript posts the join form, and the answer redirects to the server; browsers check that against
/// `form-action`). Read from the pool at most every 30 seconds.
#[derive(Default)]
pub struct FormTargets {
    cached: RwLock<Option<(Instant, Arc<str>)>>,
}

impl FormTargets {
    pub async fn get(&self, db: &Db) -> Arc<str> {
        if let Some((at, v)) = self.cached.read().await.as_ref()
            && at.elapsed() < Duration::from_secs(30)
        {
            return v.clone();
        }
        // Never held up by the database: a slow or failed read keeps the last good list (tried again in 30 s).
        let read = db::servers::api_urls(db.pool());
        let urls = match tokio::time::timeout(Duration::from_millis(500), read).await {
            Ok(Ok(urls)) => urls,
            _ => {
                let mut cached = self.cached.write().await;
                let last = cached.as_ref().map(|(_, v)| v.clone()).unwrap_or_else(|| Arc::from(""));
                *cached = Some((Instant::now(), last.clone()));
                return last;
            }
        };
        let mut origins: Vec<String> = urls
            .iter()
            .filter_map(|u| url::Url::parse(u).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .map(|u| u.origin().ascii_serialization())
            .filter(|o| o.bytes().all(|b| b.is_ascii_graphic() && b != b';' && b != b','))
            .collect();
        origins.sort();
        origins.dedup();
        let v: Arc<str> = origins.join(" ").into();
        *self.cached.write().await = Some((Instant::now(), v.clone()));
        v
    }
}
