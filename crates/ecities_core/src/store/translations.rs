//! Translation requests (migration 0034).

use super::{OutgoingActivity, Page};
use crate::actor::{Actor, ActorId};
use crate::error::CoreResult;
use crate::practice::{LanguageTag, Practice, PracticeId};
use crate::time::Timestamp;
use crate::translation::TranslationRequest;

#[async_trait::async_trait]
pub trait TranslationStore: Send + Sync + 'static {
    /// Records that `requester` asks for `practice` in `language`, with
    /// `outgoing` (the request sent to a remote author) in one transaction.
    /// A request already made by the same requester is returned as it is
    /// (`false`: nothing written, nothing sent again).
    async fn add_translation_request(
        &self,
        practice: PracticeId,
        language: &LanguageTag,
        requester: ActorId,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
    ) -> CoreResult<(TranslationRequest, bool)>;
    /// Requests for the practices of `author` (received: what the city is
    /// asked for) or, with `made_by`, the requests that actor made; newest
    /// first, with the practice and the requester. `before` is a request id.
    async fn translation_requests(
        &self,
        author: Option<ActorId>,
        made_by: Option<ActorId>,
        page: Page,
    ) -> CoreResult<Vec<(TranslationRequest, Practice, Actor)>>;
    /// The open requests for `practice` in `language`, with their requesters.
    async fn open_translation_requests(
        &self,
        practice: PracticeId,
        language: &LanguageTag,
    ) -> CoreResult<Vec<(TranslationRequest, Actor)>>;
    /// Marks the open requests for `practice` in `language` fulfilled;
    /// returns how many.
    async fn fulfil_translation_requests(
        &self,
        practice: PracticeId,
        language: &LanguageTag,
        at: Timestamp,
    ) -> CoreResult<u64>;
}
