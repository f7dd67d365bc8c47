//! Topics: saved searches published as actors.

use crate::actor::{Actor, ActorId, KeyPair, NewLocalActor};
use crate::error::CoreResult;
use crate::practice::PracticeId;
use crate::time::Timestamp;

use super::{LocalActorLocation, OutgoingActivity};

/// A saved search published as an actor (see `usecases::topics`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The topic's own actor (kind `topic`).
    pub actor: ActorId,
    /// The local actor who published it.
    pub owner: ActorId,
    /// The search, as the query string of `/search` (`sdg=11&country=KR`).
    pub query: String,
    /// Practices with ids up to this one have been considered.
    pub cursor: i64,
    pub created_at: Timestamp,
}

/// Topics (SQL: `ecities_store/src/sql/topics.rs`).
#[async_trait::async_trait]
pub trait TopicStore: Send + Sync + 'static {
    /// Creates a topic's actor and its saved search in one transaction.
    async fn create_topic(
        &self,
        actor: &NewLocalActor,
        location: &LocalActorLocation,
        keys: &KeyPair,
        owner: ActorId,
        query: &str,
        cursor: i64,
    ) -> CoreResult<(Actor, Topic)>;
    /// Every topic, oldest first.
    async fn topics(&self) -> CoreResult<Vec<Topic>>;
    async fn topic(&self, actor: ActorId) -> CoreResult<Option<Topic>>;
    /// Deletes a topic: queues `outgoing` (the `Delete` of its actor) to its
    /// followers as they are now, then removes its follows, its saved search
    /// and its announce record, and marks its actor deleted. The actor row
    /// and key stay, so the `Delete` can be signed, its URL can answer 410
    /// and its name is never reused. `false` if no such live topic.
    async fn delete_topic(&self, actor: ActorId, at: Timestamp, outgoing: &[OutgoingActivity]) -> CoreResult<bool>;
    /// Records that a topic announced a practice, with the Announce, in one
    /// transaction; `false`, writing nothing, when it already had.
    async fn record_topic_announce(
        &self,
        topic: ActorId,
        practice: PracticeId,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
    ) -> CoreResult<bool>;
    async fn set_topic_cursor(&self, topic: ActorId, cursor: i64) -> CoreResult<()>;
}
