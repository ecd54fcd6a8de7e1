//! The conference servers' and OpenID Connect providers' origins, for the `form-action` of the
//! Content-Security-Policy.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::db::{self, Db};

/// How long a list read from the pool is used before it is read again (in the background).
const FRESH_FOR: Duration = Duration::from_secs(30);

/// Where forms may send people besides this site: the conference servers a join redirects to (a page without
/// JavaScript posts the join form, and the answer redirects to the server; browsers check that against
/// `form-action`), and the OpenID Connect providers the sign-out form goes on to (RP-Initiated Logout). Read once at the first page, then refreshed in the background every 30 seconds: a page never
/// waits on the database for it, and the read is never cut short (a query abandoned half-way is how connections
/// get stuck).
#[derive(Default)]
pub struct FormTargets {
    cached: Mutex<Option<(Instant, Arc<str>)>>,
    refreshing: AtomicBool,
}

fn origins(urls: &[String]) -> Arc<str> {
    let mut origins: Vec<String> = urls
        .iter()
        .filter_map(|u| url::Url::parse(u).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map(|u| u.origin().ascii_serialization())
        .filter(|o| o.bytes().all(|b| b.is_ascii_graphic() && b != b';' && b != b','))
        .collect();
    origins.sort();
    origins.dedup();
    origins.join(" ").into()
}

async fn targets(db: &Db) -> db::DbResult<Vec<String>> {
    let mut urls = db::servers::api_urls(db.pool()).await?;
    urls.extend(db::providers::list(db.pool()).await?.into_iter().filter(|p| p.enabled == 1).map(|p| p.issuer));
    Ok(urls)
}

impl FormTargets {
    /// Drops the list: the next page reads it again (a provider or server was just added or switched here).
    pub fn forget(&self) {
        *self.cached.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    fn store(&self, v: Arc<str>) {
        *self.cached.lock().unwrap_or_else(PoisonError::into_inner) = Some((Instant::now(), v));
    }

    pub async fn get(self: &Arc<Self>, db: &Db) -> Arc<str> {
        let cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner).clone();
        match cached {
            Some((at, v)) => {
                if at.elapsed() >= FRESH_FOR && !self.refreshing.swap(true, Ordering::AcqRel) {
                    let (me, db) = (self.clone(), db.clone());
                    tokio::spawn(async move {
                        match targets(&db).await {
                            Ok(urls) => me.store(origins(&urls)),
                            Err(e) => tracing::warn!(error = %e, "could not read the servers for form-action"),
                        }
                        me.refreshing.store(false, Ordering::Release);
                    });
                }
                v
            }
            // The first page: read now (a failure gives an empty list, tried again at the next page).
            None => match targets(db).await {
                Ok(urls) => {
                    let v = origins(&urls);
                    self.store(v.clone());
                    v
                }
                Err(e) => {
                    tracing::warn!(error = %e, "could not read the servers for form-action");
                    Arc::from("")
                }
            },
        }
    }
}
