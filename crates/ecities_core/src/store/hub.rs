//! The hub: relays (associations, knowledge spaces), review queues with
//! their decisions, and curated collections.

use crate::actor::{Actor, ActorId};
use crate::error::CoreResult;
use crate::hub::{
    Membership, Moderation, ModerationDecision, Relay, Shared, Submission, SubmissionId, SubmissionState,
};
use crate::practice::{Practice, PracticeId};
use crate::time::Timestamp;

use super::{OutgoingActivity, Page};

/// What a change to a practice means for one local association that
/// follows its author (a member). The use case decides the steps before
/// the change is written, and the store writes them in the change's own
/// transaction: a practice is never stored without the relay (or review)
/// its associations owe it, and a failed change leaves neither.
#[derive(Debug, Clone)]
pub enum RelayStep {
    /// The association reviews first: the practice joins its queue
    /// (pending, with a pending [`ModerationDecision`]) unless it is there.
    Submit(ActorId),
    /// The association relays at once: the relay is recorded with its
    /// `Announce`, unless the association had relayed the practice before
    /// (then nothing is written).
    Relay(ActorId, OutgoingActivity),
    /// The practice was deleted while waiting for the association's review:
    /// a pending submission is rejected ("deleted by its author").
    Withdraw(ActorId),
}

/// The reason recorded when a practice leaves a review queue because its
/// author deleted it ([`RelayStep::Withdraw`]).
pub const WITHDRAWN_REASON: &str = "deleted by its author";

/// Relays, submissions, moderation decisions and curation (SQL:
/// `ecities_store/src/sql/hub.rs`).
#[async_trait::async_trait]
pub trait HubStore: Send + Sync + 'static {
    async fn set_moderation(&self, actor: ActorId, policy: Moderation) -> CoreResult<()>;
    /// Records that `actor` relayed `practice` (with the Announce to send,
    /// in one transaction). Returns `false`, writing nothing, when it had
    /// already: an object is announced at most once per actor.
    async fn record_relay(
        &self,
        practice: PracticeId,
        actor: ActorId,
        approved: bool,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
    ) -> CoreResult<bool>;
    async fn has_relayed(&self, practice: PracticeId, actor: ActorId) -> CoreResult<bool>;
    /// Forgets that `actor` relayed `practice` (it sent `Undo` of its
    /// `Announce`). `false` when there was no such relay.
    async fn remove_relay(&self, practice: PracticeId, actor: ActorId) -> CoreResult<bool>;
    /// Who relayed a practice, in order.
    async fn relays(&self, practice: PracticeId) -> CoreResult<Vec<(Relay, Actor)>> {
        Ok(self.relays_of(&[practice]).await?.remove(&practice).unwrap_or_default())
    }
    /// Who relayed each of these practices, in order (one query for a page
    /// of results); practices nobody relayed are absent.
    async fn relays_of(
        &self,
        practices: &[PracticeId],
    ) -> CoreResult<std::collections::HashMap<PracticeId, Vec<(Relay, Actor)>>>;
    /// Puts a practice in an association's review queue (pending), unless it
    /// is there already; returns the submission either way. A pending
    /// [`ModerationDecision`] is written with it (one transaction).
    async fn submit(&self, association: ActorId, practice: PracticeId, at: Timestamp) -> CoreResult<Submission>;
    async fn submission(&self, id: SubmissionId) -> CoreResult<Submission>;
    async fn submission_for(&self, association: ActorId, practice: PracticeId) -> CoreResult<Option<Submission>>;
    async fn submissions(
        &self,
        association: ActorId,
        state: Option<SubmissionState>,
        page: Page,
    ) -> CoreResult<Vec<Submission>>;
    /// Approves or rejects a pending submission. Approval also records the
    /// relay (approved); either way the [`ModerationDecision`] is written —
    /// all with `outgoing`, in one transaction. Fails with `Conflict` when
    /// the submission was already decided.
    async fn decide_submission(
        &self,
        id: SubmissionId,
        state: SubmissionState,
        reason: Option<&str>,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
    ) -> CoreResult<Submission>;
    /// Records a moderation decision received from an association (another
    /// server's `Reject`, or its approved `Announce`): replaces any earlier
    /// decision of that association about that practice.
    async fn record_moderation(&self, decision: &ModerationDecision) -> CoreResult<()>;
    /// Records an association's approval received with its relay (an
    /// approved `Announce` of our practice): the relay (approved) and the
    /// decision in one transaction, so no reader sees one without the other.
    /// Returns whether the relay was new.
    async fn record_approved_relay(&self, decision: &ModerationDecision) -> CoreResult<bool>;
    /// What associations decided about a practice, oldest first.
    async fn moderation_of(&self, practice: PracticeId) -> CoreResult<Vec<(ModerationDecision, Actor)>>;
    /// Adds a practice to a curator's collection (with its Announce, in one
    /// transaction). `false`, writing nothing, when it is there already.
    /// The id of the first of `outgoing` (the Announce) is kept, so that
    /// [`Self::remove_curated`] can undo it.
    async fn add_curated(
        &self,
        curator: ActorId,
        practice: PracticeId,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
    ) -> CoreResult<bool>;
    /// A curator's collection, most recently added first (deleted practices left out).
    async fn curated(&self, curator: ActorId, page: Page) -> CoreResult<Vec<Practice>>;

    /// Every association this node knows, local or remote (deleted ones
    /// left out): local ones first, then by host and name; at most `limit`.
    async fn associations(&self, limit: usize) -> CoreResult<Vec<Actor>>;
    /// The member cities of these associations: each accepted follow from
    /// one of them to a city, oldest membership first; at most `limit`.
    async fn memberships(&self, associations: &[ActorId], limit: usize) -> CoreResult<Vec<Membership>>;
    /// How much each of these actors shared (live practices written and
    /// relayed); actors that shared nothing are absent.
    async fn shared_counts(&self, actors: &[ActorId]) -> CoreResult<std::collections::HashMap<ActorId, Shared>>;
    /// Whether a practice is in a curator's collection: `Some` with the id
    /// of the Announce that featured it (itself `None` when featured before
    /// ids were kept), `None` when it is not there.
    async fn curated_announce(&self, curator: ActorId, practice: PracticeId) -> CoreResult<Option<Option<url::Url>>>;
    /// Takes a practice out of a curator's collection (with the Undo of its
    /// Announce, in one transaction). `false`, writing nothing, when it was
    /// not there.
    async fn remove_curated(
        &self,
        curator: ActorId,
        practice: PracticeId,
        outgoing: &[OutgoingActivity],
    ) -> CoreResult<bool>;
}
