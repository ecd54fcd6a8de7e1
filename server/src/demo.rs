//! Demo data for a first look: two institutions and a few people in each role. Seeded once, into an empty
//! database; the password is random unless given, and kept in a file beside the data so later starts can show it.

use std::path::{Path, PathBuf};

use app::session::Role;
use rand::Rng;
use rand::distributions::Alphanumeric;

use crate::auth::account::{LocalUser, create_local_user};
use crate::db::{self, Db, institutions::NewInstitution};

pub const ADMIN_EMAIL: &str = "operator@convene.test";

pub struct DemoLogin {
    pub email: &'static str,
    pub password: String,
    /// True if this start created the demo data.
    pub created: bool,
}

/// E-mail, name, network operator, (institution slug, role).
type Person = (&'static str, &'static str, bool, Option<(&'static str, Role)>);

const PEOPLE: &[Person] = &[
    (ADMIN_EMAIL, "Olga Operatrice", true, None),
    ("admin@uniroma.test", "Alessandra Admin", false, Some(("uniroma", Role::Admin))),
    ("marco@uniroma.test", "Marco Rossi", false, Some(("uniroma", Role::Member))),
    ("giulia@uniroma.test", "Giulia Bianchi", false, Some(("uniroma", Role::Member))),
    ("ospite@uniroma.test", "Ospite Esterno", false, Some(("uniroma", Role::Guest))),
    ("admin@usp.test", "Beatriz Administradora", false, Some(("usp", Role::Admin))),
    ("joao@usp.test", "João Silva", false, Some(("usp", Role::Member))),
];

pub fn credentials_file(dir: &Path) -> PathBuf {
    dir.join("demo-credentials.txt")
}

/// Seeds the demo data if the database has no users yet. `dir` keeps the credentials file.
/// What `convene serve --demo` prints: the address and the demo accounts. The password itself only on a terminal —
/// output sent to a file or a log collector says where the credentials file is instead.
pub fn banner(public: &str, login: &DemoLogin, terminal: bool, file: &Path) -> String {
    let password =
        if terminal { format!("password: {}", login.password) } else { format!("password: in {}", file.display()) };
    let mut out =
        format!("\n  Convene is running at {public}\n  Sign in as the network operator: {}  {password}\n", login.email);
    out.push_str("  Other demo accounts (same password):\n");
    for (email, name) in people().skip(1) {
        out.push_str(&format!("    {email:<24} {name}\n"));
    }
    out.push('\n');
    out
}

pub async fn seed(db: &Db, now: i64, dir: &Path, password: Option<String>) -> anyhow::Result<DemoLogin> {
    use anyhow::Context;
    let file = credentials_file(dir);
    if db::users::count(db.pool()).await? > 0 {
        let password = match password {
            Some(p) => p,
            None => std::fs::read_to_string(&file)
                .ok()
                .and_then(|s| s.lines().find_map(|l| l.strip_prefix("password: ").map(str::to_owned)))
                .unwrap_or_else(|| "(set before; see demo-credentials.txt or reset with `convene user add`)".into()),
        };
        return Ok(DemoLogin { email: ADMIN_EMAIL, password, created: false });
    }
    let password =
        password.unwrap_or_else(|| rand::thread_rng().sample_iter(&Alphanumeric).take(16).map(char::from).collect());
    let institutions = [
        NewInstitution {
            slug: "uniroma",
            name: "Università di Roma (demo)",
            timezone: "Europe/Rome",
            region: "eu-south",
            latitude: 41.9028,
            longitude: 12.4964,
            default_language: "it",
            brand_color: "#8f1d21",
            logo_url: None,
        },
        NewInstitution {
            slug: "usp",
            name: "Universidade de São Paulo (demo)",
            timezone: "America/Sao_Paulo",
            region: "sa-east",
            latitude: -23.5505,
            longitude: -46.6333,
            default_language: "pt-BR",
            brand_color: "#1f4e8c",
            logo_url: None,
        },
    ];
    for i in &institutions {
        db::institutions::insert(db.pool(), i, now).await.context("creating a demo institution")?;
    }
    for (email, name, operator, membership) in PEOPLE {
        let user = LocalUser {
            email,
            display_name: name,
            password: &password,
            is_operator: *operator,
            membership: *membership,
        };
        create_local_user(db, now, &user).await.with_context(|| format!("creating demo user {email}"))?;
    }
    // Rooms: (institution, owner, name, seats, visibility, guests, recording)
    let rooms = [
        ("uniroma", "admin@uniroma.test", "Aula Magna", 200, "public", "ask", true),
        ("uniroma", "marco@uniroma.test", "Sala Seminari", 30, "institution", "open", false),
        ("usp", "admin@usp.test", "Auditório Virtual", 150, "institution", "ask", true),
    ];
    for (slug, owner, name, capacity, visibility, guests, record) in rooms {
        let inst = db::institutions::by_slug(db.pool(), slug).await.context("finding a demo institution")?;
        let owner = db::users::by_email(db.pool(), owner).await?.map(|u| u.id);
        let room = db::bookings::NewRoom {
            institution_id: inst.id,
            name,
            description: "",
            capacity,
            owner_id: owner,
            visibility,
            personal: false,
            record_allowed: record,
            guest_policy: guests,
            access_code: None,
            mute_on_start: true,
            welcome: "",
        };
        db::bookings::insert_room(db.pool(), &room, now).await.context("creating a demo room")?;
    }
    std::fs::create_dir_all(dir).ok();
    let text = format!(
        "Convene demo accounts (all share one password)\npassword: {password}\n{}\n",
        PEOPLE.iter().map(|p| format!("- {} ({})", p.0, p.1)).collect::<Vec<_>>().join("\n")
    );
    if let Err(e) = write_private(&file, &text) {
        tracing::warn!(error = %e, "could not keep the demo credentials file");
    }
    Ok(DemoLogin { email: ADMIN_EMAIL, password, created: true })
}

/// A few bookings of the coming days, so a first visit finds a calendar and a home page with something in them
/// (`serve --demo` on a new database only; the tests start from the bare seed). Times are in Rome.
pub async fn sample_bookings(db: &Db, now: i64) -> anyhow::Result<()> {
    use anyhow::Context;
    use chrono::{Duration, TimeZone};
    let rome = chrono_tz::Europe::Rome;
    let today = rome.timestamp_opt(now, 0).single().context("today in Rome")?.date_naive();
    // (room, who books, title, days ahead, start hour, minutes)
    let samples = [
        ("Sala Seminari", "marco@uniroma.test", "Seminario di dottorato", 1, 10, 60),
        ("Aula Magna", "admin@uniroma.test", "Consiglio di dipartimento", 2, 15, 90),
        ("Sala Seminari", "giulia@uniroma.test", "Gruppo di lettura", 3, 17, 60),
    ];
    for (room, who, title, days, hour, minutes) in samples {
        let (room_id,): (i64,) = sqlx::query_as("SELECT id FROM rooms WHERE name = $1")
            .bind(room)
            .fetch_one(db.pool())
            .await
            .context("finding a demo room")?;
        let user = db::users::by_email(db.pool(), who).await?.map(|u| u.id).context("finding a demo person")?;
        let day = today + Duration::days(days);
        let Some(start) = day.and_hms_opt(hour, 0, 0).and_then(|t| rome.from_local_datetime(&t).single()) else {
            continue;
        };
        let b = db::bookings::NewBooking {
            room_id,
            series_id: None,
            title,
            description: "",
            starts_at: start.timestamp(),
            ends_at: start.timestamp() + minutes * 60,
            expected: 0,
            status: db::bookings::BookingStatus::Confirmed,
            created_by: user,
        };
        db::bookings::insert_booking(db.pool(), &b, now).await.context("creating a demo booking")?;
    }
    Ok(())
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// The people of the demo data, for the README and the start banner.
pub fn people() -> impl Iterator<Item = (&'static str, &'static str)> {
    PEOPLE.iter().map(|p| (p.0, p.1))
}

/// The demo's conference servers: three simulators in three regions, on free local ports, registered in the
/// pool (their addresses are updated at every start).
pub async fn start_pool(
    state: &crate::state::AppState,
    clock: crate::clock::SharedClock,
) -> anyhow::Result<Vec<tokio::task::JoinHandle<()>>> {
    use crate::balancer::{pool, simulator};
    let secret: String = rand::thread_rng().sample_iter(&Alphanumeric).take(40).map(char::from).collect();
    let sites = [
        ("sim-roma", "eu-south", 41.9028, 12.4964, Some("uniroma")),
        ("sim-frankfurt", "eu-central", 50.1109, 8.6821, None),
        ("sim-saopaulo", "sa-east", -23.5505, -46.6333, Some("usp")),
    ];
    let mut handles = Vec::new();
    for (name, region, lat, lon, institution) in sites {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let sim = simulator::Simulator::new(name, &secret, 200, Default::default(), clock.clone());
        handles.push(simulator::serve(sim, listener));
        let api = pool::normalize_api_url(&url)?;
        let now = clock.unix();
        match db::servers::by_name(state.db.pool(), name).await {
            Ok(row) => db::servers::set_address(state.db.pool(), row.id, &api, &secret, now).await?,
            Err(_) => {
                let institution_id = match institution {
                    Some(slug) => db::institutions::by_slug(state.db.pool(), slug).await.ok().map(|i| i.id),
                    None => None,
                };
                let input = pool::ServerInput {
                    name: name.into(),
                    url,
                    secret: secret.clone(),
                    algorithm: "sha256".into(),
                    region: region.into(),
                    latitude: lat,
                    longitude: lon,
                    capacity: 200,
                    tags: vec![],
                    institution_id,
                    ca_pem: None,
                    by_operator: true,
                };
                let id = pool::register(&state.db, &state.bbb, &input, now).await?;
                // The demo's institution servers are admitted to the shared pool, as an operator would.
                if institution_id.is_some() {
                    db::servers::set_shared(state.db.pool(), id, true, now).await?;
                }
            }
        }
    }
    Ok(handles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_goes_to_a_terminal_only() {
        let login = DemoLogin { email: ADMIN_EMAIL, password: "s3cret-demo-pass".into(), created: true };
        let file = Path::new("data/demo-credentials.txt");
        let shown = banner("http://127.0.0.1:3000/", &login, true, file);
        assert!(shown.contains("s3cret-demo-pass") && shown.contains(ADMIN_EMAIL));
        let logged = banner("http://127.0.0.1:3000/", &login, false, file);
        assert!(!logged.contains("s3cret-demo-pass"), "{logged}");
        assert!(logged.contains("data/demo-credentials.txt") && logged.contains(ADMIN_EMAIL), "{logged}");
    }
}
