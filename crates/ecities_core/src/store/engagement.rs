//! Adoption and engagement (migration 0028): which practice adapted which
//! (written with the adopting practice, or from the `Create` that tells the
//! origin), and the likes and boosts fediverse accounts gave local
//! practices — counted, one per actor and kind, never stored as content.

use url::Url;

use crate::actor::ActorId;
use crate::error::CoreResult;
use crate::practice::PracticeId;
use crate::taxonomy::Country;
use crate::time::Timestamp;

/// A like (`Like`) or a boost (`Announce` by an ordinary account).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReactionKind {
    Like,
    Boost,
}

impl ReactionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Like => "like",
            Self::Boost => "boost",
        }
    }
}

/// How many likes and boosts a practice (or all of them) has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reactions {
    pub likes: i64,
    pub boosts: i64,
}

/// A practice that named another in its `adopted_from`, as the adopted
/// practice's node knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adoption {
    /// The adopting practice's ActivityPub id.
    pub practice: Url,
    /// Its author.
    pub actor: Url,
    /// The author's display name (its handle when it has none).
    pub actor_name: String,
    pub title: String,
    pub country: Option<Country>,
    /// When the adopting practice was published.
    pub at: Timestamp,
}

/// What a remote `Create`/`Update` says about an adoption, for a node that
/// does not store the adopting practice itself (nobody here follows its
/// author) but holds a practice it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptionNotice {
    pub practice: Url,
    pub adopter: ActorId,
    pub title: String,
    pub country: Option<Country>,
    pub at: Timestamp,
    /// The practices of this node it names (others are not kept).
    pub sources: Vec<Url>,
}

/// Adoptions from one country to another: `count` practices of country
/// `to` adapted practices of country `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptionFlow {
    pub from: Country,
    pub to: Country,
    pub count: i64,
}

/// A practice by how often it was adopted. Title and country are known
/// when this node holds the practice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptedPractice {
    pub practice: Url,
    pub title: Option<String>,
    pub country: Option<Country>,
    pub count: i64,
}

/// What the analytics show of adoptions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AdoptionSummary {
    /// Every (adopting practice, adopted practice) pair this node knows.
    pub total: i64,
    /// Between countries, most first; pairs whose two countries are known.
    pub flows: Vec<AdoptionFlow>,
    pub most_adopted: Vec<AdoptedPractice>,
}

/// A local practice with its likes and boosts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngagedPractice {
    pub practice: Url,
    pub title: String,
    pub reactions: Reactions,
}

/// What the analytics show of engagement: totals over the node's own
/// practices and the most liked and boosted ones.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EngagementSummary {
    pub totals: Reactions,
    pub top: Vec<EngagedPractice>,
}

/// Adoptions and reactions (SQL: `ecities_store/src/sql/engagement.rs`).
/// The adoptions a stored practice names are written by `PracticeStore`
/// with the practice itself.
#[async_trait::async_trait]
pub trait EngagementStore: Send + Sync + 'static {
    /// Counts `actor`'s reaction to a practice; `false` when it was counted
    /// already (one per actor and kind).
    async fn add_reaction(
        &self,
        practice: PracticeId,
        actor: ActorId,
        kind: ReactionKind,
        activity: &Url,
        at: Timestamp,
    ) -> CoreResult<bool>;
    /// Takes `actor`'s reaction back; `false` when there was none.
    async fn remove_reaction(&self, practice: PracticeId, actor: ActorId, kind: ReactionKind) -> CoreResult<bool>;
    /// Takes back the reaction `actor` made with activity `activity` (an
    /// `Undo` that names only the id); `false` when there was none.
    async fn remove_reaction_by_activity(&self, actor: ActorId, activity: &Url) -> CoreResult<bool>;
    /// Likes and boosts of each of `practices` (those without any are left out).
    async fn reactions(&self, practices: &[PracticeId]) -> CoreResult<Vec<(PracticeId, Reactions)>>;
    /// Totals over the local practices and the `limit` most liked and boosted.
    async fn engagement_summary(&self, limit: u32) -> CoreResult<EngagementSummary>;
    /// Replaces what `notice.practice` adopted (as told by its author).
    async fn record_adoption_notice(&self, notice: &AdoptionNotice) -> CoreResult<()>;
    /// Forgets the adoptions of practice `adopting` by `adopter` (it was
    /// deleted); returns how many there were.
    async fn remove_adoptions(&self, adopting: &Url, adopter: ActorId) -> CoreResult<u64>;
    /// The practices that adopted the practice known by any of `urls` (its
    /// id and page), oldest first.
    async fn adopted_by(&self, urls: &[Url]) -> CoreResult<Vec<Adoption>>;
    /// Totals, flows between countries and the `limit` most adopted practices.
    async fn adoption_summary(&self, limit: u32) -> CoreResult<AdoptionSummary>;
}
