//! The pool and the balancer: the BBB API (checksums, strict query reading, XML answers, a client), the pool
//! registry, the poller and its health rules, placement, and the conference-server simulator.

pub mod api;
pub mod api_cache;
pub mod bbb;
pub mod callback_routes;
pub mod health;
pub mod placement;
pub mod policy;
pub mod poller;
pub mod pool;
pub mod service;
pub mod simulator;
pub mod tls;
