//! Practices: local ones with the activities they cause, and copies of
//! remote ones.

use url::Url;

use crate::actor::ActorId;
use crate::error::CoreResult;
use crate::practice::{NewPractice, Practice, PracticeId, PracticeKind};
use crate::taxonomy::Sdg;
use crate::time::Timestamp;

use super::{OutgoingActivity, RelayStep};

/// Practices (SQL: `ecities_store/src/sql/practices.rs`).
#[async_trait::async_trait]
pub trait PracticeStore: Send + Sync + 'static {
    /// Inserts a practice, with the activities it causes and what its
    /// author's associations owe it (`relaying`), in one transaction. Fails
    /// with `Conflict` when its key or id exists.
    async fn insert_practice(
        &self,
        new: &NewPractice,
        outgoing: &[OutgoingActivity],
        relaying: &[RelayStep],
    ) -> CoreResult<Practice>;
    /// Replaces the content of a practice (everything but identity and
    /// `published_at`), in one transaction with `outgoing` and `relaying`.
    async fn update_practice(
        &self,
        id: PracticeId,
        new: &NewPractice,
        outgoing: &[OutgoingActivity],
        relaying: &[RelayStep],
    ) -> CoreResult<Practice>;
    /// Inserts or replaces a remote practice keyed by its ActivityPub id,
    /// with `outgoing` and `relaying` in the same transaction (both empty
    /// for a fetched copy, which is never relayed again).
    async fn upsert_remote_practice(
        &self,
        new: &NewPractice,
        outgoing: &[OutgoingActivity],
        relaying: &[RelayStep],
    ) -> CoreResult<Practice>;
    /// As [`Self::upsert_remote_practice`], and marks the incoming activity
    /// `received` (claimed with `claim_incoming`) processed in the same
    /// transaction: the inbox's success path writes once, and a copy of the
    /// activity is a duplicate exactly when the practice is committed.
    async fn upsert_received_practice(
        &self,
        new: &NewPractice,
        outgoing: &[OutgoingActivity],
        relaying: &[RelayStep],
        received: &Url,
    ) -> CoreResult<Practice>;
    /// Marks a practice deleted (it becomes a Tombstone), in one
    /// transaction with `outgoing` and `relaying`.
    async fn delete_practice(
        &self,
        id: PracticeId,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
        relaying: &[RelayStep],
    ) -> CoreResult<()>;
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
    /// Whether a practice that is not deleted has an attachment (or
    /// preview) with this checksum: its file must stay.
    async fn file_in_use(&self, hash: &crate::media::ContentHash) -> CoreResult<bool>;
    /// The largest practice id so far (0 when there is none).
    async fn max_practice_id(&self) -> CoreResult<i64>;
    /// Every version of a practice this node holds, oldest first: version
    /// 1 is the first publication (or the first copy received), each edit
    /// adds the next. Versions are written with the change that makes
    /// them and never change afterwards. Empty for an unknown practice.
    async fn practice_versions(&self, id: PracticeId) -> CoreResult<Vec<PracticeVersion>>;
    /// The latest version of a practice (what it says now), if it has any.
    async fn latest_practice_version(&self, id: PracticeId) -> CoreResult<Option<PracticeVersion>>;
    /// Version `number` of a practice, if it exists.
    async fn practice_version(&self, id: PracticeId, number: i64) -> CoreResult<Option<PracticeVersion>>;
    /// Local practices (deleted ones included, as Tombstones) in the order
    /// this node last changed them, oldest change first, for harvesters
    /// (OAI-PMH): at most `query.limit`, after the cursor.
    async fn harvest_practices(&self, query: &HarvestQuery) -> CoreResult<Vec<HarvestRecord>>;
    /// Local embargoed practices whose time has come (`publish_at` at or
    /// before `now`), oldest first, at most `limit`.
    async fn due_embargoes(&self, now: Timestamp, limit: u32) -> CoreResult<Vec<Practice>>;
    /// Ends the embargo of a practice and writes what its publication
    /// sends, in one transaction; `false` (and nothing written) when it was
    /// not embargoed any more: another worker released it first, or it was
    /// deleted. That is how a practice goes out exactly once.
    async fn release_practice(
        &self,
        id: PracticeId,
        outgoing: &[OutgoingActivity],
        relaying: &[RelayStep],
    ) -> CoreResult<bool>;
}

/// One immutable version of a practice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeVersion {
    /// 1..n in the order they were made.
    pub number: i64,
    /// When this node recorded the version.
    pub recorded_at: Timestamp,
    /// The practice as it was: identity as today, content (and its
    /// `published_at`/`updated_at`) as in this version, never deleted.
    pub practice: Practice,
}

impl PracticeVersion {
    /// The date the version speaks for: its edit (or first publication).
    pub fn dated(&self) -> Timestamp {
        self.practice.updated_at.unwrap_or(self.practice.published_at)
    }
}

/// Which local practices a harvest asks for. `from`/`until` bound the
/// time of the last change (inclusive, milliseconds); the cursor is the
/// last record of the previous page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HarvestQuery {
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub sdg: Option<Sdg>,
    pub kind: Option<PracticeKind>,
    /// Only the practice with this local key.
    pub key: Option<String>,
    /// `(changed_at, id)` of the last record already given.
    pub after: Option<(Timestamp, PracticeId)>,
    pub limit: u32,
}

/// A practice as a harvester sees it, with the time of its last change
/// (creation, edit or deletion) on this node: the OAI-PMH datestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarvestRecord {
    pub practice: Practice,
    pub changed_at: Timestamp,
}
