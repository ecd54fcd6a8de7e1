//! The pool port: operators see and manage every server; institution admins the servers their institution
//! contributes. Registration goes through `pool::register`, which calls the server first.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;

use app::error::{AppError, ConflictKind, Problem};
use app::pool::port::PoolPort;
use app::pool::{NewServer, PlacementNote, PoolTotals, PoolView, ServerView};
use app::session::CurrentUser;
use app::validate;

use super::api_cache::ApiCache;
use super::bbb::client::BbbClient;
use super::placement::{AdminState, Health};
use super::pool::{self, PoolError, ServerInput};
use crate::clock::SharedClock;
use crate::db::servers::ServerRow;
use crate::db::{self, Db};
use crate::internal;

pub struct PoolService {
    pub db: Db,
    pub clock: SharedClock,
    pub client: BbbClient,
    /// Placement's cached view of the servers, dropped when sharing changes so it applies at once.
    pub cache: Arc<ApiCache>,
}

fn to_view(r: &ServerRow, institutions: &HashMap<i64, String>) -> ServerView {
    ServerView {
        id: r.id,
        name: r.name.clone(),
        api_url: r.api_url.clone(),
        institution: r.institution_id.and_then(|i| institutions.get(&i).cloned()),
        shared: r.shared != 0,
        region: r.region.clone(),
        admin_state: r.admin_state.as_str().to_owned(),
        health: r.health.as_str().to_owned(),
        meetings: r.meetings,
        participants: r.participants,
        capacity: r.capacity,
        last_poll_at: r.last_poll_at,
        last_poll_ms: r.last_poll_ms,
        last_error: r.last_error.clone(),
        history: r.history.split(',').filter_map(|v| v.parse().ok()).collect(),
        last_placement: r.last_placement.as_deref().and_then(|j| serde_json::from_str::<PlacementNote>(j).ok()).map(
            |mut n| {
                n.at = r.last_placement_at.unwrap_or(0);
                n
            },
        ),
    }
}

fn app_error(e: PoolError) -> AppError {
    match e {
        PoolError::Invalid { field, .. } => {
            let field = if field == "coordinates" { "latitude" } else { field };
            AppError::invalid(field, Problem::Format)
        }
        PoolError::Unreachable { .. } => AppError::Conflict(ConflictKind::ServerUnreachable),
        PoolError::WrongSecret { .. } => AppError::Conflict(ConflictKind::ServerSecret),
        PoolError::NotBbb { .. } => AppError::Conflict(ConflictKind::NotBbb),
        PoolError::Untrusted { .. } => AppError::Conflict(ConflictKind::ServerCertificate),
        PoolError::NotPublic(_) => AppError::Conflict(ConflictKind::ServerNotPublic),
        PoolError::Exists => AppError::invalid("name", Problem::Taken),
        PoolError::NotFound => AppError::NotFound,
        PoolError::Db(e) => internal(e),
    }
}

/// Institutions whose servers the actor manages; `None` means all (operators).
fn managed(actor: &CurrentUser) -> Option<Vec<i64>> {
    if actor.is_operator { None } else { Some(actor.admin_of().map(|m| m.institution_id).collect()) }
}

impl PoolService {
    async fn institution_names(&self) -> Result<HashMap<i64, String>, AppError> {
        Ok(db::institutions::list(self.db.pool())
            .await
            .map_err(internal)?
            .into_iter()
            .map(|i| (i.id, i.name))
            .collect())
    }
}

/// Whether a server's last polled counts are current (it is not offline).
fn counts_now(r: &ServerRow) -> bool {
    r.health != Health::Offline
}

#[async_trait]
impl PoolPort for PoolService {
    async fn view(&self, actor: &CurrentUser) -> Result<PoolView, AppError> {
        let scope = managed(actor);
        if scope.as_ref().is_some_and(Vec::is_empty) {
            return Err(AppError::Forbidden);
        }
        let rows = db::servers::list(self.db.pool()).await.map_err(internal)?;
        let names = self.institution_names().await?;
        let totals = PoolTotals {
            servers: rows.len() as i64,
            online: rows.iter().filter(|r| r.health == Health::Online && r.admin_state == AdminState::Enabled).count()
                as i64,
            // An offline server's last counts are history, not load: they leave the totals.
            meetings: rows.iter().filter(|r| counts_now(r)).map(|r| r.meetings).sum(),
            participants: rows.iter().filter(|r| counts_now(r)).map(|r| r.participants).sum(),
            capacity: rows.iter().filter(|r| r.admin_state != AdminState::Disabled).map(|r| r.capacity).sum(),
        };
        let servers = rows
            .iter()
            .filter(|r| scope.as_ref().is_none_or(|ids| r.institution_id.is_some_and(|i| ids.contains(&i))))
            .map(|r| to_view(r, &names))
            .collect();
        Ok(PoolView { servers, totals, now: self.clock.unix() })
    }

    async fn add(&self, actor: &CurrentUser, s: NewServer) -> Result<ServerView, AppError> {
        let institution_id = match managed(actor) {
            None => None,
            Some(ids) => Some(*ids.first().ok_or(AppError::Forbidden)?),
        };
        let capacity = validate::number("capacity", &s.capacity, 1.0, 100_000.0)?;
        let input = ServerInput {
            name: validate::text("name", &s.name, 1, 80)?,
            url: validate::text("url", &s.url, 8, validate::URL_MAX)?,
            secret: s.secret.trim().to_owned(),
            algorithm: "sha256".into(),
            region: validate::text("region", &s.region, 0, validate::REGION_MAX)?,
            latitude: validate::number("latitude", &s.latitude, -90.0, 90.0)?,
            longitude: validate::number("longitude", &s.longitude, -180.0, 180.0)?,
            capacity: capacity as u32,
            tags: validate::text("tags", &s.tags, 0, 300)?.split(',').map(str::to_owned).collect(),
            institution_id,
            ca_pem: None,
            by_operator: actor.is_operator,
        };
        let now = self.clock.unix();
        let id = match pool::register(&self.db, &self.client, &input, now).await {
            Ok(id) => id,
            Err(e) => {
                // Why, for the operator's log (no secret, no checksum: the URL is the server's base address).
                tracing::info!(actor = actor.id, error = %e, "server registration refused");
                return Err(app_error(e));
            }
        };
        db::audit::record(self.db.pool(), now, Some(actor.id), institution_id, "server.add", &input.name)
            .await
            .map_err(internal)?;
        let row = db::servers::by_id(self.db.pool(), id).await.map_err(internal)?;
        Ok(to_view(&row, &self.institution_names().await?))
    }

    async fn set_state(&self, actor: &CurrentUser, id: i64, state: String) -> Result<(), AppError> {
        let row = match db::servers::by_id(self.db.pool(), id).await {
            Ok(r) => r,
            Err(db::DbError::NotFound) => return Err(AppError::NotFound),
            Err(e) => return Err(internal(e)),
        };
        if let Some(ids) = managed(actor)
            && !row.institution_id.is_some_and(|i| ids.contains(&i))
        {
            return Err(AppError::NotFound);
        }
        let state = AdminState::parse(state.trim()).ok_or_else(|| AppError::invalid("state", Problem::Format))?;
        let now = self.clock.unix();
        db::servers::set_admin_state(self.db.pool(), id, state, now).await.map_err(internal)?;
        self.cache.forget_servers();
        db::audit::record(self.db.pool(), now, Some(actor.id), row.institution_id, "server.state", state.as_str())
            .await
            .map_err(internal)?;
        Ok(())
    }

    async fn set_shared(&self, actor: &CurrentUser, id: i64, shared: bool) -> Result<(), AppError> {
        if !actor.is_operator {
            return Err(AppError::Forbidden);
        }
        let row = match db::servers::by_id(self.db.pool(), id).await {
            Ok(r) => r,
            Err(db::DbError::NotFound) => return Err(AppError::NotFound),
            Err(e) => return Err(internal(e)),
        };
        if row.institution_id.is_none() {
            // The network's own servers serve everyone: there is nothing to share.
            return Err(AppError::invalid("shared", Problem::Format));
        }
        let now = self.clock.unix();
        db::servers::set_shared(self.db.pool(), id, shared, now).await.map_err(internal)?;
        self.cache.forget_servers();
        let what = if shared { "server.share" } else { "server.unshare" };
        db::audit::record(self.db.pool(), now, Some(actor.id), row.institution_id, what, &row.name)
            .await
            .map_err(internal)?;
        tracing::info!(server_id = id, shared, "server sharing changed");
        Ok(())
    }
}

/// `GET /events/pool`: the pool as the signed-in person may see it, pushed every `every` as server-sent events
/// (`event: pool`, JSON data). Refused like the page: 401 anonymous, 403 without rights.
pub async fn pool_events(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    axum::Extension(view): axum::Extension<app::session::SessionView>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use axum::response::sse::{Event, KeepAlive, Sse};
    let Some(user) = view.user else { return axum::http::StatusCode::UNAUTHORIZED.into_response() };
    let port = state.ports.pool.clone();
    if let Err(e) = port.view(&user).await {
        return axum::http::StatusCode::from_u16(e.status()).unwrap_or_default().into_response();
    }
    let every = std::time::Duration::from_secs(u64::from(state.config.pool.poll_interval_seconds).clamp(1, 5));
    let stream = futures::stream::unfold(true, move |first| {
        let (port, user) = (port.clone(), user.clone());
        async move {
            if !first {
                tokio::time::sleep(every).await;
            }
            let view = port.view(&user).await.ok()?;
            let event = Event::default().event("pool").json_data(&view).ok()?;
            Some((Ok::<_, std::convert::Infallible>(event), false))
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}
