//! How the API answers: BigBlueButton's XML envelope, a conference server's answer passed on with the caller's own
//! meeting id, and [`Refusal`] — every reason a call is answered FAILED, each with BigBlueButton's `messageKey`.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::balancer::bbb::xml::{Node, failed, parse_tree, response};
use crate::balancer::bbb::xml_response as xml;
use crate::db::DbError;
use crate::meetings::callbacks;
use crate::meetings::lifecycle::MeetingError;

/// BigBlueButton's words for a meeting it does not hold (2.7 and later).
pub const NOT_FOUND: &str = "A meeting with that ID does not exist";

/// Why a call is answered FAILED.
#[derive(Debug)]
pub enum Refusal {
    /// The parameters could not be read (`paramError`).
    Params(String),
    Checksum,
    MissingMeetingId,
    /// A meeting id that is too long, has a comma or names one of Convene's own rooms.
    BadMeetingId,
    /// `join` of a meeting that does not exist (BigBlueButton answers `invalidMeetingIdentifier`).
    NoSuchMeeting,
    /// Any other call about a meeting that does not exist.
    NotFound,
    MissingFullName,
    StillCreating,
    ServerUnavailable,
    MaxMeetings {
        running: u64,
        max: u32,
    },
    /// A conference server's own refusal (`messageKey` and message as it gave them).
    Server {
        key: String,
        message: String,
    },
    Unsupported,
    MissingRecordId,
    RecordingsNotFound,
    ChangeNotAccepted,
    /// Something failed on our side (logged where it happened).
    Internal,
}

impl Refusal {
    pub fn key(&self) -> &str {
        match self {
            Refusal::Params(_) => "paramError",
            Refusal::Checksum => "checksumError",
            Refusal::MissingMeetingId => "missingParamMeetingID",
            Refusal::BadMeetingId | Refusal::NoSuchMeeting => "invalidMeetingIdentifier",
            Refusal::NotFound | Refusal::RecordingsNotFound => "notFound",
            Refusal::MissingFullName => "missingParamFullName",
            Refusal::StillCreating | Refusal::ServerUnavailable => "serverUnavailable",
            Refusal::MaxMeetings { .. } => "maxMeetingsReached",
            Refusal::Server { key, .. } => key,
            Refusal::Unsupported => "unsupportedRequest",
            Refusal::MissingRecordId => "missingParamRecordID",
            Refusal::ChangeNotAccepted | Refusal::Internal => "internalError",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Refusal::Params(why) => why.clone(),
            Refusal::Checksum => "You did not pass the checksum security check".into(),
            Refusal::MissingMeetingId => "You must specify a meeting ID".into(),
            Refusal::BadMeetingId => {
                "The meeting ID must be 2 to 240 characters, no commas, and not start with convene:".into()
            }
            Refusal::NoSuchMeeting | Refusal::NotFound => NOT_FOUND.into(),
            Refusal::MissingFullName => "You must specify a name for the attendee".into(),
            Refusal::StillCreating => "This meeting is still being created; try again in a moment".into(),
            Refusal::ServerUnavailable => "No conference server can take this meeting now".into(),
            Refusal::MaxMeetings { running, max } => format!(
                "Your institution may run {max} meetings at once and {running} are running; end one before creating \
                 another"
            ),
            Refusal::Server { message, .. } => message.clone(),
            Refusal::Unsupported => "This call is not supported by this portal yet.".into(),
            Refusal::MissingRecordId => "You must specify one or more record IDs".into(),
            Refusal::RecordingsNotFound => "We could not find recordings".into(),
            Refusal::ChangeNotAccepted => "A conference server did not accept the change; try again".into(),
            Refusal::Internal => "Something went wrong on the portal; try again".into(),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        xml(failed(self.key(), &self.message()))
    }
}

impl From<DbError> for Refusal {
    fn from(e: DbError) -> Refusal {
        tracing::error!(error = %e, "API call failed");
        Refusal::Internal
    }
}

impl From<MeetingError> for Refusal {
    fn from(e: MeetingError) -> Refusal {
        tracing::error!(error = %e, "API call failed");
        Refusal::Internal
    }
}

/// What a call handler returns: its answer, or why the call is refused.
pub type Answer = Result<Response, Refusal>;

/// A SUCCESS answer with these children.
pub fn success(children: &[Node]) -> Response {
    xml(response(true, children))
}

/// The server's answer passed on, with our meeting id instead of the scoped one. `duplicate`: for a create, whether
/// the meeting existed (BigBlueButton's `duplicateWarning`).
pub fn passed_on(body: &str, external: &str, duplicate: Option<bool>) -> Answer {
    let Ok(tree) = parse_tree(body) else {
        return Err(Refusal::Server {
            key: "internalError".into(),
            message: "The conference server answered unreadably".into(),
        });
    };
    let mut children: Vec<Node> = tree.into_children().into_iter().filter(|c| c.name() != "returncode").collect();
    for c in children.iter_mut() {
        c.map_meeting_ids(&|_| external.to_owned());
        c.drop_metadata(&callbacks::is_ours);
    }
    if let Some(dup) = duplicate {
        children.retain(|c| c.name() != "messageKey" && c.name() != "message");
        if dup {
            children.push(Node::text("messageKey", "duplicateWarning"));
            children.push(Node::text(
                "message",
                "This conference was already in existence and may currently be in progress.",
            ));
        }
    }
    Ok(success(&children))
}

/// `<meeting>` with the children of a server's getMeetingInfo answer, with our meeting id.
pub fn meeting_elem(body: &str, external: &str) -> Option<Node> {
    let mut tree = parse_tree(body).ok()?;
    tree.map_meeting_ids(&|_| external.to_owned());
    tree.drop_metadata(&callbacks::is_ours);
    Some(Node::elem("meeting", tree.into_children().into_iter().filter(|c| c.name() != "returncode").collect()))
}

/// A BigBlueButton redirect (302 Found, as BigBlueButton's own join answers).
pub fn found(url: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, url.to_owned()), (header::CACHE_CONTROL, "no-cache".to_owned())])
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_a_bigbluebutton_key_and_a_message() {
        let all = [
            Refusal::Params("x".into()),
            Refusal::Checksum,
            Refusal::MissingMeetingId,
            Refusal::BadMeetingId,
            Refusal::NoSuchMeeting,
            Refusal::NotFound,
            Refusal::MissingFullName,
            Refusal::StillCreating,
            Refusal::ServerUnavailable,
            Refusal::MaxMeetings { running: 2, max: 2 },
            Refusal::Server { key: "sizeError".into(), message: "too big".into() },
            Refusal::Unsupported,
            Refusal::MissingRecordId,
            Refusal::RecordingsNotFound,
            Refusal::ChangeNotAccepted,
            Refusal::Internal,
        ];
        for r in all {
            assert!(!r.key().is_empty() && r.key().chars().all(|c| c.is_ascii_alphanumeric()), "{r:?}");
            assert!(!r.message().is_empty(), "{r:?}");
        }
        assert_eq!(Refusal::NoSuchMeeting.key(), "invalidMeetingIdentifier");
        assert_eq!(Refusal::MaxMeetings { running: 3, max: 2 }.key(), "maxMeetingsReached");
    }
}
