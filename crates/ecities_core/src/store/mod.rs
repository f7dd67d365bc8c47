//! The storage port. `ecities_store` implements it for SQLite and
//! PostgreSQL; one conformance suite checks both implementations.
//!
//! Every method that changes state and causes outgoing activities takes
//! them as `outgoing`, so that the change and the deliveries it causes are
//! written in one transaction: nothing is published that was not stored,
//! and nothing stored goes unpublished.
//!
//! The port is split by area, one trait each (`ActorStore`, `PracticeStore`,
//! …); [`Store`] is all of them together, so `Arc<dyn Store>` reaches every
//! method. Each area's SQL lives in the module of the same name under
//! `ecities_store/src/sql/`.

use url::Url;

use crate::actor::ActorId;

mod access;
mod actors;
mod delivery;
mod domains;
mod engagement;
mod follows;
mod health;
mod hub;
mod import;
mod inbox;
mod node;
mod practices;
mod replies;
mod search;
mod topics;
mod translations;

pub use access::{AccessStore, AdminUser};
pub use actors::{ActorStore, LocalActorLocation};
pub use delivery::{
    ClaimedDelivery, DeliveryId, DeliveryOutcome, DeliveryRecord, DeliveryState, DeliveryStats, DeliveryStore,
    HostHealth, HostPolicy,
};
pub use domains::DomainStore;
pub use engagement::{
    AdoptedPractice, Adoption, AdoptionFlow, AdoptionNotice, AdoptionSummary, EngagedPractice, EngagementStore,
    EngagementSummary, ReactionKind, Reactions,
};
pub use follows::FollowStore;
pub use health::{HealthStore, NodeCounts, Readiness};
pub use hub::{HubStore, RelayStep, WITHDRAWN_REASON};
pub use import::{ImportStore, ImportedItem};
pub use inbox::{InboxStore, IncomingClaim};
pub use node::NodeStore;
pub use practices::{HarvestQuery, HarvestRecord, PracticeStore, PracticeVersion};
pub use replies::ReplyStore;
pub use search::{Facets, PracticeQuery, SearchOrder, SearchResults, SearchStore};
pub use topics::{Topic, TopicStore};
pub use translations::TranslationStore;

/// Who receives an outgoing activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Every accepted follower of this local actor, one delivery per
    /// distinct inbox (shared inbox when offered), and the relays it
    /// subscribed to.
    FollowersOf(ActorId),
    /// Every accepted follower of this local actor, without its relay
    /// subscriptions: a followers-only practice goes to no relay.
    FollowersOnly(ActorId),
    /// These inboxes.
    Inboxes(Vec<Url>),
    /// A portal archive's share of the followers of this local actor: only
    /// the remote associations and knowledge spaces among them (they keep
    /// a complete search; a person's timeline is not flooded with years of
    /// history), one delivery per distinct inbox, each queued `pace_ms`
    /// after the latest delivery still pending for that inbox, so an
    /// archive of 10,000 items trickles in instead of arriving at once.
    Archive { of: ActorId, pace_ms: i64 },
}

/// An activity ready to be delivered, already serialised.
#[derive(Debug, Clone)]
pub struct OutgoingActivity {
    pub ap_id: Url,
    pub actor: ActorId,
    /// ActivityStreams type (`Create`, `Follow`, …), for listings and metrics.
    pub kind: String,
    /// The JSON body exactly as it will be sent.
    pub body: String,
    pub audience: Vec<Audience>,
}

/// Keyset paging: newest first, items older than `before` (an opaque
/// cursor taken from the previous page's last item).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub before: Option<i64>,
}

/// Largest page any listing returns.
pub const MAX_PAGE_SIZE: u32 = 200;

impl Page {
    pub fn first(limit: u32) -> Self {
        Self { limit: limit.clamp(1, MAX_PAGE_SIZE), before: None }
    }
}

/// The whole storage port: every area together. Implemented for every type
/// that implements all of them, so an implementation writes the area traits
/// and callers hold an `Arc<dyn Store>`.
pub trait Store:
    ActorStore
    + AccessStore
    + PracticeStore
    + SearchStore
    + FollowStore
    + InboxStore
    + DeliveryStore
    + HubStore
    + TopicStore
    + DomainStore
    + ImportStore
    + HealthStore
    + NodeStore
    + EngagementStore
    + ReplyStore
    + TranslationStore
{
}

impl<T> Store for T where
    T: ActorStore
        + AccessStore
        + PracticeStore
        + SearchStore
        + FollowStore
        + InboxStore
        + DeliveryStore
        + HubStore
        + TopicStore
        + DomainStore
        + ImportStore
        + HealthStore
        + NodeStore
        + EngagementStore
        + ReplyStore
        + TranslationStore
{
}
