//! Measures the booking figures recorded in docs/performance.md. Run on an otherwise idle machine:
//!
//!     cargo run --release -p server --example booking_figures [-- --seconds 10 --clients 64 --bookings 100000]
//!     DATABASE_URL=postgres://… cargo run --release -p server --example booking_figures   (the PostgreSQL half)
//!
//! 1. a room's week view with 50 bookings, rendered on the server, at N concurrent signed-in clients, next to the
//!    same page rendered by Leptos from data already in memory (no database, session or rules: the ceiling) and
//!    a bare axum handler answering a page of the same size, in the same process and run;
//! 2. the calendar's bookings query for one week of a room holding M bookings (SQLite, and PostgreSQL when
//!    `DATABASE_URL` names one);
//! 3. 50 concurrent overlapping bookings of one slot through the portal: how many were made, refused, failed
//!    (SQLite, and PostgreSQL when `DATABASE_URL` names one).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use app::error::AppError;
use app::rooms::port::RoomsPort;
use app::rooms::*;
use app::session::{CurrentUser, SessionView};
use chrono::TimeZone;
use convene::clock::{Clock, SystemClock};
use convene::config::Config;
use convene::db::bookings::{self as rows, NewBooking};

/// The same allocator as the `convene` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PASSWORD: &str = "figures-password";

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn load<F, Fut>(clients: u64, seconds: u64, work: F) -> (u64, Vec<Duration>)
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let work = Arc::new(work);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let failures = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (work, failures) = (work.clone(), failures.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                if work().await {
                    lat.push(t.elapsed());
                } else {
                    failures.fetch_add(1, Ordering::Relaxed);
                }
            }
            lat
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap_or_default());
    }
    all.sort();
    if failures.load(Ordering::Relaxed) > 0 {
        println!("  ({} failed requests)", failures.load(Ordering::Relaxed));
    }
    (all.len() as u64, all)
}

/// `clients` loops of GETs of `url` (with `cookie`, when given) for `seconds`, each expected to succeed.
async fn pages(
    clients: u64,
    seconds: u64,
    http: &reqwest::Client,
    url: &str,
    cookie: Option<&str>,
) -> (u64, Vec<Duration>) {
    let (h, u, c) = (http.clone(), url.to_owned(), cookie.map(str::to_owned));
    load(clients, seconds, move || {
        let (h, u, c) = (h.clone(), u.clone(), c.clone());
        async move {
            let mut req = h.get(&u);
            if let Some(c) = c {
                req = req.header("cookie", c);
            }
            req.send().await.is_ok_and(|r| r.status().is_success())
        }
    })
    .await
}

async fn start(database_url: String, dir: &std::path::Path) -> anyhow::Result<(convene::App, tokio::net::TcpListener)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let mut config = Config { database_url: database_url.into(), ..Config::default() };
    config.http.bind = addr;
    config.http.public_url = format!("http://{addr}").parse()?;
    config.pool.poll_interval_seconds = 3600;
    config.log.filter = "error".into();
    config.login.address_burst = 1000;
    let clock: convene::clock::SharedClock = Arc::new(SystemClock);
    let app = convene::build(config, clock.clone()).await?;
    convene::demo::seed(&app.state.db, clock.unix(), dir, Some(PASSWORD.into())).await?;
    Ok((app, listener))
}

async fn room_id(app: &convene::App, name: &str) -> anyhow::Result<i64> {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM rooms WHERE name = $1").bind(name).fetch_one(app.state.db.pool()).await?;
    Ok(id)
}

/// Next Monday 00:00 in Rome, as unix seconds.
fn next_monday() -> i64 {
    let rome = chrono_tz::Europe::Rome;
    let today = rome.timestamp_opt(SystemClock.unix(), 0).single().expect("a valid date").date_naive();
    let monday =
        today + chrono::Duration::days(7 - i64::from(chrono::Datelike::weekday(&today).num_days_from_monday()));
    rome.from_local_datetime(&monday.and_hms_opt(0, 0, 0).expect("a valid date"))
        .earliest()
        .expect("a valid date")
        .timestamp()
}

/// A signed-in client: its session cookie.
async fn sign_in(base: &str, email: &str) -> anyhow::Result<String> {
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let res = http
        .post(format!("{base}/auth/login"))
        .header("origin", base)
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await?;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("convene_session="))
        .and_then(|v| v.split(';').next())
        .ok_or_else(|| anyhow::anyhow!("sign-in failed"))?
        .to_owned();
    Ok(cookie)
}

async fn bookings_query(label: &str, url: String, count: u64) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (app, _listener) = start(url, dir.path()).await?;
    let room = room_id(&app, "Aula Magna").await?;
    let t0 = next_monday() - 52 * 7 * 86_400;
    let started = Instant::now();
    let mut tx = app.state.db.pool().begin().await?;
    for i in 0..count as i64 {
        // 100,000 one-hour bookings, two hours apart, over about 23 years around now.
        let b = NewBooking {
            room_id: room,
            series_id: None,
            title: "Load",
            description: "",
            starts_at: t0 + i * 7200,
            ends_at: t0 + i * 7200 + 3600,
            expected: 0,
            status: convene::db::bookings::BookingStatus::Confirmed,
            created_by: 1,
        };
        rows::insert_booking(&mut *tx, &b, t0).await?;
    }
    tx.commit().await?;
    println!("{label}: inserted {count} bookings in {:.1} s", started.elapsed().as_secs_f64());
    let week = next_monday();
    let mut times = Vec::new();
    let mut rows_found = 0;
    for i in 0..200 {
        let from = week + (i % 20) * 7 * 86_400;
        let t = Instant::now();
        let found = rows::holding_between(app.state.db.pool(), room, from, from + 7 * 86_400).await?;
        times.push(t.elapsed());
        rows_found = found.len();
    }
    times.sort();
    println!(
        "{label}: one week of a room with {count} bookings: p50 {:?}, p99 {:?} ({} rows)",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        rows_found
    );
    app.state.db.close().await;
    Ok(())
}

/// 50 concurrent requests booking the same slot of `room` (Saturday of the week of `monday`, 10:00–11:00).
async fn race(
    label: &str,
    http: &reqwest::Client,
    base: &str,
    cookie: &str,
    room: i64,
    monday: i64,
) -> anyhow::Result<()> {
    let (http, base, cookie) = (http.clone(), base.to_owned(), cookie.to_owned());
    let seminari = room.to_string();
    let date = chrono_tz::Europe::Rome
        .timestamp_opt(monday + 5 * 86_400, 0)
        .single()
        .expect("a valid date")
        .format("%Y-%m-%d")
        .to_string();
    let mut tasks = Vec::new();
    for i in 0..50 {
        let (http, base, cookie, room, date) =
            (http.clone(), base.clone(), cookie.clone(), seminari.clone(), date.clone());
        tasks.push(tokio::spawn(async move {
            let title = format!("Race {i}");
            let form = [
                ("booking[room_id]", room.as_str()),
                ("booking[title]", title.as_str()),
                ("booking[date]", date.as_str()),
                ("booking[start]", "10:00"),
                ("booking[end]", "11:00"),
            ];
            http.post(format!("{base}/api/book"))
                .header("cookie", cookie)
                .header("origin", &base)
                .header("accept", "application/json")
                .form(&form)
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await?);
    }
    let made = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 409).count();
    println!("50-way race ({label}): {made} booked, {refused} refused with 409, {} other", 50 - made - refused);

    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let seconds = arg("--seconds", 10);
    let clients = arg("--clients", 64);
    let count = arg("--bookings", 100_000);

    // 1. The week view with 50 bookings.
    let dir = tempfile::tempdir()?;
    let (app, listener) = start(format!("sqlite://{}", dir.path().join("w.db").display()), dir.path()).await?;
    let addr = listener.local_addr()?;
    let base = format!("http://{addr}");
    let room = room_id(&app, "Sala Seminari").await?;
    let monday = next_monday();
    for day in 0..5 {
        for slot in 0..10 {
            let start = monday + day * 86_400 + 8 * 3600 + slot * 3600;
            let b = NewBooking {
                room_id: room,
                series_id: None,
                title: "Lezione di prova",
                description: "",
                starts_at: start,
                ends_at: start + 3000,
                expected: 20,
                status: convene::db::bookings::BookingStatus::Confirmed,
                created_by: 3,
            };
            rows::insert_booking(app.state.db.pool(), &b, monday).await?;
        }
    }
    let from =
        chrono_tz::Europe::Rome.timestamp_opt(monday, 0).single().expect("a valid date").format("%Y-%m-%d").to_string();
    let (marco,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind("marco@uniroma.test")
        .fetch_one(app.state.db.pool())
        .await?;
    let remembered = remembered_router(&app, marco, room, &from).await?;
    tokio::spawn(app.run_until(listener, std::future::pending()));
    let cookie = sign_in(&base, "marco@uniroma.test").await?;
    let page_url = format!("{base}/rooms/{room}?view=week&from={from}");
    let http = reqwest::Client::builder().pool_max_idle_per_host(256).build()?;
    let sample = http.get(&page_url).header("cookie", &cookie).send().await?.text().await?;
    assert_eq!(sample.matches("class=\"booking status-confirmed\"").count(), 50, "the page shows the 50 bookings");
    let size = sample.len();
    let (n, lat) = pages(clients, seconds, &http, &page_url, Some(&cookie)).await;
    let convene_rate = n as f64 / seconds as f64;
    println!(
        "week view, 50 bookings ({size} bytes): {convene_rate:.0}/s; p50 {:?} p99 {:?} ({clients} clients)",
        percentile(&lat, 0.5),
        percentile(&lat, 0.99)
    );
    // The ceiling: the same page, rendered from memory.
    let memory_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let memory_url = format!("http://{}/rooms/{room}?view=week&from={from}", memory_listener.local_addr()?);
    tokio::spawn(async move { axum::serve(memory_listener, remembered).await });
    let memory_page = http.get(&memory_url).send().await?.text().await?;
    assert_eq!(memory_page.matches("class=\"booking status-confirmed\"").count(), 50, "the same 50 bookings");
    let (n, lat) = pages(clients, seconds, &http, &memory_url, None).await;
    let memory_rate = n as f64 / seconds as f64;
    println!(
        "same page rendered from memory ({} bytes): {memory_rate:.0}/s; p50 {:?} p99 {:?}; convene / memory = {:.2}",
        memory_page.len(),
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        convene_rate / memory_rate
    );
    let body = Arc::new(sample);
    let bare_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let bare = format!("http://{}/", bare_listener.local_addr()?);
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(move || {
            let body = body.clone();
            async move { axum::response::Html((*body).clone()) }
        }),
    );
    tokio::spawn(async move { axum::serve(bare_listener, router).await });
    let (n, lat) = pages(clients, seconds, &http, &bare, None).await;
    let bare_rate = n as f64 / seconds as f64;
    println!(
        "bare axum, same page: {bare_rate:.0}/s; p50 {:?} p99 {:?}; convene / bare = {:.2}",
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        convene_rate / bare_rate
    );

    // 3. The 50-way race through the portal.
    race("SQLite", &http, &base, &cookie, room, monday).await?;

    // 2. The bookings query over a large room.
    bookings_query("SQLite", format!("sqlite://{}", dir.path().join("q.db").display()), count).await?;
    if let Ok(url) = std::env::var("DATABASE_URL")
        && url.starts_with("postgres")
    {
        // The race on PostgreSQL, through a portal of its own on that database, then the query.
        let dir = tempfile::tempdir()?;
        let (app, listener) = start(url.clone(), dir.path()).await?;
        let base = format!("http://{}", listener.local_addr()?);
        let room = room_id(&app, "Sala Seminari").await?;
        tokio::spawn(app.run_until(listener, std::future::pending()));
        let cookie = sign_in(&base, "marco@uniroma.test").await?;
        race("PostgreSQL", &reqwest::Client::new(), &base, &cookie, room, next_monday()).await?;
        bookings_query("PostgreSQL", url, count).await?;
    }
    Ok(())
}

/// The engine's room port with the room page's data answered from memory (as the real engine answered it once):
/// the same page rendered by Leptos with no database, session or rules behind it — the week view's ceiling.
struct Remembered {
    inner: Arc<dyn RoomsPort>,
    calendar: CalendarView,
    admin: Option<RoomAdminView>,
    links: Vec<GuestLinkView>,
}

#[async_trait::async_trait]
impl RoomsPort for Remembered {
    async fn rooms(&self, a: &CurrentUser) -> Result<Vec<RoomView>, AppError> {
        self.inner.rooms(a).await
    }
    async fn create_room(&self, a: &CurrentUser, f: RoomForm) -> Result<RoomView, AppError> {
        self.inner.create_room(a, f).await
    }
    async fn calendar(&self, _: &CurrentUser, _: i64, _: String, _: Option<String>) -> Result<CalendarView, AppError> {
        Ok(self.calendar.clone())
    }
    async fn book(&self, a: &CurrentUser, f: BookingForm) -> Result<BookingOutcome, AppError> {
        self.inner.book(a, f).await
    }
    async fn move_booking(&self, a: &CurrentUser, id: i64, s: i64, e: i64) -> Result<BookingView, AppError> {
        self.inner.move_booking(a, id, s, e).await
    }
    async fn cancel_booking(&self, a: &CurrentUser, id: i64, r: Option<i64>) -> Result<(), AppError> {
        self.inner.cancel_booking(a, id, r).await
    }
    async fn update_room(&self, a: &CurrentUser, r: i64, f: RoomForm) -> Result<RoomView, AppError> {
        self.inner.update_room(a, r, f).await
    }
    async fn room_admin(&self, a: &CurrentUser, r: i64) -> Result<RoomAdminView, AppError> {
        match &self.admin {
            Some(v) => Ok(v.clone()),
            None => self.inner.room_admin(a, r).await,
        }
    }
    async fn add_co_owner(&self, a: &CurrentUser, r: i64, e: String) -> Result<(), AppError> {
        self.inner.add_co_owner(a, r, e).await
    }
    async fn remove_co_owner(&self, a: &CurrentUser, r: i64, u: i64) -> Result<(), AppError> {
        self.inner.remove_co_owner(a, r, u).await
    }
    async fn delete_room(&self, a: &CurrentUser, r: i64) -> Result<(), AppError> {
        self.inner.delete_room(a, r).await
    }
    async fn my_calendar(&self, a: &CurrentUser, m: String, f: Option<String>) -> Result<MyCalendarView, AppError> {
        self.inner.my_calendar(a, m, f).await
    }
    async fn booking_page(&self, a: &CurrentUser, id: i64, r: Option<i64>) -> Result<BookingPageView, AppError> {
        self.inner.booking_page(a, id, r).await
    }
    async fn edit_booking(&self, a: &CurrentUser, e: BookingEdit) -> Result<EditOutcome, AppError> {
        self.inner.edit_booking(a, e).await
    }
    async fn change_invitees(
        &self,
        a: &CurrentUser,
        c: app::rooms::InviteesChange,
    ) -> Result<app::rooms::InviteesOutcome, AppError> {
        self.inner.change_invitees(a, c).await
    }
    async fn reschedule(
        &self,
        a: &CurrentUser,
        id: i64,
        d: String,
        s: String,
        e: String,
    ) -> Result<BookingView, AppError> {
        self.inner.reschedule(a, id, d, s, e).await
    }
    async fn join(&self, a: &CurrentUser, r: i64) -> Result<String, AppError> {
        self.inner.join(a, r).await
    }
    async fn end_meeting(&self, a: &CurrentUser, r: i64) -> Result<(), AppError> {
        self.inner.end_meeting(a, r).await
    }
    async fn extend_meeting(&self, a: &CurrentUser, r: i64, m: u32) -> Result<BookingView, AppError> {
        self.inner.extend_meeting(a, r, m).await
    }
    async fn guest_links(&self, _: &CurrentUser, _: i64) -> Result<Vec<GuestLinkView>, AppError> {
        Ok(self.links.clone())
    }
    async fn create_guest_link(&self, a: &CurrentUser, f: GuestLinkForm) -> Result<CreatedGuestLink, AppError> {
        self.inner.create_guest_link(a, f).await
    }
    async fn revoke_guest_link(&self, a: &CurrentUser, id: i64) -> Result<(), AppError> {
        self.inner.revoke_guest_link(a, id).await
    }
    async fn calendar_feed(&self, a: &CurrentUser, r: Option<i64>) -> Result<String, AppError> {
        self.inner.calendar_feed(a, r).await
    }
    async fn stop_calendar_feed(&self, a: &CurrentUser, r: Option<i64>) -> Result<(), AppError> {
        self.inner.stop_calendar_feed(a, r).await
    }
    async fn booking_policy(&self, a: &CurrentUser, s: &str) -> Result<PolicyView, AppError> {
        self.inner.booking_policy(a, s).await
    }
    async fn set_booking_policy(&self, a: &CurrentUser, s: &str, f: PolicyForm) -> Result<(), AppError> {
        self.inner.set_booking_policy(a, s, f).await
    }
    async fn pending(&self, a: &CurrentUser) -> Result<Vec<PendingView>, AppError> {
        self.inner.pending(a).await
    }
    async fn decide(&self, a: &CurrentUser, id: i64, ok: bool, why: String) -> Result<(), AppError> {
        self.inner.decide(a, id, ok, why).await
    }
    async fn guest_room(&self, t: &str) -> Result<GuestRoomView, AppError> {
        self.inner.guest_room(t).await
    }
    async fn guest_join(&self, t: &str, n: &str, c: &str) -> Result<String, AppError> {
        self.inner.guest_join(t, n, c).await
    }
    async fn home(&self, a: &CurrentUser) -> Result<app::rooms::HomeView, AppError> {
        self.inner.home(a).await
    }
}

/// A router serving the app's pages the way Convene's does, but with the room port answering from memory and the
/// person fixed (no session, sign-in check, CSRF guard or other middleware): the rendering alone.
async fn remembered_router(app: &convene::App, user_id: i64, room: i64, from: &str) -> anyhow::Result<axum::Router> {
    use leptos::prelude::provide_context;
    use leptos_axum::LeptosRoutes;
    let state = app.state.clone();
    let user = convene::auth::actor::current(state.db.pool(), user_id).await?.ok_or(anyhow::anyhow!("no user"))?;
    let rooms = state.ports.rooms.clone();
    let calendar = rooms.calendar(&user, room, "week".into(), Some(from.into())).await?;
    let admin = rooms.room_admin(&user, room).await.ok();
    let links = rooms.guest_links(&user, room).await.unwrap_or_default();
    let remembered: Arc<dyn RoomsPort> = Arc::new(Remembered { inner: rooms, calendar, admin, links });
    let ports = state.ports.clone();
    let view = SessionView { user: Some(user), ..SessionView::default() };
    let context = move || {
        provide_context(ports.institutions.clone());
        provide_context(ports.members.clone());
        provide_context(ports.account.clone());
        provide_context(ports.sign_in.clone());
        provide_context(ports.sign_in_rules.clone());
        provide_context(ports.providers.clone());
        provide_context(ports.pool.clone());
        provide_context(remembered.clone());
        provide_context(view.clone());
    };
    let options = state.leptos.clone();
    let shell = move || app::shell(options.clone());
    Ok(axum::Router::new()
        .leptos_routes_with_context(&state, convene::http::page_routes(), context, shell)
        .with_state(state))
}
