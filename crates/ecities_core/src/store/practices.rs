//! Practices: local ones with the activities they cause, and copies of
//! remote ones.

use url::Url;

use crate::actor::ActorId;
use crate::error::CoreResult;
use crate::practice::{NewPractice, Practice, PracticeId};
use crate::time::Timestamp;

use super::OutgoingActivity;

/// Practices (SQL: `ecities_store/src/sql/practices.rs`).
#[async_trait::async_trait]
pub trait PracticeStore: Send + Sync + 'static {
    /// Inserts a practice. Fails with `Conflict` when its key or id exists.
    async fn insert_practice(&self, new: &NewPractice, outgoing: &[OutgoingActivity]) -> CoreResult<Practice>;
    /// Replaces the content of a practice (everything but identity and
    /// `published_at`).
    async fn update_practice(
        &self,
        id: PracticeId,
        new: &NewPractice,
        outgoing: &[OutgoingActivity],
    ) -> CoreResult<Practice>;
    /// Inserts or replaces a remote practice keyed by its ActivityPub id.
    async fn upsert_remote_practice(&self, new: &NewPractice) -> CoreResult<Practice>;
    /// Marks a practice deleted (it becomes a Tombstone).
    async fn delete_practice(&self, id: PracticeId, at: Timestamp, outgoing: &[OutgoingActivity]) -> CoreResult<()>;
    async fn practice(&self, id: PracticeId) -> CoreResult<Practice>;
    async fn practice_by_key(&self, key: &str) -> CoreResult<Option<Practice>>;
    async fn practice_by_ap_id(&self, ap_id: &Url) -> CoreResult<Option<Practice>>;
    /// Inserts or replaces a remote practice (as
    /// [`upsert_remote_practice`](Self::upsert_remote_practice)) and records
    /// that `relayer` relayed it, in one transaction: a copy fetched after an
    /// `Announce` is never stored without its relay. Returns the practice and
    /// whether the relay is new (`false` when `relayer` had relayed it before).
    async fn upsert_relayed_practice(
        &self,
        new: &NewPractice,
        relayer: ActorId,
        approved: bool,
        at: Timestamp,
    ) -> CoreResult<(Practice, bool)>;
    /// The largest practice id so far (0 when there is none).
    async fn max_practice_id(&self) -> CoreResult<i64>;
}
