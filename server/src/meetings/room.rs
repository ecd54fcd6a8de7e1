//! The meeting of a room: created on the pool by the balancer with the room's settings and the booking's size,
//! found again while it runs, recreated elsewhere (same id, same settings) when its server has died, and joined
//! through a URL made for one click (signed with the server's secret, bound to the meeting's createTime, never
//! stored or logged).

use std::collections::BTreeMap;

use super::lifecycle::{MeetingError, Meetings, Reached, Recipe, Start, Started, stored_params};
use crate::balancer::bbb::client::{BbbClient, endpoint};
use crate::balancer::bbb::query;
use crate::db::bookings::{BookingRow, GuestPolicy, RoomRow};
use crate::db::meetings::{EndedBy, MeetingRow};
use crate::db::servers::ServerRow;

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
    Lifecycle(#[from] MeetingError),
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
    let guests = match room.guest_policy {
        GuestPolicy::Open => "ALWAYS_ACCEPT",
        GuestPolicy::None => "ALWAYS_DENY",
        GuestPolicy::Ask => "ASK_MODERATOR",
    };
    p.insert("guestPolicy".into(), guests.into());
    if !room.welcome.is_empty() {
        p.insert("welcome".into(), room.welcome.clone());
    }
    p.insert("meta_bbb-origin".into(), "Convene".into());
    p
}

/// The room's running meeting with the server that holds it: reached (created again elsewhere, same id and
/// settings, if its server died), or started now when `may_start`. `Ok(None)`: it does not run and this person may
/// not start it.
pub async fn ensure(
    meetings: &Meetings,
    room: &RoomRow,
    booking: Option<&BookingRow>,
    may_start: bool,
) -> Result<Option<Reached>, RoomMeetingError> {
    let ext = external_id(room.id);
    let origin = meetings.origin(room.institution_id).await;
    let kept = |m: &MeetingRow| Recipe::new(room.institution_id, &ext, stored_params(m), origin);
    if let Some(m) = meetings.settled(room.institution_id, &ext).await? {
        return Ok(meetings.reach(&m, || kept(&m)).await?);
    }
    if !may_start {
        return Ok(None);
    }
    let params = create_params(room, booking);
    let stored = query::build(&params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>());
    let start = Start {
        name: params.get("name").map_or("", String::as_str),
        recipe: Recipe::new(room.institution_id, &ext, params.clone(), origin),
        stored_query: &stored,
        room_id: Some(room.id),
        booking_id: booking.map(|b| b.id),
        limit: None,
        passwords: (None, None),
    };
    match meetings.start(start).await? {
        Started::New { meeting, server, .. } => {
            Ok(Some(Reached { meeting: *meeting, server: *server, recreated: None }))
        }
        // Someone else started it at the same moment: this is that meeting.
        Started::Exists(m) => Ok(meetings.reach(&m, || kept(&m)).await?),
        // A room's parameters are Convene's own: a server refusing them is as good as no server.
        Started::Refused { .. } | Started::NoServer | Started::Full { .. } | Started::EndedMeanwhile => {
            Err(RoomMeetingError::NoServer)
        }
    }
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

/// Ends the room's meeting on its server and forgets it (the history says it was ended from the page).
pub async fn end(meetings: &Meetings, room_id: i64) -> Result<bool, RoomMeetingError> {
    let Some(m) = meetings.of_room(room_id).await? else { return Ok(false) };
    meetings.end(&m, EndedBy::Request).await?;
    Ok(true)
}
