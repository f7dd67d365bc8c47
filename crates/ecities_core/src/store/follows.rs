//! Follows between actors, local and remote.

use url::Url;

use crate::actor::{Actor, ActorId};
use crate::error::CoreResult;
use crate::follow::{Follow, FollowId, FollowState};

use super::{OutgoingActivity, Page};

/// Follows (SQL: `ecities_store/src/sql/follows.rs`).
#[async_trait::async_trait]
pub trait FollowStore: Send + Sync + 'static {
    /// Records (or re-records) that `follower` follows `target`.
    async fn upsert_follow(
        &self,
        follower: ActorId,
        target: ActorId,
        state: FollowState,
        activity_id: Option<&Url>,
        outgoing: &[OutgoingActivity],
    ) -> CoreResult<Follow>;
    async fn follow(&self, follower: ActorId, target: ActorId) -> CoreResult<Option<Follow>>;
    /// Marks a follow as a relay subscription (see [`Follow::relay`]).
    async fn mark_relay_subscription(&self, follower: ActorId, target: ActorId) -> CoreResult<()>;
    /// A follow by its id (a follow request's id in the API).
    async fn follow_by_id(&self, id: FollowId) -> CoreResult<Option<Follow>>;
    async fn follow_by_activity(&self, activity_id: &Url) -> CoreResult<Option<Follow>>;
    async fn set_follow_state(
        &self,
        follower: ActorId,
        target: ActorId,
        state: FollowState,
        outgoing: &[OutgoingActivity],
    ) -> CoreResult<()>;
    async fn delete_follow(
        &self,
        follower: ActorId,
        target: ActorId,
        outgoing: &[OutgoingActivity],
    ) -> CoreResult<bool>;
    /// Who follows `target`, newest first; the cursor is the follow id.
    async fn followers(
        &self,
        target: ActorId,
        state: Option<FollowState>,
        page: Page,
    ) -> CoreResult<Vec<(Follow, Actor)>>;
    /// Whom `follower` follows, newest first; the cursor is the follow id.
    async fn following(
        &self,
        follower: ActorId,
        state: Option<FollowState>,
        page: Page,
    ) -> CoreResult<Vec<(Follow, Actor)>>;
    /// The ids of `target`'s accepted followers on `host` (`host[:port]`,
    /// as [`Actor::host`]): what FEP-8fcf's partial followers collection
    /// and its digest are made of.
    async fn follower_urls_on_host(&self, target: ActorId, host: &str) -> CoreResult<Vec<Url>>;
    /// One page of [`Self::follower_urls_on_host`]: at most `limit` ids,
    /// in the same order (by id), those after `after` only.
    async fn follower_urls_on_host_page(
        &self,
        target: ActorId,
        host: &str,
        after: Option<&Url>,
        limit: u32,
    ) -> CoreResult<Vec<Url>>;
    async fn count_followers(&self, target: ActorId) -> CoreResult<i64>;
    async fn count_following(&self, follower: ActorId) -> CoreResult<i64>;

    /// Removes every follow from and to a remote actor that deleted its
    /// account; returns how many.
    async fn remove_follows_of(&self, actor: ActorId) -> CoreResult<u64>;
    /// Removes every follower whose delivery inbox is `inbox` (it answered
    /// 410 Gone); returns how many.
    async fn remove_followers_by_inbox(&self, inbox: &Url) -> CoreResult<u64>;
}
