//! Feed import: a portal's RSS/Atom feeds turned into practices.

use url::Url;

use crate::actor::ActorId;
use crate::error::CoreResult;
use crate::import::{FeedMapping, FeedSource, FeedSourceId, PollRecord};
use crate::practice::{NewPractice, Practice, PracticeId};
use crate::store::OutgoingActivity;
use crate::time::Timestamp;

/// The feed item a new practice was imported from, recorded with it.
#[derive(Debug, Clone, Copy)]
pub struct ImportedItem<'a> {
    pub source: FeedSourceId,
    pub guid: &'a str,
    /// The item's content hash (an unchanged item is not imported again).
    pub hash: &'a str,
    pub at: Timestamp,
}

/// Feed sources and the items imported from them (SQL:
/// `ecities_store/src/sql/import.rs`).
#[async_trait::async_trait]
pub trait ImportStore: Send + Sync + 'static {
    /// Fails with `Conflict` when the actor already has this URL.
    async fn create_feed_source(
        &self,
        actor: ActorId,
        url: &Url,
        mapping: &FeedMapping,
        delete_missing: bool,
    ) -> CoreResult<FeedSource>;
    async fn feed_source(&self, id: FeedSourceId) -> CoreResult<FeedSource>;
    /// Sources of one actor, or of everyone.
    async fn feed_sources(&self, actor: Option<ActorId>) -> CoreResult<Vec<FeedSource>>;
    /// Sources never polled or last polled before `before`.
    async fn due_feed_sources(&self, before: Timestamp) -> CoreResult<Vec<FeedSource>>;
    async fn delete_feed_source(&self, id: FeedSourceId) -> CoreResult<bool>;
    /// Replaces a source's mapping (its poll history and items stay).
    async fn set_feed_mapping(&self, id: FeedSourceId, mapping: &FeedMapping) -> CoreResult<()>;
    async fn record_poll(&self, id: FeedSourceId, at: Timestamp, record: &PollRecord) -> CoreResult<()>;
    /// Where the archive backfill of a source continues (`None`: done).
    async fn set_archive_cursor(&self, id: FeedSourceId, next: Option<&Url>) -> CoreResult<()>;
    /// Inserts a practice imported from a feed item together with the
    /// record of that item and the activities to send, in one transaction:
    /// a failure leaves neither, so the next poll imports the item once
    /// (never a second practice for it). `relaying` as for
    /// [`PracticeStore::insert_practice`](super::PracticeStore::insert_practice).
    async fn insert_imported_practice(
        &self,
        new: &NewPractice,
        outgoing: &[OutgoingActivity],
        relaying: &[super::RelayStep],
        item: &ImportedItem<'_>,
    ) -> CoreResult<Practice>;
    /// The practice and content hash of an item imported before.
    async fn feed_item(&self, source: FeedSourceId, guid: &str) -> CoreResult<Option<(PracticeId, String)>>;
    async fn record_feed_item(
        &self,
        source: FeedSourceId,
        guid: &str,
        practice: PracticeId,
        hash: &str,
        at: Timestamp,
    ) -> CoreResult<()>;
    async fn feed_items(&self, source: FeedSourceId) -> CoreResult<Vec<(String, PracticeId)>>;
}
