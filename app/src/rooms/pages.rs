//! `/rooms` (the rooms of my institutions, and a new one) and `/rooms/:id` (a room's calendar and its booking
//! form). Everything works as plain forms and links before hydration.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::calendar::{self, Frame};
use super::*;
use crate::auth::urlencode;
use crate::components::{ActionOutcome, Empty, ErrorBox, Field, Loading, text_markup};
use crate::i18n::{Lang, T};
use crate::session::{use_lang, use_session};

fn role_select(
    id: &'static str,
    name: &'static str,
    current: String,
    options: &'static [(&'static str, T)],
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <select id=id name=name>
            {options.iter().map(|(v, label)| view! {
                <option value=*v selected=current == *v>{label.in_lang(lang)}</option>
            }).collect_view()}
        </select>
    }
}

/// `/institutions/:slug/booking-rules`: the institution's booking policy, for its admins.
#[component]
pub fn BookingPolicyPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let slug = move || params.get().get("slug").unwrap_or_default();
    let save = ServerAction::<SetBookingPolicy>::new();
    let data = Resource::new(move || (slug(), save.version().get()), |(slug, _)| get_booking_policy(slug));
    const ROOM_ROLES: &[(&str, T)] = &[("admin", T::RoleAdmins), ("member", T::RoleMembers)];
    const BOOK_ROLES: &[(&str, T)] =
        &[("admin", T::RoleAdmins), ("member", T::RoleMembers), ("guest", T::RoleEveryone)];
    const PERSONAL_ROLES: &[(&str, T)] =
        &[("none", T::RoleNobody), ("admin", T::RoleAdmins), ("member", T::RoleMembers)];
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <h1>{T::PolicyLink.in_lang(lang)}</h1><ErrorBox error=e/> }.into_any(),
                    Ok(v) => {
                        let p = v.policy.clone();
                        view! {
                            <h1>{T::PolicyTitle.with(lang, &[("name", v.institution.as_str().into())])}</h1>
                            <p class="muted">{T::PolicyLead.in_lang(lang)}</p>
                            <ActionForm action=save attr:class="form card" attr:id="policy-form">
                                <input type="hidden" name="slug" value=v.slug.clone()/>
                                <div class="grid-2">
                                    <div class="field"><label for="p-create">{T::FieldCreateRoomsRole.in_lang(lang)}</label>
                                        {role_select("p-create", "policy[create_rooms_role]", p.create_rooms_role.clone(), ROOM_ROLES)}</div>
                                    <div class="field"><label for="p-book">{T::FieldBookRole.in_lang(lang)}</label>
                                        {role_select("p-book", "policy[book_role]", p.book_role.clone(), BOOK_ROLES)}</div>
                                    <div class="field"><label for="p-record">{T::FieldRecordRole.in_lang(lang)}</label>
                                        {role_select("p-record", "policy[record_role]", p.record_role.clone(), ROOM_ROLES)}</div>
                                    <div class="field"><label for="p-personal">{T::FieldPersonalRoomRole.in_lang(lang)}</label>
                                        {role_select("p-personal", "policy[personal_room_role]", p.personal_room_role.clone(), PERSONAL_ROLES)}</div>
                                    <Field id="p-hours" name="policy[max_hours_per_week]" label=T::FieldMaxHours kind="number" value=p.max_hours_per_week.clone() maxlength=3usize/>
                                    <Field id="p-days" name="policy[max_days_ahead]" label=T::FieldMaxDays kind="number" value=p.max_days_ahead.clone() maxlength=4usize/>
                                    <Field id="p-notice" name="policy[min_notice_minutes]" label=T::FieldMinNotice kind="number" value=p.min_notice_minutes.clone() maxlength=5usize/>
                                    <div class="field"><label for="p-capacity">{T::FieldCapacityPolicy.in_lang(lang)}</label>
                                        {role_select("p-capacity", "policy[capacity_policy]", p.capacity_policy.clone(), &[("warn", T::CapacityWarn), ("refuse", T::CapacityRefuse)])}</div>
                                    <Field id="p-early" name="policy[start_early_minutes]" label=T::FieldStartEarly kind="number" value=p.start_early_minutes.clone() maxlength=3usize/>
                                    <Field id="p-grace" name="policy[grace_minutes]" label=T::FieldGrace kind="number" value=p.grace_minutes.clone() maxlength=3usize/>
                                </div>
                                <label class="check"><input type="checkbox" name="policy[approval_required]" value="on" checked=p.approval_required.is_some()/>" "{T::FieldApproval.in_lang(lang)}</label>
                                <ActionOutcome action=save ok=T::Saved/>
                                <button type="submit" class="primary">{T::Save.in_lang(lang)}</button>
                            </ActionForm>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Pending bookings of the institutions an admin runs: approve, or reject with a reason.
#[component]
fn PendingBookings() -> impl IntoView {
    let lang = use_lang();
    let decide = ServerAction::<DecideBooking>::new();
    let list = Resource::new(move || decide.version().get(), |_| pending_bookings());
    view! {
        <section class="card" aria-labelledby="pending">
            <h2 id="pending">{T::PendingTitle.in_lang(lang)}</h2>
            <ActionOutcome action=decide ok=T::Decided/>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p class="muted">{T::PendingEmpty.in_lang(lang)}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="pending" id="pending-list">
                                {items.into_iter().map(|p| {
                                    let b = p.booking.clone();
                                    let reason_id = format!("reason-{}", b.id);
                                    view! {
                                        <li>
                                            <strong>{b.title.clone()}</strong>" · "{p.room_name.clone()}" · "
                                            {format!("{} {}–{}", b.local_day, b.local_start, b.local_end)}" · "{p.booked_by.clone()}
                                            <ActionForm action=decide attr:class="inline">
                                                <input type="hidden" name="id" value=b.id/>
                                                <input type="hidden" name="decision" value="approve"/>
                                                <button type="submit" class="primary">{T::Approve.in_lang(lang)}</button>
                                            </ActionForm>
                                            <details class="confirm">
                                                <summary>{T::Reject.in_lang(lang)}</summary>
                                                <ActionForm action=decide attr:class="inline">
                                                    <input type="hidden" name="id" value=b.id/>
                                                    <input type="hidden" name="decision" value="reject"/>
                                                    <label for=reason_id.clone()>{T::FieldReason.in_lang(lang)}</label>
                                                    <input id=reason_id name="reason" required maxlength="500"/>
                                                    <button type="submit" class="danger">{T::Reject.in_lang(lang)}</button>
                                                </ActionForm>
                                            </details>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/rooms`.
#[component]
pub fn RoomsPage() -> impl IntoView {
    let lang = use_lang();
    let admin_of: Vec<(String, String)> = use_session()
        .user
        .map(|u| u.admin_of().map(|m| (m.slug.clone(), m.name.clone())).collect())
        .unwrap_or_default();
    let is_admin = !admin_of.is_empty();
    let my_institutions: Vec<i64> =
        use_session().user.map(|u| u.memberships.iter().map(|m| m.institution_id).collect()).unwrap_or_default();
    let create = ServerAction::<CreateRoom>::new();
    let rooms = Resource::new(move || create.version().get(), |_| list_rooms());
    let rights = Resource::new(|| (), |_| room_creation_rights());
    view! {
        <h1>{T::RoomsTitle.in_lang(lang)}</h1>
        <p class="muted">{T::RoomsLead.in_lang(lang)}</p>
        <Suspense fallback=Loading>
            {move || {
                let my_institutions = my_institutions.clone();
                Suspend::new(async move {
                    match rooms.await {
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        Ok(list) => {
                            // Rooms of the viewer's institutions first, then those listed for the whole network.
                            let (own, network): (Vec<RoomView>, Vec<RoomView>) =
                                list.into_iter().partition(|r| my_institutions.contains(&r.institution_id));
                            view! {
                                {if own.is_empty() {
                                    view! { <Empty text=T::RoomsEmpty/> }.into_any()
                                } else {
                                    room_cards(own, "room-list", lang).into_any()
                                }}
                                {(!network.is_empty()).then(|| view! {
                                    <section aria-labelledby="network-rooms">
                                        <h2 id="network-rooms">{T::RoomsOfNetwork.in_lang(lang)}</h2>
                                        <p class="muted">{T::RoomsOfNetworkLead.in_lang(lang)}</p>
                                        {room_cards(network, "network-room-list", lang)}
                                    </section>
                                })}
                            }
                            .into_any()
                        }
                    }
                })
            }}
        </Suspense>
        {is_admin.then(|| view! {
            <p class="policy-links">
                {admin_of.iter().map(|(slug, name)| view! {
                    <a href=format!("/institutions/{slug}/booking-rules")>{format!("{} · {}", T::PolicyLink.in_lang(lang), name)}</a>" "
                }).collect_view()}
            </p>
            <PendingBookings/>
        })}
        <FeedBox room_id=None lead=T::FeedLeadMine/>
        // Only for those the institution's rules let create a room (the server checks again).
        <Suspense>
            {move || Suspend::new(async move {
                let may = rights.await.unwrap_or_default();
                (may.room || may.personal).then(|| view! { <NewRoomBox action=create may=may/> })
            })}
        </Suspense>
    }
    .into_any()
}

/// The form that creates a room; the "personal room" box only where personal rooms are allowed (checked when only
/// those are).
#[component]
fn NewRoomBox(action: ServerAction<CreateRoom>, may: CreateRights) -> impl IntoView {
    let lang = use_lang();
    let create = action;
    view! {
        <section class="card" aria-labelledby="new-room">
            <h2 id="new-room">{T::RoomsCreate.in_lang(lang)}</h2>
            <ActionForm action=create attr:class="form" attr:id="new-room-form">
                <div class="grid-2">
                    <Field id="room-name" name="room[name]" label=T::FieldName required=true maxlength=120usize/>
                    <Field id="room-capacity" name="room[capacity]" label=T::FieldSeats kind="number" required=true maxlength=5usize/>
                    <div class="field">
                        <label for="room-visibility">{T::FieldVisibility.in_lang(lang)}</label>
                        <select id="room-visibility" name="room[visibility]">
                            <option value="institution">{T::VisibilityInstitution.in_lang(lang)}</option>
                            <option value="public">{T::VisibilityPublic.in_lang(lang)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="room-guests">{T::FieldGuestPolicy.in_lang(lang)}</label>
                        <select id="room-guests" name="room[guest_policy]">
                            <option value="ask">{T::GuestAsk.in_lang(lang)}</option>
                            <option value="open">{T::GuestOpen.in_lang(lang)}</option>
                            <option value="none">{T::GuestNone.in_lang(lang)}</option>
                        </select>
                    </div>
                    <Field id="room-code" name="room[access_code]" label=T::FieldAccessCode maxlength=32usize autocomplete="off"/>
                </div>
                <div class="field">
                    <label for="room-description">{T::FieldDescription.in_lang(lang)}</label>
                    <textarea id="room-description" name="room[description]" maxlength="2000" rows="2" inner_html=text_markup(&crate::flash::kept("room[description]", ""))></textarea>
                </div>
                <div class="field">
                    <label for="room-welcome">{T::FieldWelcome.in_lang(lang)}</label>
                    <textarea id="room-welcome" name="room[welcome]" maxlength="2000" rows="2" inner_html=text_markup(&crate::flash::kept("room[welcome]", ""))></textarea>
                </div>
                <label class="check"><input type="checkbox" name="room[record_allowed]" value="on"/>" "{T::FieldRecordAllowed.in_lang(lang)}</label>
                <label class="check"><input type="checkbox" name="room[mute_on_start]" value="on" checked/>" "{T::FieldMuteOnStart.in_lang(lang)}</label>
                {may.personal.then(|| view! {
                    <label class="check"><input type="checkbox" name="room[personal]" value="on" checked=!may.room/>" "{T::FieldPersonal.in_lang(lang)}</label>
                })}
                <ActionOutcome action=create ok=T::RoomCreated/>
                <button type="submit" class="primary">{T::RoomsCreateButton.in_lang(lang)}</button>
            </ActionForm>
        </section>
    }
}

/// A list of rooms as cards: name, institution, seats, description, a link to its calendar.
fn room_cards(list: Vec<RoomView>, id: &'static str, lang: Lang) -> impl IntoView {
    view! {
        <ul class="room-list" id=id>
            {list.into_iter().map(|r| view! {
                <li class="card room">
                    <h2><a href=format!("/rooms/{}", r.id)>{r.name.clone()}</a>
                        {r.personal.then(|| view! { " " <span class="badge">{T::RoomPersonal.in_lang(lang)}</span> })}
                    </h2>
                    <p class="muted small">{r.institution.clone()}" · "{r.capacity}" "{T::FieldSeats.in_lang(lang).to_lowercase()}</p>
                    {(!r.description.is_empty()).then(|| view! { <p>{r.description.clone()}</p> })}
                    <a href=format!("/rooms/{}", r.id)>{T::OpenCalendar.in_lang(lang)}</a>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// What a form posted without JavaScript did, said on the page it came back to: the booking is read afresh (the
/// words come from the data, never from the address).
fn done_notice(lang: Lang, what: T, p: &BookingPageView) -> impl IntoView + use<> {
    let b = &p.booking;
    // Values are filled in once, by the message: a title that looks like a placeholder stays as written.
    let text = what.with(
        lang,
        &[
            ("day", b.local_day.as_str().into()),
            ("from", b.local_start.as_str().into()),
            ("to", b.local_end.as_str().into()),
            ("room", p.room_name.as_str().into()),
            ("title", b.title.as_str().into()),
        ],
    );
    let pending = b.status == "pending";
    view! {
        <div class="notice notice-ok" role="status" id="done-notice">
            <p>{text}</p>
            {pending.then(|| view! { <p>{T::BookedPending.in_lang(lang)}</p> })}
        </div>
    }
}

/// `?collisions=N` after a form posted without JavaScript whose times were taken.
fn collided_notice(lang: Lang, n: Option<u32>) -> Option<impl IntoView + use<>> {
    n.map(|n| {
        view! {
            <div class="notice notice-warn" role="status" id="done-notice">
                <p>{T::DoneCollided.with(lang, &[("n", n.into())])}</p>
            </div>
        }
    })
}

/// `?booked=ID` on a room page after a booking made without JavaScript.
#[component]
fn BookedNotice(room: i64, booking: i64) -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(move || (booking, room), |(b, r)| get_booking(b, Some(r)));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { data.await.ok().map(|p| done_notice(lang, T::DoneBooked, &p)) })}
        </Suspense>
    }
}

#[component]
fn BookingOutcomeBox<S>(value: S) -> impl IntoView
where
    S: Get<Value = Option<Result<BookingOutcome, AppError>>> + Send + Sync + 'static,
{
    let lang = use_lang();
    move || match value.get() {
        None => ().into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
        Some(Ok(o)) => {
            let nothing = o.created.is_empty();
            view! {
                <div class=if nothing { "notice notice-warn" } else { "notice notice-ok" } role="status" id="booking-outcome">
                    {(!nothing).then(|| view! { <p>{T::Booked.with(lang, &[("n", o.created.len().into())])}</p> })}
                    {o.pending.then(|| view! { <p>{T::BookedPending.in_lang(lang)}</p> })}
                    {(o.invited > 0).then(|| view! { <p>{T::InvitationsQueued.with(lang, &[("n", o.invited.into())])}</p> })}
                    {o.capacity_short_by.map(|n| view! { <p>{T::CapacityWarning.with(lang, &[("n", n.into())])}</p> })}
                    {(!o.collisions.is_empty()).then(|| view! {
                        <p>{if nothing { T::CollisionsFound.in_lang(lang) } else { T::CollisionsSkipped.in_lang(lang) }}</p>
                        <ul class="collisions">
                            {o.collisions.iter().map(|c| view! {
                                <li>{format!("{} {}–{} · {}", c.local_day, c.local_start, c.local_end, c.with_title)}</li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
            }
            .into_any()
        }
    }
}

/// A room's settings, co-owners and deletion, for those who manage it.
#[component]
fn RoomSettingsBox(room: RoomView) -> impl IntoView {
    let lang = use_lang();
    let update = ServerAction::<UpdateRoom>::new();
    let add = ServerAction::<AddCoOwner>::new();
    let remove = ServerAction::<RemoveCoOwner>::new();
    let delete = ServerAction::<DeleteRoom>::new();
    let room_id = room.id;
    let (personal, room_name) = (room.personal, room.name.clone());
    let admin = Resource::new(move || (add.version().get(), remove.version().get()), move |_| room_admin(room_id));
    let sel = |v: &str, cur: &str| v == cur;
    view! {
        <section class="card" aria-labelledby="room-settings">
            <details>
                <summary><h2 id="room-settings" class="inline-heading">{T::RoomSettings.in_lang(lang)}</h2></summary>
                <ActionForm action=update attr:class="form" attr:id="room-settings-form">
                    <input type="hidden" name="room_id" value=room.id/>
                    <div class="grid-2">
                        <Field id="rs-name" name="room[name]" label=T::FieldName required=true maxlength=120usize value=room.name.clone()/>
                        <Field id="rs-capacity" name="room[capacity]" label=T::FieldSeats kind="number" required=true maxlength=5usize value=room.capacity.to_string()/>
                        {(!room.personal).then(|| view! {
                            <div class="field">
                                <label for="rs-visibility">{T::FieldVisibility.in_lang(lang)}</label>
                                <select id="rs-visibility" name="room[visibility]">
                                    <option value="institution" selected=sel("institution", &room.visibility)>{T::VisibilityInstitution.in_lang(lang)}</option>
                                    <option value="public" selected=sel("public", &room.visibility)>{T::VisibilityPublic.in_lang(lang)}</option>
                                </select>
                            </div>
                        })}
                        <div class="field">
                            <label for="rs-guests">{T::FieldGuestPolicy.in_lang(lang)}</label>
                            <select id="rs-guests" name="room[guest_policy]">
                                <option value="ask" selected=sel("ask", &room.guest_policy)>{T::GuestAsk.in_lang(lang)}</option>
                                <option value="open" selected=sel("open", &room.guest_policy)>{T::GuestOpen.in_lang(lang)}</option>
                                <option value="none" selected=sel("none", &room.guest_policy)>{T::GuestNone.in_lang(lang)}</option>
                            </select>
                        </div>
                        <Field id="rs-code" name="room[access_code]" label=T::FieldAccessCode maxlength=32usize autocomplete="off" hint=T::AccessCodeKeep/>
                    </div>
                    {room.has_access_code.then(|| view! {
                        <label class="check"><input type="checkbox" name="room[clear_access_code]" value="on"/>" "{T::AccessCodeClear.in_lang(lang)}</label>
                    })}
                    <div class="field">
                        <label for="rs-description">{T::FieldDescription.in_lang(lang)}</label>
                        <textarea id="rs-description" name="room[description]" maxlength="2000" rows="2" inner_html=text_markup(&room.description)></textarea>
                    </div>
                    <div class="field">
                        <label for="rs-welcome">{T::FieldWelcome.in_lang(lang)}</label>
                        <textarea id="rs-welcome" name="room[welcome]" maxlength="2000" rows="2" inner_html=text_markup(&room.welcome)></textarea>
                    </div>
                    <label class="check"><input type="checkbox" name="room[record_allowed]" value="on" checked=room.record_allowed/>" "{T::FieldRecordAllowed.in_lang(lang)}</label>
                    <label class="check"><input type="checkbox" name="room[mute_on_start]" value="on" checked=room.mute_on_start/>" "{T::FieldMuteOnStart.in_lang(lang)}</label>
                    <ActionOutcome action=update ok=T::Saved/>
                    <button type="submit" class="primary">{T::Save.in_lang(lang)}</button>
                </ActionForm>
                <Suspense fallback=|| view! { <Loading/> }>
                    {move || admin.get().map(|r| match r {
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        Ok(a) => {
                            let name = room_name.clone();
                            let can = a.can_administer;
                            let upcoming = a.upcoming_bookings;
                            let owners = a.co_owners;
                            view! {
                                {(!personal).then(move || view! {
                                    <h3>{T::CoOwners.in_lang(lang)}</h3>
                                    <p class="muted small">{T::CoOwnersLead.in_lang(lang)}</p>
                                    {if owners.is_empty() {
                                        view! { <Empty text=T::CoOwnersEmpty/> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="co-owners" id="co-owners">
                                                {owners.into_iter().map(|c| {
                                                    let uid = c.user_id;
                                                    let label = format!("{} <{}>", c.name, c.email);
                                                    view! {
                                                        <li>
                                                            {label}
                                                            {can.then(move || view! {
                                                                " "
                                                                <ActionForm action=remove attr:class="inline">
                                                                    <input type="hidden" name="room_id" value=room_id/>
                                                                    <input type="hidden" name="user_id" value=uid/>
                                                                    <button type="submit" class="link">{T::CoOwnerRemove.in_lang(lang)}</button>
                                                                </ActionForm>
                                                            })}
                                                        </li>
                                                    }
                                                }).collect_view()}
                                            </ul>
                                        }.into_any()
                                    }}
                                    {can.then(|| view! {
                                        <ActionForm action=add attr:class="inline" attr:id="co-owner-form">
                                            <input type="hidden" name="room_id" value=room_id/>
                                            <Field id="co-email" name="email" label=T::FieldEmail kind="email" required=true maxlength=254usize/>
                                            <button type="submit">{T::CoOwnerAdd.in_lang(lang)}</button>
                                        </ActionForm>
                                    })}
                                    <ActionOutcome action=add ok=T::Saved/>
                                    <ActionOutcome action=remove ok=T::Saved/>
                                })}
                                {can.then(|| view! {
                                    <details class="confirm danger-zone">
                                        <summary>{T::RoomDelete.in_lang(lang)}</summary>
                                        <ActionForm action=delete attr:class="inline" attr:id="delete-room-form">
                                            <input type="hidden" name="room_id" value=room_id/>
                                            <span>{T::RoomDeleteConfirm.with(lang, &[("name", name.as_str().into()), ("n", upcoming.into())])}</span>
                                            <button type="submit" class="danger">{T::RoomDeleteButton.in_lang(lang)}</button>
                                        </ActionForm>
                                    </details>
                                    <ActionOutcome action=delete ok=T::Saved/>
                                })}
                            }.into_any()
                        }
                    })}
                </Suspense>
            </details>
        </section>
    }
    .into_any()
}

#[component]
fn EditOutcomeBox<S>(value: S) -> impl IntoView
where
    S: Get<Value = Option<Result<EditOutcome, AppError>>> + Send + Sync + 'static,
{
    let lang = use_lang();
    move || match value.get() {
        None => ().into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
        Some(Ok(o)) if o.collisions.is_empty() => view! {
            <div class="notice notice-ok" role="status" id="edit-outcome">
                <p>{T::EditSaved.with(lang, &[("n", o.changed.into())])}</p>
                {o.pending.then(|| view! { <p>{T::BookedPending.in_lang(lang)}</p> })}
                {o.capacity_short_by.map(|n| view! { <p>{T::CapacityWarning.with(lang, &[("n", n.into())])}</p> })}
            </div>
        }
        .into_any(),
        Some(Ok(o)) => view! {
            <div class="notice notice-warn" role="status" id="edit-outcome">
                <p>{T::EditCollisions.in_lang(lang)}</p>
                <ul class="collisions">
                    {o.collisions.iter().map(|c| view! {
                        <li>{format!("{} {}–{} · {}", c.local_day, c.local_start, c.local_end, c.with_title)}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any(),
    }
}

/// Guest links of a room, for those who manage it: make one (shown once), see them, revoke them.
#[component]
fn GuestLinks(room_id: i64) -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateGuestLink>::new();
    let revoke = ServerAction::<RevokeGuestLink>::new();
    let links =
        Resource::new(move || (create.version().get(), revoke.version().get()), move |_| list_guest_links(room_id));
    view! {
        <section class="card" aria-labelledby="guest-links">
            <h2 id="guest-links">{T::GuestLinksTitle.in_lang(lang)}</h2>
            <p class="muted small">{T::GuestLinksLead.in_lang(lang)}</p>
            <ActionForm action=create attr:class="form" attr:id="guest-link-form">
                <input type="hidden" name="link[room_id]" value=room_id/>
                <div class="grid-2">
                    <Field id="gl-label" name="link[label]" label=T::FieldLabel maxlength=80usize/>
                    <Field id="gl-days" name="link[days]" label=T::FieldDays kind="number" value="7" maxlength=2usize/>
                </div>
                <button type="submit">{T::GuestLinkCreate.in_lang(lang)}</button>
            </ActionForm>
            {match create.value().get_untracked() {
                Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                _ => crate::flash::revealed(<CreateGuestLink as leptos::server_fn::ServerFn>::PATH).map(|url| view! {
                    <div class="notice notice-ok" role="status">
                        <label for="gl-url">{T::GuestLinkCreated.in_lang(lang)}</label>
                        <input id="gl-url" type="text" readonly value=url class="copy"/>
                    </div>
                }).into_any(),
            }}
            <ActionOutcome action=revoke ok=T::Saved/>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match links.await {
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{T::GuestLinksEmpty.in_lang(lang)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="guest-links">
                                {list.into_iter().map(|l| {
                                    let live = !l.revoked && !l.expired;
                                    view! {
                                        <li>
                                            <strong>{if l.label.is_empty() { "—".to_owned() } else { l.label.clone() }}</strong>" · "
                                            {if l.revoked { T::GuestLinkRevoked.in_lang(lang).to_owned() }
                                             else if l.expired { T::GuestLinkExpired.in_lang(lang).to_owned() }
                                             else { T::GuestLinkUntil.with(lang, &[("name", l.expires_local.as_str().into())]) }}
                                            {live.then(|| view! {
                                                <details class="confirm">
                                                    <summary>{T::GuestLinkRevoke.in_lang(lang)}</summary>
                                                    <ActionForm action=revoke attr:class="inline">
                                                        <input type="hidden" name="id" value=l.id/>
                                                        <span>{T::GuestLinkRevokeConfirm.in_lang(lang)}</span>
                                                        <button type="submit" class="danger">{T::GuestLinkRevoke.in_lang(lang)}</button>
                                                    </ActionForm>
                                                </details>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// A private webcal feed: of a room (`room_id`) or of the viewer's own bookings.
#[component]
pub fn FeedBox(room_id: Option<i64>, lead: T) -> impl IntoView {
    let lang = use_lang();
    let make = ServerAction::<CalendarFeed>::new();
    let stop = ServerAction::<StopCalendarFeed>::new();
    let field = room_id.map(|id| id.to_string()).unwrap_or_default();
    let field2 = field.clone();
    view! {
        <section class="card" aria-labelledby=format!("feed-{field}")>
            <h2 id=format!("feed-{field}")>{T::FeedTitle.in_lang(lang)}</h2>
            <p class="muted small">{lead.in_lang(lang)}</p>
            <ActionForm action=make attr:class="inline">
                {room_id.map(|id| view! { <input type="hidden" name="room_id" value=id/> })}
                <button type="submit">{T::FeedMake.in_lang(lang)}</button>
            </ActionForm>
            {match make.value().get_untracked() {
                Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                _ => crate::flash::revealed(<CalendarFeed as leptos::server_fn::ServerFn>::PATH).map(|url| {
                    let webcal = url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
                    view! {
                        <div class="notice notice-ok" role="status">
                            <label for=format!("feed-url-{field2}")>{T::FeedUrl.in_lang(lang)}</label>
                            <input id=format!("feed-url-{field2}") type="text" readonly value=url.clone() class="copy"/>
                            <a href=webcal>{"webcal"}</a>
                        </div>
                    }
                }).into_any(),
            }}
            <details class="confirm">
                <summary>{T::FeedStop.in_lang(lang)}</summary>
                <ActionForm action=stop attr:class="inline">
                    {room_id.map(|id| view! { <input type="hidden" name="room_id" value=id/> })}
                    <button type="submit" class="danger">{T::FeedStop.in_lang(lang)}</button>
                </ActionForm>
            </details>
            <ActionOutcome action=stop ok=T::FeedStopped/>
        </section>
    }
    .into_any()
}

/// `/guest/:token`: a guest gives a name (and the access code) and joins; no account needed.
#[component]
pub fn GuestPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.get().get("token").unwrap_or_default();
    let join = ServerAction::<GuestJoin>::new();
    let room = Resource::new(token, guest_room);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match room.await {
                    Err(AppError::NotFound) => view! {
                        <h1>{T::GuestTitle.in_lang(lang)}</h1>
                        <p class="notice notice-warn" role="alert">{T::GuestLinkGone.in_lang(lang)}</p>
                    }.into_any(),
                    Err(e) => view! { <h1>{T::GuestTitle.in_lang(lang)}</h1><ErrorBox error=e/> }.into_any(),
                    Ok(r) => {
                        // The name typed before (a join tried too early comes back with it; the page's own
                        // refresh carries it in its address), which the guest may still change.
                        let name = crate::flash::kept("name", query.get_untracked().get("name").unwrap_or_default());
                        let again = format!("30;url=/guest/{}?name={}", urlencode(&token()), urlencode(&name));
                        let expected = r.expected.clone().map(|(date, time, zone)| {
                            let day = calendar::day_labels(lang, &date).1;
                            T::GuestExpected.with(lang, &[("date", day.into()), ("time", time.into()), ("zone", zone.into())])
                        });
                        view! {
                        <crate::institutions::BrandBar brand=r.brand.clone()/>
                        <h1>{r.room_name.clone()}</h1>
                        {(!r.running).then(|| view! {
                            <div class="notice notice-warn" role="status" id="guest-status">
                                <p><strong>{T::GuestNotRunning.in_lang(lang)}</strong></p>
                                <p>{expected.unwrap_or_else(|| T::GuestNoExpected.in_lang(lang).to_owned())}</p>
                                <p class="small">{T::GuestChecksAgain.in_lang(lang)}</p>
                            </div>
                            // Without a script the page reloads itself, the name kept; with one, it asks quietly.
                            <noscript><meta http-equiv="refresh" content=again/></noscript>
                            <GuestWait token=token()/>
                        })}
                        <section class="card" aria-labelledby="guest-join">
                            <h2 id="guest-join">{T::GuestTitle.in_lang(lang)}</h2>
                            <ActionForm action=join attr:class="form" attr:id="guest-form">
                                <input type="hidden" name="token" value=token()/>
                                <Field id="guest-name" name="name" label=T::GuestYourName required=true maxlength=80usize autocomplete="name" value=name.clone()/>
                                {r.needs_code.then(|| view! {
                                    <Field id="guest-code" name="access_code" label=T::GuestCode required=true maxlength=32usize autocomplete="off"/>
                                })}
                                {r.moderated.then(|| view! { <p class="muted small">{T::GuestWaiting.in_lang(lang)}</p> })}
                                <ActionOutcome action=join ok=T::GuestJoin/>
                                <button type="submit" class="primary">{T::GuestJoin.in_lang(lang)}</button>
                            </ActionForm>
                        </section>
                    }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// While a guest waits for the meeting: asks every 15 seconds whether it runs, and when it does, shows the page
/// again with the name typed so far (the Join button then lets the guest in).
#[island]
fn GuestWait(token: String) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let token = token.clone();
        let _ = set_interval_with_handle(
            move || {
                let token = token.clone();
                leptos::task::spawn_local(async move {
                    if matches!(guest_room(token.clone()).await, Ok(r) if r.running) {
                        use wasm_bindgen::JsCast;
                        let doc = web_sys::window().and_then(|w| w.document());
                        let name = doc
                            .and_then(|d| d.get_element_by_id("guest-name"))
                            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                            .map(|i| i.value())
                            .unwrap_or_default();
                        let to = format!("/guest/{}?name={}", urlencode(&token), urlencode(&name));
                        if let Some(w) = web_sys::window() {
                            let _ = w.location().replace(&to);
                        }
                    }
                });
            },
            std::time::Duration::from_secs(15),
        );
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = token;
}

/// What a pointer is doing on the calendar (after hydration only).
#[derive(Clone)]
#[allow(dead_code)]
enum Drag {
    /// Sweeping free time in a day column.
    Select { day: DayView, top: f64, height: f64, f0: f64 },
    /// Moving a booking (or, `resize`, its end) within its day.
    Move { booking: BookingView, day: DayView, height: f64, y0: f64, resize: bool, delta: i64 },
}

/// The calendar: day columns with their bookings. After hydration, sweep free time to fill the booking form, drag a
/// booking to move it or its lower edge to resize it; the server re-validates every change and a refused one snaps
/// back with the reason. Without a pointer, each booking has a form to change its time.
#[component]
fn CalendarGrid(cal: CalendarView, changed: RwSignal<u32>, drag_error: RwSignal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    // Plain data (Send + Sync): the page is also rendered on the server's worker threads.
    let drag = StoredValue::new(None::<Drag>);
    let sel = RwSignal::new(None::<(String, i64, i64)>);
    let preview = RwSignal::new(None::<(i64, i64, i64)>);
    let draggable = cal.mode != "month";
    let frame = Frame {
        mode: cal.mode.clone(),
        days: cal.days.clone(),
        now: cal.now,
        today: cal.today.clone(),
        base: format!("/rooms/{}", cal.room.id),
    };
    let bookings = cal.bookings.clone();
    let column = move |d: &DayView| {
        let todays = calendar::of_day(&bookings, d, |b| (b.starts_at, b.ends_at));
        let empty = todays.is_empty();
        let (day_a, day_b) = (d.clone(), d.clone());
        let date = d.date.clone();
        view! {
            <ol class="cal-bookings" data-day=d.date.clone()
                on:pointerdown=move |ev| { if draggable { pointer_down(&ev, &day_a, drag, sel); } }
                on:pointermove=move |ev| pointer_move(&ev, drag, sel, preview)
                on:pointerup=move |ev| pointer_up(&ev, drag, sel, preview, changed, drag_error)
            >
                {empty.then(|| view! { <li class="cal-empty muted small">{T::CalNothing.in_lang(lang)}</li> })}
                {move || sel.get().filter(|(d, ..)| *d == date).map(|(_, s, e)| {
                    view! { <li class="selection" aria-hidden="true" style=calendar::block_style(&day_b, s, e, (0, 1))>
                        {format!("{}–{}", drag::hhmm(&day_b, s), drag::hhmm(&day_b, e))}
                    </li> }
                })}
                {todays.into_iter().map(|(b, lane)| {
                    let day = d.clone();
                    let day_e = d.clone();
                    let bid = b.id;
                    let (b_starts, b_ends) = (b.starts_at, b.ends_at);
                    let style = move || {
                        let (s, e) = match preview.get() {
                            Some((id, s, e)) if id == bid => (s, e),
                            _ => (b_starts, b_ends),
                        };
                        calendar::block_style(&day, s, e, lane)
                    };
                    let b2 = b.clone();
                    let b3 = b.clone();
                    let tip = format!("{}–{} {}", b.local_start, b.local_end, b.title);
                    view! {
                        <li class=format!("booking status-{}", b.status) style=style data-booking=b.id title=tip
                            on:pointerdown=move |ev| { if draggable && b2.can_change { booking_down(&ev, &b2, &day_e, drag); } }>
                            <strong class="when">{b.local_start.clone()}"–"{b.local_end.clone()}</strong>" "
                            <span class="what">{b.title.clone()}</span>
                            {(b.status == "pending").then(|| view! { " " <span class="badge">{T::StatusPending.in_lang(lang)}</span> })}
                            {b.in_series.then(|| view! { " " <span class="badge">{T::InSeries.in_lang(lang)}</span> })}
                            <span class="more">
                                {(b3.can_change || b3.status == "confirmed").then(|| view! {
                                " "<a class="small booking-details" href=format!("/rooms/{}/bookings/{}", b3.room_id, b3.id)>
                                    {if b3.can_change { T::EditBooking.in_lang(lang) } else { T::BookingDetails.in_lang(lang) }}
                                </a>
                                })}
                                " "<a class="small" href=format!("/bookings/{}/ics", b.id) download>{T::DownloadIcs.in_lang(lang)}</a>
                            </span>
                            {b3.can_change.then(|| view! {
                                <span class="resize-handle" aria-hidden="true"></span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        {draggable.then(|| view! { <p class="muted small drag-hint">{T::DragHint.in_lang(lang)}</p> })}
        {move || drag_error.get().map(|e| view! { <div id="drag-error"><ErrorBox error=e/></div> })}
        {calendar::frame(frame, "calendar", column)}
    }
}

#[cfg(feature = "hydrate")]
mod pointer {
    use wasm_bindgen::JsCast;

    /// The column (`ol`) an event happened in, and its box.
    pub fn column(ev: &leptos::ev::PointerEvent) -> Option<(web_sys::HtmlElement, web_sys::DomRect)> {
        let el: web_sys::Element = ev.target()?.dyn_into().ok()?;
        let col: web_sys::HtmlElement = el.closest("ol.cal-bookings").ok()??.dyn_into().ok()?;
        let rect = col.get_bounding_client_rect();
        Some((col, rect))
    }

    /// Whether the event started on something that has its own meaning (a link, a button, a form field…).
    pub fn on_control(ev: &leptos::ev::PointerEvent) -> bool {
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return true };
        el.closest("a, button, input, select, textarea, summary, details[open]").ok().flatten().is_some()
    }

    pub fn on_booking(ev: &leptos::ev::PointerEvent) -> bool {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(".booking").ok().flatten())
            .is_some()
    }

    pub fn on_resize_handle(ev: &leptos::ev::PointerEvent) -> bool {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.class_list().contains("resize-handle"))
    }

    /// Puts a swept slot into the booking form — as a duration when the list offers it, else as an end under
    /// "another end" — and moves the focus to its title.
    /// `minutes`: the slot's real length (on a clock-change day not the difference of its two wall times).
    pub fn fill_form(date: &str, start: &str, end: &str, minutes: i64) {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let listed = u32::try_from(minutes).ok().filter(|m| super::DURATIONS.contains(m));
        let end = if listed.is_some() { "" } else { end };
        for (id, value) in [("b-date", date), ("b-start", start), ("b-end", end), ("b-end-date", "")] {
            if let Some(input) = doc.get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                input.set_value(value);
            }
        }
        if let Some(m) = listed
            && let Some(select) =
                doc.get_element_by_id("b-duration").and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
        {
            select.set_value(&m.to_string());
        }
        if let Some(details) = doc.get_element_by_id("b-other-end") {
            let _ = if listed.is_some() { details.remove_attribute("open") } else { details.set_attribute("open", "") };
        }
        if let Some(title) = doc.get_element_by_id("b-title").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = title.focus();
        }
    }
}

fn pointer_down(
    ev: &leptos::ev::PointerEvent,
    day: &DayView,
    drag: StoredValue<Option<Drag>>,
    sel: RwSignal<Option<(String, i64, i64)>>,
) {
    #[cfg(feature = "hydrate")]
    {
        if pointer::on_booking(ev) || pointer::on_control(ev) {
            return;
        }
        let Some((col, rect)) = pointer::column(ev) else { return };
        let f0 = (f64::from(ev.client_y()) - rect.top()) / rect.height().max(1.0);
        let _ = col.set_pointer_capture(ev.pointer_id());
        ev.prevent_default();
        drag.set_value(Some(Drag::Select { day: day.clone(), top: rect.top(), height: rect.height(), f0 }));
        let (s, e) = drag::selection(day, f0, f0);
        sel.set(Some((day.date.clone(), s, e)));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, day, drag, sel);
}

fn booking_down(ev: &leptos::ev::PointerEvent, booking: &BookingView, day: &DayView, drag: StoredValue<Option<Drag>>) {
    #[cfg(feature = "hydrate")]
    {
        if pointer::on_control(ev) {
            return;
        }
        let Some((col, rect)) = pointer::column(ev) else { return };
        let _ = col.set_pointer_capture(ev.pointer_id());
        ev.prevent_default();
        drag.set_value(Some(Drag::Move {
            booking: booking.clone(),
            day: day.clone(),
            height: rect.height(),
            y0: f64::from(ev.client_y()),
            resize: pointer::on_resize_handle(ev),
            delta: 0,
        }));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, booking, day, drag);
}

fn pointer_move(
    ev: &leptos::ev::PointerEvent,
    drag: StoredValue<Option<Drag>>,
    sel: RwSignal<Option<(String, i64, i64)>>,
    preview: RwSignal<Option<(i64, i64, i64)>>,
) {
    let y = f64::from(ev.client_y());
    let Some(state) = drag.get_value() else { return };
    match state {
        Drag::Select { day, top, height, f0 } => {
            let f1 = (y - top) / height.max(1.0);
            let (s, e) = drag::selection(&day, f0, f1);
            sel.set(Some((day.date.clone(), s, e)));
        }
        Drag::Move { booking, day, height, y0, resize, .. } => {
            let delta = drag::shift(&day, (y - y0) / height.max(1.0));
            let (s, e) = drag::moved(&day, (booking.starts_at, booking.ends_at), delta, resize);
            preview.set(Some((booking.id, s, e)));
            drag.update_value(|d| {
                if let Some(Drag::Move { delta: dd, .. }) = d {
                    *dd = delta;
                }
            });
        }
    }
}

fn pointer_up(
    _ev: &leptos::ev::PointerEvent,
    drag: StoredValue<Option<Drag>>,
    sel: RwSignal<Option<(String, i64, i64)>>,
    preview: RwSignal<Option<(i64, i64, i64)>>,
    changed: RwSignal<u32>,
    drag_error: RwSignal<Option<AppError>>,
) {
    let Some(state) = drag.get_value() else { return };
    drag.set_value(None);
    match state {
        Drag::Select { day, .. } => {
            if let Some((_, s, e)) = sel.get_untracked() {
                #[cfg(feature = "hydrate")]
                pointer::fill_form(&day.date, &drag::hhmm(&day, s), &drag::hhmm(&day, e), (e - s) / 60);
                #[cfg(not(feature = "hydrate"))]
                let _ = (day, s, e);
            }
        }
        Drag::Move { booking, day, resize, delta, .. } => {
            if delta == 0 {
                preview.set(None);
                return;
            }
            let (s, e) = drag::moved(&day, (booking.starts_at, booking.ends_at), delta, resize);
            leptos::task::spawn_local(async move {
                let result = move_booking(booking.id, s, e).await;
                drag_error.set(result.err());
                preview.set(None);
                changed.update(|v| *v += 1);
            });
        }
    }
}

/// Previous / day / week / month / next links of a calendar page at `base`, the mini month to jump to a date, and
/// the zone its times are in.
#[component]
fn CalendarNav(
    base: String,
    mode: String,
    from: String,
    prev: String,
    next: String,
    timezone: String,
    today: String,
    shown: Vec<String>,
    /// Offer the agenda (list) view too ("My bookings").
    #[prop(optional)]
    agenda: bool,
) -> impl IntoView {
    let lang = use_lang();
    let modes: &[&str] = if agenda { &["day", "week", "month", "agenda"] } else { &["day", "week", "month"] };
    let link = {
        let base = base.clone();
        move |view: &str, from: &str| format!("{base}?view={view}&from={from}")
    };
    view! {
        <div class="cal-toolbar">
            <nav class="cal-nav" aria-label=T::OpenCalendar.in_lang(lang)>
                <a href=link(&mode, &prev) rel="prev">{"← "}{T::CalPrev.in_lang(lang)}</a>
                <a href=link(&mode, &today) class="cal-today">{T::CalToday.in_lang(lang)}</a>
                <a href=link(&mode, &next) rel="next">{T::CalNext.in_lang(lang)}{" →"}</a>
                <span class="cal-modes">
                    {modes.iter().copied().map(|m| {
                        let label = match m {
                            "day" => T::CalDay,
                            "month" => T::CalMonth,
                            "agenda" => T::CalAgenda,
                            _ => T::CalWeek,
                        };
                        let current = m == mode;
                        view! { <a href=link(m, &from) aria-current=current.then_some("page")>{label.in_lang(lang)}</a> }
                    }).collect_view()}
                </span>
            </nav>
            <calendar::MiniMonth base=base mode=mode.clone() from=from.clone() today=today.clone() shown=shown/>
        </div>
        <p class="muted small">{T::CalTimes.with(lang, &[("name", timezone.as_str().into())])}
            <span class="cal-keys-hint">" "{T::CalKeysHint.in_lang(lang)}</span></p>
        <calendar::CalendarKeys/>
    }
    .into_any()
}

/// `/bookings?view=week|day|month&from=YYYY-MM-DD`: the viewer's own bookings in every room, in their time zone;
/// each links to its page (edit, cancel, .ics).
#[component]
pub fn MyBookingsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let mode = move || query.get().get("view").unwrap_or_else(|| "week".into());
    let from = move || query.get().get("from");
    let data = Resource::new(move || (mode(), from()), |(mode, from)| my_calendar(mode, from));
    view! {
        <h1>{T::MyBookingsTitle.in_lang(lang)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    Ok(cal) => {
                        let shown: Vec<String> = cal.days.iter().map(|d| d.date.clone()).collect();
                        let frame = Frame {
                            mode: cal.mode.clone(),
                            days: cal.days.clone(),
                            now: cal.now,
                            today: cal.today.clone(),
                            base: "/bookings".to_owned(),
                        };
                        let bookings = cal.bookings.clone();
                        let column = move |d: &DayView| {
                            let todays = calendar::of_day(&bookings, d, |m| (m.booking.starts_at, m.booking.ends_at));
                            let empty = todays.is_empty();
                            view! {
                                <ol class="cal-bookings">
                                    {empty.then(|| view! { <li class="cal-empty muted small">{T::CalNothing.in_lang(lang)}</li> })}
                                    {todays.into_iter().map(|(m, lane)| {
                                        let b = m.booking;
                                        let tip = format!("{}–{} {} · {}", b.local_start, b.local_end, b.title, m.room_name);
                                        view! {
                                            <li class=format!("booking status-{}", b.status) style=calendar::block_style(d, b.starts_at, b.ends_at, lane) title=tip>
                                                <a href=format!("/rooms/{}/bookings/{}", b.room_id, b.id)>
                                                    <strong class="when">{b.local_start.clone()}"–"{b.local_end.clone()}</strong>" "<span class="what">{b.title.clone()}</span>
                                                </a>
                                                " "<span class="muted small">{m.room_name.clone()}</span>
                                                {(b.status == "pending").then(|| view! { " " <span class="badge">{T::StatusPending.in_lang(lang)}</span> })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        };
                        let agenda = cal.mode == "agenda";
                        view! {
                            <CalendarNav base="/bookings".to_owned() mode=cal.mode.clone() from=cal.from.clone() prev=cal.prev.clone() next=cal.next.clone() timezone=cal.timezone.clone() today=cal.today.clone() shown=shown agenda=true/>
                            {cal.bookings.is_empty().then(|| view! { <Empty text=T::MyBookingsEmpty/> })}
                            {if agenda {
                                agenda_list(&cal).into_any()
                            } else {
                                calendar::frame(frame, "my-calendar", column).into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The agenda view of "My bookings": the days that hold bookings, each under its date in the page's language
/// (today marked), a line per booking with its times, title, room and state. A booking across midnight is listed
/// under each day it covers.
fn agenda_list(cal: &MyCalendarView) -> impl IntoView + use<> {
    let lang = use_lang();
    let days: Vec<(DayView, Vec<MyBooking>)> = cal
        .days
        .iter()
        .map(|d| (d.clone(), calendar::of_day(&cal.bookings, d, |m| (m.booking.starts_at, m.booking.ends_at))))
        .filter(|(_, todays)| !todays.is_empty())
        .map(|(d, todays)| (d, todays.into_iter().map(|(m, _)| m).collect()))
        .collect();
    let today = cal.today.clone();
    view! {
        <div class="agenda" id="my-agenda">
            {days.into_iter().map(|(d, todays)| {
                let (_, long) = calendar::day_labels(lang, &d.date);
                let is_today = d.date == today;
                view! {
                    <section class=if is_today { "agenda-day today" } else { "agenda-day" } data-day=d.date.clone()>
                        <h2>
                            <a href=format!("/bookings?view=day&from={}", d.date) aria-current=is_today.then_some("date")>{long}</a>
                            {is_today.then(|| view! { " " <span class="badge">{T::CalToday.in_lang(lang)}</span> })}
                        </h2>
                        <ul>
                            {todays.into_iter().map(|m| {
                                let b = m.booking;
                                view! {
                                    <li class=format!("agenda-item status-{}", b.status)>
                                        <span class="when">{b.local_start.clone()}"–"{b.local_end.clone()}</span>
                                        <a href=format!("/rooms/{}/bookings/{}", b.room_id, b.id) class="what">{b.title.clone()}</a>
                                        <span class="muted small">{m.room_name.clone()}</span>
                                        {(b.status == "pending").then(|| view! { <span class="badge">{T::StatusPending.in_lang(lang)}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view()}
        </div>
    }
}

/// `/rooms/:id/bookings/:booking`: one booking — its details, the .ics, and for those who may change it the
/// edit form (with the series choice) and cancelling (with confirmation). Works without JavaScript.
#[component]
pub fn BookingPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.get().get("booking").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let room = move || params.get().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let query = use_query_map();
    let edit = ServerAction::<EditBooking>::new();
    let cancel = ServerAction::<CancelBooking>::new();
    let invite = ServerAction::<ChangeInvitees>::new();
    let data = Resource::new(
        move || (id(), room(), edit.version().get(), cancel.version().get(), invite.version().get()),
        |(id, room, ..)| get_booking(id, Some(room)),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <h1>{T::BookingDetails.in_lang(lang)}</h1><ErrorBox error=e/> }.into_any(),
                    Ok(p) => {
                        let b = p.booking.clone();
                        let back = format!("/rooms/{}?view=week&from={}", p.room_id, b.local_day);
                        let held = matches!(b.status.as_str(), "confirmed" | "pending");
                        let title = b.title.clone();
                        view! {
                            <p><a href=back.clone()>{"← "}{p.room_name.clone()}</a></p>
                            <h1>{b.title.clone()}</h1>
                            {match query.get().get("done").as_deref() {
                                Some("saved") => Some(view! {
                                    {done_notice(lang, T::DoneSaved, &p)}
                                    {crate::flash::revealed(<EditBooking as leptos::server_fn::ServerFn>::PATH).and_then(|n| n.parse::<u32>().ok()).map(|n| view! {
                                        <div class="notice notice-ok" role="status" id="edit-outcome">
                                            <p>{T::EditSaved.with(lang, &[("n", n.into())])}</p>
                                        </div>
                                    })}
                                }.into_any()),
                                Some("cancelled") => Some(done_notice(lang, T::DoneCancelled, &p).into_any()),
                                Some("invitees") => crate::flash::revealed(<ChangeInvitees as leptos::server_fn::ServerFn>::PATH).map(|n| {
                                    let mut n = n.split(' ').map(|v| v.parse::<u32>().unwrap_or(0));
                                    let (added, removed) = (n.next().unwrap_or(0), n.next().unwrap_or(0));
                                    view! { <InviteesNotice added removed/> }.into_any()
                                }),
                                _ => None,
                            }}
                            {collided_notice(lang, query.get().get("collisions").and_then(|n| n.parse::<u32>().ok()))}
                            <p class="booking-when">
                                {format!("{} {}–{}", b.local_day, b.local_start, b.local_end)}
                                " "<span class="muted small">{T::CalTimes.with(lang, &[("name", p.timezone.as_str().into())])}</span>
                            </p>
                            <p>
                                {match b.status.as_str() {
                                    "pending" => view! { <span class="badge">{T::StatusPending.in_lang(lang)}</span> }.into_any(),
                                    "cancelled" | "rejected" => view! { <span class="badge">{T::BookingCancelled.in_lang(lang)}</span> }.into_any(),
                                    _ => ().into_any(),
                                }}
                                {b.in_series.then(|| view! { " "<span class="badge">{T::InSeries.in_lang(lang)}</span> })}
                                {(b.expected > 0).then(|| view! { " "<span class="muted">{T::ExpectedCount.with(lang, &[("n", b.expected.into())])}</span> })}
                            </p>
                            {(!b.description.is_empty()).then(|| view! { <p class="booking-description">{b.description.clone()}</p> })}
                            {(!p.held.is_empty()).then(|| view! {
                                <ul class="held-meetings" id="held-meetings" aria-label=T::MeetingsHeld.in_lang(lang)>
                                    {p.held.iter().map(|h| view! {
                                        <li>{T::MeetingHeld.with(lang, &[
                                            ("day", h.local_day.as_str().into()),
                                            ("from", h.local_start.as_str().into()),
                                            ("to", h.local_end.as_str().into()),
                                            ("n", h.minutes.into()),
                                        ])}</li>
                                    }).collect_view()}
                                </ul>
                            })}
                            {(b.can_change && held).then(|| view! {
                                <InviteesBox booking_id=b.id room_id=p.room_id invitees=p.invitees.clone() mail_enabled=p.mail_enabled action=invite/>
                            })}
                            <p><a href=format!("/rooms/{}/bookings/{}/ics", p.room_id, b.id) download>{T::DownloadIcs.in_lang(lang)}</a></p>
                            <EditOutcomeBox value=edit.value()/>
                            <ActionOutcome action=cancel ok=T::BookingCancelled/>
                            {(b.can_change && held).then(|| view! {
                                <section class="card" aria-labelledby="edit-booking">
                                    <h2 id="edit-booking">{T::EditBooking.in_lang(lang)}</h2>
                                    <ActionForm action=edit attr:class="form edit-booking" attr:id="edit-booking-form">
                                        <input type="hidden" name="edit[id]" value=b.id/>
                                        <input type="hidden" name="edit[room_id]" value=p.room_id/>
                                        <Field id="e-title" name="edit[title]" label=T::FieldTitle required=true maxlength=200usize value=b.title.clone()/>
                                        <div class="grid-3">
                                            <Field id="e-date" name="edit[date]" label=T::FieldDate kind="date" required=true value=b.local_day.clone()/>
                                            <Field id="e-start" name="edit[start]" label=T::FieldStart kind="time" required=true value=b.local_start.clone()/>
                                            <Field id="e-end" name="edit[end]" label=T::FieldEnd kind="time" required=true value=b.local_end.clone()/>
                                        </div>
                                        <div class="field">
                                            <label for="e-description">{T::FieldDescription.in_lang(lang)}</label>
                                            <textarea id="e-description" name="edit[description]" maxlength="4000" rows="2" inner_html=text_markup(&b.description)></textarea>
                                        </div>
                                        {b.in_series.then(|| view! {
                                            <fieldset class="scope">
                                                <legend>{T::FieldScope.in_lang(lang)}</legend>
                                                <label><input type="radio" name="edit[scope]" value="this" checked/>" "{T::ScopeThis.in_lang(lang)}</label>
                                                <label><input type="radio" name="edit[scope]" value="following"/>" "{T::ScopeFollowing.in_lang(lang)}</label>
                                                <label><input type="radio" name="edit[scope]" value="all"/>" "{T::ScopeAll.in_lang(lang)}</label>
                                            </fieldset>
                                        })}
                                        <button type="submit" class="primary">{T::Save.in_lang(lang)}</button>
                                    </ActionForm>
                                    <details class="confirm danger-zone">
                                        <summary>{T::CancelBooking.in_lang(lang)}</summary>
                                        <ActionForm action=cancel attr:class="inline" attr:id="cancel-booking-form">
                                            <input type="hidden" name="id" value=b.id/>
                                            <input type="hidden" name="room_id" value=p.room_id/>
                                            <span>{T::ConfirmCancel.with(lang, &[("name", title.as_str().into())])}</span>
                                            <button type="submit" class="danger">{T::ConfirmCancelButton.in_lang(lang)}</button>
                                        </ActionForm>
                                    </details>
                                </section>
                            })}
                            <p><a href=back>{T::BackToCalendar.in_lang(lang)}</a></p>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The room's meeting as the viewer may act on it: running or not, dial-in, join or start, end (confirmed), extend.
#[component]
fn MeetingPanel(room_id: i64, meeting: MeetingState) -> impl IntoView {
    let lang = use_lang();
    let join = ServerAction::<JoinRoom>::new();
    let end = ServerAction::<EndRoomMeeting>::new();
    let extend = ServerAction::<ExtendMeeting>::new();
    view! {
        <section class="card meeting" aria-label=T::MeetingJoin.in_lang(lang) id="meeting-panel">
            {meeting.running.then(|| view! { <p><strong>{T::MeetingRunning.in_lang(lang)}</strong></p> })}
            {meeting.dial_number.clone().map(|n| {
                let tel = format!("tel:{}", n.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>());
                let pin = meeting.voice_bridge.clone().unwrap_or_default();
                view! {
                    <p class="dial-in" id="dial-in">
                        {T::DialIn.in_lang(lang)}" "<a href=tel>{n}</a>
                        {(!pin.is_empty()).then(|| view! { " · "{T::DialInPin.in_lang(lang)}" "<strong>{pin.clone()}</strong> })}
                    </p>
                }
            })}
            {(!meeting.can_join).then(|| view! {
                <p class="muted" id="join-needs-link">{T::JoinNeedsGuestLink.in_lang(lang)}</p>
            })}
            {(meeting.can_join && (meeting.running || meeting.can_start)).then(|| view! {
                <ActionForm action=join attr:class="inline">
                    <input type="hidden" name="room_id" value=room_id/>
                    <button type="submit" class="primary" id="join-button">
                        {if meeting.running { T::MeetingJoin.in_lang(lang) } else { T::MeetingStart.in_lang(lang) }}
                    </button>
                </ActionForm>
                <p class="muted small">{T::MeetingRejoin.in_lang(lang)}</p>
            })}
            // Nothing runs and this person may not start it: no button that could only be refused, but what to do.
            {(meeting.can_join && !meeting.running && !meeting.can_start).then(|| view! {
                <p class="muted" id="join-not-yet">{T::ErrNotStarted.in_lang(lang)}</p>
            })}
            <ActionOutcome action=join ok=T::MeetingJoin/>
            {meeting.can_end.then(|| view! {
                <details class="confirm">
                    <summary>{T::MeetingEnd.in_lang(lang)}</summary>
                    <ActionForm action=end attr:class="inline">
                        <input type="hidden" name="room_id" value=room_id/>
                        <span>{T::MeetingEndConfirm.in_lang(lang)}</span>
                        <button type="submit" class="danger">{T::MeetingEnd.in_lang(lang)}</button>
                    </ActionForm>
                </details>
            })}
            <ActionOutcome action=end ok=T::MeetingEnded/>
            {meeting.can_extend.then(|| view! {
                <div class="extend">
                    {[15u32, 30, 60].into_iter().map(|m| view! {
                        <ActionForm action=extend attr:class="inline">
                            <input type="hidden" name="room_id" value=room_id/>
                            <input type="hidden" name="minutes" value=m/>
                            <button type="submit">{T::MeetingExtend.with(lang, &[("n", m.into())])}</button>
                        </ActionForm>
                    }).collect_view()}
                </div>
            })}
            <ActionOutcome action=extend ok=T::Saved/>
        </section>
    }
    .into_any()
}

/// The booking form: title, times (another end day), seats, description, the invited, repeat.
#[component]
fn BookingFormBox(room_id: i64, first_day: String, mail_enabled: bool, action: ServerAction<Book>) -> impl IntoView {
    let lang = use_lang();
    // After a refused post without JavaScript, the form comes back as it was typed.
    use crate::flash::{kept, kept_checked};
    let repeat = kept("booking[repeat]", "none");
    let repeating = repeat != "none";
    let other_end = !kept("booking[end_date]", "").is_empty() || !kept("booking[end]", "").is_empty();
    let duration = kept("booking[duration]", "60");
    // The left-out dates as typed before a refused post, and an empty picker or two to add more; once the page
    // runs, "Add a date" adds another.
    let skipped = crate::flash::kept_list("booking[except_on]");
    let skipped: Vec<String> = skipped.into_iter().filter(|d| !d.trim().is_empty()).collect();
    let pickers = RwSignal::new(skipped.len() + 2);
    let skipped = StoredValue::new(skipped);
    // Effects run in the browser only: true once the form is hydrated.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let repeat_options = [
        ("none", T::RepeatNone),
        ("daily", T::RepeatDaily),
        ("weekly", T::RepeatWeekly),
        ("monthly_date", T::RepeatMonthlyDate),
        ("monthly_weekday", T::RepeatMonthlyWeekday),
        ("yearly", T::RepeatYearly),
    ];
    view! {
        <section class="card" aria-labelledby="book-room">
            <h2 id="book-room">{T::BookTitle.in_lang(lang)}</h2>
            <ActionForm action=action attr:class="form" attr:id="booking-form">
                <input type="hidden" name="booking[room_id]" value=room_id/>
                <Field id="b-title" name="booking[title]" label=T::FieldTitle required=true maxlength=200usize/>
                <div class="grid-3">
                    <Field id="b-date" name="booking[date]" label=T::FieldDate kind="date" required=true value=first_day/>
                    <Field id="b-start" name="booking[start]" label=T::FieldStart kind="time" required=true value="10:00"/>
                    <div class="field">
                        <label for="b-duration">{T::FieldDuration.in_lang(lang)}</label>
                        <select id="b-duration" name="booking[duration]" aria-describedby="b-duration-hint" on:change=|_| clear_end()>
                            {DURATIONS.into_iter().map(|m| {
                                let v = m.to_string();
                                let selected = v == duration;
                                view! { <option value=v selected=selected>{duration_label(lang, m)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <details class="end-date" id="b-other-end" open=other_end>
                    <summary>{T::OtherEnd.in_lang(lang)}</summary>
                    <div class="grid-2">
                        <Field id="b-end" name="booking[end]" label=T::FieldEnd kind="time"/>
                        <Field id="b-end-date" name="booking[end_date]" label=T::FieldEndDate kind="date"/>
                    </div>
                    <small id="b-duration-hint" class="muted">{T::OtherEndHint.in_lang(lang)}</small>
                </details>
                <Field id="b-expected" name="booking[expected]" label=T::FieldExpected kind="number" maxlength=5usize/>
                <div class="field">
                    <label for="b-description">{T::FieldDescription.in_lang(lang)}</label>
                    <textarea id="b-description" name="booking[description]" maxlength="4000" rows="2" inner_html=text_markup(&kept("booking[description]", ""))></textarea>
                </div>
                // Always there; when this server sends no e-mail it says so, and the field waits for a relay.
                <div class="field">
                    <label for="b-invitees">{T::FieldInvitees.in_lang(lang)}</label>
                    <textarea id="b-invitees" name="booking[invitees]" maxlength="13000" rows="2" aria-describedby="b-invitees-hint" placeholder="anna@example.org, bruno@example.org" disabled=!mail_enabled inner_html=text_markup(&kept("booking[invitees]", ""))></textarea>
                    <small id="b-invitees-hint" class=(!mail_enabled).then_some("warn-text")>
                        {if mail_enabled { T::InviteesHint.in_lang(lang) } else { T::InviteesMailOff.in_lang(lang) }}
                    </small>
                </div>
                <details class="repeat" open=repeating>
                    <summary>{T::FieldRepeat.in_lang(lang)}</summary>
                    <div class="grid-2">
                        <div class="field">
                            <label for="b-repeat">{T::FieldRepeat.in_lang(lang)}</label>
                            <select id="b-repeat" name="booking[repeat]">
                                {repeat_options.into_iter().map(|(v, t)| view! {
                                    <option value=v selected=v == repeat>{t.in_lang(lang)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <Field id="b-interval" name="booking[interval]" label=T::FieldInterval kind="number" maxlength=2usize/>
                        <Field id="b-until" name="booking[until]" label=T::FieldUntil kind="date"/>
                        <Field id="b-count" name="booking[count]" label=T::FieldCount kind="number" maxlength=3usize/>
                    </div>
                    <fieldset class="skip-dates" id="b-skip">
                        <legend>{T::FieldExcept.in_lang(lang)}</legend>
                        <div class="skip-list">
                            {move || (0..pickers.get()).map(|i| {
                                let value = skipped.with_value(|s| s.get(i).cloned()).unwrap_or_default();
                                view! {
                                    <input type="date" name=format!("booking[except_on][{i}]") value=value
                                        aria-label=T::SkipDateN.with(lang, &[("n", (i + 1).into())])/>
                                }
                            }).collect_view()}
                        </div>
                        // Only once the page runs (before, two empty pickers are there and a refused post brings more).
                        {move || ready.get().then(|| view! {
                            <button type="button" class="link" id="b-skip-more" on:click=move |_| pickers.update(|n| *n = (*n + 1).min(60))>
                                {T::SkipDateAdd.in_lang(lang)}
                            </button>
                        })}
                    </fieldset>
                    <fieldset class="weekdays" aria-describedby="b-weekdays-hint">
                        <legend>{T::FieldWeekdays.in_lang(lang)}</legend>
                        {WEEKDAY_CODES.iter().enumerate().map(|(i, code)| {
                            let name = format!("booking[on_days][{code}]");
                            let day = i as u32 + 1;
                            view! {
                                <label class="check day-check">
                                    <input type="checkbox" name=name.clone() value="on" checked=kept_checked(&name, false)/>
                                    <abbr title=T::CalWeekdayLong.with(lang, &[("weekday", day.into())])>
                                        {T::CalWeekdayShort.with(lang, &[("day", day.into())])}
                                    </abbr>
                                </label>
                            }
                        }).collect_view()}
                        <small id="b-weekdays-hint">{T::WeekdaysHint.in_lang(lang)}</small>
                    </fieldset>
                    <label class="check"><input type="checkbox" name="booking[on_conflict]" value="skip" checked=kept_checked("booking[on_conflict]", false)/>" "{T::OnConflictSkip.in_lang(lang)}</label>
                </details>
                <BookingOutcomeBox value=action.value()/>
                <button type="submit" class="primary">{T::BookButton.in_lang(lang)}</button>
            </ActionForm>
        </section>
    }
}

/// Who is invited to a booking, for those who may change it: a box to take each one off, a field to invite more,
/// one Save. Works without JavaScript (the page comes back saying what was done).
#[component]
fn InviteesBox(
    booking_id: i64,
    room_id: i64,
    invitees: Vec<String>,
    mail_enabled: bool,
    action: ServerAction<ChangeInvitees>,
) -> impl IntoView {
    let lang = use_lang();
    let empty = invitees.is_empty();
    view! {
        <section class="card" aria-labelledby="invited-title">
            <h2 id="invited-title">{T::InvitedTitle.in_lang(lang)}</h2>
            <ActionForm action=action attr:class="form" attr:id="invitees-form">
                <input type="hidden" name="change[booking_id]" value=booking_id/>
                <input type="hidden" name="change[room_id]" value=room_id/>
                {if empty {
                    view! { <p class="muted" id="invitees-none">{T::InviteesNone.in_lang(lang)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="invitees" id="invitees" aria-describedby="invitees-remove-hint">
                            {invitees.into_iter().enumerate().map(|(i, e)| {
                                let label = T::InviteeRemove.with(lang, &[("email", e.as_str().into())]);
                                view! {
                                    <li>
                                        <span class="invitee">{e.clone()}</span>
                                        <label class="check">
                                            <input type="checkbox" name=format!("change[remove][{i}]") value=e aria-label=label/>
                                            " "{T::TakeOff.in_lang(lang)}
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <p class="muted small" id="invitees-remove-hint">{T::InviteesRemoveHint.in_lang(lang)}</p>
                    }.into_any()
                }}
                <div class="field">
                    <label for="invitees-add">{T::InviteMore.in_lang(lang)}</label>
                    <textarea id="invitees-add" name="change[add]" maxlength="13000" rows="2" aria-describedby="invitees-add-hint"
                        placeholder="anna@example.org, bruno@example.org" disabled=!mail_enabled
                        inner_html=text_markup(&crate::flash::kept("change[add]", ""))></textarea>
                    <small id="invitees-add-hint" class=(!mail_enabled).then_some("warn-text")>
                        {if mail_enabled { T::InviteesHint.in_lang(lang) } else { T::InviteesMailOff.in_lang(lang) }}
                    </small>
                </div>
                <ActionOutcome action=action ok=T::Saved/>
                <button type="submit" class="primary">{T::Save.in_lang(lang)}</button>
            </ActionForm>
        </section>
    }
}

/// What the invitees form did, said on the page it came back to.
#[component]
fn InviteesNotice(added: u32, removed: u32) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="notice notice-ok" role="status" id="invitees-outcome">
            <p>{T::InviteesSaved.with(lang, &[("added", added.into()), ("removed", removed.into())])}</p>
        </div>
    }
}

/// "45 min", "1 h", "1 h 30 min" in the page's language.
fn duration_label(lang: Lang, minutes: u32) -> String {
    T::DurationLabel.with(lang, &[("h", (minutes / 60).into()), ("m", (minutes % 60).into())])
}

/// An end typed in the form wins over the duration: choosing a duration again empties it (in the browser).
fn clear_end() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        for id in ["b-end", "b-end-date"] {
            if let Some(input) = doc.get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                input.set_value("");
            }
        }
    }
}

/// `/rooms/:id?view=week|day|month&from=YYYY-MM-DD`.
#[component]
pub fn RoomPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.get().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let mode = move || query.get().get("view").unwrap_or_else(|| "week".into());
    let from = move || query.get().get("from");
    let data = Resource::new(move || (id(), mode(), from()), |(id, mode, from)| room_calendar(id, mode, from));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <h1>{T::RoomsTitle.in_lang(lang)}</h1><ErrorBox error=e/> }.into_any(),
                    Ok(cal) => {
                        let room = cal.room.clone();
                        view! {
                            <crate::institutions::BrandBar brand=room.brand.clone()/>
                            <h1>{room.name.clone()}</h1>
                            <p class="muted">{room.capacity}" "{T::FieldSeats.in_lang(lang).to_lowercase()}</p>
                            {query.get().get("booked").and_then(|b| b.parse::<i64>().ok()).map(|b| view! { <BookedNotice room=room.id booking=b/> })}
                            {collided_notice(lang, query.get().get("collisions").and_then(|n| n.parse::<u32>().ok()))}
                            {(!room.description.is_empty()).then(|| view! { <p>{room.description.clone()}</p> })}
                            <MeetingPanel room_id=room.id meeting=cal.meeting.clone()/>
                            <CalendarNav base=format!("/rooms/{}", room.id) mode=cal.mode.clone() from=cal.from.clone() prev=cal.prev.clone() next=cal.next.clone() timezone=cal.timezone.clone() today=cal.today.clone() shown=cal.days.iter().map(|d| d.date.clone()).collect()/>
                            <RoomCalendar cal=cal.clone()/>
                            {(room.can_manage && room.guest_policy != "none").then(|| view! { <GuestLinks room_id=room.id/> })}
                            <FeedBox room_id=Some(room.id) lead=T::FeedLeadRoom/>
                            {room.can_manage.then(|| view! { <RoomSettingsBox room=room.clone()/> })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The calendar and the booking form of a room page: the one part of it that moves in the browser. A sweep over
/// free time fills the form; a booking made or moved reads the calendar again in place (the form keeps what it
/// holds). Without JavaScript both are plain HTML: the form posts and the page comes back with what happened.
#[island]
fn RoomCalendar(cal: CalendarView) -> impl IntoView {
    let book = ServerAction::<Book>::new();
    // Bumped after a drag-move or resize (kept or refused: either way the calendar is read again).
    let changed = RwSignal::new(0u32);
    let drag_error = RwSignal::new(None::<AppError>);
    let (room_id, mode, from) = (cal.room.id, cal.mode.clone(), cal.from.clone());
    let (can_book, mail_enabled) = (cal.room.can_book, cal.mail_enabled);
    let first_day = cal.days.first().map(|d| d.date.clone()).unwrap_or_default();
    let shown = RwSignal::new(cal);
    Effect::new(move |_| {
        // Both read every time (both are tracked): either one asks for the calendar again.
        let (booked, moved) = (book.version().get(), changed.get());
        if booked > 0 || moved > 0 {
            let (mode, from) = (mode.clone(), from.clone());
            leptos::task::spawn_local(async move {
                if let Ok(c) = room_calendar(room_id, mode, Some(from)).await {
                    shown.set(c);
                }
            });
        }
    });
    view! {
        {move || view! { <CalendarGrid cal=shown.get() changed=changed drag_error=drag_error/> }}
        {can_book.then(|| view! {
            <BookingFormBox room_id=room_id first_day=first_day.clone() mail_enabled=mail_enabled action=book/>
        })}
    }
}
