//! What health checks, NodeInfo and metrics read.

use crate::error::CoreResult;
use crate::time::Timestamp;

/// Counts shown by NodeInfo and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NodeCounts {
    /// Cities, associations and knowledge spaces (not the instance actor).
    pub local_actors: i64,
    pub local_practices: i64,
    pub remote_practices: i64,
    pub deliveries_pending: i64,
}

/// What the store measures for `GET /readyz`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    /// `Err` with the database's message when a small real write (committed)
    /// failed: full disk, database at its size limit, read-only file or
    /// server.
    pub writable: Result<(), String>,
    /// When the oldest delivery that is due now (queued or retrying, its
    /// next attempt passed, its host not set aside as unreachable) became
    /// due; `None` when nothing is due.
    pub oldest_due_delivery: Option<Timestamp>,
    /// Free space on the file system of an SQLite database (`None` for
    /// PostgreSQL, or when it cannot be measured).
    pub free_disk_bytes: Option<u64>,
}

/// Liveness, readiness and counts (SQL: `ecities_store/src/sql/health.rs`).
#[async_trait::async_trait]
pub trait HealthStore: Send + Sync + 'static {
    async fn ping(&self) -> CoreResult<()>;
    async fn counts(&self) -> CoreResult<NodeCounts>;
    /// Measures what readiness needs (see [`Readiness`]); an error means
    /// the database could not even be read.
    async fn readiness(&self, now: Timestamp) -> CoreResult<Readiness>;
}
