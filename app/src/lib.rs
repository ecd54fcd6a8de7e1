//! Convene's web face and typed contract: pages, components, DTOs, server functions, and the ports (traits) the
//! engine implements. Built twice: `ssr` for the server, `hydrate` for the browser — never both.

#![recursion_limit = "256"]

pub mod account;
pub mod auth;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ctx;
pub mod error;
pub mod flash;
pub mod i18n;
pub mod institutions;
pub mod members;
pub mod outbox;
pub mod pool;
pub mod rooms;
pub mod session;
pub mod shell;
pub mod validate;

pub use shell::{App, shell};

/// The browser's entry point, called by the islands loader before it hydrates each island of the page (the rest
/// of the page is server-rendered HTML that never changes). The session the server embedded is read once and put at
/// the root, where every island finds it; so is the error a form posted without JavaScript came back with (in the
/// address), so that an island's action starts from what the server rendered.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::*;
    console_error_panic_hook::set_once();
    let document = web_sys::window().and_then(|w| w.document());
    let session: session::SessionView = document
        .as_ref()
        .and_then(|d| d.get_element_by_id("convene-session"))
        .and_then(|e| e.text_content())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    leptos::mount::hydrate_islands();
    provide_context(session);
    if let Some(search) = web_sys::window().and_then(|w| w.location().search().ok())
        && let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search)
        && let (Some(path), Some(err)) = (params.get("__path"), params.get("__err"))
    {
        provide_context(leptos::server::ServerActionError::new(&path, &err));
    }
}
