//! Integration tests: the real app in-process, on SQLite and PostgreSQL, with simulated conference servers.
//! One test binary (one link) for all of them; `logs.rs` stays apart because it installs the global log
//! subscriber.
#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;

mod api;
mod api_exact;
mod api_rules;
mod auth;
mod booking;
mod defects;
mod federated;
mod hardening;
mod institutions;
mod mail;
mod ops;
mod pool;
mod saml;
mod security;
mod simulator;
mod trust;
mod web;
