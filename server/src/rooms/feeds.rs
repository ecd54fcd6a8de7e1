//! Bookings outside Convene: a booking (its whole series, if it has one) as an `.ics` download for whoever may
//! see its room, and private webcal feeds of a person's bookings or of a room, opened by a random token.

use std::collections::HashMap;

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono_tz::Tz;

use app::error::AppError;
use app::session::{CurrentUser, SessionView};

use super::ics::{self, IcsEvent};
use super::recurrence;
use super::service::RoomsService;
use crate::db::bookings::{self as rows, BookingRow, BookingStatus};
use crate::internal;
use crate::state::AppState;
use crate::tokens::{new_token, token_hash};

/// Feeds cover this much before now and after it.
const FEED_PAST_SECS: i64 = 60 * 86_400;
const FEED_FUTURE_SECS: i64 = 400 * 86_400;

impl RoomsService {
    /// Events for bookings: a series becomes one event with its rule, EXDATEs for what is no longer held, and a
    /// separate event for each moved occurrence.
    pub async fn events(&self, bookings: &[BookingRow], host: &str) -> Result<Vec<IcsEvent>, AppError> {
        let mut names: HashMap<i64, String> = HashMap::new();
        let mut out = Vec::new();
        let mut series_done: Vec<i64> = Vec::new();
        for b in bookings {
            let location = match names.get(&b.room_id) {
                Some(n) => n.clone(),
                None => {
                    let name = rows::room(self.db.pool(), b.room_id).await.map_err(internal)?.name;
                    names.insert(b.room_id, name.clone());
                    name
                }
            };
            let single = |b: &BookingRow| IcsEvent {
                uid: format!("booking-{}@{host}", b.id),
                title: b.title.clone(),
                description: b.description.clone(),
                location: location.clone(),
                start: b.starts_at,
                end: b.ends_at,
                status: b.status.as_str().to_owned(),
                rrule: None,
                exdates: vec![],
                updated: b.starts_at,
                ..IcsEvent::default()
            };
            let Some(series_id) = b.series_id else {
                out.push(single(b));
                continue;
            };
            if series_done.contains(&series_id) {
                continue;
            }
            series_done.push(series_id);
            let s = rows::series(self.db.pool(), series_id).await.map_err(internal)?;
            let tz: Tz = s.timezone.parse().unwrap_or(Tz::UTC);
            let expected = recurrence::expected_starts(&s.rrule, s.first_start, tz, s.duration);
            let members = rows::of_series(self.db.pool(), series_id).await.map_err(internal)?;
            let held: Vec<&BookingRow> = members.iter().filter(|m| m.status.holds()).collect();
            let held_starts: Vec<i64> = held.iter().map(|m| m.starts_at).collect();
            out.push(IcsEvent {
                uid: format!("series-{series_id}@{host}"),
                title: b.title.clone(),
                description: b.description.clone(),
                location: location.clone(),
                start: s.first_start,
                end: s.first_start + s.duration,
                status: if held.iter().any(|m| m.status == BookingStatus::Pending) {
                    BookingStatus::Pending.as_str().into()
                } else {
                    BookingStatus::Confirmed.as_str().into()
                },
                rrule: Some(s.rrule.clone()),
                exdates: ics::missing_occurrences(&expected, &held_starts),
                updated: s.first_start,
                tz: Some(tz),
                ..IcsEvent::default()
            });
            for moved in held.iter().filter(|m| !expected.contains(&m.starts_at)) {
                out.push(single(moved));
            }
        }
        Ok(out)
    }

    /// `booking-<id>.ics` for someone who may see the booking's room.
    pub async fn booking_ics(
        &self,
        actor: &CurrentUser,
        id: i64,
        room_id: Option<i64>,
        host: &str,
    ) -> Result<String, AppError> {
        let b = rows::booking(self.db.pool(), id).await.map_err(|_| AppError::NotFound)?;
        super::service::in_room(&b, room_id)?;
        let (room, _) = self.visible_room(actor, b.room_id).await?;
        let tz = self.zone_for(actor.id, room.institution_id).await?;
        let events = self.events(std::slice::from_ref(&b), host).await?;
        Ok(ics::calendar(&format!("{} — {}", b.title, room.name), tz, &events))
    }

    /// A new private feed URL (of the actor's bookings, or of a room they may see); older ones of the same kind
    /// stop working.
    pub async fn new_feed(&self, actor: &CurrentUser, room_id: Option<i64>) -> Result<String, AppError> {
        if let Some(id) = room_id {
            self.visible_room(actor, id).await?;
        }
        let now = self.clock.unix();
        rows::revoke_feeds(self.db.pool(), actor.id, room_id, now).await.map_err(internal)?;
        let token = new_token();
        let user_id = if room_id.is_none() { Some(actor.id) } else { None };
        rows::insert_feed(self.db.pool(), &token_hash(&token), user_id, room_id, actor.id, now)
            .await
            .map_err(internal)?;
        let base = self.public_url.as_str().trim_end_matches('/');
        Ok(format!("{base}/feeds/{token}.ics"))
    }

    pub async fn revoke_feed(&self, actor: &CurrentUser, room_id: Option<i64>) -> Result<(), AppError> {
        rows::revoke_feeds(self.db.pool(), actor.id, room_id, self.clock.unix()).await.map_err(internal)?;
        Ok(())
    }

    /// The feed behind a token: (calendar name, zone, bookings), or not found.
    async fn feed(&self, token: &str, host: &str) -> Result<String, AppError> {
        let token = token.strip_suffix(".ics").unwrap_or(token);
        if !crate::tokens::looks_like_token(token) {
            return Err(AppError::NotFound);
        }
        let feed =
            rows::live_feed(self.db.pool(), &token_hash(token)).await.map_err(internal)?.ok_or(AppError::NotFound)?;
        let now = self.clock.unix();
        let (from, to) = (now - FEED_PAST_SECS, now + FEED_FUTURE_SECS);
        let owner = feed.created_by.ok_or(AppError::NotFound)?;
        // The feed shows what its maker may see now: removed from the institution, disabled, or the room closed to
        // them, and it is gone.
        let maker =
            crate::auth::actor::current(self.db.pool(), owner).await.map_err(internal)?.ok_or(AppError::NotFound)?;
        let (name, bookings, institution) = match (feed.room_id, feed.user_id) {
            (Some(room_id), _) => {
                let (room, _) = self.visible_room(&maker, room_id).await?;
                let list = rows::of_room_between(self.db.pool(), room_id, from, to).await.map_err(internal)?;
                (room.name, list, room.institution_id)
            }
            (None, Some(user_id)) if user_id == owner => {
                let mut list = rows::of_user_between(self.db.pool(), user_id, from, to).await.map_err(internal)?;
                let mut visible: HashMap<i64, bool> = HashMap::new();
                let mut kept = Vec::with_capacity(list.len());
                for b in list.drain(..) {
                    let seen = match visible.get(&b.room_id) {
                        Some(v) => *v,
                        None => {
                            let v = self.visible_room(&maker, b.room_id).await.is_ok();
                            visible.insert(b.room_id, v);
                            v
                        }
                    };
                    if seen {
                        kept.push(b);
                    }
                }
                let institution = maker.memberships.first().map(|m| m.institution_id).unwrap_or(0);
                ("My bookings — Convene".to_owned(), kept, institution)
            }
            _ => return Err(AppError::NotFound),
        };
        let tz = self.zone_for(owner, institution).await?;
        let events = self.events(&bookings, host).await?;
        Ok(ics::calendar(&name, tz, &events))
    }
}

fn calendar_response(body: String, filename: Option<&str>) -> Response {
    let mut res = (StatusCode::OK, [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")], body).into_response();
    if let Some(f) = filename
        && let Ok(v) = format!("attachment; filename=\"{f}\"").parse()
    {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("private, no-store"));
    res
}

fn error_response(e: &AppError) -> Response {
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response()
}

fn host(state: &AppState) -> String {
    state.config.http.public_url.host_str().unwrap_or("convene").to_owned()
}

/// `GET /bookings/{id}/ics` (signed in).
pub async fn booking_ics(
    State(state): State<AppState>,
    Extension(view): Extension<SessionView>,
    Path(id): Path<i64>,
) -> Response {
    booking_ics_of(&state, view, id, None).await
}

/// `GET /rooms/{room}/bookings/{id}/ics` (signed in): the same, for a booking of that room only.
pub async fn room_booking_ics(
    State(state): State<AppState>,
    Extension(view): Extension<SessionView>,
    Path((room, id)): Path<(i64, i64)>,
) -> Response {
    booking_ics_of(&state, view, id, Some(room)).await
}

async fn booking_ics_of(state: &AppState, view: SessionView, id: i64, room: Option<i64>) -> Response {
    let Some(user) = view.user else { return StatusCode::UNAUTHORIZED.into_response() };
    match state.rooms.booking_ics(&user, id, room, &host(state)).await {
        Ok(body) => calendar_response(body, Some(&format!("booking-{id}.ics"))),
        Err(e) => error_response(&e),
    }
}

/// `GET /feeds/{token}.ics` (the token is the key; no session).
pub async fn feed(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match state.rooms.feed(&token, &host(&state)).await {
        Ok(body) => calendar_response(body, None),
        Err(e) => error_response(&e),
    }
}
