//! Actors: local ones (cities, associations, knowledge spaces, topics) with
//! their keys, and the remote ones the node has met.

use url::Url;

use crate::actor::{Actor, ActorEndpoints, ActorId, ActorName, KeyPair, NewLocalActor, RemoteActor};
use crate::error::CoreResult;
use crate::follow::FollowApproval;
use crate::identity::MembershipClaim;
use crate::time::Timestamp;

/// Where a local actor lives, computed from the node's public URL.
#[derive(Debug, Clone)]
pub struct LocalActorLocation {
    pub url: Url,
    pub host: String,
    pub profile_url: Url,
    pub endpoints: ActorEndpoints,
}

/// Actors, local and remote (SQL: `ecities_store/src/sql/actors.rs`).
#[async_trait::async_trait]
pub trait ActorStore: Send + Sync + 'static {
    /// Fails with `Conflict` when a local actor of that name exists.
    async fn create_local_actor(
        &self,
        new: &NewLocalActor,
        at: &LocalActorLocation,
        keys: &KeyPair,
    ) -> CoreResult<Actor>;
    async fn actor(&self, id: ActorId) -> CoreResult<Actor>;
    async fn local_actor_by_name(&self, name: &ActorName) -> CoreResult<Option<Actor>>;
    async fn actor_by_url(&self, url: &Url) -> CoreResult<Option<Actor>>;
    async fn local_actors(&self) -> CoreResult<Vec<Actor>>;
    /// A local actor that was deleted (other lookups skip it), to answer
    /// 410 Gone at its URL.
    async fn deleted_local_actor(&self, name: &ActorName) -> CoreResult<Option<Actor>>;
    /// Inserts or refreshes a remote actor, keyed by URL.
    async fn upsert_remote_actor(&self, actor: &RemoteActor) -> CoreResult<Actor>;
    /// Sets how a local actor takes new followers; `NotFound` for any other
    /// actor.
    async fn set_follow_approval(&self, actor: ActorId, approval: FollowApproval) -> CoreResult<()>;
    /// Records a check of a local actor's portal made at `at`: verified
    /// keeps the first time it was verified (since when), not verified
    /// clears it. `NotFound` for any other actor.
    async fn record_portal_check(&self, actor: ActorId, verified: bool, at: Timestamp) -> CoreResult<Actor>;
    /// The associations a local actor says it belongs to, with what the
    /// last check of each found, in the order its editor named them.
    async fn membership_claims(&self, actor: ActorId) -> CoreResult<Vec<MembershipClaim>>;
    /// Replaces the associations a local actor says it belongs to: a claim
    /// named again keeps what its checks found, a new one starts unchecked,
    /// one left out is forgotten. Returns the claims as stored.
    async fn set_membership_claims(&self, actor: ActorId, associations: &[Url]) -> CoreResult<Vec<MembershipClaim>>;
    /// Records a check of one claim made at `at`: `since` is the admission
    /// date the association's collection gave (`None`: not listed, which
    /// clears an earlier confirmation). A claim no longer named is left
    /// alone.
    async fn record_membership_check(
        &self,
        actor: ActorId,
        association: &Url,
        association_name: Option<&str>,
        since: Option<Timestamp>,
        at: Timestamp,
    ) -> CoreResult<()>;
    /// The private key of a local actor (PEM), for signing only.
    async fn private_key(&self, id: ActorId) -> CoreResult<String>;
}
