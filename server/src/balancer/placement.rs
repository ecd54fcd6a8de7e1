//! Where a new meeting goes (pure: data and `now` in, a decision with its reasons out).
//!
//! 0. Who may use it: the network's own servers and the ones an operator admitted to the shared pool serve every
//!    institution; a server an institution contributes and nobody shared serves only that institution.
//! 1. Eligibility: the server is enabled (not cordoned or disabled), online (not unstable or offline), has every
//!    tag the request asks for, and has headroom for the expected size on top of its current load.
//! 2. Score (lower is better): the load as a share of capacity — participants, a fixed cost per meeting, seats
//!    still reserved by meetings that are filling (their expected size minus who has joined, fading out over
//!    `reservation_fade_secs`), a CPU term when known — plus a distance penalty from the requesting institution.
//! 3. The lowest score wins; exact ties are broken at random.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdminState {
    Enabled,
    /// Keeps its meetings, gets no new ones.
    Cordoned,
    Disabled,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Health {
    Online,
    /// Failed its last poll: no new meetings until it recovers.
    Unstable,
    Offline,
}

impl AdminState {
    pub const fn as_str(self) -> &'static str {
        match self {
            AdminState::Enabled => "enabled",
            AdminState::Cordoned => "cordoned",
            AdminState::Disabled => "disabled",
        }
    }

    pub fn parse(s: &str) -> Option<AdminState> {
        [AdminState::Enabled, AdminState::Cordoned, AdminState::Disabled].into_iter().find(|a| a.as_str() == s)
    }
}

impl Health {
    pub const fn as_str(self) -> &'static str {
        match self {
            Health::Online => "online",
            Health::Unstable => "unstable",
            Health::Offline => "offline",
        }
    }

    pub fn parse(s: &str) -> Option<Health> {
        [Health::Online, Health::Unstable, Health::Offline].into_iter().find(|h| h.as_str() == s)
    }
}

/// A meeting still filling up: the seats it expects but has not yet got are held for it for a while.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Filling {
    pub expected: u32,
    pub joined: u32,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub admin: AdminState,
    pub health: Health,
    pub tags: Vec<String>,
    /// Seats the server is rated for.
    pub capacity: u32,
    pub participants: u32,
    pub meetings: u32,
    /// 0.0–1.0 when the server reports it.
    pub cpu: Option<f64>,
    pub filling: Vec<Filling>,
    pub latitude: f64,
    pub longitude: f64,
    /// The institution that contributes it (`None`: the network's own).
    pub owner: Option<i64>,
    /// Admitted by an operator to the shared pool.
    pub shared: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The meeting's institution (`None`: the network's own, served by its own and shared servers only).
    pub institution: Option<i64>,
    pub expected_size: u32,
    pub tags: Vec<String>,
    /// The requesting institution's coordinates.
    pub origin: Option<(f64, f64)>,
    pub now: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Seats a meeting costs beyond its participants (audio mixer, recording, ...).
    pub per_meeting: f64,
    pub reservation_fade_secs: i64,
    /// Score added for a fully busy CPU (score units are percent of capacity).
    pub cpu: f64,
    /// Score added per 1,000 km between the institution and the server.
    pub per_1000_km: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { per_meeting: 5.0, reservation_fade_secs: 1800, cpu: 30.0, per_1000_km: 10.0 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Exclusion {
    /// Another institution's server, not shared.
    NotShared,
    NotEnabled,
    NotOnline,
    MissingTag,
    NoHeadroom,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scored {
    pub id: i64,
    pub score: f64,
    /// Effective seats in use (participants + meeting cost + reservations).
    pub load_seats: f64,
    pub distance_km: Option<f64>,
}

/// How many runners-up a decision keeps for its explanation.
pub const RUNNERS_UP: usize = 5;

/// The choice and why: the best eligible servers in order (the chosen one among them), how many were eligible,
/// and every excluded server's reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub chosen: Scored,
    pub ranked: Vec<Scored>,
    pub eligible: usize,
    pub excluded: Vec<(i64, Exclusion)>,
}

impl Decision {
    /// One line for people: why this server.
    pub fn explain(&self) -> String {
        let c = &self.chosen;
        let dist = c.distance_km.map(|d| format!(", {d:.0} km away")).unwrap_or_default();
        format!(
            "lowest score {:.1} of {} eligible ({:.0} seats in use{dist}); {} excluded",
            c.score,
            self.eligible,
            c.load_seats,
            self.excluded.len()
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoServer {
    pub excluded: Vec<(i64, Exclusion)>,
}

/// Great-circle distance in km.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    Origin::new(a).distance_km(b)
}

/// A point whose trigonometry is computed once, for many distances from it.
#[derive(Clone, Copy)]
struct Origin {
    lat: f64,
    lon: f64,
    cos_lat: f64,
}

impl Origin {
    fn new(p: (f64, f64)) -> Origin {
        let lat = p.0.to_radians();
        Origin { lat, lon: p.1.to_radians(), cos_lat: lat.cos() }
    }

    fn distance_km(&self, b: (f64, f64)) -> f64 {
        let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
        let h = ((lat2 - self.lat) / 2.0).sin().powi(2)
            + self.cos_lat * lat2.cos() * ((lon2 - self.lon) / 2.0).sin().powi(2);
        2.0 * 6371.0 * h.sqrt().min(1.0).asin()
    }
}

/// Seats held for meetings still filling, fading linearly to nothing.
pub fn reserved_seats(filling: &[Filling], now: i64, fade_secs: i64) -> f64 {
    filling
        .iter()
        .map(|f| {
            let missing = f64::from(f.expected.saturating_sub(f.joined));
            let age = (now - f.created_at).max(0) as f64;
            let left = (1.0 - age / fade_secs.max(1) as f64).max(0.0);
            missing * left
        })
        .sum()
}

fn load_seats(c: &Candidate, req: &Request, w: &Weights) -> f64 {
    f64::from(c.participants)
        + w.per_meeting * f64::from(c.meetings)
        + reserved_seats(&c.filling, req.now, w.reservation_fade_secs)
}

/// Whether a server contributed by `owner` (`None`: the network's own) may take meetings of `institution`.
pub fn may_serve(owner: Option<i64>, shared: bool, institution: Option<i64>) -> bool {
    match owner {
        None => true,
        Some(o) => shared || institution == Some(o),
    }
}

fn eligibility(c: &Candidate, req: &Request, load: f64) -> Result<(), Exclusion> {
    if !may_serve(c.owner, c.shared, req.institution) {
        return Err(Exclusion::NotShared);
    }
    if c.admin != AdminState::Enabled {
        return Err(Exclusion::NotEnabled);
    }
    if c.health != Health::Online {
        return Err(Exclusion::NotOnline);
    }
    if !req.tags.iter().all(|t| c.tags.contains(t)) {
        return Err(Exclusion::MissingTag);
    }
    if load + f64::from(req.expected_size.max(1)) > f64::from(c.capacity) {
        return Err(Exclusion::NoHeadroom);
    }
    Ok(())
}

/// Scores every candidate and picks the best. `tiebreak` gives a random index below its argument.
pub fn place(
    candidates: &[Candidate],
    req: &Request,
    w: &Weights,
    tiebreak: &mut dyn FnMut(usize) -> usize,
) -> Result<Decision, NoServer> {
    let mut ranked = Vec::with_capacity(candidates.len());
    let mut excluded = Vec::new();
    let origin = req.origin.map(Origin::new);
    for c in candidates {
        let load = load_seats(c, req, w);
        if let Err(why) = eligibility(c, req, load) {
            excluded.push((c.id, why));
            continue;
        }
        let capacity = f64::from(c.capacity.max(1));
        let mut score = 100.0 * (load + f64::from(req.expected_size)) / capacity;
        if let Some(cpu) = c.cpu {
            score += w.cpu * cpu.clamp(0.0, 1.0);
        }
        let distance_km = origin.map(|o| o.distance_km((c.latitude, c.longitude)));
        if let Some(d) = distance_km {
            score += w.per_1000_km * d / 1000.0;
        }
        ranked.push(Scored { id: c.id, score, load_seats: load, distance_km });
    }
    if ranked.is_empty() {
        return Err(NoServer { excluded });
    }
    let eligible = ranked.len();
    let best = ranked.iter().map(|s| s.score).fold(f64::INFINITY, f64::min);
    let ties: Vec<usize> = (0..eligible).filter(|&i| ranked[i].score == best).collect();
    let chosen = ranked[ties[tiebreak(ties.len()).min(ties.len() - 1)]].clone();
    // Keep only the best few, in order, for the explanation (a full sort would cost more than the choice).
    let keep = RUNNERS_UP.min(eligible);
    if eligible > keep {
        ranked.select_nth_unstable_by(keep - 1, |a, b| a.score.total_cmp(&b.score));
        ranked.truncate(keep);
    }
    ranked.sort_by(|a, b| a.score.total_cmp(&b.score));
    Ok(Decision { chosen, ranked, eligible, excluded })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn server(id: i64, lat: f64, lon: f64) -> Candidate {
        Candidate {
            id,
            name: format!("bbb{id}"),
            admin: AdminState::Enabled,
            health: Health::Online,
            tags: vec![],
            capacity: 200,
            participants: 0,
            meetings: 0,
            cpu: None,
            filling: vec![],
            latitude: lat,
            longitude: lon,
            owner: None,
            shared: false,
        }
    }

    fn req(origin: Option<(f64, f64)>) -> Request {
        Request { institution: None, expected_size: 10, tags: vec![], origin, now: 10_000 }
    }

    fn first(_: usize) -> usize {
        0
    }

    #[test]
    fn distances() {
        let rome = (41.9028, 12.4964);
        let sao_paulo = (-23.5505, -46.6333);
        let d = haversine_km(rome, sao_paulo);
        assert!((9_400.0..9_500.0).contains(&d), "{d}");
        assert_eq!(haversine_km(rome, rome), 0.0);
    }

    #[test]
    fn least_loaded_then_nearest() {
        let mut a = server(1, 41.9, 12.5);
        let b = server(2, 45.4, 9.2);
        a.participants = 50;
        let d = place(&[a.clone(), b.clone()], &req(None), &Weights::default(), &mut first).unwrap();
        assert_eq!(d.chosen.id, 2);
        // equal load: the nearer wins
        a.participants = 0;
        let d = place(&[a, b], &req(Some((41.9, 12.5))), &Weights::default(), &mut first).unwrap();
        assert_eq!(d.chosen.id, 1);
        assert!(d.explain().contains("eligible"));
    }

    #[test]
    fn exclusions_are_explained() {
        let mut s = vec![server(1, 0.0, 0.0), server(2, 0.0, 0.0), server(3, 0.0, 0.0), server(4, 0.0, 0.0)];
        s[0].admin = AdminState::Cordoned;
        s[1].health = Health::Unstable;
        s[2].tags = vec!["other".into()];
        s[3].participants = 195;
        let mut r = req(None);
        r.tags = vec!["gpu".into()];
        let err = place(&s, &r, &Weights::default(), &mut first).unwrap_err();
        assert_eq!(
            err.excluded,
            vec![
                (1, Exclusion::NotEnabled),
                (2, Exclusion::NotOnline),
                (3, Exclusion::MissingTag),
                (4, Exclusion::MissingTag)
            ]
        );
        r.tags.clear();
        let err = place(&s[3..], &r, &Weights::default(), &mut first).unwrap_err();
        assert_eq!(err.excluded, vec![(4, Exclusion::NoHeadroom)]);
    }

    #[test]
    fn reservations_fade() {
        let f = [Filling { expected: 100, joined: 20, created_at: 0 }];
        assert_eq!(reserved_seats(&f, 0, 1800), 80.0);
        assert_eq!(reserved_seats(&f, 900, 1800), 40.0);
        assert_eq!(reserved_seats(&f, 1800, 1800), 0.0);
        assert_eq!(reserved_seats(&f, 99_999, 1800), 0.0);
        let full = [Filling { expected: 10, joined: 30, created_at: 0 }];
        assert_eq!(reserved_seats(&full, 0, 1800), 0.0);
    }

    #[test]
    fn ties_are_broken_by_the_given_chooser() {
        let s = vec![server(1, 0.0, 0.0), server(2, 0.0, 0.0), server(3, 0.0, 0.0)];
        let d = place(&s, &req(None), &Weights::default(), &mut |n| n - 1).unwrap();
        assert_eq!(d.chosen.id, 3);
    }

    fn arb_candidate() -> impl Strategy<Value = Candidate> {
        (
            0i64..1_000,
            prop_oneof![Just(AdminState::Enabled), Just(AdminState::Cordoned), Just(AdminState::Disabled)],
            prop_oneof![Just(Health::Online), Just(Health::Unstable), Just(Health::Offline)],
            1u32..500,
            0u32..500,
            0u32..40,
            proptest::option::of(0.0f64..1.0),
            -80.0f64..80.0,
            -179.0f64..179.0,
        )
            .prop_map(|(id, admin, health, capacity, participants, meetings, cpu, lat, lon)| Candidate {
                id,
                name: String::new(),
                admin,
                health,
                tags: vec![],
                capacity,
                participants,
                meetings,
                cpu,
                filling: vec![],
                latitude: lat,
                longitude: lon,
                owner: None,
                shared: false,
            })
    }

    #[test]
    fn unshared_servers_serve_their_institution_only() {
        let mut s = vec![server(1, 0.0, 0.0), server(2, 0.0, 0.0)];
        s[0].owner = Some(7);
        s[1].owner = Some(8);
        s[1].participants = 100;
        let mut r = req(None);
        r.institution = Some(8);
        // institution 8 never gets 7's empty server, only its own busy one
        assert_eq!(place(&s, &r, &Weights::default(), &mut first).unwrap().chosen.id, 2);
        r.institution = Some(9);
        let err = place(&s, &r, &Weights::default(), &mut first).unwrap_err();
        assert_eq!(err.excluded, vec![(1, Exclusion::NotShared), (2, Exclusion::NotShared)]);
        r.institution = None;
        assert!(place(&s, &r, &Weights::default(), &mut first).is_err());
        // shared: everyone's
        s[0].shared = true;
        r.institution = Some(9);
        assert_eq!(place(&s, &r, &Weights::default(), &mut first).unwrap().chosen.id, 1);
        assert!(may_serve(None, false, Some(3)) && may_serve(None, false, None));
        assert!(may_serve(Some(3), false, Some(3)) && !may_serve(Some(3), false, Some(4)));
    }

    proptest! {
        /// For random pools (operator, shared and unshared institution servers, any state) and any institution,
        /// the chosen server is always one that institution may use; and when some usable server is eligible by
        /// every other rule, one is chosen.
        #[test]
        fn never_another_institutions_unshared_server(
            cands in prop::collection::vec(
                (arb_candidate(), proptest::option::of(1i64..5), any::<bool>()),
                1..30,
            ),
            institution in proptest::option::of(1i64..5),
            size in 0u32..100,
            pick in any::<usize>(),
        ) {
            let cands: Vec<Candidate> = cands
                .into_iter()
                .enumerate()
                .map(|(i, (c, owner, shared))| Candidate { id: i as i64, owner, shared, ..c })
                .collect();
            let r = Request { institution, expected_size: size, tags: vec![], origin: Some((45.0, 9.0)), now: 0 };
            match place(&cands, &r, &Weights::default(), &mut |n| pick % n) {
                Ok(d) => {
                    let c = cands.iter().find(|c| c.id == d.chosen.id).unwrap();
                    prop_assert!(may_serve(c.owner, c.shared, institution), "{:?} got {:?}", institution, c);
                    for s in &d.ranked {
                        let c = cands.iter().find(|c| c.id == s.id).unwrap();
                        prop_assert!(may_serve(c.owner, c.shared, institution));
                    }
                }
                Err(e) => {
                    for c in cands.iter().filter(|c| may_serve(c.owner, c.shared, institution)) {
                        prop_assert!(e.excluded.iter().any(|(id, why)| *id == c.id && *why != Exclusion::NotShared));
                    }
                }
            }
        }

        #[test]
        fn never_an_ineligible_server(cands in prop::collection::vec(arb_candidate(), 1..30), size in 0u32..100) {
            let cands: Vec<Candidate> = cands.into_iter().enumerate().map(|(i, c)| Candidate { id: i as i64, ..c }).collect();
            let r = Request { institution: None, expected_size: size, tags: vec![], origin: Some((45.0, 9.0)), now: 0 };
            if let Ok(d) = place(&cands, &r, &Weights::default(), &mut first) {
                let c = cands.iter().find(|c| c.id == d.chosen.id).unwrap();
                prop_assert_eq!(c.admin, AdminState::Enabled);
                prop_assert_eq!(c.health, Health::Online);
                prop_assert!(d.chosen.load_seats + f64::from(size.max(1)) <= f64::from(c.capacity));
            }
        }

        #[test]
        fn more_load_is_never_more_attractive(c in arb_candidate(), extra_p in 0u32..100, extra_m in 0u32..10) {
            let mut c = c;
            c.admin = AdminState::Enabled;
            c.health = Health::Online;
            c.capacity = 10_000;
            let r = Request { institution: None, expected_size: 5, tags: vec![], origin: Some((45.0, 9.0)), now: 0 };
            let before = place(std::slice::from_ref(&c), &r, &Weights::default(), &mut first).unwrap().chosen.score;
            c.participants += extra_p;
            c.meetings += extra_m;
            let after = place(std::slice::from_ref(&c), &r, &Weights::default(), &mut first).unwrap().chosen.score;
            prop_assert!(after >= before);
        }

        #[test]
        fn with_equal_load_the_nearer_wins(lat in -60.0f64..60.0, lon in -170.0f64..170.0, d1 in 0.1f64..20.0, d2 in 0.1f64..20.0) {
            prop_assume!((d1 - d2).abs() > 0.01);
            let near = server(1, lat + d1.min(d2), lon);
            let far = server(2, lat + d1.max(d2), lon);
            let r = req(Some((lat, lon)));
            let d = place(&[far, near], &r, &Weights::default(), &mut first).unwrap();
            prop_assert_eq!(d.chosen.id, 1);
        }
    }
}
