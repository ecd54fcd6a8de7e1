//! Convene's web face and typed contract: pages, components, DTOs, server functions, and the ports (traits) the
//! engine implements. Built twice: `ssr` for the server, `hydrate` for the browser — never both.

#![recursion_limit = "256"]

pub mod account;
pub mod auth;
pub mod components;
#[cfg(feature = "ssr")]
pub mod ctx;
pub mod error;
pub mod i18n;
pub mod institutions;
pub mod members;
pub mod pool;
pub mod rooms;
pub mod session;
pub mod shell;
pub mod validate;

pub use shell::{App, shell};

/// The browser's entry point: read the session the server embedded, then take over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::*;
    console_error_panic_hook::set_once();
    let session: session::SessionView = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("convene-session"))
        .and_then(|e| e.text_content())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    leptos::mount::hydrate_body(move || {
        provide_context(session.clone());
        view! { <App/> }
    });
}
