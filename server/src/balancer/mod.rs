//! The pool and the balancer: the BBB API (checksums, strict query reading, XML answers, a client), placement,
//! and the conference-server simulator.

pub mod bbb;
pub mod placement;
pub mod simulator;
