//! The storage port. `ecities_store` implements it for SQLite and
//! PostgreSQL; one conformance suite checks both implementations.
//!
//! Every method that changes state and causes outgoing activities takes
//! them as `outgoing`, so that the change and the deliveries it causes are
//! written in one transaction: nothing is published that was not stored,
//! and nothing stored goes unpublished.

use url::Url;

use crate::access::Principal;
use crate::actor::{Actor, ActorEndpoints, ActorId, ActorName, KeyPair, NewLocalActor, RemoteActor};
use crate::error::CoreResult;
use crate::follow::{Follow, FollowState};
use crate::hub::{
    DomainRule, DomainRuleKind, Moderation, ModerationDecision, Relay, Submission, SubmissionId, SubmissionState,
};
use crate::import::{FeedMapping, FeedSource, FeedSourceId, PollRecord};
use crate::practice::{NewPractice, Practice, PracticeId, PracticeKind};
use crate::taxonomy::{Country, Sdg, Theme};
use crate::time::Timestamp;
use crate::token::{ApiToken, TokenHash, TokenScope};

/// Where a local actor lives, computed from the node's public URL.
#[derive(Debug, Clone)]
pub struct LocalActorLocation {
    pub url: Url,
    pub host: String,
    pub profile_url: Url,
    pub endpoints: ActorEndpoints,
}

/// Who receives an outgoing activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Every accepted follower of this local actor, one delivery per
    /// distinct inbox (shared inbox when offered), and the relays it
    /// subscribed to.
    FollowersOf(ActorId),
    /// These inboxes.
    Inboxes(Vec<Url>),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeliveryId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    Queued,
    Delivered,
    Retrying,
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Delivered => "delivered",
            Self::Retrying => "retrying",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "queued" => Some(Self::Queued),
            "delivered" => Some(Self::Delivered),
            "retrying" => Some(Self::Retrying),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// A delivery claimed by a worker: everything needed to sign and send it.
#[derive(Debug, Clone)]
pub struct ClaimedDelivery {
    pub id: DeliveryId,
    pub activity_ap_id: Url,
    pub actor: ActorId,
    pub inbox: Url,
    /// `host[:port]` of the inbox: the unit of per-server limits.
    pub host: String,
    pub body: String,
    pub attempts: i64,
    /// The host is marked unreachable: this delivery is a probe.
    pub host_unreachable: bool,
    /// The host has recent failures on record (a success must reset them).
    pub host_failing: bool,
}

/// Delivery health of one remote host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostHealth {
    pub host: String,
    pub unreachable: bool,
    pub failures: i64,
    pub first_failure_at: Option<Timestamp>,
    pub next_probe_at: Option<Timestamp>,
    pub last_error: Option<String>,
}

/// When a host that keeps failing is given up on for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostPolicy {
    /// Failing without a success for this long marks a host unreachable.
    pub unreachable_after_ms: i64,
    /// An unreachable host is tried again (one delivery) this often.
    pub probe_interval_ms: i64,
}

/// What the inbox may do with an incoming activity (see
/// [`Store::claim_incoming`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomingClaim {
    /// Seen for the first time, or claimed by a process that died before
    /// finishing it: process it now.
    New,
    /// Processed before: a duplicate.
    Duplicate,
    /// Being processed by another request right now: the sender should try
    /// again later.
    InProgress,
}

/// Queue figures for metrics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryStats {
    pub queued: i64,
    pub retrying: i64,
    pub delivered: i64,
    pub failed: i64,
    /// Age of the oldest queued or retrying delivery.
    pub oldest_pending_ms: Option<i64>,
    pub unreachable_hosts: Vec<HostHealth>,
}

/// What happened when a worker tried a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    Delivered {
        status: u16,
    },
    Retry {
        at: Timestamp,
        status: Option<u16>,
        error: String,
    },
    /// The receiver asked us to come back at `at` (429, or 503 with
    /// `Retry-After`): retried then, not counted as a failed attempt.
    Deferred {
        at: Timestamp,
        status: u16,
        error: String,
    },
    Failed {
        status: Option<u16>,
        error: String,
    },
}

/// One delivery as listed by `GET /api/v1/deliveries`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub id: DeliveryId,
    pub activity_ap_id: Url,
    pub activity_kind: String,
    pub actor: ActorId,
    pub inbox: Url,
    pub state: DeliveryState,
    pub attempts: i64,
    pub next_attempt_at: Option<Timestamp>,
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
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

/// Filters for practice search. Empty filters match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PracticeQuery {
    /// Words that must all appear in title, summary or content.
    pub text: Option<String>,
    pub sdg: Option<Sdg>,
    /// Any of these countries (a region expands to its countries).
    pub countries: Option<Vec<Country>>,
    /// Primary language subtag or full tag.
    pub language: Option<String>,
    pub kind: Option<PracticeKind>,
    pub author: Option<ActorId>,
    /// A theme slug (the UNPACS areas or a city's own).
    pub theme: Option<Theme>,
    pub local_only: bool,
    /// Only practices received from other servers.
    pub remote_only: bool,
    /// Only practices by knowledge-space actors (UN-PAKS items).
    pub knowledge_space_only: bool,
    /// Only practices relayed (announced) by this actor: an association
    /// or a knowledge space.
    pub relayed_by: Option<ActorId>,
    /// Published at or after this time.
    pub since: Option<Timestamp>,
    /// Published before this time.
    pub until: Option<Timestamp>,
    /// Only practices this node stored after the one with this id (ids
    /// grow as practices arrive).
    pub newer_than: Option<i64>,
}

/// How many matching practices have each value of each facet (only
/// values with at least one practice; largest first for open lists).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub sdg: Vec<(Sdg, i64)>,
    pub country: Vec<(Country, i64)>,
    pub language: Vec<(String, i64)>,
    pub kind: Vec<(PracticeKind, i64)>,
    /// The UNPACS thematic areas.
    pub theme: Vec<(Theme, i64)>,
    pub author: Vec<(ActorId, i64)>,
    /// The actors (associations, knowledge spaces) that relayed matches.
    pub association: Vec<(ActorId, i64)>,
    /// Year of publication (UTC), newest first.
    pub year: Vec<(i32, i64)>,
}

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

/// One page of a search with the total number of matches and, when asked
/// for, the facet counts over all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResults {
    pub practices: Vec<Practice>,
    pub total: i64,
    /// `false` when the words matched so many practices (words as common as
    /// "the") that only the newest were counted: `total` and the facets are
    /// then lower bounds.
    pub exact: bool,
    pub facets: Option<Facets>,
}

/// A person who signs in to `/admin`: the node operator, or an editor or
/// moderator of one local actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminUser {
    pub id: i64,
    pub holder: Principal,
    pub login: String,
}

/// Counts shown by NodeInfo and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NodeCounts {
    /// Cities, associations and knowledge spaces (not the instance actor).
    pub local_actors: i64,
    pub local_practices: i64,
    pub remote_practices: i64,
    pub deliveries_pending: i64,
}

/// What the store measures for `GET /readyz`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    /// `Err` with the database's message when a small real write (committed)
    /// failed: full disk, database at its size limit, read-only file or
    /// server.
    pub writable: Result<(), String>,
    /// When the oldest delivery that is due now (queued or retrying, its
    /// next attempt passed, its host not set aside as unreachable) became
    /// due; `None` when nothing is due.
    pub oldest_due_delivery: Option<Timestamp>,
    /// Free space on the file system of an SQLite database (`None` for
    /// PostgreSQL, or when it cannot be measured).
    pub free_disk_bytes: Option<u64>,
}

#[async_trait::async_trait]
pub trait Store: Send + Sync + 'static {
    // ----------------------------------------------------------- actors
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
    /// The private key of a local actor (PEM), for signing only.
    async fn private_key(&self, id: ActorId) -> CoreResult<String>;

    // ----------------------------------------------------------- tokens
    async fn create_token(
        &self,
        holder: &Principal,
        hash: &TokenHash,
        label: Option<&str>,
        scope: TokenScope,
    ) -> CoreResult<ApiToken>;
    /// Who holds a token and its scope, if the token is known; records its
    /// use.
    async fn token_holder(&self, hash: &TokenHash) -> CoreResult<Option<(Principal, TokenScope)>>;
    /// The tokens of one actor (any role), or the operator's (`None`).
    async fn tokens(&self, actor: Option<ActorId>) -> CoreResult<Vec<ApiToken>>;

    // ----------------------------------------------------------- practices
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
    /// Practices matching the query, newest first (deleted ones excluded).
    /// The cursor is the practice id.
    /// Practices matching `query`, newest first: one page, the total and,
    /// when `with_facets`, the facet counts over every match.
    async fn search(&self, query: &PracticeQuery, page: Page, with_facets: bool) -> CoreResult<SearchResults>;
    async fn search_practices(&self, query: &PracticeQuery, page: Page) -> CoreResult<Vec<Practice>> {
        Ok(self.search(query, page, false).await?.practices)
    }
    async fn count_practices(&self, query: &PracticeQuery) -> CoreResult<i64> {
        Ok(self.search(query, Page::first(1), false).await?.total)
    }
    /// Facet counts over the practices matching `query`.
    async fn facets(&self, query: &PracticeQuery) -> CoreResult<Facets> {
        Ok(self.search(query, Page::first(1), true).await?.facets.unwrap_or_default())
    }
    /// The largest practice id so far (0 when there is none).
    async fn max_practice_id(&self) -> CoreResult<i64>;
    /// Matching practices per month of publication (`YYYY-MM`, UTC), oldest first.
    async fn counts_by_month(&self, query: &PracticeQuery) -> CoreResult<Vec<(String, i64)>>;

    // ----------------------------------------------------------- follows
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
    async fn count_followers(&self, target: ActorId) -> CoreResult<i64>;
    async fn count_following(&self, follower: ActorId) -> CoreResult<i64>;

    // ----------------------------------------------------------- inbox
    /// Claims an incoming activity id for processing at `at`. A claim made
    /// before `stale_before` that never finished (its process died) is
    /// taken over.
    async fn claim_incoming(
        &self,
        activity_id: &Url,
        at: Timestamp,
        stale_before: Timestamp,
    ) -> CoreResult<IncomingClaim>;
    /// Marks a claimed activity processed: later copies are duplicates.
    async fn finish_incoming(&self, activity_id: &Url) -> CoreResult<()>;
    /// Forgets an incoming activity id, so that the sender's retry is
    /// processed (used when processing failed on our side).
    async fn forget_incoming(&self, activity_id: &Url) -> CoreResult<()>;
    /// Forgets processed activity ids received before `before` (what
    /// strangers send must not grow a table forever); returns how many.
    async fn prune_incoming(&self, before: Timestamp) -> CoreResult<u64>;

    // ----------------------------------------------------------- delivery queue
    /// Queues an activity on its own (no other change).
    async fn enqueue(&self, outgoing: &OutgoingActivity) -> CoreResult<()>;
    /// Claims up to `limit` due deliveries for `lease_ms`: nobody else can
    /// claim them until the lease runs out. Deliveries to `exclude_hosts`,
    /// and to unreachable hosts not yet due for a probe, are left alone.
    async fn claim_deliveries(
        &self,
        now: Timestamp,
        lease_ms: i64,
        limit: u32,
        exclude_hosts: &[String],
    ) -> CoreResult<Vec<ClaimedDelivery>>;
    /// Gives claimed deliveries back untried (their lease ends now).
    async fn release_deliveries(&self, ids: &[DeliveryId]) -> CoreResult<()>;
    /// Records a failed attempt on a host; returns its health afterwards.
    async fn record_host_failure(
        &self,
        host: &str,
        now: Timestamp,
        error: &str,
        policy: HostPolicy,
    ) -> CoreResult<HostHealth>;
    /// Records a success. If the host was unreachable it is resumed and its
    /// waiting deliveries are due at once; returns whether that happened.
    async fn record_host_success(&self, host: &str, now: Timestamp) -> CoreResult<bool>;
    /// Removes every follow from and to a remote actor that deleted its
    /// account; returns how many.
    async fn remove_follows_of(&self, actor: ActorId) -> CoreResult<u64>;
    /// Removes every follower whose delivery inbox is `inbox` (it answered
    /// 410 Gone); returns how many.
    async fn remove_followers_by_inbox(&self, inbox: &Url) -> CoreResult<u64>;
    async fn delivery_stats(&self, now: Timestamp) -> CoreResult<DeliveryStats>;
    async fn finish_delivery(&self, id: DeliveryId, outcome: &DeliveryOutcome, now: Timestamp) -> CoreResult<()>;
    /// Records many outcomes (each with the time it happened) in one transaction.
    async fn finish_deliveries(&self, outcomes: &[(DeliveryId, DeliveryOutcome, Timestamp)]) -> CoreResult<()>;
    async fn deliveries(
        &self,
        actor: Option<ActorId>,
        state: Option<DeliveryState>,
        page: Page,
    ) -> CoreResult<Vec<DeliveryRecord>>;
    /// Puts failed deliveries of an actor back in the queue; returns how many.
    async fn replay_failed(&self, actor: ActorId, now: Timestamp) -> CoreResult<u64>;
    /// The outgoing activities of an actor of these types, newest first (the outbox).
    async fn outgoing_activities(&self, actor: ActorId, kinds: &[&str], page: Page) -> CoreResult<Vec<(i64, String)>>;
    async fn count_outgoing_activities(&self, actor: ActorId, kinds: &[&str]) -> CoreResult<i64>;

    // ----------------------------------------------------------- hub
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
    /// What associations decided about a practice, oldest first.
    async fn moderation_of(&self, practice: PracticeId) -> CoreResult<Vec<(ModerationDecision, Actor)>>;
    /// Adds a practice to a curator's collection (with its Announce, in one
    /// transaction). `false`, writing nothing, when it is there already.
    async fn add_curated(
        &self,
        curator: ActorId,
        practice: PracticeId,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
    ) -> CoreResult<bool>;
    /// A curator's collection, most recently added first (deleted practices left out).
    async fn curated(&self, curator: ActorId, page: Page) -> CoreResult<Vec<Practice>>;

    // ----------------------------------------------------------- topics
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
    async fn domain_rules(&self) -> CoreResult<Vec<DomainRule>>;
    /// The rules of these exact domain names.
    async fn rules_for(&self, domains: &[String]) -> CoreResult<Vec<DomainRuleKind>>;
    async fn set_domain_rule(&self, domain: &str, rule: DomainRuleKind, note: Option<&str>) -> CoreResult<DomainRule>;
    async fn delete_domain_rule(&self, domain: &str) -> CoreResult<bool>;

    // ----------------------------------------------------------- feed import
    /// Fails with `Conflict` when the actor already has this URL.
    async fn create_feed_source(
        &self,
        actor: ActorId,
        url: &Url,
        mapping: &FeedMapping,
        delete_missing: bool,
    ) -> CoreResult<FeedSource>;
    async fn feed_source(&self, id: FeedSourceId) -> CoreResult<FeedSource>;
    /// Sources of one actor, or of everyone.
    async fn feed_sources(&self, actor: Option<ActorId>) -> CoreResult<Vec<FeedSource>>;
    /// Sources never polled or last polled before `before`.
    async fn due_feed_sources(&self, before: Timestamp) -> CoreResult<Vec<FeedSource>>;
    async fn delete_feed_source(&self, id: FeedSourceId) -> CoreResult<bool>;
    async fn record_poll(&self, id: FeedSourceId, at: Timestamp, record: &PollRecord) -> CoreResult<()>;
    /// Where the archive backfill of a source continues (`None`: done).
    async fn set_archive_cursor(&self, id: FeedSourceId, next: Option<&Url>) -> CoreResult<()>;
    /// The practice and content hash of an item imported before.
    async fn feed_item(&self, source: FeedSourceId, guid: &str) -> CoreResult<Option<(PracticeId, String)>>;
    async fn record_feed_item(
        &self,
        source: FeedSourceId,
        guid: &str,
        practice: PracticeId,
        hash: &str,
        at: Timestamp,
    ) -> CoreResult<()>;
    async fn feed_items(&self, source: FeedSourceId) -> CoreResult<Vec<(String, PracticeId)>>;

    // ----------------------------------------------------------- admin sign-in
    /// Fails with `Conflict` when the login is taken.
    async fn create_admin_user(&self, holder: &Principal, login: &str, password_hash: &str) -> CoreResult<AdminUser>;
    /// Every admin user, by login.
    async fn admin_users(&self) -> CoreResult<Vec<AdminUser>>;
    /// The user and its password hash.
    async fn admin_user_by_login(&self, login: &str) -> CoreResult<Option<(AdminUser, String)>>;
    async fn create_session(
        &self,
        user: i64,
        token_hash: &TokenHash,
        csrf: &str,
        expires_at: Timestamp,
    ) -> CoreResult<()>;
    /// The user and CSRF token of a live session.
    async fn session(&self, token_hash: &TokenHash, now: Timestamp) -> CoreResult<Option<(AdminUser, String)>>;
    async fn delete_session(&self, token_hash: &TokenHash) -> CoreResult<()>;

    // ----------------------------------------------------------- node profile
    // (the node's name, description and logo; migration 0021)
    /// The stored profile (every field unset on a new node).
    async fn node_profile(&self) -> CoreResult<crate::node::NodeProfile>;
    /// Replaces the stored profile.
    async fn set_node_profile(&self, profile: &crate::node::NodeProfile) -> CoreResult<()>;

    // ----------------------------------------------------------- health
    async fn ping(&self) -> CoreResult<()>;
    async fn counts(&self) -> CoreResult<NodeCounts>;
    /// Measures what readiness needs (see [`Readiness`]); an error means
    /// the database could not even be read.
    async fn readiness(&self, now: Timestamp) -> CoreResult<Readiness>;
}
