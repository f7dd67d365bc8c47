//! The inbox's memory of the activities it received, so that each is
//! processed once.

use url::Url;

use crate::error::CoreResult;
use crate::time::Timestamp;

/// What the inbox may do with an incoming activity (see
/// [`InboxStore::claim_incoming`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomingClaim {
    /// Seen for the first time, or claimed by a process that died before
    /// finishing it: process it now.
    New,
    /// Processed before: a duplicate.
    Duplicate,
    /// Being processed by another request right now: the sender should try
    /// again later.
    InProgress,
}

/// Received activity ids (SQL: `ecities_store/src/sql/inbox.rs`).
#[async_trait::async_trait]
pub trait InboxStore: Send + Sync + 'static {
    /// Claims an incoming activity id for processing at `at`. A claim made
    /// before `stale_before` that never finished (its process died) is
    /// taken over.
    async fn claim_incoming(
        &self,
        activity_id: &Url,
        at: Timestamp,
        stale_before: Timestamp,
    ) -> CoreResult<IncomingClaim>;
    /// Marks a claimed activity processed: later copies are duplicates.
    async fn finish_incoming(&self, activity_id: &Url) -> CoreResult<()>;
    /// Forgets an incoming activity id, so that the sender's retry is
    /// processed (used when processing failed on our side).
    async fn forget_incoming(&self, activity_id: &Url) -> CoreResult<()>;
    /// Forgets processed activity ids received before `before` (what
    /// strangers send must not grow a table forever); returns how many.
    async fn prune_incoming(&self, before: Timestamp) -> CoreResult<u64>;
}
