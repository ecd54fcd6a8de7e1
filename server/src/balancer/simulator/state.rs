//! The simulated conference server's memory (pure: every change takes `now`, in unix milliseconds).
//! Meetings exist while they run, as on BigBlueButton: one nobody joined ends after `empty_expiry`, one everybody
//! left ends after `left_expiry`; a participant counts while their meeting page keeps sending heartbeats.

use std::collections::{BTreeMap, HashMap};

#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    pub empty_expiry_ms: i64,
    pub left_expiry_ms: i64,
    pub heartbeat_timeout_ms: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { empty_expiry_ms: 5 * 60_000, left_expiry_ms: 60_000, heartbeat_timeout_ms: 30_000 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Moderator,
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Moderator => "MODERATOR",
            Role::Viewer => "VIEWER",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attendee {
    pub user_id: String,
    pub full_name: String,
    pub role: Role,
    pub guest: bool,
    pub last_seen_ms: i64,
    /// When their page said it was going away (closed, reloaded, or a form on it posted): they leave only if the
    /// page does not come back within [`LEAVE_GRACE_MS`] — a reload is not a departure.
    pub leaving_ms: Option<i64>,
}

/// How long a participant whose page went away may take to come back (a reload, a form on the page) before they
/// are counted as gone.
pub const LEAVE_GRACE_MS: i64 = 10_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    pub meeting_id: String,
    pub internal_id: String,
    pub name: String,
    pub create_time_ms: i64,
    pub voice_bridge: u32,
    pub dial_number: String,
    pub attendee_pw: String,
    pub moderator_pw: String,
    pub record: bool,
    pub max_participants: u32,
    pub duration_min: u32,
    pub metadata: BTreeMap<String, String>,
    /// Keyed by the session token of each participant's meeting page.
    pub attendees: HashMap<String, Attendee>,
    pub ever_joined: bool,
    pub emptied_at_ms: Option<i64>,
    /// `guestPolicy` of the create call: ALWAYS_ACCEPT (default), ALWAYS_DENY, ASK_MODERATOR.
    pub guest_policy: String,
    /// Guests waiting for a moderator (ASK_MODERATOR), by the session token of their waiting page.
    pub lobby: HashMap<String, Waiting>,
}

/// A guest in the waiting room.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting {
    pub user_id: String,
    pub full_name: String,
    pub since_ms: i64,
    /// The last time their waiting page asked (it refreshes every few seconds): a guest who closed it leaves the
    /// waiting room after the heartbeat timeout.
    pub last_seen_ms: i64,
    /// A moderator said no (or the policy denies guests).
    pub denied: bool,
}

/// Where a join leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Joined {
    /// In the meeting, with the session token of its page.
    In(String),
    /// In the waiting room (or turned away there), with the token of the waiting page.
    Lobby(String),
}

impl Meeting {
    pub fn running(&self) -> bool {
        !self.attendees.is_empty()
    }

    pub fn moderators(&self) -> usize {
        self.attendees.values().filter(|a| a.role == Role::Moderator).count()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Recording {
    pub record_id: String,
    pub meeting_id: String,
    pub internal_id: String,
    pub name: String,
    pub published: bool,
    pub start_ms: i64,
    pub end_ms: i64,
    pub participants: u32,
    pub metadata: BTreeMap<String, String>,
}

/// Why a meeting ended (for the end callback and the tests).
#[derive(Clone, Debug, PartialEq)]
pub struct Ended {
    pub meeting: Meeting,
    pub recording: Option<Recording>,
}

#[derive(Clone, Debug, Default)]
pub struct SimState {
    pub meetings: BTreeMap<String, Meeting>,
    pub recordings: BTreeMap<String, Recording>,
    /// Participants ever joined per meeting id while it ran, for recordings.
    peak: HashMap<String, u32>,
    serial: u64,
}

pub struct NewMeeting {
    pub meeting_id: String,
    pub name: String,
    pub record: bool,
    pub max_participants: u32,
    pub duration_min: u32,
    pub attendee_pw: Option<String>,
    pub moderator_pw: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub guest_policy: String,
}

fn random_password() -> String {
    let bytes: [u8; 6] = rand::random();
    hex::encode(bytes)
}

impl SimState {
    fn next(&mut self) -> u64 {
        self.serial += 1;
        self.serial
    }

    /// Creates the meeting, or returns the running one (`true` = it already existed: duplicateWarning).
    pub fn create(&mut self, m: NewMeeting, now_ms: i64) -> (&Meeting, bool) {
        if self.meetings.contains_key(&m.meeting_id) {
            return (&self.meetings[&m.meeting_id], true);
        }
        let n = self.next();
        let internal_id = format!("{:040x}-{}", u128::from(n) * 0x9e37_79b9_7f4a_7c15, now_ms);
        let voice_bridge = 70_000 + (n % 29_999) as u32;
        let meeting = Meeting {
            internal_id,
            name: m.name,
            create_time_ms: now_ms,
            voice_bridge,
            dial_number: "613-555-1234".into(),
            // As BigBlueButton: random passwords when the create gives none.
            attendee_pw: m.attendee_pw.unwrap_or_else(random_password),
            moderator_pw: m.moderator_pw.unwrap_or_else(random_password),
            record: m.record,
            max_participants: m.max_participants,
            duration_min: m.duration_min,
            metadata: m.metadata,
            attendees: HashMap::new(),
            ever_joined: false,
            emptied_at_ms: None,
            meeting_id: m.meeting_id.clone(),
            guest_policy: if m.guest_policy.is_empty() { "ALWAYS_ACCEPT".into() } else { m.guest_policy },
            lobby: HashMap::new(),
        };
        self.peak.insert(m.meeting_id.clone(), 0);
        self.meetings.insert(m.meeting_id.clone(), meeting);
        (&self.meetings[&m.meeting_id], false)
    }

    /// Adds a participant; returns their session token. `None` if the meeting is gone or full.
    /// A join as the server answers it: guests of an ASK_MODERATOR meeting wait in the lobby, guests of an
    /// ALWAYS_DENY one are turned away there; everyone else is in (None: the meeting is full or gone).
    pub fn join_or_wait(
        &mut self,
        meeting_id: &str,
        full_name: &str,
        user_id: &str,
        role: Role,
        guest: bool,
        now_ms: i64,
    ) -> Option<Joined> {
        let policy = self.meetings.get(meeting_id)?.guest_policy.clone();
        if guest && role != Role::Moderator && matches!(policy.as_str(), "ASK_MODERATOR" | "ALWAYS_DENY") {
            let n = self.next();
            let token = format!("w{n:x}{:x}", now_ms.rotate_left(13) ^ (n as i64).wrapping_mul(0x2545_f491_4f6c_dd1d));
            let m = self.meetings.get_mut(meeting_id)?;
            m.lobby.insert(
                token.clone(),
                Waiting {
                    user_id: user_id.to_owned(),
                    full_name: full_name.to_owned(),
                    since_ms: now_ms,
                    last_seen_ms: now_ms,
                    denied: policy == "ALWAYS_DENY",
                },
            );
            return Some(Joined::Lobby(token));
        }
        self.join(meeting_id, full_name, user_id, role, guest, now_ms).map(Joined::In)
    }

    /// A moderator (by the token of their meeting page) lets a waiting guest in, or not. The admitted guest's
    /// waiting token becomes their meeting token. False when either is unknown or the meeting is full.
    pub fn decide_guest(&mut self, moderator_session: &str, guest_session: &str, allow: bool, now_ms: i64) -> bool {
        let Some(meeting_id) = self
            .meetings
            .values()
            .find(|m| m.attendees.get(moderator_session).is_some_and(|a| a.role == Role::Moderator))
            .filter(|m| m.lobby.get(guest_session).is_some_and(|w| !w.denied))
            .map(|m| m.meeting_id.clone())
        else {
            return false;
        };
        let Some(m) = self.meetings.get_mut(&meeting_id) else { return false };
        if !allow {
            if let Some(w) = m.lobby.get_mut(guest_session) {
                w.denied = true;
            }
            return true;
        }
        if m.max_participants > 0 && m.attendees.len() as u32 >= m.max_participants {
            return false;
        }
        let Some(w) = m.lobby.remove(guest_session) else { return false };
        m.attendees.insert(
            guest_session.to_owned(),
            Attendee {
                user_id: w.user_id,
                full_name: w.full_name,
                role: Role::Viewer,
                guest: true,
                last_seen_ms: now_ms,
                leaving_ms: None,
            },
        );
        let count = m.attendees.len() as u32;
        let peak = self.peak.entry(meeting_id).or_default();
        *peak = (*peak).max(count);
        true
    }

    pub fn join(
        &mut self,
        meeting_id: &str,
        full_name: &str,
        user_id: &str,
        role: Role,
        guest: bool,
        now_ms: i64,
    ) -> Option<String> {
        let n = self.next();
        let m = self.meetings.get_mut(meeting_id)?;
        if m.max_participants > 0 && m.attendees.len() as u32 >= m.max_participants {
            return None;
        }
        let token = format!("s{n:x}{:x}", now_ms.rotate_left(17) ^ (n as i64).wrapping_mul(0x5851_f42d_4c95_7f2d));
        m.attendees.insert(
            token.clone(),
            Attendee {
                user_id: user_id.to_owned(),
                full_name: full_name.to_owned(),
                role,
                guest,
                last_seen_ms: now_ms,
                leaving_ms: None,
            },
        );
        m.ever_joined = true;
        m.emptied_at_ms = None;
        let count = m.attendees.len() as u32;
        let peak = self.peak.entry(meeting_id.to_owned()).or_default();
        *peak = (*peak).max(count);
        Some(token)
    }

    /// The meeting page (or the waiting page) is still open.
    pub fn heartbeat(&mut self, token: &str, now_ms: i64) -> bool {
        for m in self.meetings.values_mut() {
            if let Some(a) = m.attendees.get_mut(token) {
                a.last_seen_ms = now_ms;
                a.leaving_ms = None;
                return true;
            }
            if let Some(w) = m.lobby.get_mut(token) {
                w.last_seen_ms = now_ms;
                return true;
            }
        }
        false
    }

    /// Their page went away: they leave at the next tick after [`LEAVE_GRACE_MS`] unless it comes back.
    pub fn leave(&mut self, token: &str, now_ms: i64) {
        for m in self.meetings.values_mut() {
            if let Some(a) = m.attendees.get_mut(token) {
                a.leaving_ms = Some(now_ms);
            }
        }
    }

    /// For a moderator's page: how many wait in the lobby of their meeting (`None` for anyone else).
    pub fn waiting_for(&self, moderator_session: &str) -> Option<usize> {
        self.meetings.values().find_map(|m| {
            let me = m.attendees.get(moderator_session)?;
            (me.role == Role::Moderator).then(|| m.lobby.values().filter(|w| !w.denied).count())
        })
    }

    pub fn end(&mut self, meeting_id: &str, now_ms: i64) -> Option<Ended> {
        let meeting = self.meetings.remove(meeting_id)?;
        let participants = self.peak.remove(meeting_id).unwrap_or(0);
        let recording = (meeting.record && meeting.ever_joined).then(|| {
            let n = self.next();
            let r = Recording {
                record_id: format!("{}-{}", meeting.internal_id.split('-').next().unwrap_or("r"), now_ms + n as i64),
                meeting_id: meeting.meeting_id.clone(),
                internal_id: meeting.internal_id.clone(),
                name: meeting.name.clone(),
                published: true,
                start_ms: meeting.create_time_ms,
                end_ms: now_ms,
                participants,
                metadata: meeting.metadata.clone(),
            };
            self.recordings.insert(r.record_id.clone(), r.clone());
            r
        });
        Some(Ended { meeting, recording })
    }

    /// Drops participants whose page went quiet and ends expired meetings.
    pub fn tick(&mut self, limits: &Limits, now_ms: i64) -> Vec<Ended> {
        for m in self.meetings.values_mut() {
            let before = m.attendees.len();
            m.attendees.retain(|_, a| {
                now_ms - a.last_seen_ms <= limits.heartbeat_timeout_ms
                    && a.leaving_ms.is_none_or(|t| now_ms - t < LEAVE_GRACE_MS)
            });
            m.lobby.retain(|_, w| now_ms - w.last_seen_ms <= limits.heartbeat_timeout_ms);
            if before > 0 && m.attendees.is_empty() {
                m.emptied_at_ms = Some(now_ms);
            }
        }
        let expired: Vec<String> = self
            .meetings
            .values()
            .filter(|m| {
                let never = !m.ever_joined && now_ms - m.create_time_ms >= limits.empty_expiry_ms;
                let left = m.emptied_at_ms.is_some_and(|t| now_ms - t >= limits.left_expiry_ms);
                let over = m.duration_min > 0 && now_ms - m.create_time_ms >= i64::from(m.duration_min) * 60_000;
                never || left || over
            })
            .map(|m| m.meeting_id.clone())
            .collect();
        expired.iter().filter_map(|id| self.end(id, now_ms)).collect()
    }

    pub fn participants(&self) -> usize {
        self.meetings.values().map(|m| m.attendees.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(id: &str, record: bool) -> NewMeeting {
        NewMeeting {
            meeting_id: id.into(),
            name: format!("Meeting {id}"),
            record,
            max_participants: 0,
            duration_min: 0,
            attendee_pw: None,
            moderator_pw: None,
            metadata: BTreeMap::new(),
            guest_policy: String::new(),
        }
    }

    #[test]
    fn lifecycle() {
        let limits = Limits::default();
        let mut s = SimState::default();
        let (m, dup) = s.create(new("a", true), 0);
        let internal = m.internal_id.clone();
        assert!(!dup);
        let (m, dup) = s.create(new("a", false), 10);
        assert!(dup && m.internal_id == internal && m.record, "idempotent: the first settings stay");
        // a participant keeps "a" alive while the page beats
        let t = s.join("a", "Ada", "u1", Role::Moderator, false, 1_000).unwrap();
        assert!(s.meetings["a"].running());
        // nobody joins "empty": gone after 5 minutes, no recording
        s.create(new("empty", true), 0);
        s.heartbeat(&t, 4 * 60_000);
        assert!(s.tick(&limits, 4 * 60_000).is_empty());
        s.heartbeat(&t, 5 * 60_000);
        let ended = s.tick(&limits, 5 * 60_000);
        assert_eq!(ended.len(), 1);
        assert!(ended[0].meeting.meeting_id == "empty" && ended[0].recording.is_none());
        for now in (20_000..600_000).step_by(20_000) {
            assert!(s.heartbeat(&t, now));
            assert!(s.tick(&limits, now).is_empty());
        }
        // the page closes: the participant drops after the heartbeat timeout, the meeting a minute later
        assert!(s.tick(&limits, 600_000 + 31_000).is_empty());
        assert!(!s.meetings["a"].running());
        let ended = s.tick(&limits, 600_000 + 31_000 + 60_000);
        let rec = ended[0].recording.clone().unwrap();
        assert_eq!((rec.meeting_id.as_str(), rec.participants), ("a", 1));
        assert!(s.recordings.contains_key(&rec.record_id));
    }

    #[test]
    fn full_meetings_refuse_joins() {
        let mut s = SimState::default();
        let mut m = new("small", false);
        m.max_participants = 1;
        s.create(m, 0);
        assert!(s.join("small", "A", "1", Role::Viewer, false, 0).is_some());
        assert!(s.join("small", "B", "2", Role::Viewer, false, 0).is_none());
        assert!(s.join("missing", "B", "2", Role::Viewer, false, 0).is_none());
    }

    #[test]
    fn guests_of_a_moderated_meeting_wait_until_a_moderator_decides() {
        let mut st = SimState::default();
        let mut m = new("lobby", false);
        m.guest_policy = "ASK_MODERATOR".into();
        st.create(m, 1_000);
        let Some(Joined::In(moderator)) = st.join_or_wait("lobby", "Ada", "1", Role::Moderator, false, 1_000) else {
            panic!("the moderator is in")
        };
        let Some(Joined::Lobby(g1)) = st.join_or_wait("lobby", "Guest One", "g1", Role::Viewer, true, 1_000) else {
            panic!("a guest waits")
        };
        let Some(Joined::Lobby(g2)) = st.join_or_wait("lobby", "Guest Two", "g2", Role::Viewer, true, 1_000) else {
            panic!("a guest waits")
        };
        // Members (not guests) go straight in; a viewer cannot admit anyone.
        let Some(Joined::In(viewer)) = st.join_or_wait("lobby", "Bob", "2", Role::Viewer, false, 1_000) else {
            panic!("a member is in")
        };
        assert!(!st.decide_guest(&viewer, &g1, true, 1_100));
        assert_eq!(st.meetings["lobby"].attendees.len(), 2);
        assert!(st.decide_guest(&moderator, &g1, true, 1_100));
        assert!(st.meetings["lobby"].attendees.contains_key(&g1), "the waiting token is now the meeting token");
        assert!(st.decide_guest(&moderator, &g2, false, 1_100));
        assert!(st.meetings["lobby"].lobby[&g2].denied);
        assert!(!st.decide_guest(&moderator, &g2, true, 1_200), "a refusal stands");
        // ALWAYS_DENY turns guests away at once.
        let mut m = new("closed", false);
        m.guest_policy = "ALWAYS_DENY".into();
        st.create(m, 1_000);
        let Some(Joined::Lobby(g)) = st.join_or_wait("closed", "Guest", "g", Role::Viewer, true, 1_000) else {
            panic!("turned away in the lobby")
        };
        assert!(st.meetings["closed"].lobby[&g].denied);
    }

    /// A guest who closed the waiting page leaves the waiting room; one whose page keeps refreshing stays.
    #[test]
    fn a_guest_who_stops_waiting_leaves_the_waiting_room() {
        let limits = Limits::default();
        let mut st = SimState::default();
        let mut m = new("lobby", false);
        m.guest_policy = "ASK_MODERATOR".into();
        st.create(m, 0);
        let Some(Joined::In(moderator)) = st.join_or_wait("lobby", "Ada", "1", Role::Moderator, false, 0) else {
            panic!("the moderator is in")
        };
        let Some(Joined::Lobby(gone)) = st.join_or_wait("lobby", "Gone", "g1", Role::Viewer, true, 0) else {
            panic!("waits")
        };
        let Some(Joined::Lobby(patient)) = st.join_or_wait("lobby", "Patient", "g2", Role::Viewer, true, 0) else {
            panic!("waits")
        };
        let later = limits.heartbeat_timeout_ms + 1_000;
        assert!(st.heartbeat(&moderator, later) && st.heartbeat(&patient, later));
        st.tick(&limits, later);
        let lobby = &st.meetings["lobby"].lobby;
        assert!(!lobby.contains_key(&gone) && lobby.contains_key(&patient), "{lobby:?}");
        assert!(!st.decide_guest(&moderator, &gone, true, later), "nobody left to let in");
    }
}
