//! The app's one serializable error type. Variants are stable: the UI translates them, the server maps them to
//! HTTP statuses, and nothing internal (SQL, paths, stack traces) ever travels inside them.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::i18n::{Lang, T};

/// What is wrong with one input field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooShort {
        min: u32,
    },
    TooLong {
        max: u32,
    },
    Format,
    OutOfRange,
    Taken,
    /// The end is not after the start.
    EndNotAfterStart,
    /// The time is already past.
    InThePast,
    /// Less notice than the institution asks for.
    TooSoon {
        minutes: u32,
    },
    /// Further ahead than the institution allows.
    TooFarAhead {
        days: u32,
    },
    /// Over the weekly booking hours, by this many minutes.
    OverWeeklyHours {
        hours: u32,
        over_minutes: u32,
    },
    /// A local time the clocks skip (daylight saving) in the booking's time zone.
    NonexistentTime,
    /// More entries than allowed (addresses in a list).
    TooMany {
        max: u32,
    },
    /// E-mail is not set up on this server.
    MailOff,
    /// A change to several occurrences of a series cannot move them to other days.
    SeriesDate,
    /// No member of the institution has that address.
    NotMember,
    /// Members could not sign in at all: the institution has no identity provider switched on.
    NoSignInProvider,
    /// A file given as a picture is not a PNG, JPEG, GIF or WebP image.
    NotAnImage,
    /// A picture larger than Convene keeps (64 KiB).
    ImageTooLarge,
    /// A SAML IdP's metadata cannot be used, and why.
    Metadata {
        issue: MetadataIssue,
    },
}

/// Why a SAML IdP's metadata was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MetadataIssue {
    /// No signing certificate: nothing the IdP says could be verified.
    NoSigningKey,
    /// No https single sign-on address for the HTTP-Redirect binding.
    NoSso,
    /// Its validUntil is past.
    Expired,
    /// A DOCTYPE (refused).
    Doctype,
    /// It describes no SAML 2.0 identity provider.
    NotAnIdp,
    /// Not metadata that can be read (not XML, not one EntityDescriptor, a certificate that cannot be read).
    Unreadable,
    TooLarge,
    /// A federation's aggregate is not signed as a whole.
    Unsigned,
    /// A federation's aggregate does not verify with its certificate (or uses a weak algorithm).
    BadSignature,
    /// The federation's signing certificate cannot be read.
    BadSigningCert,
    /// Not a metadata aggregate (md:EntitiesDescriptor).
    NotAnAggregate,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("sign-in required")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid field {field}: {problem:?}")]
    Invalid { field: String, problem: Problem },
    /// The change conflicts with the current state (for example the last admin of an institution).
    #[error("conflict: {0:?}")]
    Conflict(ConflictKind),
    #[error("too many attempts")]
    RateLimited,
    #[error("internal error (request {request_id})")]
    Internal { request_id: String },
    /// The request's arguments could not be read (missing, duplicated or malformed fields).
    #[error("malformed request")]
    BadRequest,
    /// The request never reached the function or its answer could not be read (network, encoding).
    #[error("request failed: {0}")]
    Transport(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConflictKind {
    LastAdmin,
    AlreadyMember,
    /// A conference server could not be reached at the given address.
    ServerUnreachable,
    /// A conference server refused the given secret.
    ServerSecret,
    /// The address does not answer like a BigBlueButton API.
    NotBbb,
    /// The server's TLS certificate is not trusted (an operator can add its private CA).
    ServerCertificate,
    /// The address is loopback, private or internal: only operators may add such servers.
    ServerNotPublic,
    /// The time overlaps another booking of the room.
    BookingOverlap,
    /// The booking was cancelled, approved or rejected while this change was on its way: nothing was changed.
    BookingChanged,
    /// Another change of the same bookings at the same moment got in the way: nothing was changed, try again.
    Busy,
    /// The seats booked at that time would exceed what the pool can hold, by this many.
    OverCapacity {
        short_by: u32,
    },
    /// No booking of the room is open for starting now (it can be started this many minutes before one).
    NotStartable {
        early_minutes: u32,
    },
    /// The meeting does not run yet and this person may not start it.
    NotStarted,
    /// No conference server can take the meeting now.
    NoServer,
    /// The room's meeting is running: end it first.
    MeetingRunning,
    /// An identity provider did not answer as the issuer it was given for.
    ProviderUnreachable,
    /// An identity provider's TLS certificate is not trusted (an operator can give its private CA).
    ProviderCertificate,
}

impl AppError {
    pub fn invalid(field: &str, problem: Problem) -> Self {
        AppError::Invalid { field: field.to_owned(), problem }
    }

    /// The HTTP status a server function answers with for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited => 429,
            AppError::BadRequest => 400,
            AppError::Internal { .. } | AppError::Transport(_) => 500,
        }
    }

    /// A sentence for people, in their language, that says what to do.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::Unauthenticated => T::ErrUnauthenticated.in_lang(lang).to_owned(),
            AppError::Forbidden => T::ErrForbidden.in_lang(lang).to_owned(),
            AppError::NotFound => T::ErrNotFound.in_lang(lang).to_owned(),
            AppError::Invalid { field, problem } => {
                let label = crate::i18n::field_label(field, lang);
                let what = match problem {
                    Problem::Required => T::ProblemRequired.in_lang(lang).to_owned(),
                    Problem::TooShort { min } => T::ProblemTooShort.with(lang, &[("n", (*min).into())]),
                    Problem::TooLong { max } => T::ProblemTooLong.with(lang, &[("n", (*max).into())]),
                    Problem::Format => T::ProblemFormat.in_lang(lang).to_owned(),
                    Problem::OutOfRange => T::ProblemOutOfRange.in_lang(lang).to_owned(),
                    Problem::Taken => T::ProblemTaken.in_lang(lang).to_owned(),
                    Problem::EndNotAfterStart => T::ProblemEndNotAfterStart.in_lang(lang).to_owned(),
                    Problem::InThePast => T::ProblemInThePast.in_lang(lang).to_owned(),
                    Problem::TooSoon { minutes } => T::ProblemTooSoon.with(lang, &[("n", (*minutes).into())]),
                    Problem::TooFarAhead { days } => T::ProblemTooFarAhead.with(lang, &[("n", (*days).into())]),
                    Problem::OverWeeklyHours { hours, over_minutes } => {
                        T::ProblemOverWeeklyHours.with(lang, &[("n", (*hours).into()), ("ms", (*over_minutes).into())])
                    }
                    Problem::NonexistentTime => T::ProblemNonexistentTime.in_lang(lang).to_owned(),
                    Problem::TooMany { max } => T::ProblemTooMany.with(lang, &[("n", (*max).into())]),
                    Problem::MailOff => T::ProblemMailOff.in_lang(lang).to_owned(),
                    Problem::NotAnImage => T::ProblemNotAnImage.in_lang(lang).to_owned(),
                    Problem::ImageTooLarge => T::ProblemImageTooLarge.in_lang(lang).to_owned(),
                    Problem::SeriesDate => T::ProblemSeriesDate.in_lang(lang).to_owned(),
                    Problem::NotMember => T::ProblemNotMember.in_lang(lang).to_owned(),
                    Problem::NoSignInProvider => T::ProblemNoSignInProvider.in_lang(lang).to_owned(),
                    Problem::Metadata { issue } => match issue {
                        MetadataIssue::NoSigningKey => T::ProblemMetadataNoKey,
                        MetadataIssue::NoSso => T::ProblemMetadataNoSso,
                        MetadataIssue::Expired => T::ProblemMetadataExpired,
                        MetadataIssue::Doctype => T::ProblemMetadataDoctype,
                        MetadataIssue::NotAnIdp => T::ProblemMetadataNotIdp,
                        MetadataIssue::Unreadable => T::ProblemMetadataUnreadable,
                        MetadataIssue::TooLarge => T::ProblemMetadataTooLarge,
                        MetadataIssue::Unsigned => T::ProblemMetadataUnsigned,
                        MetadataIssue::BadSignature => T::ProblemMetadataBadSignature,
                        MetadataIssue::BadSigningCert => T::ProblemMetadataBadCert,
                        MetadataIssue::NotAnAggregate => T::ProblemMetadataNotAggregate,
                    }
                    .in_lang(lang)
                    .to_owned(),
                };
                format!("{label}: {what}")
            }
            AppError::Conflict(ConflictKind::LastAdmin) => T::ErrLastAdmin.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::AlreadyMember) => T::ErrAlreadyMember.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::ServerUnreachable) => T::ErrServerUnreachable.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::ProviderUnreachable) => T::ErrProviderUnreachable.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::ProviderCertificate) => T::ErrProviderCertificate.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::ServerSecret) => T::ErrServerSecret.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::NotBbb) => T::ErrNotBbb.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::ServerCertificate) => T::ErrServerCertificate.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::ServerNotPublic) => T::ErrServerNotPublic.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::BookingOverlap) => T::ErrBookingOverlap.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::BookingChanged) => T::ErrBookingChanged.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::Busy) => T::ErrBusy.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::OverCapacity { short_by }) => {
                T::ErrOverCapacity.with(lang, &[("n", (*short_by).into())])
            }
            AppError::Conflict(ConflictKind::NotStartable { early_minutes }) => {
                T::ErrNotStartable.with(lang, &[("n", (*early_minutes).into())])
            }
            AppError::Conflict(ConflictKind::NotStarted) => T::ErrNotStarted.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::NoServer) => T::ErrNoServer.in_lang(lang).to_owned(),
            AppError::Conflict(ConflictKind::MeetingRunning) => T::ErrMeetingRunning.in_lang(lang).to_owned(),
            AppError::RateLimited => T::ErrRateLimited.in_lang(lang).to_owned(),
            AppError::Internal { request_id } => T::ErrInternal.with(lang, &[("id", request_id.as_str().into())]),
            AppError::BadRequest => T::ErrBadRequest.in_lang(lang).to_owned(),
            AppError::Transport(_) => T::ErrTransport.in_lang(lang).to_owned(),
        }
    }

    /// The field an input error is about, so forms can mark it.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        let err = match value {
            // On the server these mean the client sent something we cannot read: its fault, not ours.
            E::Args(_) | E::MissingArg(_) | E::Deserialization(_) if cfg!(feature = "ssr") => AppError::BadRequest,
            other => AppError::Transport(other.to_string()),
        };
        #[cfg(feature = "ssr")]
        crate::ctx::set_status(&err);
        err
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}
