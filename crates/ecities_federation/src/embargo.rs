//! The embargo scheduler: publishes practices whose `publish_at` has come.
//!
//! The due time is stored with the practice (`embargo_until`), so nothing
//! is lost across restarts: the first look after a start sends what fell
//! due while the node was down. Ending an embargo and queueing its
//! `Create` are one transaction that only one process can win
//! ([`ecities_core::usecases::practices::release_due`]), so several nodes
//! sharing a database send it once.

use std::sync::Arc;
use std::time::Duration;

use ecities_core::usecases::practices;

use crate::apub::FedData;

/// How often the scheduler looks for embargoes that fell due: a practice
/// goes out at most this late.
pub const RELEASE_TICK: Duration = Duration::from_secs(2);

/// Runs until `shutdown` turns true.
pub async fn run_release(data: Arc<FedData>, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        match practices::release_due(data.ports()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(practices = n, "embargoed practices published"),
            Err(e) => tracing::warn!(error = %e, "publishing embargoed practices failed; trying again"),
        }
        tokio::select! {
            _ = tokio::time::sleep(RELEASE_TICK) => {},
            _ = shutdown.changed() => return,
        }
    }
}
