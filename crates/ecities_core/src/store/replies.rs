//! Replies to practices, each actor's replies policy and its blocked
//! authors (migration 0027); the citizen question form (migration 0036).

use url::Url;

use super::{OutgoingActivity, Page};
use crate::actor::{Actor, ActorId};
use crate::content::SafeHtml;
use crate::error::CoreResult;
use crate::practice::PracticeId;
use crate::reply::{NewReply, RepliesPolicy, Reply, ReplyId, ReplyState};

#[async_trait::async_trait]
pub trait ReplyStore: Send + Sync + 'static {
    /// Stores a reply and `outgoing` in one transaction. A reply whose
    /// `ap_id` is already here is returned as it is (`false`: not
    /// inserted, nothing written).
    async fn insert_reply(&self, reply: &NewReply, outgoing: &[OutgoingActivity]) -> CoreResult<(Reply, bool)>;
    async fn reply(&self, id: ReplyId) -> CoreResult<Option<Reply>>;
    async fn reply_by_ap_id(&self, ap_id: &Url) -> CoreResult<Option<Reply>>;
    /// The replies of one practice in `state` (any when `None`), newest
    /// first, with their authors; `before` is a reply id.
    async fn practice_replies(
        &self,
        practice: PracticeId,
        state: Option<ReplyState>,
        page: Page,
    ) -> CoreResult<Vec<(Reply, Actor)>>;
    /// How many approved replies a practice has.
    async fn count_approved_replies(&self, practice: PracticeId) -> CoreResult<u64>;
    /// The replies to the practices of local actor `actor` in `state`,
    /// newest first, with their authors (the moderation queue).
    async fn replies_to_actor(
        &self,
        actor: ActorId,
        state: Option<ReplyState>,
        page: Page,
    ) -> CoreResult<Vec<(Reply, Actor)>>;
    /// Moves a reply to `state` and writes `outgoing`, in one transaction.
    async fn decide_reply(&self, id: ReplyId, state: ReplyState, outgoing: &[OutgoingActivity]) -> CoreResult<()>;
    /// Replaces a reply's text (its author edited it) and moves it to
    /// `state`, writing `outgoing`, in one transaction.
    async fn edit_reply(
        &self,
        id: ReplyId,
        content: &SafeHtml,
        state: ReplyState,
        outgoing: &[OutgoingActivity],
    ) -> CoreResult<()>;
    /// Removes a reply (its author deleted it) and writes `outgoing`, in
    /// one transaction; `false` when it was not there.
    async fn delete_reply(&self, id: ReplyId, outgoing: &[OutgoingActivity]) -> CoreResult<bool>;
    async fn replies_policy(&self, actor: ActorId) -> CoreResult<RepliesPolicy>;
    async fn set_replies_policy(&self, actor: ActorId, policy: RepliesPolicy) -> CoreResult<()>;
    /// `author`'s replies to `actor`'s practices are dropped from now on.
    async fn block_reply_author(&self, actor: ActorId, author: ActorId) -> CoreResult<()>;
    async fn reply_author_blocked(&self, actor: ActorId, author: ActorId) -> CoreResult<bool>;
    /// Whether local actor `actor` shows the question form on its
    /// practice pages (migration 0036; off when never set).
    async fn question_form(&self, actor: ActorId) -> CoreResult<bool>;
    async fn set_question_form(&self, actor: ActorId, on: bool) -> CoreResult<()>;
}
