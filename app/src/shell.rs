//! The page shell: document, header with navigation by role, language switcher, routes, footer, 404.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{SsrMode, path};

use crate::account::AccountPage;
use crate::auth::{LoginPage, LogoutButton};
use crate::components::ActionOutcome;
use crate::i18n::{Lang, T};
use crate::institutions::{InstitutionEditPage, InstitutionsPage};
use crate::members::MembersPage;
use crate::pool::PoolPage;
use crate::rooms::pages::{BookingPolicyPage, GuestPage, RoomPage, RoomsPage};
use crate::session::{Role, SessionView, use_lang, use_session};

/// The whole HTML document, rendered on the server. The session is embedded as JSON so the browser hydrates with
/// exactly what the server rendered.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let session = use_context::<SessionView>().unwrap_or_default();
    let json = session.to_script_json();
    view! {
        <!DOCTYPE html>
        <html lang=session.lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="stylesheet" href=format!("/{}/{}.css", options.site_pkg_dir, options.output_name)/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <script type="application/json" id="convene-session" inner_html=json></script>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = use_lang();
    view! {
        <Title text="Convene"/>
        <Router>
            <div class="app" data-hydrated="false">
                // The browser moves the focus to the target of a fragment link it can focus (`tabindex`).
                <a class="skip-link" href="#main">{T::SkipToContent.in_lang(lang)}</a>
                <Header/>
                <main id="main" tabindex="-1">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                        <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                        <Route path=path!("/login/forgot") view=crate::auth::reset::ForgotPasswordPage ssr=SsrMode::Async/>
                        <Route path=path!("/login/reset/:token") view=crate::auth::reset::ResetPasswordPage ssr=SsrMode::Async/>
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/institutions") view=InstitutionsPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/institutions/:slug") view=InstitutionEditPage ssr=SsrMode::Async/>
                        <Route path=path!("/institutions/:slug/members") view=MembersPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/pool") view=PoolPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/identity") view=crate::auth::admin::IdentityProvidersPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/mail") view=crate::outbox::OutboxPage ssr=SsrMode::Async/>
                        <Route path=path!("/rooms") view=RoomsPage ssr=SsrMode::Async/>
                        <Route path=path!("/rooms/:id") view=RoomPage ssr=SsrMode::Async/>
                        <Route path=path!("/bookings") view=crate::rooms::pages::MyBookingsPage ssr=SsrMode::Async/>
                        <Route path=path!("/rooms/:id/bookings/:booking") view=crate::rooms::pages::BookingPage ssr=SsrMode::Async/>
                        <Route path=path!("/guest/:token") view=GuestPage ssr=SsrMode::Async/>
                        <Route path=path!("/institutions/:slug/sign-in") view=crate::auth::rules::SignInRulesPage ssr=SsrMode::Async/>
                        <Route path=path!("/institutions/:slug/booking-rules") view=BookingPolicyPage ssr=SsrMode::Async/>
                    </Routes>
                </main>
                <Footer/>
                <HydrationMarker/>
            </div>
        </Router>
    }
}

/// The footer: the deployment's help, privacy and contact links, then those of the person's institutions.
#[component]
fn Footer() -> impl IntoView {
    let lang = use_lang();
    let links = use_session().links;
    let set = move |s: crate::session::LinkSet| {
        [(s.help, T::FooterHelp), (s.privacy, T::FooterPrivacy), (s.contact, T::FooterContact)]
            .into_iter()
            .filter_map(|(href, label)| href.map(|h| view! { <li><a href=h>{label.in_lang(lang)}</a></li> }))
            .collect_view()
    };
    view! {
        <footer class="footer">
            <span>{T::FooterTagline.in_lang(lang)}</span>
            {(!links.site.is_empty()).then(|| view! {
                <nav aria-label=T::FooterLinks.in_lang(lang) class="footer-links" id="site-links"><ul>{set(links.site.clone())}</ul></nav>
            })}
            {links.institutions.into_iter().map(|(name, s)| view! {
                <nav aria-label=name.clone() class="footer-links institution-links">
                    <span class="footer-name">{name.clone()}</span><ul>{set(s)}</ul>
                </nav>
            }).collect_view()}
        </footer>
    }
}

/// Last in the page: islands are hydrated in the order of the document, so when this one runs every island before
/// it works. It says so on `.app` (`data-hydrated`), which the browser tests and the first-visit script wait for.
#[island]
fn HydrationMarker() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(app) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(".app").ok().flatten())
        {
            let _ = app.set_attribute("data-hydrated", "true");
        }
    });
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let user = session.user.clone();
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">
                <span class="logo" aria-hidden="true">"◐"</span>
                " Convene"
            </A>
            <nav aria-label=T::NavMain.in_lang(lang)>
                <ul>
                    {match user {
                        None => view! {
                            <li><A href="/login">{T::NavLogin.in_lang(lang)}</A></li>
                        }.into_any(),
                        Some(u) => {
                            let admin_links = u.admin_of().map(|m| {
                                let href = format!("/institutions/{}/members", m.slug);
                                let text = if u.memberships.iter().filter(|m| m.role == Role::Admin).count() > 1 {
                                    format!("{} · {}", T::NavMembers.in_lang(lang), m.name)
                                } else {
                                    T::NavMembers.in_lang(lang).to_owned()
                                };
                                view! { <li><A href=href>{text}</A></li> }
                            }).collect_view();
                            view! {
                                <li><A href="/">{T::NavHome.in_lang(lang)}</A></li>
                                {(!u.memberships.is_empty() || u.is_operator).then(|| view! {
                                    <li><A href="/rooms">{T::NavRooms.in_lang(lang)}</A></li>
                                })}
                                {(!u.memberships.is_empty()).then(|| view! {
                                    <li><A href="/bookings">{T::NavMyBookings.in_lang(lang)}</A></li>
                                })}
                                {u.is_operator.then(|| view! {
                                    <li><A href="/admin/institutions">{T::NavInstitutions.in_lang(lang)}</A></li>
                                    <li><A href="/admin/identity">{T::NavIdentity.in_lang(lang)}</A></li>
                                    <li><A href="/admin/mail">{T::NavMail.in_lang(lang)}</A></li>
                                })}
                                {(u.is_operator || u.admin_of().next().is_some()).then(|| view! {
                                    <li><A href="/admin/pool">{T::NavPool.in_lang(lang)}</A></li>
                                })}
                                {admin_links}
                                <li><A href="/account">{T::NavAccount.in_lang(lang)}</A></li>
                                <li><LogoutButton/></li>
                            }.into_any()
                        }
                    }}
                </ul>
            </nav>
            <LanguageSwitcher current=lang/>
        </header>
    }
}

/// Posts to `/language`, which sets the language cookie (and the account's language) and comes back here.
#[component]
fn LanguageSwitcher(current: Lang) -> impl IntoView {
    let location = use_location();
    // The router's search has no leading `?`: put it back, or `/rooms?view=month` would come back as `/roomsview=month`.
    let here = move || {
        let search = location.search.get();
        match search.trim_start_matches('?') {
            "" => location.pathname.get(),
            q => format!("{}?{q}", location.pathname.get()),
        }
    };
    view! {
        <form method="post" action="/language" class="lang-switch" id="language-form">
            <input type="hidden" name="next" value=here/>
            <label for="lang-select" class="sr-only">{T::FieldLanguage.in_lang(current)}</label>
            <select id="lang-select" name="lang">
                {Lang::ALL.iter().map(|l| view! {
                    <option value=l.code() selected=*l == current lang=l.code()>{l.native_name()}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="ghost">{T::ChangeLanguage.in_lang(current)}</button>
        </form>
    }
}

#[component]
fn HomePage() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    match session.user {
        None => view! {
            <section class="hero">
                <h1>{T::HomeTitle.in_lang(lang)}</h1>
                <p class="lead">{T::HomeLead.in_lang(lang)}</p>
                <A href="/login" attr:class="button primary">{T::NavLogin.in_lang(lang)}</A>
            </section>
            <HomeSignIn/>
        }
        .into_any(),
        Some(u) => view! {
            <h1>{T::HomeWelcome.with(lang, &[("name", u.display_name.as_str().into())])}</h1>
            {u.is_operator.then(|| view! {
                <section class="card">
                    <h2>{T::HomeOperator.in_lang(lang)}</h2>
                    <p>{T::HomeOperatorText.in_lang(lang)}</p>
                    <A href="/admin/institutions" attr:class="button">{T::NavInstitutions.in_lang(lang)}</A>
                </section>
            })}
            <NextUp/>
            <section class="card">
                <h2>{T::HomeYourInstitutions.in_lang(lang)}</h2>
                {if u.memberships.is_empty() {
                    view! { <p class="empty">{T::HomeNoInstitution.in_lang(lang)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain">
                            {u.memberships.iter().map(|m| {
                                let role = match m.role {
                                    Role::Admin => T::RoleAdmin,
                                    Role::Member => T::RoleMember,
                                    Role::Guest => T::RoleGuest,
                                };
                                let members = format!("/institutions/{}/members", m.slug);
                                view! {
                                    <li>
                                        <strong>{m.name.clone()}</strong>
                                        " "<span class="badge">{role.in_lang(lang)}</span>
                                        {(m.role == Role::Admin).then(|| view! {
                                            " "<A href=members>{T::NavMembers.in_lang(lang)}</A>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        }
        .into_any(),
    }
}

/// The sign-in choices on the home page of someone not signed in: the institutions' providers (a few; all of them
/// and the password form on the sign-in page).
#[component]
fn HomeSignIn() -> impl IntoView {
    use crate::auth::sign_in_choices;
    const SHOWN: usize = 6;
    let lang = use_lang();
    let choices = Resource::new(|| (), |_| sign_in_choices());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let choices = choices.await.unwrap_or_default();
                let list = choices.matching("");
                (!list.is_empty()).then(|| {
                    let more = list.len() > SHOWN;
                    view! {
                        <section class="card narrow sign-in-choices" aria-labelledby="home-sign-in" id="home-sign-in-choices">
                            <h2 id="home-sign-in">{T::LoginWithInstitution.in_lang(lang)}</h2>
                            <ul class="plain">
                                {list.into_iter().take(SHOWN).map(|c| view! {
                                    <li><crate::auth::ChoiceLink href=format!("{}?next=/", c.start_path()) slug=c.slug.clone()
                                        logo=c.logo.clone() label=c.label(lang.code()).to_owned() institution=c.institution.clone() last=None/></li>
                                }).collect_view()}
                            </ul>
                            <p class="small"><a href="/login">{if more { T::HomeMoreSignIn.in_lang(lang) } else { T::HomePasswordSignIn.in_lang(lang) }}</a></p>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}

/// What is next for the viewer: their bookings of the coming week with Join (the meeting runs), Start (its window
/// is open and they may) or when it opens; their rooms; what waits for their decision.
#[component]
fn NextUp() -> impl IntoView {
    use crate::rooms::{HomeBooking, JoinRoom, home_overview};
    let lang = use_lang();
    let home = Resource::new(|| (), |_| home_overview());
    let join = ServerAction::<JoinRoom>::new();
    let item = move |h: HomeBooking| {
        let b = h.booking.clone();
        let page = format!("/rooms/{}/bookings/{}", b.room_id, b.id);
        let room_id = b.room_id;
        let action = if h.running {
            Some(T::MeetingJoin)
        } else if h.can_start {
            Some(T::MeetingStart)
        } else {
            None
        };
        view! {
            <li class="next-item" data-booking=b.id>
                <div class="next-when">
                    <strong title=b.local_day.clone()>{crate::rooms::calendar::day_labels(lang, &b.local_day).1}</strong>
                    <span>{format!("{}–{}", b.local_start, b.local_end)}</span>
                </div>
                <div class="next-what">
                    <a href=page>{b.title.clone()}</a>
                    <span class="muted small">{h.room_name.clone()}</span>
                    {h.running.then(|| view! { <span class="badge live">{T::HomeLive.in_lang(lang)}</span> })}
                    {(b.status == "pending").then(|| view! { <span class="badge">{T::HomePendingBadge.in_lang(lang)}</span> })}
                </div>
                <div class="next-act">
                    {match action {
                        Some(label) => view! {
                            <ActionForm action=join attr:class="inline">
                                <input type="hidden" name="room_id" value=room_id/>
                                <button type="submit" class=if h.running { "primary" } else { "" }>{label.in_lang(lang)}</button>
                            </ActionForm>
                        }.into_any(),
                        None => h.opens_at.clone().map(|t| view! {
                            <span class="muted small">{T::HomeOpensAt.with(lang, &[("time", t.as_str().into())])}</span>
                        }).into_any(),
                    }}
                </div>
            </li>
        }
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(h) = home.await else { return ().into_any() };
                let pending = h.pending;
                view! {
                    {(pending > 0).then(|| view! {
                        <p class="notice" role="status" id="home-pending">
                            <a href="/rooms#pending">{T::HomePending.with(lang, &[("n", (pending as i64).into())])}</a>
                        </p>
                    })}
                    <section class="card" aria-labelledby="next-title" id="home-next">
                        <h2 id="next-title">{T::HomeNext.in_lang(lang)}</h2>
                        {if h.upcoming.is_empty() {
                            view! {
                                <p class="empty">{T::HomeNothingNext.in_lang(lang)}" "<a href="/rooms">{T::HomeBookARoom.in_lang(lang)}</a></p>
                            }.into_any()
                        } else {
                            view! {
                                <ul class="plain next-list">{h.upcoming.into_iter().map(item).collect_view()}</ul>
                                <p class="small"><a href="/bookings">{T::HomeAllBookings.in_lang(lang)}</a>
                                    " · "<span class="muted">{T::HomeTimesIn.with(lang, &[("tz", h.timezone.as_str().into())])}</span></p>
                            }.into_any()
                        }}
                        <ActionOutcome action=join ok=T::MeetingJoin/>
                    </section>
                    {(!h.rooms.is_empty()).then(|| view! {
                        <section class="card" aria-labelledby="my-rooms-title" id="home-rooms">
                            <h2 id="my-rooms-title">{T::HomeYourRooms.in_lang(lang)}</h2>
                            <ul class="plain">
                                {h.rooms.iter().map(|(id, name, running)| view! {
                                    <li><a href=format!("/rooms/{id}")>{name.clone()}</a>
                                        {running.then(|| view! { " "<span class="badge live">{T::HomeLive.in_lang(lang)}</span> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                            {h.more_rooms.then(|| view! { <p class="small"><a href="/rooms">{T::HomeAllRooms.in_lang(lang)}</a></p> })}
                        </section>
                    })}
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <section class="card narrow">
            <h1>{T::NotFoundTitle.in_lang(lang)}</h1>
            <p>{T::NotFoundText.in_lang(lang)}</p>
            <A href="/" attr:class="button">{T::NavHome.in_lang(lang)}</A>
        </section>
    }
}
