//! Background work. Each worker is a module with a `tick()` — one round of its work, run in a tracing span named
//! after it, logging what failed (the next round tries again) — and a `wait()` until the next round. `spawn` runs
//! one until the server stops; `App::run_until` wires each in with one line.

pub mod housekeeping;
pub mod outbox;
pub mod poll;
pub mod reminders;
pub mod saml_metadata;

use std::future::Future;

use tracing::Instrument;

pub trait Worker: Send + Sync + 'static {
    /// Its name in logs (the `worker` span's `name`).
    const NAME: &'static str;

    /// Whether it runs at all (e-mail workers stay idle when e-mail is off).
    fn enabled(&self) -> bool {
        true
    }

    /// One round of its work.
    fn tick(&self) -> impl Future<Output = ()> + Send;

    /// Waits until the next round is due; `first`: before the first round.
    fn wait(&self, first: bool) -> impl Future<Output = ()> + Send;
}

/// Runs `worker` round after round until the task is aborted.
pub fn spawn<W: Worker>(worker: W) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if !worker.enabled() {
            return;
        }
        let mut first = true;
        loop {
            worker.wait(first).await;
            first = false;
            worker.tick().instrument(tracing::info_span!("worker", name = W::NAME)).await;
        }
    })
}
