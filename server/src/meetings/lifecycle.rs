//! The life of a meeting on the pool, for the BigBlueButton-compatible API and the rooms alike:
//!
//! - **started**: one create at a time per meeting (a reservation row, counted against the institution's limit in
//!   the same write), placed by the balancer and created on the chosen server, finished or released;
//! - **reached**: its server when that still holds it, otherwise created again elsewhere with the same id, settings
//!   and passwords (failover; when two requests do it at once, one copy stands and the other is ended);
//! - **ended**: from a room's page, through the API, by the server's end callback, or noticed gone by the poller —
//!   each leaves one history row;
//! - **called back**: the server's end and recording-ready callbacks, checked and turned into what the front end
//!   that asked should be told.
//!
//! Callers bring a [`Recipe`] (what to create) and decide what their people may do; this module decides nothing
//! about people, and knows nothing of HTTP or XML.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use super::callbacks::{self, RecordingReady, sign_recording_ready, verify_recording_ready};
use super::known::Known;
use super::placer::{Placed, Placer, refs};
use crate::balancer::bbb::client::{BbbClient, BbbError, endpoint};
use crate::balancer::bbb::query;
use crate::clock::SharedClock;
use crate::db::callbacks::CallbackRow;
use crate::db::meetings::{self as rows, EndedBy, Finished, MeetingRow, NewMeeting, Reservation};
use crate::db::servers::ServerRow;
use crate::db::{self, Db, DbError};
use crate::metrics::Metrics;
use crate::tokens::{new_token, token_hash};

/// The longest create query kept for a recreate.
pub const MAX_QUERY: usize = 16 * 1024;

/// How long a start waits for another start of the same meeting that is still with its conference server.
const WAIT_FOR_CREATE: Duration = Duration::from_secs(10);

/// Why the lifecycle could not go on (what callers cannot do anything about but report).
#[derive(Debug, thiserror::Error)]
pub enum MeetingError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("the create task stopped: {0}")]
    Task(String),
}

pub type MeetingResult<T> = Result<T, MeetingError>;

/// What to create: the parameters a conference server gets (after the institution's rules), where the
/// institution is, and the front end's own callback URLs, which never reach a server (Convene's go instead, with a
/// fresh token per placement, and Convene tells the front end once it has checked what the server said).
#[derive(Clone, Debug)]
pub struct Recipe {
    pub institution_id: i64,
    pub external_id: String,
    params: BTreeMap<String, String>,
    pub origin: Option<(f64, f64)>,
    end_url: Option<String>,
    recording_url: Option<String>,
}

impl Recipe {
    /// `params` as they should be created (policies already applied); the front end's callback URLs are taken out
    /// whatever their spelling.
    pub fn new(
        institution_id: i64,
        external_id: &str,
        mut params: BTreeMap<String, String>,
        origin: Option<(f64, f64)>,
    ) -> Recipe {
        let (end_url, recording_url) = callbacks::take(&mut params);
        Recipe { institution_id, external_id: external_id.to_owned(), params, origin, end_url, recording_url }
    }

    /// The seats the meeting announced (a size hint, else its participant cap), at most 10,000.
    pub fn expected(&self) -> u32 {
        ["meta_bbb-meeting-size-hint", "maxParticipants"]
            .iter()
            .filter_map(|k| self.params.get(*k).and_then(|v| v.parse::<u32>().ok()))
            .find(|n| *n > 0)
            .unwrap_or(0)
            .min(10_000)
    }

    /// The parameters as sent: the meeting id scoped to the institution, no createTime (a meeting moved to another
    /// server has a new one), Convene's callback URLs for `token`, and the passwords the meeting already has (when
    /// it is created again) unless the recipe gives its own.
    fn wire(&self, public_url: &Url, token: &str, known: Option<&MeetingRow>) -> Vec<(String, String)> {
        let mut p = self.params.clone();
        p.remove("createTime");
        p.insert("meetingID".into(), super::scoped_id(self.institution_id, &self.external_id));
        let (end, recording) = callbacks::our_urls(public_url, token);
        p.insert(callbacks::END_KEY.into(), end);
        p.insert(callbacks::RECORDING_KEY.into(), recording);
        if let Some(m) = known {
            for (key, stored) in [("attendeePW", &m.attendee_pw), ("moderatorPW", &m.moderator_pw)] {
                if let Some(pw) = stored {
                    p.entry(key.to_owned()).or_insert_with(|| pw.clone());
                }
            }
        }
        p.into_iter().collect()
    }

    fn callback(&self, server_id: i64) -> CallbackRow {
        CallbackRow {
            institution_id: self.institution_id,
            external_id: self.external_id.clone(),
            server_id: Some(server_id),
            end_url: self.end_url.clone(),
            recording_url: self.recording_url.clone(),
        }
    }
}

/// The parameters a meeting was first created with, as kept.
pub fn stored_params(m: &MeetingRow) -> BTreeMap<String, String> {
    query::parse(&m.create_query, MAX_QUERY).map(|q| q.params).unwrap_or_default()
}

/// A meeting to start, and how it is kept for a recreate.
pub struct Start<'a> {
    pub recipe: Recipe,
    pub name: &'a str,
    /// The create as kept: the API caller's signed query, or a room's own parameters.
    pub stored_query: &'a str,
    pub room_id: Option<i64>,
    pub booking_id: Option<i64>,
    /// How many meetings of this kind the institution may run at once (`None`: no limit).
    pub limit: Option<u32>,
    /// Passwords the caller gave, kept when the server's answer does not name them.
    pub passwords: (Option<String>, Option<String>),
}

/// What became of a start.
#[derive(Debug)]
pub enum Started {
    /// Created now: its row, its server and the server's answer.
    New { meeting: Box<MeetingRow>, server: Box<ServerRow>, answer: String },
    /// It exists (another start may have just finished it): see [`Meetings::reach`] or [`Meetings::create_again`].
    Exists(Box<MeetingRow>),
    /// The institution runs `running` meetings of this kind and may run `max`.
    Full { running: u64, max: u32 },
    /// A server refused what the create asks (any server would): the caller hears why.
    Refused { key: String, message: String },
    /// No server can take it now.
    NoServer,
    /// Ended (through the API) while its server was creating it; ended there too.
    EndedMeanwhile,
}

/// A meeting with the server that holds it now.
#[derive(Debug)]
pub struct Reached {
    pub meeting: MeetingRow,
    pub server: ServerRow,
    /// The server's create answer when it was just created again there.
    pub recreated: Option<String>,
}

/// What a repeated create of an existing meeting came to.
#[derive(Debug)]
pub enum Again {
    /// The server still holds it: its answer to the repeated create.
    Same(String),
    /// Its server was gone: created again elsewhere (the new server's answer).
    Moved(String),
    Refused {
        key: String,
        message: String,
    },
    NoServer,
}

/// What a recording-ready callback comes to.
#[derive(Debug, PartialEq, Eq)]
pub enum RecordingCallback {
    /// No such callback (or its server or institution is gone).
    Unknown,
    /// The server's token is not signed by it, or is about another meeting.
    BadSignature,
    /// Genuine, and nobody asked to be told.
    Noted,
    /// Tell the front end at `url`, with the token signed again with its institution's secret.
    Tell { url: String, signed: String },
}

/// The lifecycle service: its own narrow dependencies, cheap to clone (a start finishes in a task of its own).
#[derive(Clone)]
pub struct Meetings {
    db: Db,
    placer: Arc<Placer>,
    bbb: BbbClient,
    clock: SharedClock,
    public_url: Url,
    metrics: Arc<Metrics>,
    /// The running meetings seen lately (see `known`): what a join reads.
    known: Arc<Known>,
}

impl Meetings {
    pub fn new(
        db: Db,
        placer: Arc<Placer>,
        bbb: BbbClient,
        clock: SharedClock,
        public_url: Url,
        metrics: Arc<Metrics>,
    ) -> Meetings {
        Meetings { db, placer, bbb, clock, public_url, metrics, known: Arc::default() }
    }

    /// The running meeting `external_id` of an institution (not while its create is in flight), from memory when
    /// seen lately: what joins and the other calls about a meeting read.
    pub async fn running(&self, institution_id: i64, external_id: &str) -> MeetingResult<Option<Arc<MeetingRow>>> {
        if let Some(m) = self.known.get(institution_id, external_id) {
            return Ok(Some(m));
        }
        let found = rows::find(self.db.pool(), institution_id, external_id).await?;
        Ok(found.filter(|m| !m.pending()).map(|m| self.known.put(m)))
    }

    /// The pool changed in a way placement and joins must see at once (a server's health or state).
    pub fn servers_changed(&self) {
        self.placer.cache.forget_servers();
    }

    /// The meeting `external_id` of an institution (also while it is being created).
    pub async fn find(&self, institution_id: i64, external_id: &str) -> MeetingResult<Option<MeetingRow>> {
        Ok(rows::find(self.db.pool(), institution_id, external_id).await?)
    }

    /// The running meeting of a room (not while its create is in flight).
    pub async fn of_room(&self, room_id: i64) -> MeetingResult<Option<MeetingRow>> {
        Ok(rows::of_room(self.db.pool(), room_id).await?)
    }

    /// Where the institution is (for placement by distance), if it says.
    pub async fn origin(&self, institution_id: i64) -> Option<(f64, f64)> {
        db::institutions::by_id(self.db.pool(), institution_id).await.ok().map(|i| (i.latitude, i.longitude))
    }

    /// The institution's meetings made through the API.
    pub async fn of_institution(&self, institution_id: i64) -> MeetingResult<Vec<MeetingRow>> {
        Ok(rows::of_institution(self.db.pool(), institution_id).await?)
    }

    /// The meeting once no create of it is in flight (`None`: that create failed, so there is none). A reservation
    /// past its time is a create that never finished: the next start replaces it.
    pub async fn settled(&self, institution_id: i64, external_id: &str) -> MeetingResult<Option<MeetingRow>> {
        let until = tokio::time::Instant::now() + WAIT_FOR_CREATE;
        loop {
            let stale = self.clock.unix() - rows::RESERVATION_TTL_SECS;
            let m = self
                .find(institution_id, external_id)
                .await?
                .filter(|m| m.creating_since.is_none_or(|since| since >= stale));
            if m.as_ref().is_none_or(|m| !m.pending()) || tokio::time::Instant::now() >= until {
                return Ok(m);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Starts a meeting: reserved (one start at a time, within the limit), placed, created, finished. The create
    /// runs to its end in a task of its own even if the caller goes away, so a reservation is always finished or
    /// released.
    pub async fn start(&self, s: Start<'_>) -> MeetingResult<Started> {
        let (inst, ext) = (s.recipe.institution_id, s.recipe.external_id.clone());
        if let Some(m) = self.settled(inst, &ext).await? {
            return Ok(Started::Exists(Box::new(m)));
        }
        let new = NewMeeting {
            institution_id: inst,
            external_id: &ext,
            name: s.name,
            expected_size: i64::from(s.recipe.expected()),
            create_query: s.stored_query,
            room_id: s.room_id,
            booking_id: s.booking_id,
        };
        match rows::reserve(&self.db, &new, s.limit, self.clock.unix()).await? {
            Reservation::Full { running, max } => Ok(Started::Full { running, max }),
            // Another start got there first: this is that meeting, once it is created.
            Reservation::Exists => Ok(match self.settled(inst, &ext).await? {
                Some(m) => Started::Exists(Box::new(m)),
                None => Started::NoServer,
            }),
            Reservation::Reserved(id) => {
                let (this, recipe, passwords) = (self.clone(), s.recipe, s.passwords);
                let task = tokio::spawn(async move { this.create_reserved(&recipe, id, passwords).await });
                task.await.unwrap_or_else(|e| Err(MeetingError::Task(e.to_string())))
            }
        }
    }

    /// Places and creates a reserved meeting, then finishes the reservation (or releases it when no server took
    /// it).
    async fn create_reserved(
        &self,
        recipe: &Recipe,
        id: i64,
        passwords: (Option<String>, Option<String>),
    ) -> MeetingResult<Started> {
        let pool = self.db.pool();
        let token = new_token();
        let wire = recipe.wire(&self.public_url, &token, None);
        let placed =
            self.placer.place_and_create(recipe.institution_id, recipe.origin, &wire, recipe.expected(), None).await;
        let (server, created, answer) = match placed {
            Ok(Placed::Created(placed)) => *placed,
            other => {
                rows::release(pool, id).await?;
                return match other? {
                    Placed::Refused { key, message } => Ok(Started::Refused { key, message }),
                    _ => Ok(Started::NoServer),
                };
            }
        };
        let finished = Finished {
            server_id: server.id,
            create_time: created.create_time,
            attendee_pw: created.attendee_pw.as_deref().or(passwords.0.as_deref()),
            moderator_pw: created.moderator_pw.as_deref().or(passwords.1.as_deref()),
            dial_number: created.dial_number.as_deref(),
            voice_bridge: created.voice_bridge.as_deref(),
        };
        // The meeting (with its dial-in) and its callback token.
        let now = self.clock.unix();
        let callback = recipe.callback(server.id);
        let Some(meeting) = rows::finish(&self.db, id, &finished, &token_hash(&token), &callback, now).await? else {
            let scoped = super::scoped_id(recipe.institution_id, &recipe.external_id);
            let _ = self.bbb.end(&endpoint(&server), &scoped).await;
            return Ok(Started::EndedMeanwhile);
        };
        self.known.put(meeting.clone());
        Ok(Started::New { meeting: Box::new(meeting), server: Box::new(server), answer })
    }

    /// The meeting's server if it answers for the meeting, else the meeting created again elsewhere from the
    /// recipe `recipe` gives (asked only then). `None`: no server can take it.
    pub async fn reach(&self, m: &MeetingRow, recipe: impl FnOnce() -> Recipe) -> MeetingResult<Option<Reached>> {
        if let Some(server) = self.placer.answering_server(m).await {
            return Ok(Some(Reached { meeting: m.clone(), server, recreated: None }));
        }
        self.fail_over(m, &recipe()).await
    }

    /// Creates the meeting again on another server (same id; its passwords unless the recipe gives others). When
    /// another request moved it at the same moment, that copy stands and this one is ended.
    async fn fail_over(&self, m: &MeetingRow, recipe: &Recipe) -> MeetingResult<Option<Reached>> {
        let pool = self.db.pool();
        let token = new_token();
        let wire = recipe.wire(&self.public_url, &token, Some(m));
        let expected = u32::try_from(m.expected_size).unwrap_or(0);
        let placed =
            self.placer.place_and_create(m.institution_id, recipe.origin, &wire, expected, m.server_id).await?;
        let Some((server, created, answer)) = placed.created() else { return Ok(None) };
        let now = self.clock.unix();
        // Where it lives now, its passwords, dial-in and callback token in one write.
        let mut tx = self.db.begin().await?;
        if !rows::moved(&mut *tx, m.id, m.server_id, server.id, created.create_time, now).await? {
            drop(tx);
            self.known.forget(m.institution_id, &m.external_id);
            let _ = self.bbb.end(&endpoint(&server), &m.scoped_id()).await;
            let Some(current) = rows::find(pool, m.institution_id, &m.external_id).await? else { return Ok(None) };
            return Ok(self.placer.live_server(&current).await.map(|server| Reached {
                meeting: current,
                server,
                recreated: Some(answer),
            }));
        }
        rows::keep_passwords(&mut *tx, m.id, created.attendee_pw.as_deref(), created.moderator_pw.as_deref()).await?;
        rows::set_dial_in(&mut *tx, m.id, created.dial_number.as_deref(), created.voice_bridge.as_deref()).await?;
        db::callbacks::add_callback(&mut *tx, &token_hash(&token), &recipe.callback(server.id), now).await?;
        tx.commit().await.map_err(DbError::from)?;
        self.metrics.failovers.inc();
        tracing::warn!(meeting_id = m.id, server_id = server.id, "meeting recreated on another server");
        let meeting = rows::find(pool, m.institution_id, &m.external_id).await?.ok_or(DbError::NotFound)?;
        self.known.put(meeting.clone());
        Ok(Some(Reached { meeting, server, recreated: Some(answer) }))
    }

    /// A create of a meeting that exists, as BigBlueButton answers it: sent again to its server (which answers for
    /// the meeting it has), or — that server gone — the meeting created again elsewhere from `recipe`.
    pub async fn create_again(&self, m: &MeetingRow, recipe: &Recipe) -> MeetingResult<Again> {
        if let Some(server) = self.placer.live_server(m).await {
            // A token nobody keeps: the server holds on to the callback URLs of its first create.
            let wire = recipe.wire(&self.public_url, &new_token(), Some(m));
            match self.bbb.create_raw(&endpoint(&server), &refs(&wire)).await {
                Ok((_, answer)) => return Ok(Again::Same(answer)),
                Err(e) if e.is_refusal() => {
                    let (key, message) = refusal(e);
                    return Ok(Again::Refused { key, message });
                }
                Err(_) => self.placer.suspect(server.id).await,
            }
        }
        Ok(match self.fail_over(m, recipe).await? {
            Some(reached) => Again::Moved(reached.recreated.unwrap_or_default()),
            None => Again::NoServer,
        })
    }

    /// Where the meeting is now, without creating it again: its server while reachable.
    pub async fn home(&self, m: &MeetingRow) -> Option<ServerRow> {
        self.placer.live_server(m).await
    }

    /// A call to this server failed: suspect until its polls say otherwise.
    pub async fn suspect(&self, server_id: i64) {
        self.placer.suspect(server_id).await;
    }

    /// Ends a meeting: forgotten first (its history row says who ended it; the server's end callback that follows
    /// finds nothing left to do), then ended on its server.
    pub async fn end(&self, m: &MeetingRow, by: EndedBy) -> MeetingResult<()> {
        let server = self.placer.live_server(m).await;
        rows::forget(&self.db, m.id, self.clock.unix(), by).await?;
        self.known.forget(m.institution_id, &m.external_id);
        if let Some(server) = server {
            let _ = self.bbb.end(&endpoint(&server), &m.scoped_id()).await;
        }
        Ok(())
    }

    /// A meeting its server no longer holds (ended there, or expired): forgotten, with its history row.
    pub async fn gone(&self, m: &MeetingRow, by: EndedBy) -> MeetingResult<()> {
        rows::forget(&self.db, m.id, self.clock.unix(), by).await?;
        self.known.forget(m.institution_id, &m.external_id);
        Ok(())
    }

    /// A server's end callback: the meeting is forgotten (if that server still held it), and the callback's row
    /// returned, to tell the front end that asked. `None`: no such callback.
    pub async fn server_ended(&self, token: &str) -> MeetingResult<Option<CallbackRow>> {
        let pool = self.db.pool();
        let Some(cb) = db::callbacks::callback(pool, &token_hash(token)).await? else { return Ok(None) };
        if let Some(m) = rows::find(pool, cb.institution_id, &cb.external_id).await?
            && m.server_id == cb.server_id
            && !m.pending()
        {
            rows::forget(&self.db, m.id, self.clock.unix(), EndedBy::Callback).await?;
            self.known.forget(m.institution_id, &m.external_id);
            tracing::info!(meeting_id = m.id, "meeting ended (server callback)");
        }
        Ok(Some(cb))
    }

    /// A server's recording-ready callback: its JWT checked against that server's secret and meeting, then signed
    /// again with the institution's newest secret for the front end, with the front end's own meeting id.
    pub async fn recording_ready(&self, token: &str, jwt: &str) -> MeetingResult<RecordingCallback> {
        let pool = self.db.pool();
        let Some(cb) = db::callbacks::callback(pool, &token_hash(token)).await? else {
            return Ok(RecordingCallback::Unknown);
        };
        let server = match cb.server_id {
            Some(id) => db::servers::by_id(pool, id).await.ok(),
            None => None,
        };
        let Some(server) = server else { return Ok(RecordingCallback::Unknown) };
        let scoped = super::scoped_id(cb.institution_id, &cb.external_id);
        let Some(claims) = verify_recording_ready(jwt, &server.secret).filter(|c| c.meeting_id == scoped) else {
            tracing::warn!(server_id = server.id, "recording-ready callback with a bad signature refused");
            return Ok(RecordingCallback::BadSignature);
        };
        let Some(url) = cb.recording_url else { return Ok(RecordingCallback::Noted) };
        let Some(secret) = db::api_access::newest_secret(pool, cb.institution_id, self.clock.unix()).await? else {
            return Ok(RecordingCallback::Unknown);
        };
        let ours = RecordingReady { meeting_id: cb.external_id, record_id: claims.record_id };
        match sign_recording_ready(&ours, &secret) {
            Ok(signed) => Ok(RecordingCallback::Tell { url, signed }),
            Err(e) => {
                tracing::error!(error = %e, "could not sign a recording-ready token");
                Ok(RecordingCallback::Unknown)
            }
        }
    }

    /// (started, ended) of the meetings held for a booking, oldest first.
    pub async fn history_of_booking(&self, booking_id: i64) -> MeetingResult<Vec<(i64, i64)>> {
        Ok(rows::held_for_booking(self.db.pool(), booking_id).await?)
    }
}

/// A server's refusal as (messageKey, message).
pub fn refusal(e: BbbError) -> (String, String) {
    match e {
        BbbError::Failed { key, message } => (key, message),
        _ => ("internalError".into(), "The conference server refused the call".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn the_front_ends_callbacks_never_go_on_the_wire() {
        let r = Recipe::new(
            7,
            "lecture",
            params(&[
                ("name", "Lecture"),
                ("meetingID", "lecture"),
                ("createTime", "123"),
                ("meta_endCallbackURL", "https://lms.example.org/end"),
                ("META_BBB-RECORDING-READY-URL", "https://lms.example.org/rec"),
            ]),
            None,
        );
        let url: Url = "https://convene.example.org/".parse().unwrap();
        let wire: BTreeMap<String, String> = r.wire(&url, "tok", None).into_iter().collect();
        assert_eq!(wire["meetingID"], "7-lecture");
        assert!(!wire.contains_key("createTime"));
        assert_eq!(wire[callbacks::END_KEY], "https://convene.example.org/bigbluebutton/callback/end/tok");
        assert_eq!(wire[callbacks::RECORDING_KEY], "https://convene.example.org/bigbluebutton/callback/recording/tok");
        assert!(!wire.values().any(|v| v.contains("lms.example.org")));
        let cb = r.callback(3);
        assert_eq!(cb.end_url.as_deref(), Some("https://lms.example.org/end"));
        assert_eq!(cb.recording_url.as_deref(), Some("https://lms.example.org/rec"));
    }

    #[test]
    fn expected_size_prefers_the_hint_and_is_bounded() {
        let r = |p: &[(&str, &str)]| Recipe::new(1, "m", params(p), None).expected();
        assert_eq!(r(&[("maxParticipants", "40"), ("meta_bbb-meeting-size-hint", "25")]), 25);
        assert_eq!(r(&[("maxParticipants", "40"), ("meta_bbb-meeting-size-hint", "0")]), 40);
        assert_eq!(r(&[("maxParticipants", "999999")]), 10_000);
        assert_eq!(r(&[("maxParticipants", "lots")]), 0);
    }
}
