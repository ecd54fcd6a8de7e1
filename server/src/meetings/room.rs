//! The meeting of a room: created on the pool by the balancer with the room's settings and the booking's size,
//! found again while it runs, recreated elsewhere (same id, same settings) when its server has died, and joined
//! through a URL made for one click (signed with the server's secret, bound to the meeting's createTime, never
//! stored or logged).

use std::collections::BTreeMap;

use url::Url;

use super::placer::Placer;
use crate::balancer::bbb::client::{BbbClient, Created};
use crate::balancer::bbb::query;
use crate::balancer::callbacks;
use crate::balancer::poller::endpoint;
use crate::db::api::{CallbackRow, MeetingRow, NewMeeting};
use crate::db::bookings::{BookingRow, RoomRow};
use crate::db::servers::ServerRow;
use crate::db::{self, DbError};

/// The external id of a room's meeting (reserved: API callers cannot use it).
pub fn external_id(room_id: i64) -> String {
    format!("convene:room:{room_id}")
}

pub fn scoped_id(institution_id: i64, room_id: i64) -> String {
    super::scoped_id(institution_id, &external_id(room_id))
}

#[derive(Debug, thiserror::Error)]
pub enum RoomMeetingError {
    #[error("no conference server can take the meeting now")]
    NoServer,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The create parameters for a room's meeting (without the callback, which is per placement).
pub fn create_params(room: &RoomRow, booking: Option<&BookingRow>) -> BTreeMap<String, String> {
    let mut p = BTreeMap::new();
    let name = booking.map_or(room.name.as_str(), |b| b.title.as_str());
    p.insert("name".into(), name.to_owned());
    p.insert("meetingID".into(), scoped_id(room.institution_id, room.id));
    p.insert("record".into(), (room.record_allowed != 0).to_string());
    p.insert("muteOnStart".into(), (room.mute_on_start != 0).to_string());
    p.insert("maxParticipants".into(), room.capacity.to_string());
    let expected = booking.map_or(0, |b| b.expected);
    if expected > 0 {
        p.insert("meta_bbb-meeting-size-hint".into(), expected.to_string());
    }
    let guests = match room.guest_policy.as_str() {
        "open" => "ALWAYS_ACCEPT",
        "none" => "ALWAYS_DENY",
        _ => "ASK_MODERATOR",
    };
    p.insert("guestPolicy".into(), guests.into());
    if !room.welcome.is_empty() {
        p.insert("welcome".into(), room.welcome.clone());
    }
    p.insert("meta_bbb-origin".into(), "Convene".into());
    p
}

fn expected_of(params: &BTreeMap<String, String>) -> u32 {
    params.get("meta_bbb-meeting-size-hint").and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Places and creates the meeting with `params` (a fresh callback token per placement); `avoid`: a dead server.
async fn place(
    placer: &Placer,
    public_url: &Url,
    institution_id: i64,
    room_id: i64,
    params: &BTreeMap<String, String>,
    avoid: Option<i64>,
) -> Result<(ServerRow, Created, String), RoomMeetingError> {
    let token = crate::tokens::new_token();
    let (end_url, _) = callbacks::our_urls(public_url, &token);
    let mut with_callback = params.clone();
    with_callback.insert(callbacks::END_KEY.into(), end_url);
    let pairs: Vec<(String, String)> = with_callback.into_iter().collect();
    let origin =
        db::institutions::by_id(placer.db.pool(), institution_id).await.ok().map(|i| (i.latitude, i.longitude));
    // A room's parameters are Convene's own: a server refusing them is as good as no server.
    let Some((server, created, _)) =
        placer.place_and_create(institution_id, origin, &pairs, expected_of(params), avoid).await?.created()
    else {
        return Err(RoomMeetingError::NoServer);
    };
    let cb = CallbackRow {
        institution_id,
        external_id: external_id(room_id),
        server_id: Some(server.id),
        end_url: None,
        recording_url: None,
    };
    db::api::add_callback(placer.db.pool(), &crate::tokens::token_hash(&token), &cb, placer.clock.unix()).await?;
    Ok((server, created, token))
}

/// The room's running meeting, started (`may_start`) or recreated after a server failure when needed.
/// `Ok(None)`: it does not run and this person may not start it.
pub async fn ensure(
    placer: &Placer,
    public_url: &Url,
    room: &RoomRow,
    booking: Option<&BookingRow>,
    may_start: bool,
) -> Result<Option<(MeetingRow, ServerRow)>, RoomMeetingError> {
    let pool = placer.db.pool();
    if let Some(m) = db::api::of_room(pool, room.id).await? {
        if let Some(server) = placer.answering_server(&m).await {
            return Ok(Some((m, server)));
        }
        // Its server died (or is suspect and did not answer): the same meeting again elsewhere, with the settings
        // it was created with.
        let params = query::parse(&m.create_query, 16 * 1024).map(|q| q.params).unwrap_or_default();
        let (server, created, _) =
            place(placer, public_url, room.institution_id, room.id, &params, m.server_id).await?;
        if !db::api::moved(pool, m.id, m.server_id, server.id, created.create_time, placer.clock.unix()).await? {
            // Another join moved it at the same moment: theirs stands, ours goes.
            let _ = placer.bbb.end(&crate::balancer::poller::endpoint(&server), &m.scoped_id()).await;
            let m = db::api::of_room(pool, room.id).await?.ok_or(DbError::NotFound)?;
            let server = placer.live_server(&m).await.ok_or(DbError::NotFound)?;
            return Ok(Some((m, server)));
        }
        db::api::set_dial_in(pool, m.id, created.dial_number.as_deref(), created.voice_bridge.as_deref()).await?;
        placer.metrics.failovers.inc();
        tracing::warn!(meeting_id = m.id, server_id = server.id, "room meeting recreated on another server");
        let m = db::api::of_room(pool, room.id).await?.ok_or(DbError::NotFound)?;
        return Ok(Some((m, server)));
    }
    if !may_start {
        return Ok(None);
    }
    let params = create_params(room, booking);
    let (server, created, _) = place(placer, public_url, room.institution_id, room.id, &params, None).await?;
    let create_time = created.create_time;
    let stored = query::build(&params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>());
    let ext = external_id(room.id);
    let new = NewMeeting {
        institution_id: room.institution_id,
        external_id: &ext,
        server_id: server.id,
        name: params.get("name").map_or("", String::as_str),
        create_time,
        expected_size: i64::from(expected_of(&params)),
        create_query: &stored,
        room_id: Some(room.id),
        booking_id: booking.map(|b| b.id),
    };
    match db::api::insert(pool, &new, placer.clock.unix()).await {
        Ok(id) => {
            db::api::set_dial_in(pool, id, created.dial_number.as_deref(), created.voice_bridge.as_deref()).await?;
        }
        Err(DbError::Conflict) => {}
        Err(e) => return Err(e.into()),
    }
    // Whoever won a simultaneous start, this is the meeting.
    let m = db::api::of_room(pool, room.id).await?.ok_or(DbError::NotFound)?;
    let server = if m.server_id == Some(server.id) { server } else { placer.live_server(&m).await.unwrap_or(server) };
    Ok(Some((m, server)))
}

/// A join URL for one click.
pub fn join_url(
    server: &ServerRow,
    m: &MeetingRow,
    full_name: &str,
    moderator: bool,
    user_id: &str,
    guest: bool,
) -> String {
    let scoped = m.scoped_id();
    let create_time = m.create_time.to_string();
    let mut params = vec![
        ("meetingID", scoped.as_str()),
        ("fullName", full_name),
        ("role", if moderator { "MODERATOR" } else { "VIEWER" }),
        ("createTime", create_time.as_str()),
    ];
    if !user_id.is_empty() {
        params.push(("userID", user_id));
    }
    if guest {
        params.push(("guest", "true"));
    }
    BbbClient::url(&endpoint(server), "join", &params)
}

/// Ends the room's meeting on its server and forgets it.
pub async fn end(placer: &Placer, room_id: i64) -> Result<bool, RoomMeetingError> {
    let Some(m) = db::api::of_room(placer.db.pool(), room_id).await? else { return Ok(false) };
    let server = placer.live_server(&m).await;
    // Forgotten first: the server's end callback that follows finds nothing left to do, and the history says
    // the meeting was ended from the page.
    db::api::forget(&placer.db, m.id, placer.clock.unix(), db::api::EndedBy::Request).await?;
    if let Some(server) = server {
        let _ = placer.bbb.end(&endpoint(&server), &m.scoped_id()).await;
    }
    Ok(true)
}
